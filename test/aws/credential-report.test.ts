/**
 * The live collector against the local AWS-compatible endpoint, with the real SDK v3 clients:
 * credential report lifecycle, retries and back-off, errors that become ERROR findings, report age,
 * and the AWS API calls a scan makes.
 */
import type { MiddlewareStack } from "@aws-sdk/types";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ScanOptions, type ScanResult, scan } from "../../src/app/scan.js";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { collectAccount } from "../../src/aws/collect.js";
import { fetchCredentialReport } from "../../src/aws/credential-report.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { exitCodeFor } from "../../src/engine/summary.js";
import type { Finding } from "../../src/model/finding.js";
import { rule } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

// The SDK prints a Node 20 deprecation notice on first use; it is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const ACCOUNT = "123456789012";
const RULE = "iam_user_no_access_key_at_setup";

let fake: FakeAws;
const opened: AwsClients[] = [];

beforeEach(async () => {
  fake = await startFakeAws();
});

afterEach(async () => {
  for (const clients of opened.splice(0)) clients.destroy();
  await fake.close();
});

/** Real SDK clients pointed at the fake, with 1 ms retry base unless told otherwise. */
function clientsFor(options: { retryBaseMs?: number; maxAttempts?: number } = {}): AwsClients {
  const clients = createClients({ endpointUrl: fake.endpoint, credentials, retryBaseMs: 1, ...options });
  opened.push(clients);
  return clients;
}

/**
 * A live 1.11-only scan of the fake account (this file is about the credential report that 1.11 reads);
 * polls start at 5 ms so the lifecycle tests run fast.
 */
function liveScan(options: ScanOptions & { retryBaseMs?: number } = {}): Promise<ScanResult> {
  const { retryBaseMs = 1, ...rest } = options;
  return scan({
    connection: { endpointUrl: fake.endpoint, credentials, retryBaseMs },
    reportPollBaseMs: 5,
    rules: [rule],
    ...rest,
  });
}

/**
 * The credential report requests the fake answered (GenerateCredentialReport, GetCredentialReport), as
 * `Action status [errorCode]`. Other IAM reads a scan may add are not part of the report lifecycle.
 */
function reportRequests(): string[] {
  return fake.requests
    .filter((request) => request.service === "iam" && request.action.endsWith("CredentialReport"))
    .map(
      (request) => `${request.action} ${request.status}${request.errorCode ? ` ${request.errorCode}` : ""}`,
    );
}

/** Whole-second `Date` `secondsAgo` before now (the wire carries whole seconds). */
function wholeSecondsAgo(secondsAgo: number): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000 - secondsAgo * 1000);
}

/** ISO 8601 in whole seconds, as IAM puts times on the wire. */
function iso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * alice: console password, one active key created 1 s after her, never used → FAIL.
 * bob: console password, key used → PASS. carol: no password, active never-used key → PASS.
 * Root has an active never-used key: never judged by 1.11.
 */
function seedAccount(): void {
  fake.setRoot({ accessKeys: [{ accessKeyId: "AKIAROOT000000000001", createDate: "2020-01-01T00:00:01Z" }] });
  fake.addUser({
    userName: "alice",
    createDate: "2024-01-02T03:04:05Z",
    loginProfile: { createDate: "2024-01-02T03:04:05Z" },
    accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2024-01-02T03:04:06Z" }],
  });
  fake.addUser({
    userName: "bob",
    createDate: "2023-05-06T07:08:09Z",
    loginProfile: { createDate: "2023-05-06T07:08:09Z", passwordLastUsed: "2024-03-01T12:00:00Z" },
    accessKeys: [
      {
        accessKeyId: "AKIABOB0000000000001",
        createDate: "2023-05-06T07:08:10Z",
        lastUsed: { date: "2024-03-02T10:00:00Z", serviceName: "s3", region: "eu-west-1" },
      },
    ],
  });
  fake.addUser({
    userName: "carol",
    createDate: "2022-01-01T00:00:00Z",
    accessKeys: [{ accessKeyId: "AKIACAROL00000000001", createDate: "2022-01-01T00:00:00Z" }],
  });
}

