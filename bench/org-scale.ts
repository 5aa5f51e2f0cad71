/**
 * Organization-scale benchmark (prints figures; not a test): `npm run bench:org`
 * (`-- --accounts 200 --users 100 --latency 50 --concurrency 8` are the defaults).
 *
 * A local Organization (test/support/fake-org.ts) of N member accounts, each with U IAM users, adds
 * `latency` ms to every request. The scanner runs in a child process (the built library, dist/), so the
 * memory figures are the scanner's alone: `scan({ accountIds, concurrency })` with a cold credential
 * report in every account (Generate → STARTED, poll, Generate → COMPLETE, Get), verification on, and
 * every default rule.
 *
 * Printed: wall time, AWS API calls (as the endpoint counted them and as the scan counted them), peak
 * memory (maxRSS from process.resourceUsage, and the largest sampled heapUsed), and the ratio of the wall
 * time to its floor = calls per account × latency × accounts / concurrency (what a scanner that made its
 * calls one after another within an account, and kept `concurrency` accounts busy, could not beat).
 * A smaller run (a quarter of the accounts) comes first, so the two peak-memory figures show whether
 * memory grows with the number of accounts beyond the findings kept.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { ScanResult } from "../src/app/scan.js";
import { type FakeOrg, startFakeOrg } from "../test/support/fake-org.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ROOT = resolve(import.meta.dirname, "..");
/** Report poll base for the scanner (the SDK default is 2 s; a local endpoint needs no such wait). */
const POLL_MS = 10;

interface ChildFigures {
  wallMs: number;
  maxRssKiB: number;
  peakHeapBytes: number;
  findings: number;
  failedAccounts: number;
  scanCalls: number;
}

/** The child: scans the accounts with the built library and prints its figures as one JSON line. */
async function child(): Promise<void> {
  const { scan } = (await import(resolve(ROOT, "dist/index.js"))) as {
    scan: (options: object) => Promise<ScanResult>;
  };
  const accountIds = (process.env.BENCH_ACCOUNTS ?? "").split(",");
  let peakHeap = 0;
  const sampler = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 25);
  const t0 = performance.now();
  const result = await scan({
    accountIds,
    concurrency: Number(process.env.BENCH_CONCURRENCY),
    connection: {
      endpointUrl: process.env.BENCH_ENDPOINT,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      retryBaseMs: 10,
    },
    reportPollBaseMs: POLL_MS,
  });
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  const figures: ChildFigures = {
    wallMs,
    maxRssKiB: process.resourceUsage().maxRSS,
    peakHeapBytes: peakHeap,
    findings: result.findings.length,
    failedAccounts: result.scan.accounts.filter((account) => account.outcome === "failed").length,
    scanCalls: result.scan.accounts.reduce(
      (sum, account) => sum + Object.values(account.apiCalls ?? {}).reduce((a, b) => a + b, 0),
      0,
    ),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

/**
 * U users, dated relative to now: console users with MFA and recently used keys (clean under every
 * rule), and every 50th user a console user whose active key, made at setup, was never used (a FAIL that
 * verification re-checks through the IAM API: 3 more calls each).
 */
function seed(org: FakeOrg, accountId: string, users: number): void {
  const fake = org.account(accountId);
  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  for (let index = 0; index < users; index++) {
    const userName = `user-${String(index).padStart(3, "0")}`;
    const createDate = daysAgo(200);
    if (index % 50 === 0) {
      fake.addUser({ userName, createDate, loginProfile: { createDate }, accessKeys: [{ createDate }] });
      continue;
    }
    const used = { date: daysAgo(1), serviceName: "s3", region: "us-east-1" };
    fake.addUser({
      userName,
      createDate,
      ...(index % 2 === 0
        ? { loginProfile: { createDate, passwordLastUsed: daysAgo(1) }, mfaActive: true }
        : { accessKeys: [{ createDate: daysAgo(30), lastUsed: used }] }),
    });
  }
}

function runChild(env: Record<string, string>): Promise<ChildFigures> {
  return new Promise((resolvePromise, reject) => {
    const process_ = spawn(
      process.execPath,
      [
        // BENCH_NODE_ARGS: extra node flags for the scanner process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
        ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== ""),
        "--import",
        "tsx",
        resolve(ROOT, "bench/org-scale.ts"),
        "--child",
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    process_.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
    });
    process_.on("error", reject);
    process_.on("close", (code) => {
      if (code !== 0) reject(new Error(`bench child exited ${code}`));
      else resolvePromise(JSON.parse(out.trim().split("\n").at(-1) ?? "{}") as ChildFigures);
    });
  });
}

