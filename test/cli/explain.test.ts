/**
 * `cloudpatrol explain` as a user runs it: the BUILT bin (`dist/cli/main.js`) as a child process,
 * against the local AWS-compatible endpoint (live) and a credential report file written here (offline).
 * `beforeAll` builds `dist/` when it is missing or older than `src/`.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { CONSOLE_USER, neverUsedKey, report, rootRow, usedKey, userRow } from "../support/report-rows.js";

const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "dist/cli/main.js");
/** The caller's secret: it must never appear in any output. */
const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
/** Every stack frame line looks like this. */
const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

beforeAll(async () => {
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= (await newestMtime(join(ROOT, "src")))) return;
  try {
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      { cwd: ROOT },
    );
  } catch (error) {
    // tsc still emits when some other file has a type error (typecheck reports those); only a missing
    // bin stops these tests.
    if (!existsSync(BIN)) throw error;
  }
}, 120_000);

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

describe("cloudpatrol explain (live)", () => {
  it("prints the user's keys with ids, tags, whom to ask, the finding and prefilled commands", async () => {
    seedAlice();
    fake.addUser({ userName: "dave", createDate: "2024-01-01T00:00:00Z" });
    const run = await cli(["explain", "alice"]);
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
    // The finding names the old key (by id, or as report slot 2 with the id beside it), never the new one.
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
    expect(out).not.toContain(`--access-key-id ${NEW_KEY} --status`);
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
    expect(x.findings).toHaveLength(1);
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
