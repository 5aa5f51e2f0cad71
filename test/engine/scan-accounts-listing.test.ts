/**
 * What a multi-account scan does with an Organizations ListAccounts answer it cannot take as it is
 * (ids that are not 12 digits, the same id twice, fields of the wrong type, `Accounts` not a list), and
 * with assumed credentials that turn out to be another account's: the newcomer trial saw the caller's
 * own account scanned under `../../etc/pas`, accounts scanned twice, `text.replace is not a function`,
 * and a member's progress line saying "completed" while its findings named another account.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type ScanOptions, scan } from "../../src/app/scan.js";
import { AwsApiError, InputError } from "../../src/model/errors.js";
import { findRule } from "../../src/rules/index.js";
import type { AnyRule } from "../../src/rules/types.js";
import { setupKeyUser } from "../support/fake-aws.js";
import { type FakeOrg, startFakeOrg } from "../support/fake-org.js";

const MANAGEMENT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const RULE = findRule("iam_user_no_access_key_at_setup") as AnyRule;
const LIST = "organizations:ListAccounts";

let org: FakeOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

/** alice in every account: a FAIL finding per account scanned. */
async function startOrg(): Promise<FakeOrg> {
  org = await startFakeOrg({
    members: [
      { id: PROD, name: "prod" },
      { id: DEV, name: "dev" },
    ],
  });
  for (const id of org.accountIds) org.account(id).addUser(setupKeyUser("alice"));
  return org;
}

function options(fake: FakeOrg, extra: Partial<ScanOptions> = {}): ScanOptions {
  return {
    connection: {
      endpointUrl: fake.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      retryBaseMs: 1,
    },
    reportPollBaseMs: 5,
    rules: [RULE],
    organization: true,
    ...extra,
  };
}

/** A ListAccounts entry as AWS writes one (fields may be given other values, or removed with undefined). */
function entry(fields: Record<string, unknown>): Record<string, unknown> {
  return { Arn: "arn:aws:organizations::111111111111:account/o-fake/x", State: "ACTIVE", ...fields };
}

function body(accounts: unknown): string {
  return JSON.stringify({ Accounts: accounts });
}

