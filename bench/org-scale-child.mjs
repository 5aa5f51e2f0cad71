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
 */
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** Report poll base for the scanner (the SDK default is 2 s; a local endpoint needs no such wait). */
const POLL_MS = 10;

const build = process.env.BENCH_BUILD ?? resolve(import.meta.dirname, "..");
const { scan } = await import(resolve(build, "dist/index.js"));
let streamed = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 25);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
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
const wallMs = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
clearInterval(sampler);
peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
globalThis.gc?.();
const retainedHeapBytes = globalThis.gc ? process.memoryUsage().heapUsed : null;
const failed = result.scan.accounts.filter((account) => account.outcome === "failed");
const figures = {
  wallMs,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssKiB: process.resourceUsage().maxRSS,
  peakHeapBytes: peakHeap,
  findings: streamed + result.findings.length,
  failedAccounts: failed.length,
  firstError: failed[0]?.error ?? null,
  retainedHeapBytes,
  scanCalls: result.scan.accounts.reduce(
    (sum, account) => sum + Object.values(account.apiCalls ?? {}).reduce((a, b) => a + b, 0),
    0,
  ),
};
process.stdout.write(`${JSON.stringify(figures)}\n`);
