/**
 * Benchmarks that print figures (not a test): `npm run bench`.
 *
 * 1. A generated 5,000-user credential report (deterministic mix of users): parse and judge it with
 *    the library; milliseconds and rows per second for each step (median of several runs).
 * 2. Live scans against the local AWS-compatible endpoint (test/support/fake-aws.ts), warm (a fresh
 *    report exists) and cold (no report yet), with and without verification through the IAM API:
 *    the AWS API calls each made, as the endpoint counted them and as the scan counted them.
 */
import { performance } from "node:perf_hooks";
import { parseCredentialReportCsv } from "../src/credential-report/parse.js";
import { evaluate } from "../src/engine/evaluate.js";
import { scan } from "../src/engine/scan.js";
import { summarize } from "../src/engine/summary.js";
import { rule as atSetup } from "../src/rules/iam_user_no_access_key_at_setup.js";
import { RULES } from "../src/rules/index.js";
import type { AnyRule } from "../src/rules/types.js";
import { snapshotFromReport } from "../src/snapshot/from-report.js";
import { type FakeAws, startFakeAws } from "../test/support/fake-aws.js";
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

async function liveScan(
  label: string,
  warm: boolean,
  verify: boolean,
  rules?: readonly AnyRule[],
): Promise<void> {
  const fake = await startFakeAws({ accountId: ACCOUNT });
  try {
    seedAccount(fake);
    if (warm) fake.report.preset({ generatedAt: new Date(Date.now() - 60_000) });
    const t0 = performance.now();
    const result = await scan({
      connection: {
        endpointUrl: fake.endpoint,
        credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
        region: "us-east-1",
        retryBaseMs: 10,
      },
      reportPollBaseMs: 50,
      verify,
      ...(rules ? { rules } : {}),
    });
    const ms = performance.now() - t0;
    const counted = fake.counts();
    const total = Object.values(counted).reduce((sum, count) => sum + count, 0);
    const s = result.summary;
    console.log(
      `${label.padEnd(22)} ${String(total).padStart(2)} calls in ${ms.toFixed(0).padStart(4)} ms  ` +
        `(${s.FAIL} FAIL, ${s.PASS} PASS, ${s.ERROR} ERROR)`,
    );
    console.log(`  endpoint counts: ${JSON.stringify(counted)}`);
    console.log(`  scan apiCalls:   ${JSON.stringify(result.scan.accounts[0]?.apiCalls ?? {})}`);
  } finally {
    await fake.close();
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
  console.log("\n## Live scan with the default rules (every rule but the per-region ones)");
  console.log("one call per account-wide data set; verify re-reads every user a report-based rule flags");
  await liveScan("warm, --no-verify", true, false);
  await liveScan("warm, verify", true, true);
}

benchParseAndEvaluate();
await benchLiveScans();
