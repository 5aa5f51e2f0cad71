/**
 * GetAccountSummary fails but the credential report holds the `<root_account>` row: the root user's
 * rules are judged from the report (unchanged), and one scan warning names iam:GetAccountSummary, the
 * account and the missing permission (trial s6 "summary2" item 2). Live scans through the real SDK
 * against our fake endpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../../src/app/scan.js";
import { findRule } from "../../../src/rules/index.js";
import type { AnyRule } from "../../../src/rules/types.js";
import { type FakeAws, startFakeAws } from "../../support/fake-aws.js";

const ACCOUNT = "111122223333";
const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const JUDGED_FROM_REPORT =
  "the root user's rules were judged from the credential report alone, which can be up to 4 hours old.";

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: ACCOUNT });
  fake.report.preset({ generatedAt: new Date(Date.now() - 60_000) });
});
afterEach(async () => {
  await fake.close();
});

function run(ids: readonly string[]) {
  return scan({
    connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 },
    reportPollBaseMs: 1,
    rules: ids.map((id) => findRule(id) as AnyRule),
  });
}

describe("GetAccountSummary failed, root row in the report", () => {
  it("AccessDenied (403): verdicts from the report, one warning naming the API, account and permission", async () => {
    fake.fail("GetAccountSummary", { code: "AccessDenied" });
    const result = await run(["iam_root_no_access_key", "iam_root_mfa_enabled"]);
    expect(result.findings.map((f) => [f.ruleId, f.status])).toEqual([
      ["iam_root_no_access_key", "PASS"],
      ["iam_root_mfa_enabled", "FAIL"],
    ]);
    expect(result.warnings).toEqual([
      `iam:GetAccountSummary failed for account ${ACCOUNT} (AccessDenied; missing permission iam:GetAccountSummary): ${JUDGED_FROM_REPORT}`,
    ]);
  });

  it("ServiceFailure (500): the same warning, without a permission", async () => {
    fake.fail("GetAccountSummary", { code: "ServiceFailure", httpStatus: 500 });
    const result = await run(["iam_root_no_access_key"]);
    expect(result.findings.map((f) => [f.ruleId, f.status])).toEqual([["iam_root_no_access_key", "PASS"]]);
    expect(result.warnings).toEqual([
      `iam:GetAccountSummary failed for account ${ACCOUNT} (ServiceFailure): ${JUDGED_FROM_REPORT}`,
    ]);
  });

  it("no warning when the summary was read, or when no rule to run reads it", async () => {
    expect((await run(["iam_root_no_access_key"])).warnings).toEqual([]);
    fake.fail("GetAccountSummary", { code: "AccessDenied" });
    const result = await run(["iam_user_console_mfa_enabled"]);
    expect(result.warnings).toEqual([]);
    expect(fake.counts().GetAccountSummary).toBe(1);
  });
});
