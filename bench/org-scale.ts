/**
 * Organization-scale benchmark (prints figures; not a test): `npm run bench:org`
 * (`-- --accounts 1000 --users 100 --latency 50 --concurrency 32` are the defaults).
 *
 * A local Organization (test/support/fake-org.ts, `regional`) of N member accounts, each with U IAM
 * users, answers every call of a default scan after `latency` ms: IAM, STS and the Account API, and in
 * each of four enabled regions EC2 (a default VPC, its default security group and network ACL), Access
 * Analyzer, S3 and S3 Control, Macie, RDS, EFS, CloudTrail, Config, KMS and Security Hub
 * (test/engine/org-default-scan.test.ts holds the exact calls per account). The scanner runs in a child
 * process (the built library, dist/, from bench/org-scale-child.mjs under plain node), so the memory and
 * CPU figures are the scanner's alone: `scan({ accountIds, concurrency,
 * onAccountFindings })` with a cold credential report in every account (Generate → STARTED, poll,
 * Generate → COMPLETE, Get), verification on, and every default rule; the findings go to a sink that
 * counts them as each account finishes (streamed, not kept: a build without the option keeps them in
 * the result, and they are counted there). An account that ends with an ERROR finding is reported as
 * failed, with the first reason: the figures of a run with failures measure failures.
 *
 * The floor is the pure waiting time of a perfect scheduler: every account needs at least R round
 * trips one after another (its critical path: R is measured on a lone account, as the longest chain of
 * its requests each sent after the previous one's answer), and at most `concurrency` accounts are
 * scanned at once, so N accounts need (1 + ceil(N / concurrency) × R) × latency (the 1: the caller's
 * own GetCallerIdentity first). Printed: calls per account, R, wall time, wall / floor (goal ≤ 1.2 at
 * 1,000 accounts, concurrency 32, 50 ms), the scanner's CPU time per call beside the CPU time per call
 * the goal leaves (the scanner's JavaScript runs on one thread, so its CPU time bounds the wall time from
 * below on any machine), and peak memory (maxRSS, largest sampled heapUsed). A
 * smaller run (a quarter of the accounts) comes first, so the two peak-memory figures show whether
 * memory grows with the number of accounts.
 *
 * `--before DIR` (repeatable): runs the same scans with that checkout's build (DIR/dist) too, each size
 * one build after the other against a fresh Organization, and ends with the figures side by side.
 *
 * `--cli FORMAT`: the scanner is the build's CLI instead of the library (`cloudpatrol scan --accounts …
 * --output FORMAT --output-file /dev/null`, the history on in a fresh state directory; see
 * bench/org-scale-child.mjs): the figures then include recording the history and rendering the report,
 * and the peak memory shows whether the CLI keeps the findings (it spools them to disk).
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { type FakeOrg, startFakeOrg } from "../test/support/fake-org.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ROOT = resolve(import.meta.dirname, "..");
/** What bench/org-scale-child.mjs prints (see there). */
interface ChildFigures {
  wallMs: number;
  /** CPU time of the scanner process (user + system) during the scan, in milliseconds. */
  cpuMs: number;
  maxRssKiB: number;
  peakHeapBytes: number;
  findings: number;
  failedAccounts: number;
  /** The reason the first failed account failed. */
  firstError: string | null;
  /** heapUsed after a full collection at the end (with BENCH_NODE_ARGS=--expose-gc), else null. */
  retainedHeapBytes: number | null;
  scanCalls: number;
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

function runChild(build: string, env: Record<string, string>): Promise<ChildFigures> {
  return new Promise((resolvePromise, reject) => {
    const process_ = spawn(
      process.execPath,
      [
        // BENCH_NODE_ARGS: extra node flags for the scanner process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
        ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== ""),
        resolve(ROOT, "bench/org-scale-child.mjs"),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...env, BENCH_BUILD: build },
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

/** The figures of the previous (smaller) run of each build, to compare peak memory. */
const previous = new Map<string, ChildFigures>();

/** One line per build and size for the closing table. */
const table: string[] = [];

/** Ids of `accounts` member accounts. */
function accountIds(accounts: number): string[] {
  return Array.from({ length: accounts }, (_, index) => String(200_000_000_000 + index));
}

/** Scans `accounts` accounts of a fresh Organization; its figures and the endpoint's. */
async function runOrg(
  build: string,
  accounts: number,
  users: number,
  latencyMs: number,
  concurrency: number,
): Promise<{
  figures: ChildFigures;
  counted: Record<string, number>;
  roundTrips: number[];
  setupMs: number;
  /** CPU time of this process (the fake Organization) while the child scanned, in milliseconds. */
  endpointCpuMs: number;
}> {
  const ids = accountIds(accounts);
  const setup0 = performance.now();
  const org = await startFakeOrg({ members: ids.map((id) => ({ id })), regional: true });
  try {
    for (const id of ids) seed(org, id, users);
    const setupMs = performance.now() - setup0;
    org.setLatency(latencyMs);
    const cpu0 = process.cpuUsage();
    const figures = await runChild(build, {
      BENCH_ACCOUNTS: ids.join(","),
      BENCH_CONCURRENCY: String(concurrency),
      BENCH_ENDPOINT: org.endpoint,
    });
    const cpu = process.cpuUsage(cpu0);
    return {
      figures,
      counted: org.counts(),
      roundTrips: ids.map((id) => org.roundTrips(id)),
      setupMs,
      endpointCpuMs: (cpu.user + cpu.system) / 1000,
    };
  } finally {
    await org.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Says loudly that a run had failed accounts (its figures measure failures), and fails the bench. */
function warnFailures(figures: ChildFigures): void {
  console.log(
    `\n!!! ${figures.failedAccounts} ACCOUNT(S) FAILED: these figures measure failures, not scans.\n!!! First: ${figures.firstError}\n`,
  );
  process.exitCode = 1;
}

/** The critical path of one account scanned alone: round trips one after another, and its calls. */
async function calibrate(
  build: string,
  users: number,
  latencyMs: number,
): Promise<{ roundTrips: number; calls: number }> {
  const { figures, counted, roundTrips } = await runOrg(build, 1, users, latencyMs, 1);
  const calls = Object.values(counted).reduce((sum, n) => sum + n, 0);
  if (figures.failedAccounts > 0) warnFailures(figures);
  return { roundTrips: roundTrips[0] ?? 0, calls };
}

async function benchOrg(
  build: string,
  accounts: number,
  users: number,
  latencyMs: number,
  concurrency: number,
  roundTrips: number,
): Promise<void> {
  const {
    figures,
    counted,
    roundTrips: chains,
    setupMs,
    endpointCpuMs,
  } = await runOrg(build, accounts, users, latencyMs, concurrency);
  const calls = Object.values(counted).reduce((sum, n) => sum + n, 0);
  const perAccount = calls / accounts;
  const floorMs = (1 + Math.ceil(accounts / concurrency) * roundTrips) * latencyMs;
  const serialMs = (perAccount * latencyMs * accounts) / concurrency;
  console.log(
    `## ${label(build)}: ${accounts} accounts × ${users} users, ${latencyMs} ms per request, concurrency ${concurrency} (endpoint set up in ${(setupMs / 1000).toFixed(1)} s)`,
  );
  console.log(
    `accounts         ${accounts - figures.failedAccounts} completed, ${figures.failedAccounts} failed${figures.firstError ? ` (first: ${figures.firstError})` : ""}`,
  );
  if (figures.failedAccounts > 0) warnFailures(figures);
  console.log(
    `AWS API calls    ${calls} at the endpoint: ${perAccount.toFixed(1)} per account; ${figures.scanCalls} counted by the scan`,
  );
  console.log(
    `  per action     ${Object.entries(counted)
      .sort((a, b) => b[1] - a[1])
      .map(([action, n]) => `${action} ${n}`)
      .join(", ")}`,
  );
  console.log(
    `round trips      ${roundTrips} one after another per account alone; median ${median(chains)} per account in this run`,
  );
  console.log(
    `wall time        ${(figures.wallMs / 1000).toFixed(2)} s; scanner CPU ${(figures.cpuMs / 1000).toFixed(2)} s (${(figures.cpuMs / accounts).toFixed(0)} ms per account, ${((100 * figures.cpuMs) / figures.wallMs).toFixed(0)}% of the wall time); fake endpoint CPU ${(endpointCpuMs / 1000).toFixed(2)} s (${((100 * endpointCpuMs) / figures.wallMs).toFixed(0)}%)`,
  );
  console.log(
    `floor            ${(floorMs / 1000).toFixed(2)} s = (1 + ceil(${accounts} / ${concurrency}) × ${roundTrips} round trips) × ${latencyMs} ms; wall / floor = ${(figures.wallMs / floorMs).toFixed(2)} (goal ≤ 1.2)`,
  );
  console.log(
    `                 (one call at a time per account would need ${(serialMs / 1000).toFixed(2)} s: ${(figures.wallMs / serialMs).toFixed(2)} of it)`,
  );
  // The scanner is one JavaScript thread: its CPU time is a floor of its own on any machine.
  console.log(
    `CPU floor        ${(figures.cpuMs / 1000).toFixed(2)} s: the scanner's CPU time, ${(figures.cpuMs / calls).toFixed(2)} ms per call (its JavaScript runs on one thread); the goal (wall ≤ 1.2 × floor) leaves ${((1.2 * floorMs) / calls).toFixed(2)} ms per call`,
  );
  console.log(
    `peak memory      maxRSS ${(figures.maxRssKiB / 1024).toFixed(0)} MiB, heapUsed ${(figures.peakHeapBytes / 2 ** 20).toFixed(0)} MiB (scanner process)${figures.retainedHeapBytes !== null ? `; kept at the end: ${(figures.retainedHeapBytes / 2 ** 20).toFixed(0)} MiB` : ""}`,
  );
  console.log(`findings         ${figures.findings}`);
  const smaller = previous.get(build);
  if (smaller) {
    const rss = figures.maxRssKiB / 1024 - smaller.maxRssKiB / 1024;
    const findings = figures.findings - smaller.findings;
    console.log(
      `memory growth    ${rss >= 0 ? "+" : ""}${rss.toFixed(0)} MiB maxRSS for +${findings} findings over the smaller run (${((rss * 1024) / Math.max(1, findings)).toFixed(2)} KiB per finding)`,
    );
  }
  previous.set(build, figures);
  table.push(
    `${label(build).padEnd(24)} ${String(accounts).padStart(8)} ${perAccount.toFixed(1).padStart(9)} ${String(roundTrips).padStart(6)} ${(figures.wallMs / 1000).toFixed(2).padStart(8)} ${(floorMs / 1000).toFixed(2).padStart(7)} ${(figures.wallMs / floorMs).toFixed(2).padStart(10)} ${(figures.cpuMs / accounts).toFixed(0).padStart(10)} ${(figures.maxRssKiB / 1024).toFixed(0).padStart(11)} ${String(figures.findings).padStart(9)} ${String(figures.failedAccounts).padStart(7)}`,
  );
  console.log("");
}

/** A build's name in the output: `this` for this checkout, else its directory. */
function label(build: string): string {
  return build === ROOT ? "this" : build;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      accounts: { type: "string", default: "1000" },
      users: { type: "string", default: "100" },
      latency: { type: "string", default: "50" },
      concurrency: { type: "string", default: "32" },
      before: { type: "string", multiple: true },
      cli: { type: "string" },
    },
  });
  if (values.cli !== undefined) {
    process.env.BENCH_CLI = values.cli;
    console.log(
      `# the scanner: each build's CLI, --output ${values.cli} --output-file /dev/null, history on\n`,
    );
  }
  const builds = [ROOT, ...(values.before ?? []).map((dir) => resolve(dir))];
  const accounts = Number(values.accounts);
  const users = Number(values.users);
  const latency = Number(values.latency);
  const concurrency = Number(values.concurrency);
  const lone = new Map<string, number>();
  for (const build of builds) {
    const alone = await calibrate(build, users, latency);
    lone.set(build, alone.roundTrips);
    console.log(
      `## ${label(build)}: one account alone: ${alone.calls} calls, ${alone.roundTrips} round trips one after another (${latency} ms each)\n`,
    );
  }
  for (const size of [Math.max(1, Math.round(accounts / 4)), accounts])
    for (const build of builds)
      await benchOrg(build, size, users, latency, concurrency, lone.get(build) ?? 0);
  console.log(
    `${"build".padEnd(24)} ${"accounts".padStart(8)} ${"calls/acc".padStart(9)} ${"trips".padStart(6)} ${"wall s".padStart(8)} ${"floor s".padStart(7)} ${"wall/floor".padStart(10)} ${"CPU ms/acc".padStart(10)} ${"maxRSS MiB".padStart(11)} ${"findings".padStart(9)} ${"failed".padStart(7)}`,
  );
  for (const line of table) console.log(line);
}

await main();
