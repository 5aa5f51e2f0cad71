/**
 * `cloudpatrol scan` as a user runs it: the BUILT bin (`dist/cli/main.js`) as a child process, against
 * credential report files, stdin, and the local AWS-compatible endpoint.
 *
 * `npm test` builds before vitest runs; when `dist/` is missing or older than `src/` (e.g. plain
 * `npx vitest run` after an edit), `beforeAll` builds it first.
 */
import { execFileSync, spawn } from "node:child_process";
import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, it } from "vitest";
import { ensureBuilt } from "../support/built-bin.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { CONSOLE_USER, neverUsedKey, report, rootRow, usedKey, userRow } from "../support/report-rows.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "dist/cli/main.js");
const ACCOUNT = "123456789012";
const FILE_ACCOUNT = "111122223333";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** One test's sandbox: a temporary directory as HOME and cwd, and optionally a fake AWS endpoint. */
interface Sandbox {
  readonly dir: string;
  readonly fake: FakeAws;
  /**
   * Runs the bin with a clean environment: fake credentials, no shared config files (a developer's
   * ~/.aws cannot interfere), no instance metadata, the fake as AWS_ENDPOINT_URL, fast retries and
   * polls, no colour forcing.
   */
  cli(args: readonly string[], options?: { env?: Record<string, string>; input?: string }): Promise<Run>;
  /** Writes a file into the sandbox and returns its path. */
  file(name: string, content: string): Promise<string>;
}

/** Creates a sandbox that is removed when the test finishes. */
async function sandbox(onTestFinished: (fn: () => Promise<void>) => void): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-cli-"));
  const fake = await startFakeAws();
  onTestFinished(async () => {
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  const cli = (args: readonly string[], options: { env?: Record<string, string>; input?: string } = {}) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL: fake.endpoint,
      AWS_CONFIG_FILE: join(dir, "no-such-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-such-aws-credentials"),
      AWS_EC2_METADATA_DISABLED: "true",
      CLOUDPATROL_RETRY_BASE_MS: "1",
      CLOUDPATROL_REPORT_POLL_MS: "5",
      ...options.env,
    };
    return new Promise<Run>((resolvePromise, reject) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env, stdio: "pipe" });
      let stdout = "";
      let stderr = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
      child.stdin.end(options.input ?? "");
    });
  };
  const file = async (name: string, content: string) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  return { dir, fake, cli, file };
}

const ESC = "\u001b";
/** Every stack frame line looks like this. */
const STACK_FRAME = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

