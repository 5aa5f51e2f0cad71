/**
 * `cloudpatrol scan --org` (the BUILT bin) with an Organizations ListAccounts answer it cannot take as it
 * is, and a member whose assumed credentials are another account's: what the user sees on stderr and
 * the exit code (the newcomer trial saw a TypeError message, accounts scanned under `../../etc/pas` or
 * twice, and "completed" for an account whose findings named another).
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { setupKeyUser } from "../support/fake-aws.js";
import { type FakeOrg, startFakeOrg } from "../support/fake-org.js";

const MANAGEMENT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";
const RULE = ["--rule", "iam_user_no_access_key_at_setup"];

beforeAll(ensureBuilt, 120_000);

let org: FakeOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

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

function env(fake: FakeOrg): Record<string, string> {
  return { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "5" };
}

/** The progress lines of stderr, `[n/t] account <id> (<name>): <outcome>`, without times and counts. */
function progress(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((line) => line.startsWith("["))
    .map((line) => line.replace(/ in \d+\.\d s, .*$/, "").replace(/^\[\d+\//, "[n/"))
    .sort();
}

describe("cloudpatrol scan --org with a ListAccounts answer it cannot take as it is", () => {
  it("bad, duplicate and malformed entries: warned about on stderr, not scanned; the others are (exit 3)", async ({
    onTestFinished,
  }) => {
    const fake = await startOrg();
    fake.answerListAccounts([
      JSON.stringify({
        Accounts: [
          { Id: MANAGEMENT, Name: "management", State: "ACTIVE" },
          { Id: "../../../../tmp/trial8/PWNED", Name: "solo", State: "ACTIVE" },
          { Id: PROD, Name: "prod", State: "ACTIVE" },
          { Id: PROD, Name: "prod", State: "ACTIVE" },
          { Id: DEV, Name: 42, State: "ACTIVE" },
          null,
        ],
      }),
    ]);
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["scan", "--org", ...RULE, "-o", "json", "--no-history"], env(fake));
    expect(run.code).toBe(3);
    expect(progress(run.stderr)).toEqual([
      `[n/2] account ${MANAGEMENT} (management): completed`,
      `[n/2] account ${PROD} (prod): completed`,
    ]);
    const warnings = run.stderr.split("\n").filter((line) => line.startsWith("warning: "));
    expect(warnings).toEqual([
      'warning: organizations:ListAccounts answered an account id that is not 12 digits, left out (not scanned): Accounts[1].Id "../../../../tmp/trial8/PWNED" (Name "solo").',
      `warning: organizations:ListAccounts answered an entry cloudpatrol cannot read, left out (not scanned): Accounts[4] (Id "${DEV}"): UnreadableResponse: Accounts[4].Name: Invalid input: expected string, received number.`,
      "warning: organizations:ListAccounts answered an entry cloudpatrol cannot read, left out (not scanned): Accounts[5]: UnreadableResponse: Accounts[5]: Invalid input: expected object, received null.",
      `warning: organizations:ListAccounts lists account ${PROD} 2 times: it is scanned once, as its first entry says (Name "prod", ACTIVE State).`,
    ]);
    const result = JSON.parse(run.stdout) as { findings: { accountId: string }[] };
    expect(result.findings.map((finding) => finding.accountId)).toEqual([MANAGEMENT, PROD]);
    expect(fake.assumeRoleRequests.map((request) => request.accountId)).toEqual([PROD]);
  });

  it("Accounts not a list: the listing fails with one clear line, no stack trace (exit 1)", async ({
    onTestFinished,
  }) => {
    const fake = await startOrg();
    fake.answerListAccounts([JSON.stringify({ Accounts: { Id: "1" } })]);
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["scan", "--org", ...RULE, "--no-history"], env(fake));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(
      "cloudpatrol: organizations:ListAccounts failed: UnreadableResponse: Accounts: Invalid input: expected array, received object.\n",
    );
  });

  it("a member whose assumed credentials are another account's: failed, with an ERROR naming both, exit 1", async ({
    onTestFinished,
  }) => {
    const fake = await startOrg();
    fake.assumedRoleIsAccount(DEV, MANAGEMENT);
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["scan", "--org", ...RULE, "-o", "json", "--no-history"], env(fake));
    expect(run.code).toBe(1);
    const message = `the credentials of the role assumed in ${DEV} are account ${MANAGEMENT}'s: not scanned`;
    expect(progress(run.stderr)).toEqual([
      `[n/3] account ${MANAGEMENT} (management): completed`,
      `[n/3] account ${PROD} (prod): completed`,
      `[n/3] account ${DEV} (dev): failed`,
    ]);
    expect(run.stderr).toContain(`account ${DEV} (dev): failed in `);
    expect(run.stderr).toContain(`; 0 FAIL, 1 ERROR, 0 MANUAL, 0 PASS: ${message}\n`);
    const result = JSON.parse(run.stdout) as { findings: { accountId: string; status: string }[] };
    expect(result.findings.map((finding) => [finding.accountId, finding.status])).toEqual([
      [MANAGEMENT, "FAIL"],
      [PROD, "FAIL"],
      [DEV, "ERROR"],
    ]);
  });

  it("--accounts with 5,000 bad ids: one short error line naming 10 of them, quoted, and counting the rest (exit 2)", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const ids = Array.from({ length: 5_000 }, (_, i) => `../${i}`);
    const run = await cli(dir, ["scan", "--accounts", ids.join(","), "--no-history"], {
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    });
    expect(run.code).toBe(2);
    const value = ids.join(",");
    expect(run.stderr).toBe(
      `cloudpatrol: option '--accounts <ids>' argument ${JSON.stringify(`${value.slice(0, 120)}…`)} (${value.length} characters) is invalid. ` +
        `--accounts and --exclude-accounts take 12-digit AWS account ids, comma-separated; not one: ${ids
          .slice(0, 10)
          .map((id) => JSON.stringify(id))
          .join(", ")} and 4990 more.\n`,
    );
  });
});
