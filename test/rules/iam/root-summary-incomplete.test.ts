/**
 * The root user's rules when the credential report has no `<root_account>` row and GetAccountSummary
 * answers 200 but leaves a root flag out, or gives it a value other than 0 or 1: that flag is unknown
 * (MANUAL), never a PASS (trial s6 "summary2" item 1). Live scans through the real SDK against our fake
 * endpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../../src/app/scan.js";
import { findRule } from "../../../src/rules/index.js";
import type { AnyRule } from "../../../src/rules/types.js";
import { type FakeAws, startFakeAws } from "../../support/fake-aws.js";
import { report, userRow } from "../../support/report-rows.js";

const ACCOUNT = "123456789012";
const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const RULES = ["iam_root_no_access_key", "iam_root_mfa_enabled"].map((id) => findRule(id) as AnyRule);
const KEY_UNKNOWN = `Not judged for account ${ACCOUNT}: whether root holds an access key is unknown (the credential report holds no <root_account> row and GetAccountSummary does not tell it); check it as root under Security credentials, or scan again live.`;
const MFA_UNKNOWN = `Not judged for account ${ACCOUNT}: whether root MFA is on is unknown (the credential report holds no <root_account> row and GetAccountSummary does not tell it); check it as root under Security credentials, or scan again live.`;

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: ACCOUNT });
  // A report without the root row, as moto serves it.
  fake.report.preset({ generatedAt: new Date(Date.now() - 60_000) });
  fake.report.overrideContent(
    Buffer.from(report(userRow("alice", { arn: `arn:aws:iam::${ACCOUNT}:user/alice` })), "utf8").toString(
      "base64",
    ),
  );
});
afterEach(async () => {
  await fake.close();
});

async function judged(): Promise<(string | undefined)[][]> {
  const result = await scan({
    connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 },
    reportPollBaseMs: 1,
    rules: RULES,
  });
  return result.findings.map((f) => [f.ruleId, f.status, f.statusExtended, String(f.evidence.reason)]);
}

describe("GetAccountSummary without a usable root flag, no root row in the report", () => {
  it("only AccountMFAEnabled=1: root's access key is MANUAL (unknown), MFA PASS", async () => {
    fake.setAccountSummary({
      AccountAccessKeysPresent: null,
      AccountPasswordPresent: null,
      AccountSigningCertificatesPresent: null,
      AccountMFAEnabled: 1,
    });
    expect(await judged()).toEqual([
      ["iam_root_no_access_key", "MANUAL", KEY_UNKNOWN, "root-unknown"],
      ["iam_root_mfa_enabled", "PASS", `The root user of account ${ACCOUNT} has MFA enabled.`, "undefined"],
    ]);
  });

  it("no root flag at all: both MANUAL (unknown)", async () => {
    fake.setAccountSummary({
      AccountAccessKeysPresent: null,
      AccountPasswordPresent: null,
      AccountSigningCertificatesPresent: null,
      AccountMFAEnabled: null,
    });
    expect(await judged()).toEqual([
      ["iam_root_no_access_key", "MANUAL", KEY_UNKNOWN, "root-unknown"],
      ["iam_root_mfa_enabled", "MANUAL", MFA_UNKNOWN, "root-unknown"],
    ]);
  });

  it("out-of-range values (AccountAccessKeysPresent=-1, AccountMFAEnabled=7): both MANUAL, never PASS", async () => {
    fake.setAccountSummary({ AccountAccessKeysPresent: -1, AccountMFAEnabled: 7 });
    const findings = await judged();
    expect(findings).toEqual([
      ["iam_root_no_access_key", "MANUAL", KEY_UNKNOWN, "root-unknown"],
      ["iam_root_mfa_enabled", "MANUAL", MFA_UNKNOWN, "root-unknown"],
    ]);
  });

  it("the same map with 0 and 1: judged (the control)", async () => {
    fake.setAccountSummary({ AccountAccessKeysPresent: 0, AccountMFAEnabled: 1 });
    expect(await judged()).toEqual([
      [
        "iam_root_no_access_key",
        "PASS",
        `The root user of account ${ACCOUNT} has no access key.`,
        "undefined",
      ],
      ["iam_root_mfa_enabled", "PASS", `The root user of account ${ACCOUNT} has MFA enabled.`, "undefined"],
    ]);
  });
});