/** The figures of the previous (smaller) run, to compare peak memory. */
let previous: ChildFigures | undefined;

async function benchOrg(
  accounts: number,
  users: number,
  latencyMs: number,
  concurrency: number,
): Promise<void> {
  const ids = Array.from({ length: accounts }, (_, index) => String(200_000_000_000 + index));
  const setup0 = performance.now();
  const org = await startFakeOrg({ members: ids.map((id) => ({ id })) });
  try {
    for (const id of ids) seed(org, id, users);
    const setupMs = performance.now() - setup0;
    org.setLatency(latencyMs);
    const figures = await runChild({
      BENCH_ACCOUNTS: ids.join(","),
      BENCH_CONCURRENCY: String(concurrency),
      BENCH_ENDPOINT: org.endpoint,
    });
    const counted = org.counts();
    const calls = Object.values(counted).reduce((sum, n) => sum + n, 0);
    const perAccount = calls / accounts;
    const floorMs = (perAccount * latencyMs * accounts) / concurrency;
    console.log(
      `## ${accounts} accounts × ${users} users, ${latencyMs} ms per request, concurrency ${concurrency} (endpoint set up in ${(setupMs / 1000).toFixed(1)} s)`,
    );
    console.log(`wall time        ${(figures.wallMs / 1000).toFixed(2)} s`);
    console.log(
      `AWS API calls    ${calls} at the endpoint (${perAccount.toFixed(1)} per account), ${figures.scanCalls} counted by the scan`,
    );
    console.log(
      `  per action     ${Object.entries(counted)
        .sort((a, b) => b[1] - a[1])
        .map(([action, n]) => `${action} ${n}`)
        .join(", ")}`,
    );
    console.log(
      `peak memory      maxRSS ${(figures.maxRssKiB / 1024).toFixed(0)} MiB, heapUsed ${(figures.peakHeapBytes / 2 ** 20).toFixed(0)} MiB (scanner process)`,
    );
    console.log(
      `floor            ${(floorMs / 1000).toFixed(2)} s = ${perAccount.toFixed(1)} calls × ${latencyMs} ms × ${accounts} / ${concurrency}; wall / floor = ${(figures.wallMs / floorMs).toFixed(2)}`,
    );
    console.log(`findings         ${figures.findings}; failed accounts ${figures.failedAccounts}`);
    if (previous) {
      const heap = figures.peakHeapBytes - previous.peakHeapBytes;
      const findings = figures.findings - previous.findings;
      console.log(
        `memory growth    +${(heap / 2 ** 20).toFixed(0)} MiB heapUsed for +${findings} findings over the smaller run: ${(heap / Math.max(1, findings) / 1024).toFixed(2)} KiB per finding kept`,
      );
    }
    previous = figures;
    console.log("");
  } finally {
    await org.close();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes("--child")) return child();
  const { values } = parseArgs({
    options: {
      accounts: { type: "string", default: "200" },
      users: { type: "string", default: "100" },
      latency: { type: "string", default: "50" },
      concurrency: { type: "string", default: "8" },
    },
  });
  const accounts = Number(values.accounts);
  const users = Number(values.users);
  const latency = Number(values.latency);
  const concurrency = Number(values.concurrency);
  await benchOrg(Math.max(1, Math.round(accounts / 4)), users, latency, concurrency);
  await benchOrg(accounts, users, latency, concurrency);
}

await main();
