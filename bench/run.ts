/**
 * Benchmarks that print figures (not a test): `npm run bench`.
 *
 * 1. A generated 5,000-user credential report (deterministic mix of users): parse and judge it with
 *    the library; milliseconds and rows per second for each step (median of several runs).
 * 2. Live scans against the local AWS-compatible endpoints (test/support/fake-aws.ts for IAM, STS and
 *    the Account API, fake-regional.ts for EC2 and Access Analyzer), warm (a fresh report exists) and
 *    cold (no report yet), with and without verification through the IAM API: the AWS API calls each
 *    made, as the endpoints counted them and as the scan counted them.
 * 3. `scan --framework cis_v150` (verification on) of accounts of 10, 1,000 and 5,000 users that all
 *    fail several requirements: the calls per API, which must not grow with the users apart from
 *    GetAccountAuthorizationDetails pages.
 */
import { performance } from "node:perf_hooks";
import { scan } from "../src/app/scan.js";
import { parseCredentialReportCsv } from "../src/credential-report/parse.js";
import { evaluate } from "../src/engine/evaluate.js";
import { selectRules } from "../src/engine/select.js";
import { summarize } from "../src/engine/summary.js";
import { rule as atSetup } from "../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { NON_REGIONAL_RULES, RULES } from "../src/rules/index.js";
import type { AnyRule } from "../src/rules/types.js";
import { snapshotFromReport } from "../src/snapshot/from-report.js";
import { type FakeAws, startFakeAws } from "../test/support/fake-aws.js";
import { type FakeRegional, startFakeRegional } from "../test/support/fake-regional.js";
import { generateReport } from "./report-generator.js";

// The SDK's Node 20 deprecation notice is noise in benchmark output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const USERS = 5_000;
const RUNS = 7;
const ACCOUNT = "123456789012";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function figures(label: string, rows: number, times: readonly number[]): string {
  const ms = median(times);
  const perSecond = Math.round(rows / (ms / 1000));
  return `${label.padEnd(10)} ${ms.toFixed(1).padStart(8)} ms  ${perSecond.toLocaleString("en-US").padStart(11)} rows/s  (median of ${times.length})`;
}

function benchParseAndEvaluate(): void {
  const csv = generateReport(USERS);
  const parseTimes: number[] = [];
  const evaluateTimes: number[] = [];
  let summary = "";
  // One warm-up run (JIT), not counted.
  evaluate(snapshotFromReport(parseCredentialReportCsv(csv), new Date()), RULES);
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const report = parseCredentialReportCsv(csv, { source: "bench" });
    const t1 = performance.now();
    const findings = evaluate(snapshotFromReport(report, new Date("2024-06-01T00:00:00Z")), RULES);
    const t2 = performance.now();
    parseTimes.push(t1 - t0);
    evaluateTimes.push(t2 - t1);
    const s = summarize(findings);
    summary = `${report.rows.length} rows (root included) → ${s.total} findings: ${s.FAIL} FAIL, ${s.PASS} PASS, ${s.MANUAL} MANUAL, ${s.ERROR} ERROR`;
  }
  const rows = USERS + 1;
  console.log(
    `## Credential report: ${USERS.toLocaleString("en-US")} users, ${(csv.length / 1024).toFixed(0)} KiB CSV`,
  );
  console.log(figures("parse", rows, parseTimes));
  console.log(figures("evaluate", rows, evaluateTimes));
  console.log(
    figures(
      "both",
      rows,
      parseTimes.map((time, index) => time + (evaluateTimes[index] as number)),
    ),
  );
  console.log(summary);
}

/** A small account: 20 users; 2 of them (user-00, user-14) console users with an active never-used key. */
function seedAccount(fake: FakeAws): void {
  for (let index = 0; index < 20; index++) {
    const userName = `user-${String(index).padStart(2, "0")}`;
    const createDate = `2024-01-${String(1 + index).padStart(2, "0")}T10:00:00Z`;
    const console = index % 2 === 0;
    const neverUsed = index % 7 === 0;
    fake.addUser({
      userName,
      createDate,
      ...(console ? { loginProfile: { createDate } } : {}),
      accessKeys: [
        {
          createDate: createDate.replace("10:00:00", "10:00:01"),
          ...(neverUsed
            ? {}
            : { lastUsed: { date: "2024-05-01T00:00:00Z", serviceName: "s3", region: "us-east-1" } }),
        },
      ],
    });
  }
}

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };

/** Points the SDK at the two local endpoints, service by service (as AWS_ENDPOINT_URL_<SERVICE> does). */
function useEndpoints(fake: FakeAws, regional: FakeRegional): void {
  process.env.AWS_ENDPOINT_URL_IAM = fake.endpoint;
  process.env.AWS_ENDPOINT_URL_STS = fake.endpoint;
  process.env.AWS_ENDPOINT_URL_ACCOUNT = fake.endpoint;
  process.env.AWS_ENDPOINT_URL_EC2 = regional.endpoint;
  process.env.AWS_ENDPOINT_URL_ACCESSANALYZER = regional.endpoint;
}

function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