/** alice: console user with an active key never used → FAIL; bob: key used → PASS; carol: no password → PASS. */
const FILE_REPORT = report(
  rootRow(neverUsedKey(1, "2020-01-01T00:00:05Z")),
  userRow("alice", { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:01Z") }),
  userRow("bob", { ...CONSOLE_USER, ...usedKey(1, "2024-03-01T10:00:01Z", "2024-04-01T08:00:00Z") }),
  userRow("carol", neverUsedKey(1, "2024-03-01T10:00:00Z")),
);

/** Same account with no failing key. */
const CLEAN_REPORT = report(
  rootRow(),
  userRow("bob", { ...CONSOLE_USER, ...usedKey(1, "2024-03-01T10:00:01Z", "2024-04-01T08:00:00Z") }),
);

const FINDING_KEYS = [
  "uid",
  "ruleId",
  "status",
  "muted",
  "severity",
  "accountId",
  "region",
  "resourceType",
  "resourceArn",
  "resourceName",
  "statusExtended",
  "evidence",
  "frameworks",
  // Added by the scan history (on by default; docs/history.md).
  "firstSeen",
];

/** Seeds the fake like FILE_REPORT, with a warm report generated 10 s ago (whole seconds). */
function seedFake(aws: FakeAws): Date {
  aws.addUser({
    userName: "alice",
    createDate: "2024-01-02T03:04:05Z",
    loginProfile: { createDate: "2024-01-02T03:04:05Z" },
    accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2024-01-02T03:04:06Z" }],
  });
  aws.addUser({
    userName: "bob",
    createDate: "2023-05-06T07:08:09Z",
    loginProfile: { createDate: "2023-05-06T07:08:09Z", passwordLastUsed: "2024-03-01T12:00:00Z" },
    accessKeys: [
      {
        createDate: "2023-05-06T07:08:10Z",
        lastUsed: { date: "2024-03-02T10:00:00Z", serviceName: "s3", region: "eu-west-1" },
      },
    ],
  });
  aws.addUser({
    userName: "carol",
    createDate: "2022-01-01T00:00:00Z",
    accessKeys: [{ createDate: "2022-01-01T00:00:00Z" }],
  });
  const generatedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000);
  aws.report.preset({ generatedAt });
  return generatedAt;
}

beforeAll(ensureBuilt, 120_000);

describe("live scan against the local endpoint", () => {
  it("prints the text report on stdout, nothing on stderr, and exits 3 for a FAIL", async ({
    expect,
    onTestFinished,
  }) => {
    const { fake, cli } = await sandbox(onTestFinished);
    const generatedAt = seedFake(fake);

    const run = await cli(["scan", "--rule", "iam_user_no_access_key_at_setup"]);

    expect(run.stderr).toBe("");
    expect(run.code).toBe(3);
    const lines = run.stdout.split("\n");
    expect(lines[0]).toMatch(
      new RegExp(
        `^cloudpatrol scan of account ${ACCOUNT} \\(live, started \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z\\)$`,
      ),
    );
    const age = new RegExp(
      `^Credential report generated ${generatedAt.toISOString().replace(".000Z", "Z")}, (\\d+) seconds before the scan\\.$`,
    ).exec(lines[1] ?? "");
    expect(age, lines[1]).not.toBeNull();
    expect(Number(age?.[1])).toBeGreaterThanOrEqual(10);
    expect(lines.slice(2)).toEqual([
      "",
      "FAIL (1)",
      // Live scans re-check a FAIL through the IAM API, which names the exact key.
      "  FAIL medium  AKIAALICE00000000001  [CIS v1.5.0 1.11]",
      "      alice has a console password and access key AKIAALICE00000000001, created 1 second after the user (at initial setup), is active and has never been used.",
      "",
      "PASS (2)",
      "  PASS  bob  [CIS v1.5.0 1.11]",
      "      bob has a console password and access key 1 was last used 2024-03-02T10:00:00Z (s3).",
      "  PASS  carol  [CIS v1.5.0 1.11]",
      "      carol has no console password.",
      "",
      "3 findings: 1 FAIL, 0 ERROR, 0 MANUAL, 2 PASS",
      "",
    ]);
  });

  it("prints the JSON document on stdout (and only it) with --output json; logs go to stderr; --no-verify", async ({
    expect,
    onTestFinished,
  }) => {
    const { fake, cli } = await sandbox(onTestFinished);
    const generatedAt = seedFake(fake);

    const run = await cli([
      "scan",
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--output",
      "json",
      "--verbose",
      "--no-verify",
    ]);

    expect(run.code).toBe(3);
    // --verbose logs the API calls on stderr; the same counts are in the JSON on stdout.
    const apiCalls = {
      "sts:GetCallerIdentity": 1,
      "iam:GenerateCredentialReport": 1,
      "iam:GetCredentialReport": 1,
    };
    expect(run.stderr).toBe(`account ${ACCOUNT}: AWS API calls ${JSON.stringify(apiCalls)}\n`);
    const document = JSON.parse(run.stdout) as Record<string, unknown> & {
      scan: Record<string, unknown>;
      findings: Record<string, unknown>[];
    };
    expect(Object.keys(document)).toEqual(["schemaVersion", "scan", "findings", "summary", "warnings"]);
    expect(document.schemaVersion).toBe(1);
    expect(document.summary).toEqual({ PASS: 2, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0, total: 3 });
    expect(document.warnings).toEqual([]);
    expect(document.scan).toMatchObject({
      source: "aws",
      accounts: [{ accountId: ACCOUNT, partition: "aws", apiCalls }],
      credentialReportGeneratedAt: generatedAt.toISOString().replace(".000Z", "Z"),
    });
    expect(Object.keys(document.scan)).toEqual([
      "startedAt",
      "finishedAt",
      "source",
      "accounts",
      "credentialReportGeneratedAt",
      "credentialReportAgeSeconds",
    ]);
    expect(document.findings).toHaveLength(3);
    for (const finding of document.findings) expect(Object.keys(finding)).toEqual(FINDING_KEYS);
    expect(document.findings.map((finding) => [finding.status, finding.resourceName])).toEqual([
      ["FAIL", "alice access key 1"],
      ["PASS", "bob"],
      ["PASS", "carol"],
    ]);
    const uids = document.findings.map((finding) => finding.uid as string);
    expect(new Set(uids).size).toBe(3);
    for (const uid of uids)
      expect(uid).toMatch(/^iam_user_no_access_key_at_setup-123456789012-[0-9a-f]{24}$/);
  });

  it("exits 1 with an ERROR finding naming iam:GenerateCredentialReport on AccessDenied", async ({
    expect,
    onTestFinished,
  }) => {
    const { fake, cli } = await sandbox(onTestFinished);
    seedFake(fake);
    fake.fail("GenerateCredentialReport", { code: "AccessDenied" });

    const text = await cli(["scan", "--rule", "iam_user_no_access_key_at_setup", "--fail-on", "none"]);

    expect(text.code).toBe(1);
    expect(text.stderr).toBe("");
    expect(text.stdout).toContain(
      `\nERROR (1)\n  ERROR medium  ${ACCOUNT}  [CIS v1.5.0 1.11]\n      Could not judge account ${ACCOUNT}: ` +
        `iam:GenerateCredentialReport failed in account ${ACCOUNT}: AccessDenied: User: arn:aws:iam::${ACCOUNT}:user/auditor ` +
        "is not authorized to perform: iam:GenerateCredentialReport on resource: *. The caller lacks the IAM permission " +
        "iam:GenerateCredentialReport.\n\n1 finding: 0 FAIL, 1 ERROR, 0 MANUAL, 0 PASS\n",
    );
  });

  it("exits 1 with ERROR findings, never PASS under this account, when the live report names another account's users", async ({
    expect,
    onTestFinished,
  }) => {
    const { fake, cli } = await sandbox(onTestFinished);
    fake.report.preset({ generatedAt: new Date(Math.floor(Date.now() / 1000) * 1000 - 5000) });
    const other = await readFile(join(ROOT, "examples/credential-report.csv"), "utf8");
    fake.report.overrideContent(Buffer.from(other, "utf8").toString("base64"));

    const run = await cli([
      "scan",
      "--no-history",
      "--rule",
      "iam_root_mfa_enabled",
      "--rule",
      "iam_root_no_access_key",
      "--rule",
      "iam_user_no_access_key_at_setup",
      "-o",
      "json",
    ]);

    expect(run.code).toBe(1);
    const document = JSON.parse(run.stdout) as { findings: Record<string, unknown>[]; warnings: string[] };
    const message = `Could not judge account ${ACCOUNT}: iam:GetCredentialReport failed in account ${ACCOUNT}: UnreadableResponse: the credential report names account 210987654321's users, not account ${ACCOUNT}'s: it is not this account's report.`;
    expect(
      document.findings.map((finding) => [
        finding.ruleId,
        finding.status,
        finding.accountId,
        finding.statusExtended,
      ]),
    ).toEqual([
      ["iam_user_no_access_key_at_setup", "ERROR", ACCOUNT, message],
      ["iam_root_no_access_key", "ERROR", ACCOUNT, message],
      ["iam_root_mfa_enabled", "ERROR", ACCOUNT, message],
    ]);
    expect(document.warnings).toEqual([]);
  });

  it("exits 1 with one line, no stack trace, when the account cannot be identified", async ({
    expect,
    onTestFinished,
  }) => {
    const { fake, cli } = await sandbox(onTestFinished);
    fake.fail("GetCallerIdentity", {
      code: "InvalidClientTokenId",
      httpStatus: 403,
      message: "The security token included in the request is invalid.",
    });

    const run = await cli(["scan"]);

    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "cloudpatrol: sts:GetCallerIdentity failed: InvalidClientTokenId: The security token included in the request is invalid.\n",
    );
  });

  it("names the profile that gave no credentials (AWS_PROFILE or --profile), in one line", async ({
    expect,
    onTestFinished,
  }) => {
    const { fake, cli } = await sandbox(onTestFinished);
    // No static keys: with them the SDK would warn that it prefers the profile.
    const noKeys = { AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "" };
    for (const [args, env] of [
      [["scan"], { ...noKeys, AWS_PROFILE: "nosuch" }],
      [["scan", "--profile", "nosuch"], noKeys],
    ] as const) {
      const run = await cli([...args], { env });
      expect(run.code).toBe(1);
      expect(run.stderr).toBe(
        'cloudpatrol: sts:GetCallerIdentity failed: CredentialsProviderError: Could not load credentials from any providers. The profile "nosuch" gave no credentials: check that it exists in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), and for SSO run aws sso login --profile nosuch.\n',
      );
    }
    expect(fake.counts()).toEqual({});
  });

  it("a profile beside static keys: the SDK's warning on one line, then the error", async ({
    expect,
    onTestFinished,
  }) => {
    const { cli } = await sandbox(onTestFinished);
    const run = await cli(["scan", "--profile", "nosuch"], {
      env: { AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE", AWS_SECRET_ACCESS_KEY: "test" },
    });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      "warning: @aws-sdk/credential-provider-node - defaultProvider::fromEnv WARNING: Multiple credential sources detected: Both AWS_PROFILE and the pair AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY static credentials are set. This SDK will proceed with the AWS_PROFILE value. However, a future version may change this behavior to prefer the ENV static credentials. Please ensure that your environment only sets either the AWS_PROFILE or the AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY pair.",
      'cloudpatrol: sts:GetCallerIdentity failed: CredentialsProviderError: Could not load credentials from any providers. The profile "nosuch" gave no credentials: check that it exists in ~/.aws/config or ~/.aws/credentials (or AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE), and for SSO run aws sso login --profile nosuch.',
      "",
    ]);
  });

  it("warns on stderr about a report older than 15 minutes, and honours --endpoint-url", async ({
    expect,
    onTestFinished,
  }) => {
    const { fake, cli } = await sandbox(onTestFinished);
    seedFake(fake);
    const generatedAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 7_200_000);
    fake.report.preset({ generatedAt });
    const endpoint = fake.endpoint;

    // One IAM rule: --endpoint-url sends every service to this IAM/STS endpoint, EC2 included.
    const run = await cli(
      ["scan", "--endpoint-url", endpoint, "-o", "json", "--rule", "iam_user_no_access_key_at_setup"],
      {
        env: { AWS_ENDPOINT_URL: "http://127.0.0.1:9" },
      },
    );

    expect(run.code).toBe(3);
    const warning =
      `The credential report was generated at ${generatedAt.toISOString().replace(".000Z", "Z")}, 2 hours before this scan: ` +
      "changes made since then are not in it (AWS reuses a report for up to 4 hours).";
    expect(run.stderr).toBe(`warning: ${warning}\n`);
    expect((JSON.parse(run.stdout) as { warnings: string[] }).warnings).toEqual([warning]);
  });
});

