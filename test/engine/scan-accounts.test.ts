/**
 * Multi-account scans through the library (`scan({ organization | accountIds })`) against the local
 * Organization (test/support/fake-org.ts): one FakeAws per account behind one routing endpoint.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { type ScanOptions, scan } from "../../src/app/scan.js";
import { roleArn } from "../../src/aws/assume-role.js";
import { manualFindings } from "../../src/engine/manual.js";
import { getFramework } from "../../src/frameworks/index.js";
import { InputError } from "../../src/model/errors.js";
import { findRule } from "../../src/rules/index.js";
import type { AnyRule } from "../../src/rules/types.js";
import { setupKeyUser } from "../support/fake-aws.js";
import { type FakeOrg, type FakeOrgOptions, startFakeOrg } from "../support/fake-org.js";

const MANAGEMENT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const SUSPENDED = "444444444444";
const RULE = findRule("iam_user_no_access_key_at_setup") as AnyRule;

let org: FakeOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

/** alice in every account: console user whose active key, created with the user, was never used → FAIL. */
async function startOrg(options: FakeOrgOptions): Promise<FakeOrg> {
  org = await startFakeOrg(options);
  for (const id of org.accountIds) {
    org.account(id).addUser(setupKeyUser("alice"));
  }
  return org;
}

function options(fake: FakeOrg, extra: Partial<ScanOptions>): ScanOptions {
  return {
    connection: {
      endpointUrl: fake.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      retryBaseMs: 1,
    },
    reportPollBaseMs: 5,
    rules: [RULE],
    ...extra,
  };
}

const DENIED =
  `sts:AssumeRole failed in account ${DEV}: AccessDenied: User: arn:aws:iam::${MANAGEMENT}:user/auditor is not authorized ` +
  `to perform: sts:AssumeRole on resource: arn:aws:iam::${DEV}:role/CloudPatrolAudit ` +
  `(role arn:aws:iam::${DEV}:role/CloudPatrolAudit). The caller lacks the IAM permission sts:AssumeRole on arn:aws:iam::${DEV}:role/CloudPatrolAudit.`;