/** What the seeded account must yield, given the report's generated time. */
function expectSeededVerdicts(findings: readonly Finding[], generatedAt: string): void {
  expect(findings.map((finding) => [finding.status, finding.resourceName])).toEqual([
    ["FAIL", "alice access key 1"],
    ["PASS", "bob"],
    ["PASS", "carol"],
  ]);
  const [alice, bob, carol] = findings;
  expect(alice).toMatchObject({
    ruleId: RULE,
    status: "FAIL",
    muted: false,
    severity: "medium",
    accountId: ACCOUNT,
    region: "global",
    resourceType: "AWS::IAM::AccessKey",
    resourceArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    statusExtended:
      "alice has a console password and access key 1, created 1 second after the user (at initial setup), is active and has never been used.",
  });
  expect(alice?.evidence).toEqual({
    userName: "alice",
    userArn: `arn:aws:iam::${ACCOUNT}:user/alice`,
    userCreationTime: "2024-01-02T03:04:05Z",
    passwordEnabled: true,
    passwordLastUsed: "no_information",
    accessKeySlot: 1,
    active: true,
    createdAt: "2024-01-02T03:04:06Z",
    secondsAfterUserCreation: 1,
    createdAtSetup: true,
    setupWindowSeconds: 60,
    lastUsedDate: "N/A",
    lastUsedService: "N/A",
    lastUsedRegion: "N/A",
    credentialReportGeneratedAt: generatedAt,
    credentialReportLine: 3,
    source: "credential-report",
  });
  expect(bob?.statusExtended).toBe(
    "bob has a console password and access key 1 was last used 2024-03-02T10:00:00Z (s3).",
  );
  expect(carol?.statusExtended).toBe("carol has no console password.");
  expect(new Set(findings.map((finding) => finding.uid)).size).toBe(3);
}

/** Records, per IAM command, the `State` answered or the error code, as the SDK saw it. */
function recordIamOutcomes(clients: AwsClients): string[] {
  const outcomes: string[] = [];
  const stack = clients.iam.middlewareStack as unknown as MiddlewareStack<object, object>;
  stack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName).replace(/Command$/, "");
      try {
        const result = await next(args);
        const state = (result.output as { State?: string }).State;
        outcomes.push(state ? `${name}(${state})` : name);
        return result;
      } catch (error) {
        outcomes.push(`${name}(${(error as Error).name})`);
        throw error;
      }
    },
    { step: "initialize", name: "testOutcomeRecorder" },
  );
  return outcomes;
}

