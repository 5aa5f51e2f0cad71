/**
 * A live scan judges only the scanned account's own credential report: a report naming another
 * account's users, or with no row at all (AWS always writes `<root_account>`), fails the dataset with
 * UnreadableResponse and its rules give ERROR (exit 1), never PASS/FAIL under the wrong account.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ScanResult, scan } from "../../src/app/scan.js";
import { exitCodeFor } from "../../src/engine/summary.js";
import { rule as rootMfa } from "../../src/rules/iam/iam_root_mfa_enabled.js";
import { rule as rootNoKey } from "../../src/rules/iam/iam_root_no_access_key.js";
import { rule as consoleMfa } from "../../src/rules/iam/iam_user_console_mfa_enabled.js";
import { rule as keyAtSetup } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import type { AnyRule } from "../../src/rules/types.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { type FakeOrg, startFakeOrg } from "../support/fake-org.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const ACCOUNT = "123456789012";
const OTHER_REPORT = readFileSync(new URL("../../examples/credential-report.csv", import.meta.url), "utf8");
const HEADER_ONLY = `${OTHER_REPORT.split("\n")[0]}\n`;

let fake: FakeAws;

beforeEach(async () => {
  fake = await startFakeAws({ accountId: ACCOUNT });
});

afterEach(async () => {
  await fake.close();
});

/** A live scan of the fake account with `rules`, the report served as `csv`. */
function liveScan(csv: string, rules: readonly AnyRule[]): Promise<ScanResult> {
  fake.report.preset({ generatedAt: new Date(Math.floor(Date.now() / 1000) * 1000 - 5000) });
  fake.report.overrideContent(Buffer.from(csv, "utf8").toString("base64"));
  return scan({
    connection: { endpointUrl: fake.endpoint, credentials, retryBaseMs: 1 },
    reportPollBaseMs: 5,
    rules,
  });
}

/** Each finding as rule, status, resource, message. */
function rows(result: ScanResult): string[][] {
  return result.findings.map((finding) => [
    finding.ruleId,
    finding.status,
    finding.resourceName,
    finding.statusExtended,
  ]);
}

describe("a live credential report that is not the scanned account's", () => {
  it("refuses a report whose rows all name another account: ERROR for each rule reading it, exit 1", async () => {
    const result = await liveScan(OTHER_REPORT, [rootMfa, rootNoKey, keyAtSetup]);

    const message = `Could not judge account ${ACCOUNT}: iam:GetCredentialReport failed in account ${ACCOUNT}: UnreadableResponse: the credential report names account 210987654321's users, not account ${ACCOUNT}'s: it is not this account's report.`;
    expect(rows(result)).toEqual([
      ["iam_root_mfa_enabled", "ERROR", ACCOUNT, message],
      ["iam_root_no_access_key", "ERROR", ACCOUNT, message],
      ["iam_user_no_access_key_at_setup", "ERROR", ACCOUNT, message],
    ]);
    expect(result.findings.map((finding) => finding.evidence)).toEqual(
      Array(3).fill({
        api: "iam:GetCredentialReport",
        errorCode: "UnreadableResponse",
        missingPermission: null,
        dataset: "iam.credentialReport",
      }),
    );
    expect(exitCodeFor(result.findings, "informational")).toBe(1);
  });

  it("refuses a report mixing the account's rows with another account's, naming the other account", async () => {
    const mixed = OTHER_REPORT.replace("arn:aws:iam::210987654321:root", `arn:aws:iam::${ACCOUNT}:root`);
    const result = await liveScan(mixed, [rootMfa]);

    expect(rows(result)).toEqual([
      [
        "iam_root_mfa_enabled",
        "ERROR",
        ACCOUNT,
        `Could not judge account ${ACCOUNT}: iam:GetCredentialReport failed in account ${ACCOUNT}: UnreadableResponse: the credential report names account 210987654321's users, not account ${ACCOUNT}'s: it is not this account's report.`,
      ],
    ]);
  });

  it("refuses a report with no row at all (header only), even when ListUsers fails too: ERROR, exit 1", async () => {
    fake.fail("ListUsers", { code: "AccessDenied" });
    const result = await liveScan(HEADER_ONLY, [keyAtSetup, consoleMfa]);

    const message = `Could not judge account ${ACCOUNT}: iam:GetCredentialReport failed in account ${ACCOUNT}: UnreadableResponse: the credential report has no row at all, not even the <root_account> row AWS always writes: it is not a real report.`;
    expect(rows(result)).toEqual([
      ["iam_user_no_access_key_at_setup", "ERROR", ACCOUNT, message],
      ["iam_user_console_mfa_enabled", "ERROR", ACCOUNT, message],
    ]);
    expect(exitCodeFor(result.findings, "informational")).toBe(1);
  });

  it("still judges the account's own report (control)", async () => {
    // The root rule also reads GetAccountSummary: the fake account agrees with the report's root row.
    fake.setRoot({ mfaActive: true });
    const result = await liveScan(OTHER_REPORT.replaceAll("210987654321", ACCOUNT), [rootMfa]);

    expect(result.findings.map((finding) => [finding.ruleId, finding.status, finding.accountId])).toEqual([
      ["iam_root_mfa_enabled", "PASS", ACCOUNT],
    ]);
  });
});

describe("the same under --accounts (AssumeRole into each account)", () => {
  let org: FakeOrg | undefined;
  afterEach(async () => {
    await org?.close();
    org = undefined;
  });

  it("refuses, in the member account only, a report naming another account's users", async () => {
    const MANAGEMENT = "111111111111";
    const PROD = "222222222222";
    org = await startFakeOrg({ members: [{ id: PROD, name: "prod" }] });
    for (const id of [MANAGEMENT, PROD]) {
      org.account(id).setRoot({ mfaActive: true });
      org.account(id).report.preset({ generatedAt: new Date(Math.floor(Date.now() / 1000) * 1000 - 5000) });
    }
    org.account(PROD).report.overrideContent(Buffer.from(OTHER_REPORT, "utf8").toString("base64"));

    const result = await scan({
      connection: { endpointUrl: org.endpoint, region: "us-east-1", credentials, retryBaseMs: 1 },
      reportPollBaseMs: 5,
      rules: [rootMfa],
      accountIds: [MANAGEMENT, PROD],
    });

    expect(
      result.findings.map((finding) => [finding.accountId, finding.status, finding.statusExtended]),
    ).toEqual([
      [MANAGEMENT, "PASS", `The root user of account ${MANAGEMENT} has MFA enabled.`],
      [
        PROD,
        "ERROR",
        `Could not judge account ${PROD}: iam:GetCredentialReport failed in account ${PROD}: UnreadableResponse: the credential report names account 210987654321's users, not account ${PROD}'s: it is not this account's report.`,
      ],
    ]);
  });
});
