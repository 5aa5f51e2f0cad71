/**
 * The scanner side of bench/org-scale.ts, in plain JavaScript so that it runs under plain `node` as the
 * CLI does (under tsx, every `import()` of the library's lazily loaded modules would go through tsx's
 * loader hooks: about 6% of the scanner's CPU time, which a user never pays).
 *
 * Scans BENCH_ACCOUNTS (comma-separated ids) at BENCH_ENDPOINT with BENCH_CONCURRENCY, using the build in
 * BENCH_BUILD (a checkout; its dist/index.js), the findings streamed to a sink that counts them
 * (`onAccountFindings`; a build without the option keeps them in the result, counted there), and prints
 * one JSON line: wallMs, cpuMs (user + system of this process during the scan), maxRssKiB, peakHeapBytes
 * (largest heapUsed sampled every 25 ms), findings, failedAccounts, firstError (the first failed account's
 * reason, or null), scanCalls (API calls the scan counted), and with `--expose-gc` (BENCH_NODE_ARGS)
 * retainedHeapBytes: heapUsed after a full collection once the scan is done (what the run kept).
 *
 * With BENCH_CLI=<format> it runs the build's CLI instead, in this process (dist/cli/main.js, as the bin
 * does): `cloudpatrol scan --accounts … --concurrency … --output <format> --output-file /dev/null` with
 * the history on in a fresh --state-dir, so the figures include the mutelist-free path of a user's run:
 * the findings spooled (or kept, before), the history recorded, the report rendered. The findings,
 * failed accounts and calls are then read from the scan the history recorded.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** Report poll base for the scanner (the SDK default is 2 s; a local endpoint needs no such wait). */
const POLL_MS = 10;

const build = process.env.BENCH_BUILD ?? resolve(import.meta.dirname, "..");
const cliFormat = process.env.BENCH_CLI;
let streamed = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 25);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
/** The scan's accounts, as `scan.accounts` holds them, and its findings not streamed. */
let accounts;
let keptFindings = 0;
if (cliFormat) {
  ({ accounts, keptFindings } = await runCli(cliFormat));
} else {
  const { scan } = await import(resolve(build, "dist/index.js"));
  const result = await scan({
    accountIds: (process.env.BENCH_ACCOUNTS ?? "").split(","),
    concurrency: Number(process.env.BENCH_CONCURRENCY),
    connection: {
      endpointUrl: process.env.BENCH_ENDPOINT,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      retryBaseMs: 10,
    },
    reportPollBaseMs: POLL_MS,
    onAccountFindings: (batch) => {
      streamed += batch.findings.length;
    },
  });
  accounts = result.scan.accounts;
  keptFindings = result.findings.length;
}
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
globalThis.gc?.();
const retainedHeapBytes = globalThis.gc ? process.memoryUsage().heapUsed : null;
const failed = accounts.filter((account) => account.outcome === "failed");
const figures = {
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssKiB: process.resourceUsage().maxRSS,
  peakHeapBytes: peakHeap,
  findings: streamed + keptFindings,
  failedAccounts: failed.length,
  firstError: failed[0]?.error ?? null,
  retainedHeapBytes,
  scanCalls: accounts.reduce(
    (sum, account) => sum + Object.values(account.apiCalls ?? {}).reduce((a, b) => a + b, 0),
    0,
  ),
};
process.stdout.write(`${JSON.stringify(figures)}\n`);

/** Runs the build's CLI in this process; the accounts and finding count of the scan it recorded. */
async function runCli(format) {
  const stateDir = mkdtempSync(join(tmpdir(), "cloudpatrol-bench-state-"));
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: process.env.BENCH_ENDPOINT,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_EC2_METADATA_DISABLED: "true",
      CLOUDPATROL_REPORT_POLL_MS: String(POLL_MS),
      CLOUDPATROL_RETRY_BASE_MS: "10",
    });
    const main = resolve(build, "dist/cli/main.js");
    process.argv = [
      process.execPath,
      main,
      "scan",
      "--accounts",
      process.env.BENCH_ACCOUNTS ?? "",
      "--concurrency",
      process.env.BENCH_CONCURRENCY ?? "32",
      "--output",
      format,
      "--output-file",
      "/dev/null",
      "--state-dir",
      stateDir,
      "--quiet",
    ];
    // The bin's module runs the command at its top level: the import settles when the command ends.
    await import(main);
    // Its exit code (3: failing findings; 1: also ERROR findings, counted as failed accounts below)
    // is the scan's, not the bench's.
    const code = process.exitCode;
    process.exitCode = 0;
    if (code === 2) throw new Error("the CLI refused its arguments (exit 2)");
    const Database = createRequire(resolve(build, "package.json"))("better-sqlite3");
    const db = new Database(join(stateDir, "cloudpatrol.db"), { readonly: true });
    try {
      const row = db.prepare("SELECT accounts, total_count FROM scans ORDER BY seq DESC LIMIT 1").get();
      return { accounts: JSON.parse(row.accounts), keptFindings: row.total_count };
    } finally {
      db.close();
    }
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
}