describe("credential report lifecycle", () => {
  it("with no report yet: Generate STARTED → Get ReportInProgress → Generate COMPLETE → Get → findings", async () => {
    seedAccount();
    const clients = clientsFor();
    const outcomes = recordIamOutcomes(clients);
    const waits: string[] = [];
    const { snapshot } = await collectAccount(clients, {
      datasets: rule.requires,
      pollBaseMs: 5,
      onWait: (ms, reason) => waits.push(`${ms} ${reason}`),
    });

    expect(outcomes).toEqual([
      "GenerateCredentialReport(STARTED)",
      "GetCredentialReport(CredentialReportNotReadyException)",
      "GenerateCredentialReport(COMPLETE)",
      "GetCredentialReport",
    ]);
    expect(reportRequests()).toEqual([
      "GenerateCredentialReport 200",
      "GetCredentialReport 404 ReportInProgress",
      "GenerateCredentialReport 200",
      "GetCredentialReport 200",
    ]);
    // Growing waits, never a busy loop: 5 ms after STARTED, 7.5 ms after ReportInProgress.
    expect(waits).toEqual(["5 report STARTED", "7.5 ReportInProgress"]);
    expect(fake.report.state).toBe("complete");

    const generatedAt = fake.report.generatedAt as Date;
    expect(snapshot.accountId).toBe(ACCOUNT);
    expect(snapshot.partition).toBe("aws");
    expect(snapshot.source).toBe("aws");
    expect(snapshot.errors).toEqual([]);
    expect(snapshot.credentialReport?.generatedAt).toEqual(new Date(iso(generatedAt)));
    expect(snapshot.credentialReport?.rows.map((row) => [row.user, row.isRoot])).toEqual([
      ["<root_account>", true],
      ["alice", false],
      ["bob", false],
      ["carol", false],
    ]);

    const findings = evaluate(snapshot, [rule]);
    expectSeededVerdicts(findings, iso(generatedAt));
    expect(exitCodeFor(findings, "informational")).toBe(3);
    expect(clients.apiCalls()).toEqual({
      "sts:GetCallerIdentity": 1,
      "iam:GenerateCredentialReport": 2,
      "iam:GetCredentialReport": 2,
    });
  });

  it("backs off with growing waits when GenerateCredentialReport is throttled 5 times, then runs once", async () => {
    seedAccount();
    fake.report.preset({ generatedAt: wholeSecondsAgo(10) });
    fake.fail("GenerateCredentialReport", { code: "Throttling", times: 5 });

    const result = await liveScan({ retryBaseMs: 20 });

    expect(reportRequests()).toEqual([
      "GenerateCredentialReport 400 Throttling",
      "GenerateCredentialReport 400 Throttling",
      "GenerateCredentialReport 400 Throttling",
      "GenerateCredentialReport 400 Throttling",
      "GenerateCredentialReport 400 Throttling",
      "GenerateCredentialReport 200",
      "GetCredentialReport 200",
    ]);
    const generateTimes = fake.requests
      .filter((request) => request.action === "GenerateCredentialReport")
      .map((request) => request.at);
    const gaps = generateTimes.slice(1).map((at, index) => at - (generateTimes[index] as number));
    expect(gaps).toHaveLength(5);
    // Retry waits 20, 40, 80, 160, 320 ms. A timer never fires early, so each gap is at least its wait
    // (less 2 ms of clock granularity) whatever the machine's load: the lower bounds double each time.
    // (Comparing neighbouring gaps directly is flaky: request overhead under load can exceed 20 ms.)
    gaps.forEach((gap, index) => {
      expect(gap, `gap ${index} of ${gaps.join(", ")} ms`).toBeGreaterThanOrEqual(20 * 2 ** index - 2);
    });
    expect(gaps[4] as number).toBeGreaterThan(gaps[0] as number);

    // Retries are not extra logical calls: one Generate/Get sequence.
    const calls = result.scan.accounts[0]?.apiCalls ?? {};
    expect([calls["iam:GenerateCredentialReport"], calls["iam:GetCredentialReport"]]).toEqual([1, 1]);
    expect(result.summary).toEqual({ PASS: 2, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0, total: 3 });
  });

  it("gives one ERROR finding naming the account and the missing permission on AccessDenied, exit 1", async () => {
    seedAccount();
    fake.fail("GenerateCredentialReport", { code: "AccessDenied" });

    const result = await liveScan();

    expect(reportRequests()).toEqual(["GenerateCredentialReport 403 AccessDenied"]);
    expect(result.findings).toHaveLength(1);
    const [finding] = result.findings;
    expect(finding).toMatchObject({
      ruleId: RULE,
      status: "ERROR",
      muted: false,
      severity: "medium",
      accountId: ACCOUNT,
      region: "global",
      resourceType: "AWS::::Account",
      resourceArn: `arn:aws:iam::${ACCOUNT}:root`,
      resourceName: ACCOUNT,
      statusExtended:
        `Could not judge account ${ACCOUNT}: iam:GenerateCredentialReport failed in account ${ACCOUNT}: ` +
        `AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/auditor is not authorized to perform: ` +
        "iam:GenerateCredentialReport on resource: *. The caller lacks the IAM permission iam:GenerateCredentialReport.",
    });
    expect(finding?.evidence).toEqual({
      api: "iam:GenerateCredentialReport",
      errorCode: "AccessDenied",
      missingPermission: "iam:GenerateCredentialReport",
      dataset: "iam.credentialReport",
    });
    expect(result.summary).toEqual({ PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 1, muted: 0, total: 1 });
    expect(result.scan.credentialReportGeneratedAt).toBeNull();
    expect(exitCodeFor(result.findings, "informational")).toBe(1);
    expect(exitCodeFor(result.findings, "none")).toBe(1);
  });

  it("names iam:GetCredentialReport when only that permission is missing", async () => {
    fake.report.preset({ generatedAt: wholeSecondsAgo(5) });
    fake.fail("GetCredentialReport", { code: "AccessDenied" });

    const result = await liveScan();

    expect(result.findings.map((finding) => [finding.status, finding.evidence])).toEqual([
      [
        "ERROR",
        {
          api: "iam:GetCredentialReport",
          errorCode: "AccessDenied",
          missingPermission: "iam:GetCredentialReport",
          dataset: "iam.credentialReport",
        },
      ],
    ]);
  });

  it("refuses a report whose content is base64-encoded twice: an ERROR finding, not data", async () => {
    seedAccount();
    fake.report.preset({ generatedAt: wholeSecondsAgo(5) });
    const once = Buffer.from(fake.report.csv as string, "utf8").toString("base64");
    fake.report.overrideContent(Buffer.from(once, "utf8").toString("base64"));

    const result = await liveScan();

    expect(result.findings.map((finding) => [finding.status, finding.resourceName])).toEqual([
      ["ERROR", ACCOUNT],
    ]);
    expect(result.findings[0]?.statusExtended).toBe(
      `Could not judge account ${ACCOUNT}: GetCredentialReport Content: Content is base64-encoded twice: ` +
        "decoded once it is still base64, not CSV; refusing to decode it again",
    );
    expect(result.findings[0]?.evidence).toEqual({
      api: "iam:GetCredentialReport",
      errorCode: "InvalidReport",
      missingPermission: null,
      dataset: "iam.credentialReport",
    });
    expect(exitCodeFor(result.findings, "informational")).toBe(1);
  });

  it("skips a row it cannot read, naming its line, and judges that user from the IAM API; the other users keep their verdicts (issue 18)", async () => {
    seedAccount();
    fake.report.preset({ generatedAt: wholeSecondsAgo(5) });
    const lines = (fake.report.csv as string).split("\n");
    const at = lines.findIndex((line) => line.startsWith("alice,"));
    // An extra field the ARN cannot explain (not a user name with commas): the row cannot be read.
    lines[at] = (lines[at] as string).replace("alice,", "alice,extra,");
    fake.report.overrideContent(Buffer.from(lines.join("\n"), "utf8").toString("base64"));

    const result = await liveScan();

    expect(result.warnings).toContain(
      `GetCredentialReport Content, line ${at + 1}, column 23: expected 22 fields like the header, found 23: row skipped`,
    );
    expect(
      result.findings.map((finding) => [finding.status, finding.resourceName, finding.evidence.source]),
    ).toEqual([
      ["PASS", "bob", "credential-report"],
      ["PASS", "carol", "credential-report"],
      ["FAIL", "AKIAALICE00000000001", "api"],
    ]);
  });

  it("generates again when the report has expired", async () => {
    seedAccount();
    fake.report.preset({ generatedAt: wholeSecondsAgo(60) });
    fake.report.expire();

    const result = await liveScan();

    expect(reportRequests()).toEqual([
      "GenerateCredentialReport 200",
      "GetCredentialReport 404 ReportInProgress",
      "GenerateCredentialReport 200",
      "GetCredentialReport 200",
    ]);
    expect(result.summary).toEqual({ PASS: 2, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0, total: 3 });
  });

  it("generates again when GetCredentialReport answers ReportExpired or ReportNotPresent after COMPLETE", async () => {
    seedAccount();
    fake.report.preset({ generatedAt: wholeSecondsAgo(5) });
    fake.fail("GetCredentialReport", { code: "ReportExpired", times: 1, httpStatus: 410 });
    fake.fail("GetCredentialReport", { code: "ReportNotPresent", times: 1, httpStatus: 410 });

    const result = await liveScan();

    expect(reportRequests()).toEqual([
      "GenerateCredentialReport 200",
      "GetCredentialReport 410 ReportExpired",
      "GenerateCredentialReport 200",
      "GetCredentialReport 410 ReportNotPresent",
      "GenerateCredentialReport 200",
      "GetCredentialReport 200",
    ]);
    expect(result.summary).toEqual({ PASS: 2, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0, total: 3 });
  });

  it("regenerates a bounded number of times (3), then gives an ERROR finding", async () => {
    fake.report.preset({ generatedAt: wholeSecondsAgo(5) });
    fake.fail("GetCredentialReport", { code: "ReportExpired", httpStatus: 410 });

    const result = await liveScan();

    expect(fake.counts()).toEqual({
      GetCallerIdentity: 1,
      GenerateCredentialReport: 4,
      GetCredentialReport: 4,
    });
    expect(result.findings.map((finding) => [finding.status, finding.evidence.errorCode])).toEqual([
      ["ERROR", "ReportExpired"],
    ]);
  });

  it("backs off and succeeds when GenerateCredentialReport answers LimitExceeded (SDK retries)", async () => {
    seedAccount();
    fake.report.preset({ generatedAt: wholeSecondsAgo(5) });
    fake.fail("GenerateCredentialReport", { code: "LimitExceeded", times: 2, httpStatus: 409 });

    const result = await liveScan();

    expect(reportRequests()).toEqual([
      "GenerateCredentialReport 409 LimitExceeded",
      "GenerateCredentialReport 409 LimitExceeded",
      "GenerateCredentialReport 200",
      "GetCredentialReport 200",
    ]);
    expect(result.summary).toEqual({ PASS: 2, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0, total: 3 });
  });

  it("backs off with its own growing waits on LimitExceeded when the SDK does not retry", async () => {
    seedAccount();
    const generatedAt = wholeSecondsAgo(5);
    fake.report.preset({ generatedAt });
    fake.fail("GenerateCredentialReport", { code: "LimitExceeded", times: 3, httpStatus: 409 });
    const clients = clientsFor({ maxAttempts: 1 });
    const waits: [number, string][] = [];

    const report = await fetchCredentialReport(clients.iam, {
      pollBaseMs: 5,
      onWait: (ms, reason) => waits.push([ms, reason]),
    });

    expect(waits).toEqual([
      [5, "GenerateCredentialReport: LimitExceeded"],
      [7.5, "GenerateCredentialReport: LimitExceeded"],
      [11.25, "GenerateCredentialReport: LimitExceeded"],
    ]);
    expect(reportRequests()).toEqual([
      "GenerateCredentialReport 409 LimitExceeded",
      "GenerateCredentialReport 409 LimitExceeded",
      "GenerateCredentialReport 409 LimitExceeded",
      "GenerateCredentialReport 200",
      "GetCredentialReport 200",
    ]);
    expect(report.generatedAt).toEqual(generatedAt);
    expect(report.rows.map((row) => row.user)).toEqual(["<root_account>", "alice", "bob", "carol"]);
  });

  it("gives an ERROR finding with code Timeout when the report never completes", async () => {
    seedAccount();
    fake.report.generateCallsUntilComplete = 1_000_000;
    const waits: number[] = [];
    const started = Date.now();

    const result = await liveScan({ reportTimeoutMs: 150, onWait: (ms) => waits.push(ms) });

    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2_000);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]?.status).toBe("ERROR");
    expect(result.findings[0]?.evidence).toEqual({
      api: "iam:GenerateCredentialReport",
      errorCode: "Timeout",
      missingPermission: null,
      dataset: "iam.credentialReport",
    });
    expect(result.findings[0]?.statusExtended).toMatch(
      new RegExp(
        `^Could not judge account ${ACCOUNT}: iam:GenerateCredentialReport: the credential report was not ready ` +
          "within 0\\.15 s \\(--report-timeout\\) \\((report INPROGRESS|ReportInProgress)\\)$",
      ),
    );
    // Growing waits (the last one is cut to the deadline): 5, 7.5, 11.25, ... — no busy loop.
    expect(waits.slice(0, 4)).toEqual([5, 7.5, 11.25, 16.875]);
    expect(fake.requests.length).toBeLessThan(20);
    expect(exitCodeFor(result.findings, "informational")).toBe(1);
  });
});