describe("scan of an Organization", () => {
  it("scans exactly the 3 ACTIVE accounts over 2 ListAccounts pages; a denied AssumeRole gives ERROR findings for that account only", async () => {
    const fake = await startOrg({
      pageSize: 2,
      members: [
        { id: PROD, name: "prod" },
        { id: DEV, name: "dev" },
        { id: SUSPENDED, name: "gone", status: "SUSPENDED" },
      ],
    });
    fake.denyAssumeRole(DEV);
    const events: string[] = [];
    const result = await scan(
      options(fake, {
        organization: true,
        onAccount: (event) => {
          if (event.type === "done") events.push(`${event.accountId} ${event.account.outcome}`);
        },
      }),
    );

    expect(fake.counts()["organizations:ListAccounts"]).toBe(2);
    expect(Object.keys(fake.requestsPerAccount()).sort()).toEqual([MANAGEMENT, PROD, DEV]);
    expect(fake.assumeRoleRequests.map((request) => [request.roleArn, request.sessionName])).toEqual(
      expect.arrayContaining([
        [roleArn("aws", PROD, "CloudPatrolAudit"), "cloudpatrol"],
        [roleArn("aws", DEV, "CloudPatrolAudit"), "cloudpatrol"],
      ]),
    );
    expect(fake.assumeRoleRequests).toHaveLength(2); // the caller's own account is scanned with its own credentials

    const accounts = result.scan.accounts;
    expect(accounts.map(({ durationMs, apiCalls, ...rest }) => rest)).toEqual([
      {
        accountId: MANAGEMENT,
        partition: "aws",
        name: "management",
        outcome: "completed",
        credentialReportGeneratedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      {
        accountId: PROD,
        partition: "aws",
        name: "prod",
        outcome: "completed",
        credentialReportGeneratedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
      {
        accountId: DEV,
        partition: "aws",
        name: "dev",
        outcome: "failed",
        error: DENIED,
        credentialReportGeneratedAt: null,
      },
    ]);
    for (const account of accounts) expect(account.durationMs).toBeGreaterThanOrEqual(0);
    // The scan's own call counts equal what each account's endpoint saw.
    for (const id of [MANAGEMENT, PROD]) {
      const seen = fake.account(id).counts();
      const said = Object.fromEntries(
        Object.entries(accounts.find((a) => a.accountId === id)?.apiCalls ?? {}).map(([key, n]) => [
          key.split(":")[1],
          n,
        ]),
      );
      const { AssumeRole, ...rest } = said;
      if (id === MANAGEMENT) expect(AssumeRole).toBeUndefined();
      else expect(AssumeRole).toBe(1);
      // The management FakeAws also saw the run's own GetCallerIdentity (identifying the caller).
      const expected =
        id === MANAGEMENT ? { ...rest, GetCallerIdentity: (rest.GetCallerIdentity ?? 0) + 1 } : rest;
      expect(seen).toEqual(expected);
    }
    expect(accounts[2]?.apiCalls).toEqual({ "sts:AssumeRole": 1 });

    expect(result.findings.map((f) => [f.accountId, f.status, f.resourceName])).toEqual([
      // Verified through the IAM API: the finding names the exact key.
      [MANAGEMENT, "FAIL", "AKIAFAKE000000000001"],
      [PROD, "FAIL", "AKIAFAKE000000000001"],
      [DEV, "ERROR", DEV],
    ]);
    const error = result.findings[2];
    expect(error?.statusExtended).toBe(`Could not scan account ${DEV}: ${DENIED}`);
    expect(error?.evidence).toEqual({
      api: "sts:AssumeRole",
      errorCode: "AccessDenied",
      missingPermission: `sts:AssumeRole on arn:aws:iam::${DEV}:role/CloudPatrolAudit`,
    });
    expect(error?.resourceArn).toBe(`arn:aws:iam::${DEV}:root`);
    expect(result.summary).toEqual({ PASS: 0, FAIL: 2, MANUAL: 0, ERROR: 1, muted: 0, total: 3 });
    expect([...events].sort()).toEqual(
      [`${MANAGEMENT} completed`, `${PROD} completed`, `${DEV} failed`].sort(),
    );
  });

  it("never has more than --concurrency 4 of 12 accounts in flight (as the endpoint records it)", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => String(500000000000 + i));
    const fake = await startOrg({ members: ids.map((id) => ({ id })), latencyMs: 5 });
    const result = await scan(options(fake, { accountIds: ids, concurrency: 4 }));
    expect(result.scan.accounts.map((a) => [a.accountId, a.outcome])).toEqual(
      ids.map((id) => [id, "completed"]),
    );
    expect(fake.peakAccountsInFlight([MANAGEMENT])).toBe(4);
    expect(result.summary.FAIL).toBe(12);
  });

  it("a findings sink that fails ends the run: no account not yet started is scanned, the scan rejects with the sink's error", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => String(500000000000 + i));
    const fake = await startOrg({ members: ids.map((id) => ({ id })), latencyMs: 5 });
    const full = new Error("ENOSPC: no space left on device, write");
    let calls = 0;
    const started: string[] = [];
    const run = scan(
      options(fake, {
        accountIds: ids,
        concurrency: 2,
        onAccount: (event) => {
          if (event.type === "start") started.push(event.accountId);
        },
        onAccountFindings: () => {
          calls += 1;
          throw full;
        },
      }),
    );
    await expect(run).rejects.toBe(full);
    // The other account in flight when the first sink call failed finishes (its sink fails too); then
    // no account begins, though ten were waiting for a slot.
    await vi.waitFor(() => expect(calls).toBe(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual(ids.slice(0, 2));
    expect(fake.counts()["sts:AssumeRole"]).toBe(2);
  });

  it("an async onAccount that rejects fails the scan with its error, like a sync throw; no unhandled rejection", async () => {
    const fake = await startOrg({});
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const boom = new Error("async boom");
      const events: string[] = [];
      await expect(
        scan(
          options(fake, {
            accountIds: [MANAGEMENT],
            onAccount: async (event) => {
              events.push(event.type);
              throw boom;
            },
          }),
        ),
      ).rejects.toBe(boom);
      // start, phases, done: each call's rejection was handled (4 were unhandled before).
      expect(events[0]).toBe("start");
      expect(events.at(-1)).toBe("done");
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      const sync = new Error("sync boom");
      await expect(
        scan(
          options(fake, {
            accountIds: [MANAGEMENT],
            onAccount: () => {
              throw sync;
            },
          }),
        ),
      ).rejects.toBe(sync);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });

  it("an async onAccount that rejects on an account's start: no account not yet started is scanned", async () => {
    const ids = Array.from({ length: 6 }, (_, i) => String(500000000000 + i));
    const fake = await startOrg({ members: ids.map((id) => ({ id })), latencyMs: 5 });
    const boom = new Error("async boom");
    const started: string[] = [];
    const run = scan(
      options(fake, {
        accountIds: ids,
        concurrency: 2,
        onAccount: async (event) => {
          if (event.type !== "start") return;
          started.push(event.accountId);
          throw boom;
        },
      }),
    );
    await expect(run).rejects.toBe(boom);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started).toEqual(ids.slice(0, 2));
  });

  it("with no bound the same 12 accounts overlap (the measure can see more than 4)", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => String(500000000000 + i));
    const fake = await startOrg({ members: ids.map((id) => ({ id })), latencyMs: 5 });
    await scan(options(fake, { accountIds: ids, concurrency: 12 }));
    expect(fake.peakAccountsInFlight([MANAGEMENT])).toBeGreaterThan(4);
  });

  it("--accounts names accounts; --exclude-accounts leaves some out; with --org only ACTIVE ones of the list", async () => {
    const fake = await startOrg({
      members: [{ id: PROD }, { id: DEV }, { id: SUSPENDED, status: "SUSPENDED" }],
    });
    const listed = await scan(
      options(fake, { accountIds: [PROD, DEV, MANAGEMENT], excludeAccountIds: [DEV] }),
    );
    expect(listed.scan.accounts.map((a) => [a.accountId, a.name, a.outcome])).toEqual([
      [PROD, null, "completed"],
      [MANAGEMENT, null, "completed"],
    ]);
    expect(fake.requestsPerAccount()[DEV]).toBeUndefined();

    const filtered = await scan(
      options(fake, { organization: true, accountIds: [DEV, SUSPENDED], roleSessionName: "audit-run" }),
    );
    expect(filtered.scan.accounts.map((a) => [a.accountId, a.name])).toEqual([[DEV, `member-${DEV}`]]);
    expect(filtered.warnings).toEqual([
      `account ${SUSPENDED} is not an ACTIVE account of the Organization; not scanned.`,
    ]);
    expect(fake.assumeRoleRequests.at(-1)?.sessionName).toBe("audit-run");

    await expect(scan(options(fake, { accountIds: [PROD], excludeAccountIds: [PROD] }))).rejects.toThrow(
      InputError,
    );
    await expect(scan(options(fake, { accountIds: ["12345"] }))).rejects.toThrow(/12-digit/);
  });

  it("no account left: the error says why (not ACTIVE in the Organization, excluded), naming at most 3 ids", async () => {
    const fake = await startOrg({ members: [{ id: PROD }, { id: SUSPENDED, status: "SUSPENDED" }] });
    const check = " (check --org, --accounts and --exclude-accounts).";
    const failure = (extra: Partial<ScanOptions>) =>
      scan(options(fake, extra)).then(
        () => "scanned",
        (error: unknown) => [error instanceof InputError, (error as Error).message],
      );

    expect(await failure({ organization: true, accountIds: ["999999999999"] })).toEqual([
      true,
      `no account left to scan: account 999999999999 of --accounts is not an ACTIVE account of the Organization${check}`,
    ]);
    const absent = ["999999999991", "999999999992", SUSPENDED, "999999999993", "999999999994"];
    expect(await failure({ organization: true, accountIds: absent })).toEqual([
      true,
      `no account left to scan: 5 accounts (999999999991, 999999999992, ${SUSPENDED} and 2 more) of --accounts are not ACTIVE accounts of the Organization${check}`,
    ]);
    expect(
      await failure({ organization: true, accountIds: [PROD, "999999999999"], excludeAccountIds: [PROD] }),
    ).toEqual([
      true,
      `no account left to scan: account 999999999999 of --accounts is not an ACTIVE account of the Organization; account ${PROD} of --accounts is excluded by --exclude-accounts${check}`,
    ]);
    expect(await failure({ accountIds: [PROD, DEV], excludeAccountIds: [DEV, PROD] })).toEqual([
      true,
      `no account left to scan: 2 accounts (${PROD}, ${DEV}) of --accounts are excluded by --exclude-accounts${check}`,
    ]);
    expect(await failure({ organization: true, excludeAccountIds: [PROD, MANAGEMENT] })).toEqual([
      true,
      `no account left to scan: every ACTIVE account of the Organization (${MANAGEMENT}, ${PROD}) is excluded by --exclude-accounts${check}`,
    ]);
    expect(fake.assumeRoleRequests).toEqual([]);
  });

  it("passes --external-id and --role-name to AssumeRole; a wrong ExternalId fails only the members", async () => {
    const fake = await startOrg({ members: [{ id: PROD }], roleName: "Audit" });
    fake.requireExternalId("xyz");
    const ok = await scan(options(fake, { organization: true, roleName: "Audit", externalId: "xyz" }));
    expect(ok.scan.accounts.map((a) => a.outcome)).toEqual(["completed", "completed"]);
    expect(fake.assumeRoleRequests.at(-1)).toEqual({
      roleArn: `arn:aws:iam::${PROD}:role/Audit`,
      sessionName: "cloudpatrol",
      externalId: "xyz",
      accountId: PROD,
    });
    const wrong = await scan(options(fake, { organization: true, roleName: "Audit", externalId: "nope" }));
    expect(wrong.scan.accounts.map((a) => a.outcome)).toEqual(["completed", "failed"]);
  });

  it("refuses a bad roleName, roleSessionName or externalId as --role-name etc. are refused: InputError naming the option, no AWS call", async () => {
    const fake = await startOrg({ members: [{ id: PROD }] });
    const failure = (extra: Partial<ScanOptions>) =>
      scan(options(fake, { organization: true, ...extra })).then(
        () => "scanned",
        (error: unknown) => [error instanceof InputError, (error as Error).message],
      );
    expect(await failure({ roleName: "a//b" })).toEqual([
      true,
      'options.roleName "a//b" is invalid. --role-name has an empty path segment (//): write each part of the path once, between single slashes (audit/CloudPatrolAudit).',
    ]);
    expect(await failure({ roleName: "/audit/Audit" })).toEqual([
      true,
      'options.roleName "/audit/Audit" is invalid. --role-name takes the path without a leading /, as the role\'s ARN writes it after role/: audit/CloudPatrolAudit, not /audit/CloudPatrolAudit.',
    ]);
    expect(await failure({ roleName: "../x" })).toEqual([
      true,
      'options.roleName "../x" is invalid. --role-name has a . or .. path segment: a role\'s path is matched as written, never resolved; name the path itself (audit/CloudPatrolAudit).',
    ]);
    // The value quoted cut, with control and bidirectional characters escaped.
    expect(await failure({ roleName: `\u202e${"r".repeat(200)}` })).toEqual([
      true,
      `options.roleName "\\u202e${"r".repeat(119)}…" (201 characters) is invalid. --role-name takes an IAM role name, 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -, optionally after a path (audit/CloudPatrolAudit).`,
    ]);
    expect(await failure({ roleSessionName: "bad name!" })).toEqual([
      true,
      'options.roleSessionName "bad name!" is invalid. --role-session-name takes 2 to 64 characters of A-Z a-z 0-9 + = , . @ _ - (AssumeRole\'s RoleSessionName).',
    ]);
    // The external id is not echoed.
    expect(await failure({ externalId: "has space" })).toEqual([
      true,
      "options.externalId is invalid. --external-id takes 2 to 1224 characters of A-Z a-z 0-9 + = , . @ : / _ - (AssumeRole's ExternalId).",
    ]);
    expect(await failure({ roleName: 7 as unknown as string })).toEqual([
      true,
      "options.roleName takes a string; found the number 7.",
    ]);
    expect(fake.requestsPerAccount()).toEqual({});
    expect(fake.assumeRoleRequests).toEqual([]);
  });

  it("a failed account's error is its first ERROR finding, not a denied call that a rule judged MANUAL", async () => {
    const fake = await startOrg({});
    fake.account(MANAGEMENT).fail("GetAlternateContact", { code: "AccessDeniedException" });
    fake.account(MANAGEMENT).fail("GetAccountPasswordPolicy", { code: "AccessDenied" });
    const rules = ["account_security_contact_registered", "iam_password_policy_min_length_14"].map(
      (id) => findRule(id) as AnyRule,
    );
    const result = await scan(options(fake, { accountIds: [MANAGEMENT], rules }));
    expect(result.findings.map((f) => [f.ruleId, f.status])).toEqual([
      ["account_security_contact_registered", "MANUAL"],
      ["iam_password_policy_min_length_14", "ERROR"],
    ]);
    expect(result.scan.accounts[0]?.outcome).toBe("failed");
    expect(result.scan.accounts[0]?.error).toBe(result.findings[1]?.statusExtended);
  });

  it("with --framework, an account that cannot be scanned still gets the MANUAL findings of the requirements no rule decides", async () => {
    const fake = await startOrg({ members: [{ id: PROD }, { id: DEV }] });
    fake.denyAssumeRole(DEV);
    const framework = getFramework("cis_v150");
    const result = await scan(options(fake, { accountIds: [PROD, DEV], manualFramework: framework }));
    const of = (accountId: string) => result.findings.filter((f) => f.accountId === accountId);
    // 1.11 decided by the rule; the 62 other requirements of v1.5.0 are MANUAL in both accounts.
    expect(of(PROD).map((f) => f.status)).toEqual(["FAIL", ...Array(62).fill("MANUAL")]);
    expect(of(DEV).map((f) => f.status)).toEqual(["ERROR", ...Array(62).fill("MANUAL")]);
    expect(of(DEV).slice(1)).toEqual(manualFindings({ accountId: DEV, partition: "aws" }, framework, [RULE]));
    expect(
      of(DEV)
        .slice(1)
        .map((f) => f.ruleId),
    ).toEqual(
      of(PROD)
        .slice(1)
        .map((f) => f.ruleId),
    );
    expect(result.summary).toMatchObject({ FAIL: 1, ERROR: 1, MANUAL: 124, total: 126 });
  });

  it("builds role ARNs in the caller's partition", () => {
    expect(roleArn("aws", PROD, "CloudPatrolAudit")).toBe(`arn:aws:iam::${PROD}:role/CloudPatrolAudit`);
    expect(roleArn("aws-us-gov", PROD, "audit/Scanner")).toBe(
      `arn:aws-us-gov:iam::${PROD}:role/audit/Scanner`,
    );
    expect(roleArn("aws-cn", PROD, "/CloudPatrolAudit")).toBe(
      `arn:aws-cn:iam::${PROD}:role/CloudPatrolAudit`,
    );
  });
});
