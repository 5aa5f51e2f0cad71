/**
 * `cloudpatrol explain` as a user runs it: the BUILT bin (`dist/cli/main.js`) as a child process,
 * against the local AWS-compatible endpoint (live) and a credential report file written here (offline).
 * `beforeAll` builds `dist/` when it is missing or older than `src/`.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureBuilt } from "../support/built-bin.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { CONSOLE_USER, neverUsedKey, report, rootRow, usedKey, userRow } from "../support/report-rows.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "dist/cli/main.js");
/** The caller's secret: it must never appear in any output. */
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/** Every stack frame line looks like this. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

beforeAll(ensureBuilt, 120_000);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let dir: string;
let fake: FakeAws;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cloudpatrol-explain-"));
  fake = await startFakeAws();
  fake.report.generateCallsUntilComplete = 0;
});

afterEach(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

/** Runs the bin with fake credentials, no shared config files, fast retries and polls. */
function cli(args: readonly string[]): Promise<Run> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_REGION: "us-east-1",
    AWS_ENDPOINT_URL: fake.endpoint,
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    AWS_EC2_METADATA_DISABLED: "true",
    CLOUDPATROL_RETRY_BASE_MS: "1",
    CLOUDPATROL_REPORT_POLL_MS: "1",
  };
  return new Promise((resolvePromise, reject) => {
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
    child.on("close", (code) => {
      expect(stdout + stderr).not.toContain(SECRET);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end();
  });
}

const OLD_KEY = "AKIAFAKEOLD000000001";
const NEW_KEY = "AKIAFAKENEW000000002";

/** alice: console user; slot 1 the newer, used key; slot 2 the older, never-used key made at setup. */
function seedAlice(userName = "alice"): void {
  fake.addUser({
    userName,
    createDate: "2024-03-01T10:00:00Z",
    tags: [
      { Key: "owner", Value: "bob@example.com" },
      { Key: "cost-center", Value: "42" },
    ],
    loginProfile: { createDate: "2024-03-01T10:00:01Z", passwordLastUsed: "2024-05-20T08:00:00Z" },
    accessKeys: [
      {
        accessKeyId: NEW_KEY,
        createDate: "2024-04-01T00:00:00Z",
        lastUsed: { date: "2024-05-01T12:00:00Z", serviceName: "s3", region: "eu-west-1" },
      },
      { accessKeyId: OLD_KEY, createDate: "2024-03-01T10:00:02Z" },
    ],
  });
}

/** Whole days from `iso` to `at` (ms): how the rules age a credential against the scan time (floor). */
function daysAgo(iso: string, at: number): number {
  return Math.floor((at - Date.parse(iso)) / 86_400_000);
}

/**
 * The Findings section of `explain alice` (seeded by {@link seedAlice}) for a scan at `at`: every finding
 * the default rules make on alice, FAIL first, then in rule order. 1.11: the old key was made 2 s after
 * the user and never used. 1.10: a console password and no MFA device. 1.12: the password (last used
 * 2024-05-20), the new key (last used 2024-05-01) and the never-used old key are all unused for 45 days
 * or more, and for 90 days or more (v1.2.0 1.3 / v1.3.0 1.12, the 90-day rule). 1.13: two active keys. 1.14: both active keys are older than 90 days. 1.15: no policy of her
 * own and no group (PASS).
 */
function aliceFindings(at: number): string {
  const ago = (iso: string) => `${daysAgo(iso, at)} days ago`;
  return [
    "Findings",
    `  FAIL  medium  iam_user_no_access_key_at_setup  ${OLD_KEY}`,
    `    alice has a console password and access key ${OLD_KEY}, created 2 seconds after the user (at initial setup), is active and has never been used.`,
    "    Fix with the AWS CLI:",
    "      aws iam list-access-keys --user-name alice",
    `      aws iam get-access-key-last-used --access-key-id ${OLD_KEY}`,
    `      aws iam update-access-key --access-key-id ${OLD_KEY} --status Inactive --user-name alice`,
    `      aws iam delete-access-key --access-key-id ${OLD_KEY} --user-name alice`,
    "    Fix in the console:",
    "      1. Open the IAM console and choose Users, then the user named in the finding.",
    "      2. On the Security credentials tab, find the access key named in the finding (created at the time shown, last used: N/A).",
    "      3. Choose Actions → Deactivate, confirm, and check with the owner that nothing broke.",
    "      4. After a quarantine period, choose Actions → Delete for that key.",
    "  FAIL  high  iam_user_console_mfa_enabled  alice",
    "    alice has a console password and no MFA device.",
    "    Fix with the AWS CLI:",
    "      aws iam create-virtual-mfa-device --virtual-mfa-device-name alice --outfile alice.png --bootstrap-method QRCodePNG",
    "      aws iam enable-mfa-device --user-name alice --serial-number <serial-number> --authentication-code1 <code1> --authentication-code2 <code2>",
    "      aws iam delete-login-profile --user-name alice   # if the user needs no console access",
    "    Fix in the console:",
    "      1. Open the IAM console, choose Users and the user named in the finding.",
    "      2. On the Security credentials tab, under Multi-factor authentication (MFA), choose Assign MFA device and follow the prompts.",
    "      3. Or, if the user does not need the console, choose Manage console access → Disable.",
    "  FAIL  medium  iam_user_unused_credentials_disabled  alice console password",
    `    alice's console password was last used ${ago("2024-05-20T08:00:00Z")} (2024-05-20T08:00:00Z), 45 days or more: disable it.`,
    ...unusedFix(null),
    `  FAIL  medium  iam_user_unused_credentials_disabled  ${NEW_KEY}`,
    `    alice's active access key ${NEW_KEY} was last used ${ago("2024-05-01T12:00:00Z")} (2024-05-01T12:00:00Z), 45 days or more: deactivate it.`,
    ...unusedFix(NEW_KEY),
    `  FAIL  medium  iam_user_unused_credentials_disabled  ${OLD_KEY}`,
    `    alice's active access key ${OLD_KEY} was never used since it was created ${ago("2024-03-01T10:00:02Z")} (2024-03-01T10:00:02Z), 45 days or more: deactivate it.`,
    ...unusedFix(OLD_KEY),
    "  FAIL  medium  iam_user_unused_credentials_90_disabled  alice console password",
    `    alice's console password was last used ${ago("2024-05-20T08:00:00Z")} (2024-05-20T08:00:00Z), 90 days or more: disable it.`,
    ...unusedFix(null),
    `  FAIL  medium  iam_user_unused_credentials_90_disabled  ${NEW_KEY}`,
    `    alice's active access key ${NEW_KEY} was last used ${ago("2024-05-01T12:00:00Z")} (2024-05-01T12:00:00Z), 90 days or more: deactivate it.`,
    ...unusedFix(NEW_KEY),
    `  FAIL  medium  iam_user_unused_credentials_90_disabled  ${OLD_KEY}`,
    `    alice's active access key ${OLD_KEY} was never used since it was created ${ago("2024-03-01T10:00:02Z")} (2024-03-01T10:00:02Z), 90 days or more: deactivate it.`,
    ...unusedFix(OLD_KEY),
    "  FAIL  medium  iam_user_one_active_access_key  alice",
    `    alice has 2 active access keys (access key ${NEW_KEY}, access key ${OLD_KEY}): deactivate the one not in use.`,
    "    Fix with the AWS CLI:",
    "      aws iam list-access-keys --user-name alice",
    "      aws iam get-access-key-last-used --access-key-id <access-key-id>",
    "      aws iam update-access-key --user-name alice --access-key-id <unused-key-id> --status Inactive",
    "      aws iam delete-access-key --user-name alice --access-key-id <unused-key-id>",
    "    Fix in the console:",
    "      1. Open the IAM console, choose Users and the user named in the finding.",
    "      2. On the Security credentials tab, find which key is in use (Last used) and deactivate the other one.",
    "      3. After checking that nothing broke, delete the deactivated key.",
    `  FAIL  medium  iam_user_access_key_rotated  ${NEW_KEY}`,
    `    alice's access key ${NEW_KEY} is active and was created ${ago("2024-04-01T00:00:00Z")}, more than 90 days: rotate it.`,
    ...rotateFix,
    `  FAIL  medium  iam_user_access_key_rotated  ${OLD_KEY}`,
    `    alice's access key ${OLD_KEY} is active and was created ${ago("2024-03-01T10:00:02Z")}, more than 90 days: rotate it.`,
    ...rotateFix,
    "  PASS  low  iam_user_no_direct_policies  alice",
    "    alice has no policy of its own and is in no group.",
    "",
  ].join("\n");
}

/**
 * The fix of a 1.12 finding on alice: for her password, deleting it; for a key (`keyId`), deactivating
 * that key only (issue 16 item 12: never delete-login-profile for a key finding).
 */
function unusedFix(keyId: string | null): string[] {
  return [
    "    Fix with the AWS CLI:",
    keyId === null
      ? "      aws iam delete-login-profile --user-name alice"
      : `      aws iam update-access-key --user-name alice --access-key-id ${keyId} --status Inactive`,
    "    Fix in the console:",
    "      1. Open the IAM console, choose Users and the user named in the finding.",
    "      2. For a password: on the Security credentials tab choose Manage console access → Disable.",
    "      3. For an access key: choose Actions → Deactivate on the key named in the finding; delete it once nothing needs it.",
  ];
}

/** The fix of a 1.14 finding on alice. */
const rotateFix = [
  "    Fix with the AWS CLI:",
  "      aws iam create-access-key --user-name alice",
  "      aws iam update-access-key --user-name alice --access-key-id <old-key-id> --status Inactive",
  "      aws iam delete-access-key --user-name alice --access-key-id <old-key-id>",
  "    Fix in the console:",
  "      1. Open the IAM console, choose Users and the user named in the finding.",
  "      2. On the Security credentials tab, choose Create access key and give the new key to the application.",
  "      3. Once the old key's Last used stops changing, choose Actions → Deactivate on it, then Delete.",
];

describe("cloudpatrol explain (live)", () => {
  it("prints the user's keys with ids, tags, whom to ask, every finding and prefilled commands", async () => {
    seedAlice();
    fake.addUser({ userName: "dave", createDate: "2024-01-01T00:00:00Z" });
    const before = Date.now();
    const run = await cli(["explain", "alice"]);
    const after = Date.now();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out.split("\n")[0]).toMatch(
      /^IAM user alice in account 123456789012 \(read from AWS at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\)$/,
    );
    expect(out).toContain(
      [
        "Console password",
        "  created    2024-03-01T10:00:01Z (1 second after the user)",
        "  last used  2024-05-20T08:00:00Z",
        "",
        "MFA",
        "  none",
        "",
        "Access keys",
        `  ${OLD_KEY}  Active`,
        "    created    2024-03-01T10:00:02Z (2 seconds after the user)",
        "    last used  never",
        `  ${NEW_KEY}  Active`,
        "    created    2024-04-01T00:00:00Z (30 days after the user)",
        "    last used  2024-05-01T12:00:00Z (s3, eu-west-1)",
        "",
        "Tags",
        "  owner = bob@example.com",
        "  cost-center = 42",
        "",
        "Whom to ask",
        "  bob@example.com (tag owner)",
        "",
        "Findings",
        "  FAIL  medium  iam_user_no_access_key_at_setup  ",
      ].join("\n"),
    );
    // Every finding on alice, exactly. The scan ran between `before` and `after`: the ages in days are
    // those of one of the two (they differ only when a day boundary falls inside the run).
    const findings = out.slice(
      out.indexOf("\nFindings\n") + 1,
      out.indexOf("\n\nInspect with the AWS CLI\n") + 1,
    );
    expect(findings).toBe(aliceFindings(findings === aliceFindings(after) ? after : before));
    // The 1.11 finding names the old key (by id, or as report slot 2 with the id beside it), never the new one.
    const findingLine = out.split("\n").find((line) => line.startsWith("  FAIL  ")) ?? "";
    expect(findingLine).toContain(OLD_KEY);
    expect(findingLine).not.toContain(NEW_KEY);
    expect(out).toContain(
      [
        "    Fix with the AWS CLI:",
        "      aws iam list-access-keys --user-name alice",
        `      aws iam get-access-key-last-used --access-key-id ${OLD_KEY}`,
        `      aws iam update-access-key --access-key-id ${OLD_KEY} --status Inactive --user-name alice`,
        `      aws iam delete-access-key --access-key-id ${OLD_KEY} --user-name alice`,
      ].join("\n"),
    );
    expect(out).toContain(
      [
        "Inspect with the AWS CLI",
        "  aws iam get-user --user-name alice",
        "  aws iam get-login-profile --user-name alice",
        "  aws iam list-mfa-devices --user-name alice",
        "  aws iam list-access-keys --user-name alice",
        `  aws iam get-access-key-last-used --access-key-id ${OLD_KEY}`,
        `  aws iam get-access-key-last-used --access-key-id ${NEW_KEY}`,
        "  aws iam list-user-tags --user-name alice",
        "",
      ].join("\n"),
    );
    expect(out).not.toContain("dave");
    // Nothing in the 1.11 finding touches the new key (1.12 rightly deactivates it: unused for 45+ days).
    const setupFinding = findings.slice(0, findings.indexOf("\n  FAIL  high  iam_user_console_mfa_enabled"));
    expect(setupFinding).toContain("iam_user_no_access_key_at_setup");
    expect(setupFinding).not.toContain(NEW_KEY);
  });

  it("--output json: the explanation with exact key ids and commands", async () => {
    seedAlice();
    const run = await cli(["explain", "alice", "--output", "json"]);
    expect(run.code).toBe(0);
    const x = JSON.parse(run.stdout);
    expect(x.source).toBe("aws");
    expect(x.accountId).toBe("123456789012");
    expect(
      x.accessKeys.map((key: { accessKeyId: string; status: string }) => [key.accessKeyId, key.status]),
    ).toEqual([
      [OLD_KEY, "Active"],
      [NEW_KEY, "Active"],
    ]);
    expect(x.contacts).toEqual([{ key: "owner", value: "bob@example.com" }]);
    // Every finding on alice (see aliceFindings), with the key each one is about.
    expect(
      x.findings.map((finding: Record<string, unknown>) => [
        finding.ruleId,
        finding.status,
        finding.severity,
        finding.resourceName,
        finding.accessKeySlot,
        finding.accessKeyId,
      ]),
    ).toEqual([
      ["iam_user_no_access_key_at_setup", "FAIL", "medium", OLD_KEY, 2, OLD_KEY],
      ["iam_user_console_mfa_enabled", "FAIL", "high", "alice", null, null],
      ["iam_user_unused_credentials_disabled", "FAIL", "medium", "alice console password", null, null],
      ["iam_user_unused_credentials_disabled", "FAIL", "medium", NEW_KEY, 1, NEW_KEY],
      ["iam_user_unused_credentials_disabled", "FAIL", "medium", OLD_KEY, 2, OLD_KEY],
      ["iam_user_unused_credentials_90_disabled", "FAIL", "medium", "alice console password", null, null],
      ["iam_user_unused_credentials_90_disabled", "FAIL", "medium", NEW_KEY, 1, NEW_KEY],
      ["iam_user_unused_credentials_90_disabled", "FAIL", "medium", OLD_KEY, 2, OLD_KEY],
      ["iam_user_one_active_access_key", "FAIL", "medium", "alice", null, null],
      ["iam_user_access_key_rotated", "FAIL", "medium", NEW_KEY, 1, NEW_KEY],
      ["iam_user_access_key_rotated", "FAIL", "medium", OLD_KEY, 2, OLD_KEY],
      ["iam_user_no_direct_policies", "PASS", "low", "alice", null, null],
    ]);
    expect(x.findings).toHaveLength(12);
    expect(x.findings[0].status).toBe("FAIL");
    expect(x.findings[0].accessKeyId).toBe(OLD_KEY);
    expect(x.findings[0].fix.cli[2]).toBe(
      `aws iam update-access-key --access-key-id ${OLD_KEY} --status Inactive --user-name alice`,
    );
    expect(typeof x.credentialReportGeneratedAt).toBe("string");
  });

  it("shell-quotes an odd but valid user name in every command", async () => {
    seedAlice("=ops+dev@example.com");
    const run = await cli(["explain", "=ops+dev@example.com"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `      aws iam update-access-key --access-key-id ${OLD_KEY} --status Inactive --user-name '=ops+dev@example.com'\n`,
    );
    expect(run.stdout).toContain("  aws iam get-user --user-name '=ops+dev@example.com'\n");
  });

  it("an unknown user: a clear message naming user and account, exit 2, no stack trace, no scan", async () => {
    seedAlice();
    const run = await cli(["explain", "nobody"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe('cloudpatrol: No IAM user named "nobody" in account 123456789012.\n');
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(fake.counts()).toEqual({ GetCallerIdentity: 1, GetUser: 1 });
  });

  it("AccessDenied on ListUserTags: exit 1 naming the missing permission", async () => {
    seedAlice();
    fake.fail("ListUserTags", { code: "AccessDenied" });
    const run = await cli(["explain", "alice"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("iam:ListUserTags failed in account 123456789012: AccessDenied");
    expect(run.stderr).toContain("The caller lacks the IAM permission iam:ListUserTags.");
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });
});

describe("cloudpatrol explain --credential-report (offline)", () => {
  const CSV = report(
    rootRow(),
    userRow("alice", {
      ...CONSOLE_USER,
      ...usedKey(1, "2024-04-01T00:00:00Z", "2024-05-01T12:00:00Z", "s3", "eu-west-1"),
      ...neverUsedKey(2, "2024-03-01T10:00:02Z"),
    }),
    userRow("bob", { ...CONSOLE_USER, ...usedKey(1, "2024-03-01T10:00:01Z", "2024-04-01T08:00:00Z") }),
  );

  it("explains from the report row: slots, no ids, placeholders, and says what is missing", async () => {
    const path = join(dir, "report.csv");
    await writeFile(path, CSV);
    const run = await cli(["explain", "alice", "--credential-report", path]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("IAM user alice in account 111122223333 (from a credential report)\n");
    expect(run.stdout).toContain(
      [
        "Access keys",
        "  (id not in the credential report)  Active, report slot 1",
        "    created    2024-04-01T00:00:00Z (30 days after the user)",
        "    last used  2024-05-01T12:00:00Z (s3, eu-west-1)",
        "  (id not in the credential report)  Active, report slot 2",
        "    created    2024-03-01T10:00:02Z (2 seconds after the user)",
        "    last used  never",
        "",
        "Tags",
        "  unknown (not in the credential report)",
        "",
        "Findings",
        "  FAIL  medium  iam_user_no_access_key_at_setup  alice access key 2",
      ].join("\n"),
    );
    expect(run.stdout).toContain(
      "      aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name alice\n",
    );
    expect(run.stdout).toContain(
      "  - The credential report has no access key ids: find the id of access key 2 (created 2024-03-01T10:00:02Z) with aws iam list-access-keys (same creation time), or run cloudpatrol explain against the account.\n",
    );
    expect(fake.counts()).toEqual({});
  });

  it("an unknown user: exit 2 naming the user, the file and the account", async () => {
    const path = join(dir, "report.csv");
    await writeFile(path, CSV);
    const run = await cli(["explain", "carol", "--credential-report", path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      `cloudpatrol: No IAM user named "carol" in the credential report ${path} (account 111122223333).\n`,
    );
  });

  it("--help shows examples", async () => {
    const run = await cli(["explain", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: cloudpatrol explain [options] <user>");
    expect(run.stdout).toContain("cloudpatrol explain alice --credential-report report.csv");
  });
});