describe("ListAccounts entries a scan cannot take", () => {
  it("an id that is not 12 digits is not scanned, with a warning naming the entry (quoted, escaped, cut); the others are", async () => {
    const fake = await startOrg();
    const long = "9".repeat(300);
    fake.answerListAccounts([
      body([
        entry({ Id: MANAGEMENT, Name: "management" }),
        entry({ Id: "abcdefghijkl", Name: "letters" }),
        entry({ Id: "../../etc/pas", Name: "path" }),
        entry({ Id: "123456789012/../x" }),
        entry({ Id: "", Name: "empty" }),
        entry({ Id: `${PROD}\n`, Name: "newline\u001b[2J" }),
        entry({ Id: "1234567890123" }),
        entry({ Id: long }),
        entry({ Id: PROD, Name: "prod" }),
      ]),
    ]);
    const result = await scan(options(fake));
    expect(result.scan.accounts.map((a) => [a.accountId, a.name, a.outcome])).toEqual([
      [MANAGEMENT, "management", "completed"],
      [PROD, "prod", "completed"],
    ]);
    expect(fake.assumeRoleRequests.map((request) => request.accountId)).toEqual([PROD]);
    expect(result.findings.map((f) => [f.accountId, f.status])).toEqual([
      [MANAGEMENT, "FAIL"],
      [PROD, "FAIL"],
    ]);
    const left = (where: string, rest: string) =>
      `${LIST} answered an account id that is not 12 digits, left out (not scanned): Accounts[${where}].Id ${rest}.`;
    expect(result.warnings).toEqual([
      left("1", `"abcdefghijkl" (Name "letters")`),
      left("2", `"../../etc/pas" (Name "path")`),
      left("3", `"123456789012/../x"`),
      left("4", `"" (Name "empty")`),
      left("5", `"${PROD}\\n" (Name "newline\\u001b[2J")`),
      left("6", `"1234567890123"`),
      left("7", `"${"9".repeat(120)}…" (300 characters)`),
    ]);
  });

  it("an id listed twice is scanned once, as its first entry says, with a warning", async () => {
    const fake = await startOrg();
    fake.answerListAccounts([
      JSON.stringify({
        Accounts: [entry({ Id: MANAGEMENT, Name: "management" }), entry({ Id: PROD, Name: "prod" })],
        NextToken: "page-2",
      }),
      body([entry({ Id: PROD, Name: "prod-again" }), entry({ Id: DEV, Name: "dev" }), entry({ Id: PROD })]),
    ]);
    const events: string[] = [];
    const result = await scan(
      options(fake, {
        onAccount: (event) => {
          if (event.type === "done") events.push(event.accountId);
        },
      }),
    );
    expect(fake.counts()[LIST]).toBe(2);
    expect(result.scan.accounts.map((a) => [a.accountId, a.name])).toEqual([
      [MANAGEMENT, "management"],
      [PROD, "prod"],
      [DEV, "dev"],
    ]);
    expect(events.sort()).toEqual([MANAGEMENT, PROD, DEV]);
    expect(fake.assumeRoleRequests.map((request) => request.accountId).sort()).toEqual([PROD, DEV]);
    expect(result.findings.map((f) => f.accountId)).toEqual([MANAGEMENT, PROD, DEV]);
    expect(result.warnings).toEqual([
      `${LIST} lists account ${PROD} 3 times: it is scanned once, as its first entry says (Name "prod", ACTIVE State).`,
    ]);
  });

  it("an entry with a field of the wrong type is left out with a warning naming the field; the others are scanned", async () => {
    const fake = await startOrg();
    fake.answerListAccounts([
      JSON.stringify({
        Accounts: [entry({ Id: MANAGEMENT, Name: "management" }), entry({ Id: PROD, Name: 42 }), null],
        NextToken: "page-2",
      }),
      body([
        entry({ Id: 333333333333, Name: "dev" }),
        "x",
        entry({ Id: DEV, Name: "dev", State: ["ACTIVE"] }),
      ]),
    ]);
    const result = await scan(options(fake));
    expect(result.scan.accounts.map((a) => a.accountId)).toEqual([MANAGEMENT]);
    expect(fake.assumeRoleRequests).toEqual([]);
    const bad = (rest: string) =>
      `${LIST} answered an entry cloudpatrol cannot read, left out (not scanned): ${rest}.`;
    expect(result.warnings).toEqual([
      bad(
        `Accounts[1] (Id "${PROD}"): UnreadableResponse: Accounts[1].Name: Invalid input: expected string, received number`,
      ),
      bad("Accounts[2]: UnreadableResponse: Accounts[2]: Invalid input: expected object, received null"),
      bad(
        "Accounts[0] (page 2): UnreadableResponse: Accounts[0].Id: Invalid input: expected string, received number",
      ),
      bad(
        "Accounts[1] (page 2): UnreadableResponse: Accounts[1]: Invalid input: expected object, received string",
      ),
      bad(
        `Accounts[2] (page 2) (Id "${DEV}"): UnreadableResponse: Accounts[2].State: Invalid input: expected string, received array`,
      ),
    ]);
  });

  it("when no entry is left, the error says how many were left out and why the first was", async () => {
    const fake = await startOrg();
    fake.answerListAccounts([body([entry({ Id: "../x" }), entry({ Id: PROD, Name: 42 })])]);
    const failure = await scan(options(fake)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).message).toBe(
      `no account left to scan: 2 entries of the Organization's list could not be scanned (the first: ${LIST} answered an account id that is not 12 digits, left out (not scanned): Accounts[0].Id "../x") (check --org, --accounts and --exclude-accounts).`,
    );
    expect(fake.assumeRoleRequests).toEqual([]);
  });

  it.each([
    [body({ Id: "1" }), "Accounts: Invalid input: expected array, received object"],
    [body("str"), "Accounts: Invalid input: expected array, received string"],
    [
      JSON.stringify({ Accounts: [], NextToken: 5 }),
      "NextToken: Invalid input: expected string, received number",
    ],
  ])(
    "an answer whose Accounts or NextToken is no list or string (%s) fails the listing, before any account is scanned",
    async (raw, detail) => {
      const fake = await startOrg();
      fake.answerListAccounts([raw]);
      const failure = await scan(options(fake)).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(AwsApiError);
      expect((failure as AwsApiError).message).toBe(`${LIST} failed: UnreadableResponse: ${detail}.`);
      expect(fake.counts()[LIST]).toBe(1);
      expect(fake.counts()["iam:GenerateCredentialReport"]).toBeUndefined();
    },
  );
});

describe("assumed credentials of another account", () => {
  it("are an ERROR for the account asked for, read nothing, and none of its findings names the other account", async () => {
    const fake = await startOrg();
    fake.assumedRoleIsAccount(DEV, MANAGEMENT);
    const result = await scan(options(fake));
    const message = `the credentials of the role assumed in ${DEV} are account ${MANAGEMENT}'s: not scanned`;
    expect(result.scan.accounts.map(({ accountId, outcome, error }) => [accountId, outcome, error])).toEqual([
      [MANAGEMENT, "completed", undefined],
      [PROD, "completed", undefined],
      [DEV, "failed", message],
    ]);
    expect(result.scan.accounts[2]?.apiCalls).toEqual({ "sts:AssumeRole": 1, "sts:GetCallerIdentity": 1 });
    expect(result.scan.accounts[2]?.accountId).toBe(DEV);
    expect(result.findings.map((f) => [f.accountId, f.status, f.statusExtended])).toEqual([
      [MANAGEMENT, "FAIL", expect.any(String)],
      [PROD, "FAIL", expect.any(String)],
      [DEV, "ERROR", `Could not scan account ${DEV}: ${message}`],
    ]);
    expect(result.findings[2]?.evidence).toEqual({ error: message });
    // DEV's own fake saw nothing; its scan's calls (above) were AssumeRole and the identity, nothing read.
    expect(fake.account(DEV).counts()).toEqual({});
  });
});