describe("report age", () => {
  it("warns when the report was generated 2 hours before the scan", async () => {
    seedAccount();
    const generatedAt = wholeSecondsAgo(7200);
    fake.report.preset({ generatedAt });

    // --no-verify: the verdicts come from the old report alone (what this warning is about).
    const result = await liveScan({ verify: false });

    expect(result.scan.credentialReportGeneratedAt).toBe(iso(generatedAt));
    const age = result.scan.credentialReportAgeSeconds as number;
    expect(age).toBeGreaterThanOrEqual(7200);
    expect(age).toBeLessThanOrEqual(7202);
    expect(result.warnings).toEqual([
      `The credential report was generated at ${iso(generatedAt)}, 2 hours before this scan: ` +
        "changes made since then are not in it (AWS reuses a report for up to 4 hours).",
    ]);
    // The verdicts are still given, from that report.
    expectSeededVerdicts(result.findings, iso(generatedAt));
  });

  it("warns only past 15 minutes", async () => {
    fake.report.preset({ generatedAt: wholeSecondsAgo(14 * 60) });
    expect((await liveScan()).warnings).toEqual([]);

    const generatedAt = wholeSecondsAgo(16 * 60);
    fake.report.preset({ generatedAt });
    expect((await liveScan()).warnings).toEqual([
      `The credential report was generated at ${iso(generatedAt)}, 16 minutes before this scan: ` +
        "changes made since then are not in it (AWS reuses a report for up to 4 hours).",
    ]);
  });
});