async function liveScan(
  label: string,
  warm: boolean,
  verify: boolean,
  rules?: readonly AnyRule[],
): Promise<void> {
  const fake = await startFakeAws({ accountId: ACCOUNT });
  const regional = await startFakeRegional({ accountId: ACCOUNT });
  try {
    seedAccount(fake);
    useEndpoints(fake, regional);
    if (warm) fake.report.preset({ generatedAt: new Date(Date.now() - 60_000) });
    const t0 = performance.now();
    const result = await scan({
      connection: { credentials: CREDENTIALS, region: "us-east-1", retryBaseMs: 10 },
      reportPollBaseMs: 50,
      verify,
      ...(rules ? { rules } : {}),
    });
    const ms = performance.now() - t0;
    const counted = { ...fake.counts(), ...regional.counts() };
    const s = result.summary;
    console.log(
      `${label.padEnd(22)} ${String(total(counted)).padStart(2)} calls in ${ms.toFixed(0).padStart(4)} ms  ` +
        `(${s.FAIL} FAIL, ${s.PASS} PASS, ${s.ERROR} ERROR)`,
    );
    console.log(`  endpoint counts: ${JSON.stringify(counted)}`);
    console.log(`  scan apiCalls:   ${JSON.stringify(result.scan.accounts[0]?.apiCalls ?? {})}`);
  } finally {
    await fake.close();
    await regional.close();
  }
}

/** An account of `users` users, each failing 1.10, 1.12, 1.14 and 1.15; user 0 also fails 1.11. */
function seedFailingUsers(fake: FakeAws, users: number): void {
  const day = 86_400_000;
  for (let index = 0; index < users; index++) {
    const userName = `user-${String(index).padStart(5, "0")}`;
    fake.addUser({
      userName,
      createDate: new Date(Date.now() - 300 * day),
      loginProfile: { createDate: new Date(Date.now() - 200 * day) },
      accessKeys: [
        index === 0
          ? { createDate: new Date(Date.now() - 300 * day + 1000) }
          : {
              createDate: new Date(Date.now() - 200 * day),
              lastUsed: { date: new Date(Date.now() - day), serviceName: "s3", region: "us-east-1" },
            },
      ],
    });
    fake.authorization.putUserPolicy(userName, "own", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
    });
  }
}

async function frameworkScan(users: number): Promise<void> {
  const fake = await startFakeAws({ accountId: ACCOUNT });
  const regional = await startFakeRegional({ accountId: ACCOUNT });
  try {
    seedFailingUsers(fake, users);
    useEndpoints(fake, regional);
    const t0 = performance.now();
    const result = await scan({
      connection: { credentials: CREDENTIALS, region: "us-east-1", retryBaseMs: 10 },
      reportPollBaseMs: 50,
      rules: selectRules({ framework: "cis_v150" }).rules,
    });
    const ms = performance.now() - t0;
    const calls = result.scan.accounts[0]?.apiCalls ?? {};
    const pages = calls["iam:GetAccountAuthorizationDetails"] ?? 0;
    console.log(
      `${users.toLocaleString("en-US").padStart(5)} users: ${String(total(calls)).padStart(3)} calls ` +
        `(${total(calls) - pages} apart from ${pages} GetAccountAuthorizationDetails page(s)) in ${ms.toFixed(0).padStart(5)} ms, ` +
        `${result.summary.FAIL} FAIL`,
    );
    console.log(`  scan apiCalls: ${JSON.stringify(calls)}`);
  } finally {
    await fake.close();
    await regional.close();
  }
}

async function benchLiveScans(): Promise<void> {
  console.log("\n## Live scan of CIS 1.11 alone against the local endpoint (20 users, 2 failing keys)");
  console.log("expected: warm --no-verify = 3 calls (at most 4); cold adds one Generate and one Get;");
  console.log(
    "verify adds ListUsers and, per flagged user, GetLoginProfile + ListAccessKeys + GetAccessKeyLastUsed per key",
  );
  await liveScan("warm, --no-verify", true, false, [atSetup]);
  await liveScan("cold, --no-verify", false, false, [atSetup]);
  await liveScan("warm, verify", true, true, [atSetup]);
  await liveScan("cold, verify", false, true, [atSetup]);
  console.log("\n## Live scan with the account-wide rules (every rule but the per-region 1.18 and 1.20)");
  console.log("one call per account-wide data set; verify re-reads the users 1.11 flags");
  await liveScan("warm, --no-verify", true, false, NON_REGIONAL_RULES);
  await liveScan("warm, verify", true, true, NON_REGIONAL_RULES);
  console.log(
    "\n## Live scan with every rule (the default): adds DescribeRegions and two calls per enabled region (4)",
  );
  await liveScan("warm, verify", true, true);
}

async function benchFrameworkScans(): Promise<void> {
  console.log(
    "\n## scan --framework cis_v150, verification on: calls by number of users (every user fails 4 requirements)",
  );
  for (const users of [10, 1_000, 5_000]) await frameworkScan(users);
}

benchParseAndEvaluate();
await benchLiveScans();
await benchFrameworkScans();
