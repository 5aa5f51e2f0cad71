import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_root_no_access_key.js";
import { neverUsedKey, report, rootRow, usedKey } from "../../support/report-rows.js";
import { judge, said, snap, summary } from "./iam-account-fixtures.js";

describe("iam_root_no_access_key (CIS v1.5.0 1.4)", () => {
  it("FAILs an active root key (older report, password_enabled=not_supported), with evidence", () => {
    const [finding, ...rest] = judge(
      rule,
      snap(report(rootRow(usedKey(2, "2021-01-01T00:00:00Z", "2026-02-01T00:00:00Z"))), {
        accountSummary: summary(1, 1),
      }),
    );
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      ruleId: "iam_root_no_access_key",
      status: "FAIL",
      severity: "critical",
      resourceType: "AWS::::Account",
      resourceArn: "arn:aws:iam::111122223333:root",
      resourceName: "<root_account>",
      statusExtended: "The root user of account 111122223333 has an active access key (slot 2): delete it.",
      frameworks: { cis_v120: ["1.12"], cis_v150: ["1.4"], cis_v500: ["1.3"], cis_v600: ["2.3"] },
    });
    expect(finding?.evidence).toMatchObject({
      credentialReportLine: 2,
      reportPasswordEnabled: "not_supported",
      accountSummary: { AccountAccessKeysPresent: 1, AccountMFAEnabled: 1, AccountPasswordPresent: 1 },
    });
  });

  it("FAILs an active never-used root key with a recent report (password_enabled=true)", () => {
    const findings = judge(
      rule,
      snap(report(rootRow({ password_enabled: "true", ...neverUsedKey(1, "2021-01-01T00:00:00Z") }))),
    );
    expect(said(findings)).toEqual([
      ["FAIL", "The root user of account 111122223333 has an active access key (slot 1): delete it."],
    ]);
  });

  it("PASSes no key; PASSes an inactive key with a note; FAILs a key the summary shows but the report does not", () => {
    expect(
      said(
        judge(rule, snap(report(rootRow({ password_enabled: "true" })), { accountSummary: summary(1, 0) })),
      ),
    ).toEqual([["PASS", "The root user of account 111122223333 has no access key."]]);
    const inactive = rootRow({ ...neverUsedKey(1, "2021-01-01T00:00:00Z", false) });
    expect(said(judge(rule, snap(report(inactive), { accountSummary: summary(1, 1) })))).toEqual([
      [
        "PASS",
        "The root user of account 111122223333 has no active access key, but holds an inactive one: delete it.",
      ],
    ]);
    expect(said(judge(rule, snap(report(rootRow()), { accountSummary: summary(1, 1) })))).toEqual([
      [
        "FAIL",
        "GetAccountSummary shows an access key for the root user of account 111122223333 that the credential report does not (created since it was generated): delete it.",
      ],
    ]);
  });

  it("says so for a member account whose root has no credentials at all", () => {
    const findings = judge(
      rule,
      snap(report(rootRow({ password_enabled: "false" })), { accountSummary: summary(0, 0, 0) }),
    );
    expect(said(findings)).toEqual([
      [
        "PASS",
        "The root user of account 111122223333 has no password, access key, signing certificate or MFA device, so it cannot sign in (an Organizations member account with root credentials removed or never set): no access key exists.",
      ],
    ]);
  });
});