/** Runs a bash script in `dir` with the bin as $BIN and node as $NODE (and `env`), as a user's shell does. */
function bashIn(dir: string, script: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolvePromise) => {
    const child = spawn("bash", ["-c", script], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, NODE: process.execPath, BIN, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

describe("credential report files", () => {
  it("reads a report from a shell's <(command), /dev/stdin and /dev/fd/N; a descriptor open on a device is still refused", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir, file } = await sandbox(onTestFinished);
    const input = await file("report.csv", FILE_REPORT);
    // bash gives `<(cat …)` as /dev/fd/63, which leads to /proc/<pid>/fd/63: a pipe, not a file of /proc.
    const bash = (script: string) => bashIn(dir, script, { INPUT: input });
    const scan =
      '"$NODE" "$BIN" scan --rule iam_user_no_access_key_at_setup --no-history -o json --credential-report';
    const uids = (stdout: string) =>
      (JSON.parse(stdout) as { findings: { uid: string }[] }).findings.map((finding) => finding.uid);
    const fromFile = await bash(`${scan} "$INPUT"`);
    expect(fromFile.code).toBe(3);
    expect(uids(fromFile.stdout)).toHaveLength(3);
    for (const script of [
      `${scan} <(cat "$INPUT")`,
      `cat "$INPUT" | ${scan} /dev/stdin`,
      `${scan} /dev/fd/3 3< <(cat "$INPUT")`,
    ]) {
      const run = await bash(script);
      expect([run.code, run.stderr]).toEqual([3, ""]);
      expect(uids(run.stdout)).toEqual(uids(fromFile.stdout));
    }
    const device = await bash(`${scan} /dev/fd/3 3</dev/zero`);
    expect([device.code, device.stdout, device.stderr]).toEqual([
      2,
      "",
      "cloudpatrol: /dev/fd/3: a device, not a file: give the credential report as a file, or on stdin as -\n",
    ]);
    const proc = await bash(`${scan} /proc/self/status`);
    expect([proc.code, proc.stderr]).toEqual([
      2,
      "cloudpatrol: /proc/self/status: a file of the kernel's proc file system, not a credential report file\n",
    ]);
  });

  it("--credential-report - never writes its report over the file the shell redirected to stdin; a pipe is no file", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir, file } = await sandbox(onTestFinished);
    const input = await file("report.csv", FILE_REPORT);
    const scan = '"$NODE" "$BIN" scan --no-history -o csv --credential-report -';
    const over = await bashIn(dir, `${scan} --output-file "$INPUT" < "$INPUT"`, { INPUT: input });
    expect([over.code, over.stdout, over.stderr]).toEqual([
      2,
      "",
      `cloudpatrol: --output-file ${input} is the --credential-report file /dev/stdin: refusing to overwrite a file scan reads; choose another --output-file.\n`,
    ]);
    expect(await readFile(input, "utf8")).toBe(FILE_REPORT);
    // Through a pipe the same file is no input of this run: written as asked.
    const piped = await bashIn(dir, `cat "$INPUT" | ${scan} --output-file "$INPUT"`, { INPUT: input });
    expect(piped.code).toBe(3);
    expect((await readFile(input, "utf8")).startsWith("scan_started_at,account_id,")).toBe(true);
  });

  it("a reader that closes stdout early still sees the scan's exit code; a full stdout is one line and exit 1", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir } = await sandbox(onTestFinished);
    const scan = `"$NODE" "$BIN" scan --credential-report "${join(ROOT, "examples/credential-report.csv")}" --no-history -o json`;
    // The JSON report is ~230 KB: far more than a pipe holds, so the writer meets the closed pipe.
    const early = await bashIn(dir, `set -o pipefail; ${scan} | head -c 10 > /dev/null`);
    expect([early.code, early.stderr]).toEqual([3, ""]);
    const clean = await bashIn(dir, `set -o pipefail; ${scan} --fail-on none | head -c 10 > /dev/null`);
    expect([clean.code, clean.stderr]).toEqual([0, ""]);
    const full = await bashIn(dir, `${scan} > /dev/full`);
    expect([full.code, full.stderr]).toEqual([
      1,
      "cloudpatrol: cannot write to standard output: ENOSPC: no space left on device, write\n",
    ]);
  });

  it("an empty pipe is an empty input whether given as -, /dev/stdin or <(command)", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir } = await sandbox(onTestFinished);
    const bash = (script: string) => bashIn(dir, script);
    const scan = '"$NODE" "$BIN" scan --no-history --credential-report';
    const empty = ": empty input: expected a credential report header starting with user,arn,...\n";
    for (const [script, source] of [
      [`printf '' | ${scan} -`, "stdin"],
      [`printf '' | ${scan} /dev/stdin`, "/dev/stdin"],
      [`${scan} <(printf '')`, "/dev/fd/63"],
    ] as const) {
      const run = await bash(script);
      expect([script, run.code, run.stdout, run.stderr]).toEqual([
        script,
        2,
        "",
        `cloudpatrol: ${source}, line 1${empty}`,
      ]);
    }
  });

  it("--output-file /dev/fd/3 with 3> or 3>> a file writes into that file, appending for >>", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir, file } = await sandbox(onTestFinished);
    const input = await file("report.csv", FILE_REPORT);
    await file("appended.md", "earlier\n");
    const scan =
      '"$NODE" "$BIN" scan --no-history -o md --credential-report "$INPUT" --output-file /dev/fd/3';
    const truncated = await bashIn(dir, `${scan} 3> written.md`, { INPUT: input });
    const appended = await bashIn(dir, `${scan} 3>> appended.md`, { INPUT: input });
    expect([truncated.code, truncated.stdout, truncated.stderr]).toEqual([3, "", ""]);
    expect([appended.code, appended.stdout, appended.stderr]).toEqual([3, "", ""]);
    // The two runs differ only in their start time.
    const stable = async (name: string) =>
      (await readFile(join(dir, name), "utf8")).replace(/^Scan started \S+ /m, "Scan started T ");
    const report = await stable("written.md");
    expect(report.startsWith("## cloudpatrol: CIS AWS Foundations scan of 111122223333\n")).toBe(true);
    expect(await stable("appended.md")).toBe(`earlier\n${report}`);
    expect((await readdir(dir)).sort()).toEqual(["appended.md", "report.csv", "written.md"]);
  });

  it("exits 3 on a FAIL, 0 without one, and 0 with --fail-on none", async ({ expect, onTestFinished }) => {
    const { cli, file } = await sandbox(onTestFinished);
    const failing = await file("report.csv", FILE_REPORT);
    const clean = await file("clean.csv", CLEAN_REPORT);

    // Parallel scans of one file: without --no-history, whichever records second would add "FAIL since".
    const rule = ["--rule", "iam_user_no_access_key_at_setup", "--no-history"];
    const [fails, passes, none] = await Promise.all([
      cli(["scan", ...rule, "--credential-report", failing]),
      cli(["scan", ...rule, "--credential-report", clean]),
      cli(["scan", ...rule, "--credential-report", failing, "--fail-on", "none"]),
    ]);

    expect([fails.code, passes.code, none.code]).toEqual([3, 0, 0]);
    expect(fails.stdout.split("\n").slice(1)).toEqual([
      "Credential report generation time unknown (a bare CSV file carries none).",
      "",
      "FAIL (1)",
      "  FAIL medium  alice access key 1  [CIS v1.5.0 1.11]",
      "      alice has a console password and access key 1, created 1 second after the user (at initial setup), is active and has never been used.",
      "",
      "PASS (2)",
      "  PASS  bob  [CIS v1.5.0 1.11]",
      "      bob has a console password and access key 1 was last used 2024-04-01T08:00:00Z (s3).",
      "  PASS  carol  [CIS v1.5.0 1.11]",
      "      carol has no console password.",
      "",
      "3 findings: 1 FAIL, 0 ERROR, 0 MANUAL, 2 PASS",
      "",
    ]);
    expect(fails.stdout.split("\n")[0]).toMatch(
      new RegExp(`^cloudpatrol scan of account ${FILE_ACCOUNT} \\(credential report file, started .+Z\\)$`),
    );
    // --fail-on changes the exit code only, never the report.
    expect(none.stdout.split("\n").slice(1)).toEqual(fails.stdout.split("\n").slice(1));
    expect(passes.stdout).toContain("\n1 finding: 0 FAIL, 0 ERROR, 0 MANUAL, 1 PASS\n");
    for (const run of [fails, passes, none]) expect(run.stderr).toBe("");
  });

  it("reads the report from stdin with --credential-report -, as CSV and as get-credential-report JSON", async ({
    expect,
    onTestFinished,
  }) => {
    const { cli } = await sandbox(onTestFinished);
    const getCredentialReportJson = JSON.stringify({
      Content: Buffer.from(FILE_REPORT, "utf8").toString("base64"),
      ReportFormat: "text/csv",
      GeneratedTime: "2024-04-01T09:00:00+00:00",
    });
    const [csv, json] = await Promise.all([
      cli(["scan", "--rule", "iam_user_no_access_key_at_setup", "--credential-report", "-", "-o", "json"], {
        input: FILE_REPORT,
      }),
      cli(["scan", "--rule", "iam_user_no_access_key_at_setup", "--credential-report", "-", "-o", "json"], {
        input: getCredentialReportJson,
      }),
    ]);

    expect([csv.code, json.code]).toEqual([3, 3]);
    const fromCsv = JSON.parse(csv.stdout) as { scan: Record<string, unknown>; summary: unknown };
    const fromJson = JSON.parse(json.stdout) as { scan: Record<string, unknown>; summary: unknown };
    expect(fromCsv.scan).toMatchObject({
      source: "credential-report-file",
      accounts: [{ accountId: FILE_ACCOUNT, partition: "aws" }],
      credentialReportGeneratedAt: null,
      credentialReportAgeSeconds: null,
    });
    expect(fromJson.scan.credentialReportGeneratedAt).toBe("2024-04-01T09:00:00Z");
    expect(fromCsv.summary).toEqual({ PASS: 2, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0, total: 3 });
    expect(fromJson.summary).toEqual({ PASS: 2, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0, total: 3 });
  });

  it("writes --output-file and leaves stdout empty", async ({ expect, onTestFinished }) => {
    const { dir, cli, file } = await sandbox(onTestFinished);
    const input = await file("report.csv", FILE_REPORT);
    const output = join(dir, "findings.json");

    const run = await cli([
      "scan",
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--credential-report",
      input,
      "--output",
      "json",
      "--output-file",
      output,
    ]);

    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("");
    const document = JSON.parse(await readFile(output, "utf8")) as { findings: unknown[]; summary: unknown };
    expect(document.findings).toHaveLength(3);
    expect(document.summary).toEqual({ PASS: 2, FAIL: 1, MANUAL: 0, ERROR: 0, muted: 0, total: 3 });
  });

  it("replaces an existing --output-file whole (no temporary file left) and writes a device in place", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir, cli, file } = await sandbox(onTestFinished);
    const input = await file("report.csv", FILE_REPORT);
    const output = await file("findings.json", "an older report\n");
    const rule = ["--rule", "iam_user_no_access_key_at_setup", "--no-history", "--credential-report", input];
    const run = await cli(["scan", ...rule, "-o", "json", "--output-file", output]);
    expect(run.code).toBe(3);
    expect((JSON.parse(await readFile(output, "utf8")) as { findings: unknown[] }).findings).toHaveLength(3);
    expect((await readdir(dir)).sort()).toEqual(["findings.json", "report.csv"]);
    // `-` is standard output, not a file named "-".
    const dash = await cli(["scan", ...rule, "-o", "json", "--output-file", "-"]);
    expect(dash.code).toBe(3);
    expect((JSON.parse(dash.stdout) as { findings: unknown[] }).findings).toHaveLength(3);
    expect((await readdir(dir)).sort()).toEqual(["findings.json", "report.csv"]);
    // A named pipe (like /dev/stdout on a terminal) is written in place, never renamed over.
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const reader = readFile(fifo, "utf8");
    const toPipe = await cli(["scan", ...rule, "-o", "json", "--output-file", fifo]);
    expect(toPipe.code).toBe(3);
    expect((JSON.parse(await reader) as { findings: unknown[] }).findings).toHaveLength(3);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it("exits 1 (an I/O error, with the OS reason) when --output-file cannot be written; 2 before scanning when it is a directory or its directory is missing", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir, cli, file } = await sandbox(onTestFinished);
    const input = await file("report.csv", FILE_REPORT);
    const missing = join(dir, "no-such-dir", "findings.json");
    const early = await cli(["scan", "--credential-report", input, "--output-file", missing]);
    expect(early.code).toBe(2);
    expect(early.stderr).toBe(
      `cloudpatrol: --output-file ${missing}: the directory ${join(dir, "no-such-dir")} does not exist.\n`,
    );

    const underFile = await cli([
      "scan",
      "--credential-report",
      input,
      "--output-file",
      join(input, "x.json"),
    ]);
    expect([underFile.code, underFile.stderr]).toEqual([
      2,
      `cloudpatrol: --output-file ${join(input, "x.json")}: ${input} is a file, not a directory.\n`,
    ]);

    // --output-dir is made after the scan: a file on its way is refused before it.
    const dirUnderFile = await cli([
      "scan",
      "--credential-report",
      input,
      "--output-dir",
      join(input, "sub"),
    ]);
    expect([dirUnderFile.code, dirUnderFile.stderr]).toEqual([
      2,
      `cloudpatrol: --output-dir ${join(input, "sub")}: ${input} is a file, not a directory.\n`,
    ]);

    // A file of /proc or /sys is refused before the scan, as --output-dir there is (writing it fails).
    for (const [args, option, path, system] of [
      [
        ["scan", "--no-history", "--credential-report", input],
        "--output-file",
        "/proc/self/findings.json",
        "proc",
      ],
      [
        ["scan", "--no-history", "--credential-report", input],
        "--output-file",
        "/sys/kernel/findings.json",
        "sys",
      ],
      [["collect"], "--out", "/proc/self/snapshot.json", "proc"],
      [["deploy", "template"], "--output-file", "/sys/kernel/template.json", "sys"],
    ] as const) {
      const pseudo = await cli([...args, option, path]);
      expect([pseudo.code, pseudo.stdout, pseudo.stderr]).toEqual([
        2,
        "",
        `cloudpatrol: ${option} ${path}: a file of the kernel's ${system} file system: choose another\n`,
      ]);
    }

    const directory = await cli(["scan", "--credential-report", input, "--output-file", dir]);
    expect(directory.code).toBe(2);
    expect(directory.stderr).toBe(`cloudpatrol: --output-file ${dir} is a directory: give a file path.\n`);

    // A full disk (/dev/full always is): exit 1 with the OS reason.
    const run = await cli([
      "scan",
      "--credential-report",
      input,
      "--output-file",
      "/dev/full",
      "--no-history",
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "cloudpatrol: cannot write --output-file /dev/full: ENOSPC: no space left on device\n",
    );
  });

  it("prints no ANSI escapes when stdout is not a TTY or NO_COLOR is set, and colours only when forced", async ({
    expect,
    onTestFinished,
  }) => {
    const { cli, file } = await sandbox(onTestFinished);
    const input = await file("report.csv", FILE_REPORT);
    // --no-history: parallel scans of one file would otherwise add "FAIL since" lines to some of them.
    const args = ["scan", "--credential-report", input, "--no-history"];
    const [plain, forced, noColor] = await Promise.all([
      cli(args),
      cli(args, { env: { FORCE_COLOR: "1" } }),
      cli(args, { env: { FORCE_COLOR: "1", NO_COLOR: "1" } }),
    ]);
    expect(plain.stdout).not.toContain(ESC);
    // NO_COLOR wins even over FORCE_COLOR.
    expect(noColor.stdout).not.toContain(ESC);
    // The check above can fail: forcing colour does put escapes in the same report.
    expect(forced.stdout).toContain(`${ESC}[31mFAIL${ESC}[39m`);
    expect(
      forced.stdout
        .replace(new RegExp(`${ESC}\\[\\d+m`, "g"), "")
        .split("\n")
        .slice(1),
    ).toEqual(plain.stdout.split("\n").slice(1));
  });

  it("escapes a control character in a user name in the text output", async ({ expect, onTestFinished }) => {
    const { cli, file } = await sandbox(onTestFinished);
    const input = await file(
      "evil.csv",
      report(
        rootRow(),
        userRow(`ev${ESC}[2Jil`, { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:01Z") }),
      ),
    );

    const text = await cli(["scan", "--credential-report", input], { env: { FORCE_COLOR: "1" } });

    expect(text.code).toBe(3);
    expect(text.stdout).not.toContain(`${ESC}[2J`);
    expect(text.stdout).toContain("  ev\\u001b[2Jil access key 1  ");
    expect(text.stdout).toContain("\n      ev\\u001b[2Jil has a console password and access key 1,");
  });
});

