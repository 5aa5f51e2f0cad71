import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_root_mfa_enabled.js";
import { report, rootRow } from "../../support/report-rows.js";
import { judge, said, snap, summary } from "./iam-account-fixtures.js";

describe("iam_root_mfa_enabled (CIS v1.5.0 1.5)", () => {
  it("PASSes root MFA from the report row, with password_enabled=true (recent) and not_supported (older)", () => {
    for (const passwordEnabled of ["true", "not_supported"]) {
      const findings = judge(
        rule,
        snap(report(rootRow({ password_enabled: passwordEnabled, mfa_active: "true" }))),
      );
      expect(said(findings)).toEqual([["PASS", "The root user of account 111122223333 has MFA enabled."]]);
    }
  });

  it("FAILs root without MFA", () => {
    const findings = judge(
      rule,
      snap(report(rootRow({ password_enabled: "true" })), { accountSummary: summary(0, 0) }),
    );
    expect(said(findings)).toEqual([
      ["FAIL", "The root user of account 111122223333 has no MFA device: assign one, preferably hardware."],
    ]);
    expect(findings[0]?.frameworks).toMatchObject({
      cis_v120: ["1.13"],
      cis_v150: ["1.5"],
      cis_v600: ["2.4"],
    });
  });

  it("prefers GetAccountSummary (current) over a report row that is hours old, keeping both in the evidence", () => {
    const findings = judge(
      rule,
      snap(report(rootRow({ mfa_active: "false" })), { accountSummary: summary(1, 0) }),
    );
    expect(findings.map((f) => [f.status, f.evidence.reportMfaActive])).toEqual([["PASS", false]]);
  });

  it("is MANUAL, neither PASS nor FAIL, for a member account root with no credentials at all", () => {
    const findings = judge(
      rule,
      snap(report(rootRow({ password_enabled: "false" })), { accountSummary: summary(0, 0, 0) }),
    );
    expect(said(findings)).toEqual([
      [
        "MANUAL",
        "The root user of account 111122223333 has no password, access key, signing certificate or MFA device, so it cannot sign in (an Organizations member account with root credentials removed or never set): MFA does not apply; confirm in the management account that root access is managed centrally.",
      ],
    ]);
  });

  it("a root whose old report says not_supported but whose summary says no password is also recognised", () => {
    const findings = judge(rule, snap(report(rootRow()), { accountSummary: summary(0, 0, 0) }));
    expect(findings.map((f) => f.status)).toEqual(["MANUAL"]);
  });
});