describe("AWS API calls", () => {
  it("makes exactly 3 calls with a warm report and --no-verify: GetCallerIdentity, Generate, Get", async () => {
    seedAccount();
    fake.report.preset({ generatedAt: wholeSecondsAgo(30) });

    const result = await liveScan({ verify: false });

    expect(result.scan.source).toBe("aws");
    expect(result.scan.accounts).toEqual([
      {
        accountId: ACCOUNT,
        partition: "aws",
        apiCalls: {
          "sts:GetCallerIdentity": 1,
          "iam:GenerateCredentialReport": 1,
          "iam:GetCredentialReport": 1,
        },
      },
    ]);
    expect(fake.counts()).toEqual({
      GetCallerIdentity: 1,
      GenerateCredentialReport: 1,
      GetCredentialReport: 1,
    });
    expect(result.warnings).toEqual([]);
  });

  it("adds ListUsers and a re-check of each flagged user when verifying (the default)", async () => {
    seedAccount();
    fake.report.preset({ generatedAt: wholeSecondsAgo(30) });

    const result = await liveScan();

    // alice is the one flagged user: GetLoginProfile, ListAccessKeys, GetAccessKeyLastUsed for her one key.
    expect(result.scan.accounts[0]?.apiCalls).toEqual({
      "sts:GetCallerIdentity": 1,
      "iam:GenerateCredentialReport": 1,
      "iam:GetCredentialReport": 1,
      "iam:ListUsers": 1,
      "iam:GetLoginProfile": 1,
      "iam:ListAccessKeys": 1,
      "iam:GetAccessKeyLastUsed": 1,
    });
    expect(result.findings.map((finding) => [finding.status, finding.resourceName])).toEqual([
      ["FAIL", "AKIAALICE00000000001"],
      ["PASS", "bob"],
      ["PASS", "carol"],
    ]);
  });

  it("makes 5 calls with no report yet and --no-verify (the lifecycle needs a second Generate and Get)", async () => {
    seedAccount();
    const result = await liveScan({ verify: false });
    expect(result.scan.accounts[0]?.apiCalls).toEqual({
      "sts:GetCallerIdentity": 1,
      "iam:GenerateCredentialReport": 2,
      "iam:GetCredentialReport": 2,
    });
    expect(fake.counts()).toEqual({
      GetCallerIdentity: 1,
      GenerateCredentialReport: 2,
      GetCredentialReport: 2,
    });
  });

  it("gives the same finding uids in two scans of the same account", async () => {
    seedAccount();
    const first = await liveScan();
    const second = await liveScan();
    expect(second.findings.map((finding) => finding.uid)).toEqual(
      first.findings.map((finding) => finding.uid),
    );
    expect(first.findings[0]?.uid).toMatch(new RegExp(`^${RULE}-${ACCOUNT}-[0-9a-f]{24}$`));
  });
});
