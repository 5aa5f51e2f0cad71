/**
 * `cloudpatrol scan --org / --accounts` as a user runs it: the BUILT bin against the local Organization
 * (test/support/fake-org.ts). stderr is a pipe here, so progress is one plain line per account.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { setupKeyUser } from "../support/fake-aws.js";
import { type FakeOrg, startFakeOrg } from "../support/fake-org.js";

const MANAGEMENT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const SUSPENDED = "444444444444";
const RULE = ["--rule", "iam_user_no_access_key_at_setup"];

beforeAll(ensureBuilt, 120_000);

let org: FakeOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

async function startOrg(options: Parameters<typeof startFakeOrg>[0]): Promise<FakeOrg> {
  org = await startFakeOrg(options);
  for (const id of org.accountIds) {
    org.account(id).addUser(setupKeyUser("alice"));
  }
  return org;
}

function env(fake: FakeOrg): Record<string, string> {
  return { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "5" };
}

const PROGRESS =
  /^\[(\d+)\/(\d+)\] account (\d{12})(?: \(([^)]*)\))?: (completed|failed) in \d+\.\d s, (\d+) API calls?; (\d+) FAIL, (\d+) ERROR, (\d+) MANUAL, (\d+) PASS(?:: (.*))?$/;

describe("cloudpatrol scan --org", () => {
  it("scans the 3 ACTIVE accounts, ERROR findings for the one whose role is denied, writes every report, exits 1", async ({
    onTestFinished,
  }) => {
    const fake = await startOrg({
      pageSize: 2,
      members: [
        { id: PROD, name: "prod" },
        { id: DEV, name: "dev" },
        { id: SUSPENDED, name: "gone", status: "SUSPENDED" },
      ],
    });
    fake.denyAssumeRole(DEV);
    const dir = await tempDir(onTestFinished);
    const run = await cli(
      dir,
      ["scan", "--org", ...RULE, "--output", "json,text", "--output-dir", "out", "--no-history"],
      env(fake),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");

    const files = (await readdir(join(dir, "out"))).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^cloudpatrol-multi-\d{8}T\d{6}Z\.json$/);
    expect(files[1]).toMatch(/^cloudpatrol-multi-\d{8}T\d{6}Z\.txt$/);

    const json = JSON.parse(await readFile(join(dir, "out", files[0] as string), "utf8"));
    const calls = (id: string) => {
      const seen = fake.account(id).counts();
      // The management account also answered the run's own GetCallerIdentity.
      if (id === MANAGEMENT) seen.GetCallerIdentity = (seen.GetCallerIdentity ?? 0) - 1;
      const service = (action: string) => (action === "GetCallerIdentity" ? "sts" : "iam");
      return Object.fromEntries([
        ...(id === MANAGEMENT ? [] : [["sts:AssumeRole", 1]]),
        ...Object.entries(seen).map(([action, n]) => [`${service(action)}:${action}`, n]),
      ]);
    };
    const denied =
      `sts:AssumeRole failed in account ${DEV}: AccessDenied: User: arn:aws:iam::${MANAGEMENT}:user/auditor is not authorized ` +
      `to perform: sts:AssumeRole on resource: arn:aws:iam::${DEV}:role/CloudPatrolAudit (role arn:aws:iam::${DEV}:role/CloudPatrolAudit). ` +
      `The caller lacks the IAM permission sts:AssumeRole on arn:aws:iam::${DEV}:role/CloudPatrolAudit.`;
    const generated = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const duration = expect.any(Number);
    expect(json.scan.accounts).toEqual([
      {
        accountId: MANAGEMENT,
        partition: "aws",
        apiCalls: calls(MANAGEMENT),
        name: "management",
        outcome: "completed",
        durationMs: duration,
        credentialReportGeneratedAt: generated,
      },
      {
        accountId: PROD,
        partition: "aws",
        apiCalls: calls(PROD),
        name: "prod",
        outcome: "completed",
        durationMs: duration,
        credentialReportGeneratedAt: generated,
      },
      {
        accountId: DEV,
        partition: "aws",
        apiCalls: { "sts:AssumeRole": 1 },
        name: "dev",
        outcome: "failed",
        error: denied,
        durationMs: duration,
        credentialReportGeneratedAt: null,
      },
    ]);
    expect(
      json.findings.map((f: { accountId: string; status: string }) => `${f.accountId} ${f.status}`),
    ).toEqual([`${MANAGEMENT} FAIL`, `${PROD} FAIL`, `${DEV} ERROR`]);
    expect(json.summary).toEqual({ PASS: 0, FAIL: 2, MANUAL: 0, ERROR: 1, muted: 0, total: 3 });

    const text = await readFile(join(dir, "out", files[1] as string), "utf8");
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^cloudpatrol scan of 3 accounts \(live, started .*Z\)$/);
    expect(lines[1]).toMatch(/^Oldest credential report generated /);
    expect(lines.slice(2, 7)).toEqual([
      "",
      "ACCOUNT       NAME        OUTCOME    PASS  FAIL  MANUAL  ERROR  WORST",
      "111111111111  management  completed     0     1       0      0  medium",
      "222222222222  prod        completed     0     1       0      0  medium",
      "333333333333  dev         failed        0     0       0      1  -",
    ]);
    // The table comes before the details, and each detail line names its account.
    expect(text.indexOf("ACCOUNT  ")).toBeLessThan(text.indexOf("FAIL (2)"));
    expect(text).toContain(`  FAIL medium  ${PROD}  AKIAFAKE000000000001  `);
    expect(text).toContain(`  ERROR medium  ${DEV}  ${DEV}  `);

    const progress = run.stderr.split("\n").filter((line) => line.startsWith("["));
    expect(progress).toHaveLength(3);
    const parsed = progress.map((line) => line.match(PROGRESS));
    expect(parsed.every((match) => match !== null)).toBe(true);
    expect(parsed.map((match) => `${match?.[3]} ${match?.[4]} ${match?.[5]}`).sort()).toEqual(
      [`${MANAGEMENT} management completed`, `${PROD} prod completed`, `${DEV} dev failed`].sort(),
    );
    expect(parsed.map((match) => match?.[1]).sort()).toEqual(["1", "2", "3"]);
    expect(progress.find((line) => line.includes(DEV))).toContain(
      `0 FAIL, 1 ERROR, 0 MANUAL, 0 PASS: ${denied}`,
    );
    expect(run.stderr).toContain(`wrote ${join("out", files[0] as string)}`);
    expect(run.stderr).toContain(`wrote ${join("out", files[1] as string)}`);
  });

  it("--accounts with --concurrency 4: 12 accounts, never more than 4 in flight; stdout holds only the JSON, progress goes to stderr", async ({
    onTestFinished,
  }) => {
    const ids = Array.from({ length: 12 }, (_, i) => String(600000000000 + i));
    const fake = await startOrg({ members: ids.map((id) => ({ id })) });
    const dir = await tempDir(onTestFinished);
    const run = await cli(
      dir,
      [
        "scan",
        "--accounts",
        [...ids, PROD].join(","),
        "--exclude-accounts",
        PROD,
        "--concurrency",
        "4",
        ...RULE,
        "--output",
        "json",
        "--no-history",
      ],
      env(fake),
    );
    expect(run.code).toBe(3);
    const json = JSON.parse(run.stdout);
    expect(
      json.scan.accounts.map((a: { accountId: string; outcome: string }) => `${a.accountId} ${a.outcome}`),
    ).toEqual(ids.map((id) => `${id} completed`));
    expect(fake.peakAccountsInFlight([MANAGEMENT])).toBe(4);
    const stderrLines = run.stderr.split("\n").filter((line) => line !== "");
    expect(stderrLines).toHaveLength(12);
    for (const line of stderrLines) expect(line).toMatch(PROGRESS);
    expect(run.stdout).not.toContain("[1/12]");
  });

  it("exits 2 on a bad account id or --concurrency, or multi-account options alone, before any AWS call", async ({
    onTestFinished,
  }) => {
    const fake = await startOrg({});
    const dir = await tempDir(onTestFinished);
    const bad = await cli(dir, ["scan", "--accounts", "12345"], env(fake));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("12-digit");
    const zero = await cli(dir, ["scan", "--org", "--concurrency", "0"], env(fake));
    expect(zero.code).toBe(2);
    const file = await cli(dir, ["scan", "--org", "--credential-report", "x.csv"], env(fake));
    expect(file.code).toBe(2);
    const stray = await cli(dir, ["scan", "--role-name", "Audit", "--concurrency", "2"], env(fake));
    expect(stray.code).toBe(2);
    expect(stray.stderr).toContain(
      "--role-name, --concurrency apply to several accounts: add --org or --accounts.",
    );
    const one = await cli(dir, ["scan", "--concurrency", "2"], env(fake));
    expect([one.code, one.stderr]).toEqual([
      2,
      "cloudpatrol: --concurrency applies to several accounts: add --org or --accounts.\n",
    ]);
    expect(fake.requestsPerAccount()).toEqual({});
  });

  const ROLE_NAME_FORM =
    "--role-name takes an IAM role name, 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -, optionally after a path (audit/CloudPatrolAudit).";
  const SESSION_FORM =
    "--role-session-name takes 2 to 64 characters of A-Z a-z 0-9 + = , . @ _ - (AssumeRole's RoleSessionName).";
  const EXTERNAL_ID_FORM =
    "--external-id takes 2 to 1224 characters of A-Z a-z 0-9 + = , . @ : / _ - (AssumeRole's ExternalId).";
  // A value longer than 120 characters is echoed cut, as quoteExcerpt cuts it.
  const echoed = (value: string) =>
    value.length > 120 ? `"${value.slice(0, 120)}…" (${value.length} characters)` : `'${value}'`;
  const LEADING_SLASH =
    "--role-name takes the path without a leading /, as the role's ARN writes it after role/: audit/CloudPatrolAudit, not /audit/CloudPatrolAudit.";
  const EMPTY_SEGMENT =
    "--role-name has an empty path segment (//): write each part of the path once, between single slashes (audit/CloudPatrolAudit).";
  const DOT_SEGMENT =
    "--role-name has a . or .. path segment: a role's path is matched as written, never resolved; name the path itself (audit/CloudPatrolAudit).";
  it.for([
    ["--role-session-name", "s".repeat(65), SESSION_FORM],
    ["--role-session-name", "bad name!", SESSION_FORM],
    ["--role-session-name", "x", SESSION_FORM],
    ["--external-id", "", EXTERNAL_ID_FORM],
    ["--external-id", "x", EXTERNAL_ID_FORM],
    ["--external-id", "e".repeat(1225), EXTERNAL_ID_FORM],
    ["--external-id", "has space", EXTERNAL_ID_FORM],
    ["--role-name", "r".repeat(65), ROLE_NAME_FORM],
    ["--role-name", "", ROLE_NAME_FORM],
    ["--role-name", "audit/", ROLE_NAME_FORM],
    ["--role-name", "a b/Audit", ROLE_NAME_FORM],
    [
      "--role-name",
      `${"p".repeat(511)}/Audit`,
      "--role-name has a path of 513 characters, its slashes included; IAM allows at most 512.",
    ],
    ["--role-name", "/Audit", LEADING_SLASH],
    ["--role-name", "/audit/Audit", LEADING_SLASH],
    ["--role-name", "a//b", EMPTY_SEGMENT],
    ["--role-name", "audit//Audit", EMPTY_SEGMENT],
    ["--role-name", "../x", DOT_SEGMENT],
    ["--role-name", "a/./b", DOT_SEGMENT],
    ["--role-name", "a/../b", DOT_SEGMENT],
    [
      "--role-name",
      "arn:aws:iam::222222222222:role/Audit",
      "--role-name takes the role's name (the role is assumed in each account), not an ARN: e.g. CloudPatrolAudit or audit/CloudPatrolAudit.",
    ],
  ])(
    "%s (value %#) is refused while parsing: exit 2, no AWS call",
    async ([flag, value, form], { onTestFinished }) => {
      const fake = await startOrg({ members: [{ id: PROD }] });
      const dir = await tempDir(onTestFinished);
      const run = await cli(
        dir,
        ["scan", "--org", ...RULE, "--no-history", flag as string, value as string],
        env(fake),
      );
      expect([run.code, run.stdout, run.stderr]).toEqual([
        2,
        "",
        `cloudpatrol: option '${flag} <${flag === "--external-id" ? "id" : "name"}>' argument ${echoed(value as string)} is invalid. ${form}\n`,
      ]);
      expect(fake.requestsPerAccount()).toEqual({});
    },
  );

  it("the longest forms AWS accepts, and a role name after a path, reach AssumeRole as written", async ({
    onTestFinished,
  }) => {
    const role = `${"p".repeat(510)}/${"R".repeat(64)}`;
    const fake = await startOrg({ members: [{ id: PROD }], roleName: role });
    const session = `s=,.@_-${"s".repeat(57)}`;
    const externalId = `e:/+=,.@_-${"e".repeat(1214)}`;
    fake.requireExternalId(externalId);
    const dir = await tempDir(onTestFinished);
    const run = await cli(
      dir,
      [
        "scan",
        "--org",
        ...RULE,
        "--no-history",
        "--output",
        "json",
        "--role-name",
        role,
        "--role-session-name",
        session,
        "--external-id",
        externalId,
      ],
      env(fake),
    );
    const member = run.stderr.split("\n").filter((line) => line.includes(PROD));
    expect(member).toHaveLength(1);
    expect(member[0]).toMatch(
      /^\[[12]\/2\] account 222222222222 \(member-222222222222\): completed in \d+\.\d s, 10 API calls; 1 FAIL, 0 ERROR, 0 MANUAL, 0 PASS$/,
    );
    expect(fake.assumeRoleRequests).toEqual([
      { roleArn: `arn:aws:iam::${PROD}:role/${role}`, sessionName: session, externalId, accountId: PROD },
    ]);
    expect(JSON.parse(run.stdout).findings.filter((f: { status: string }) => f.status === "ERROR")).toEqual(
      [],
    );
  });

  it("--org --accounts naming no ACTIVE account: exit 2, and the error names the accounts that are not", async ({
    onTestFinished,
  }) => {
    const fake = await startOrg({ members: [{ id: PROD }] });
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["scan", "--org", "--accounts", "999999999999", ...RULE], env(fake));
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      "",
      "cloudpatrol: no account left to scan: account 999999999999 of --accounts is not an ACTIVE account of the Organization (check --org, --accounts and --exclude-accounts).\n",
    ]);
  });
});