describe("usage and input errors", () => {
  it("exits 2 on a malformed CSV, naming file, line and column, without a stack trace", async ({
    expect,
    onTestFinished,
  }) => {
    const { cli, file } = await sandbox(onTestFinished);
    const input = await file(
      "bad.csv",
      report(rootRow(), userRow("alice", CONSOLE_USER), userRow("bob", { password_enabled: "maybe" })),
    );

    const run = await cli(["scan", "--credential-report", input]);

    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `cloudpatrol: ${input}, line 4, column 4: password_enabled: expected true, false, not_supported or N/A, found "maybe"\n`,
    );
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("exits 2 on a missing file", async ({ expect, onTestFinished }) => {
    const { dir, cli } = await sandbox(onTestFinished);
    const missing = join(dir, "missing.csv");
    const run = await cli(["scan", "--credential-report", missing]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`cloudpatrol: ${missing}: cannot read the credential report (ENOENT)\n`);
  });

  it("exits 2 on an unknown option or a bad option value", async ({ expect, onTestFinished }) => {
    const { cli } = await sandbox(onTestFinished);
    const [unknown, badFormat] = await Promise.all([
      cli(["scan", "--bogus"]),
      cli(["scan", "--output", "bogus-format"]),
    ]);
    expect([unknown.code, badFormat.code]).toEqual([2, 2]);
    expect(unknown.stderr.split("\n")[0]).toBe("cloudpatrol: unknown option '--bogus'");
    // The list of choices grows with the output formats; it always starts with text, json.
    expect(badFormat.stderr.split("\n")[0]).toMatch(
      /^cloudpatrol: option '-o, --output <format>' argument 'bogus-format' is invalid\. Allowed choices are text, json(, [a-z-]+)*\.$/,
    );
    for (const run of [unknown, badFormat]) {
      expect(run.stdout).toBe("");
      expect(run.stderr).not.toMatch(STACK_FRAME);
    }
  });

  it("shows help with examples and exits 0", async ({ expect, onTestFinished }) => {
    const { cli } = await sandbox(onTestFinished);
    const [scanHelp, rootHelp] = await Promise.all([cli(["scan", "--help"]), cli(["--help"])]);
    expect(scanHelp.code).toBe(0);
    expect(scanHelp.stdout.startsWith("Usage: cloudpatrol scan [options]\n")).toBe(true);
    expect(scanHelp.stdout).toContain(
      "\nExamples:\n  cloudpatrol scan                                      # the account of the default credentials\n",
    );
    expect(scanHelp.stdout).toContain(
      "  aws iam get-credential-report | cloudpatrol scan --credential-report -\n",
    );
    expect(rootHelp.code).toBe(0);
    expect(rootHelp.stdout).toContain("\nExamples:\n");
    expect(rootHelp.stdout).toContain("cloudpatrol scan --credential-report report.csv");
  });
});
