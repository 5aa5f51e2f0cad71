/**
 * The compliance view over a literal set of findings: counts per requirement, results, totals, and the
 * text table.
 */
import { describe, expect, it } from "vitest";
import { manualFindings } from "../../src/engine/manual.js";
import { InputError } from "../../src/model/errors.js";
import { buildFinding, type Finding, type Status } from "../../src/model/finding.js";
import { complianceView, renderComplianceText } from "../../src/report/compliance.js";

const ACCOUNT = { accountId: "123456789012", partition: "aws" };
const AT_SETUP = {
  id: "iam_user_no_access_key_at_setup",
  severity: "medium" as const,
  frameworks: { cis_v150: ["1.11"], cis_v600: ["2.10"] },
};

function keyFinding(status: Status, user: string, muted = false): Finding {
  const finding = buildFinding(AT_SETUP, ACCOUNT, {
    status,
    resourceType: "AWS::IAM::User",
    resourceArn: `arn:aws:iam::123456789012:user/${user}`,
    resourceName: user,
    identity: [user],
    statusExtended: `${user}: ${status}.`,
    evidence: {},
  });
  return muted ? { ...finding, muted: true } : finding;
}

/**
 * 3 FAIL (one muted), 2 PASS, 1 ERROR for 1.11, plus the 2 MANUAL findings of cis_v150: 1.1 and 1.3 (the
 * requirements no rule decides; every other requirement, sections 2–5 included, has a rule, none of whose
 * findings is here).
 */
const FINDINGS: readonly Finding[] = [
  keyFinding("FAIL", "alice"),
  keyFinding("FAIL", "bob"),
  keyFinding("FAIL", "carol", true),
  keyFinding("PASS", "dave"),
  keyFinding("PASS", "erin"),
  keyFinding("ERROR", "frank"),
  ...manualFindings(ACCOUNT, "cis_v150"),
];

describe("complianceView", () => {
  const view = complianceView(FINDINGS, "cis_v150");

  it("has one row per requirement, in benchmark order", () => {
    expect(view.frameworkId).toBe("cis_v150");
    expect(view.frameworkName).toBe("CIS AWS Foundations Benchmark v1.5.0");
    expect(view.rows).toHaveLength(63);
    expect(view.rows.map((row) => row.id).slice(0, 3)).toEqual(["1.1", "1.2", "1.3"]);
    expect(view.rows.map((row) => row.id).slice(20, 23)).toEqual(["1.21", "2.1.1", "2.1.2"]);
    expect(view.rows.at(-1)).toMatchObject({ id: "5.5", section: "5 Networking", result: "NO_FINDINGS" });
    expect(view.rows.at(-6)).toMatchObject({ id: "4.16", section: "4 Monitoring", result: "NO_FINDINGS" });
  });

  it("counts the findings of each requirement", () => {
    expect(view.rows.find((row) => row.id === "1.11")).toEqual({
      id: "1.11",
      title:
        "Do not setup access keys during initial user setup for all IAM users that have a console password",
      section: "1 Identity and Access Management",
      profile: "Level 1",
      assessment: "Automated",
      ruleIds: ["iam_user_no_access_key_at_setup"],
      counts: { PASS: 2, FAIL: 3, MANUAL: 0, ERROR: 1 },
      muted: 1,
      result: "FAIL",
    });
    // 1.18 is assessed manually by the benchmark but decided by a rule, so it gets no MANUAL finding;
    // none of these findings judges it.
    expect(view.rows.find((row) => row.id === "1.18")).toMatchObject({
      profile: "Level 2",
      assessment: "Manual",
      ruleIds: ["ec2_instance_profile_attached"],
      counts: { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0 },
      result: "NO_FINDINGS",
    });
    expect(view.totals).toEqual({ PASS: 0, FAIL: 1, MANUAL: 2, ERROR: 0, NO_FINDINGS: 60 });
  });

  it("ranks FAIL over ERROR over MANUAL over PASS, and marks requirements nothing judged", () => {
    const errorOnly = complianceView([keyFinding("ERROR", "a"), keyFinding("PASS", "b")], "cis_v150");
    expect(errorOnly.rows.find((row) => row.id === "1.11")?.result).toBe("ERROR");
    const passOnly = complianceView([keyFinding("PASS", "b")], "cis_v150");
    expect(passOnly.rows.find((row) => row.id === "1.11")?.result).toBe("PASS");
    expect(passOnly.rows.find((row) => row.id === "1.1")?.result).toBe("NO_FINDINGS");
    expect(passOnly.totals).toEqual({ PASS: 1, FAIL: 0, MANUAL: 0, ERROR: 0, NO_FINDINGS: 62 });
  });

  it("counts findings under another version's numbering", () => {
    const v600 = complianceView(FINDINGS, "cis_v600");
    expect(v600.rows.find((row) => row.id === "2.10")?.counts).toEqual({
      PASS: 2,
      FAIL: 3,
      MANUAL: 0,
      ERROR: 1,
    });
    // The cis_v150 MANUAL findings carry every catalog's numbers, so they land on the v6.0.0 rows too.
    expect(v600.rows.find((row) => row.id === "2.1")?.counts.MANUAL).toBe(1);
  });

  it("matches a finding by its rule even when its frameworks omit the framework", () => {
    const bare = { ...keyFinding("FAIL", "zoe"), frameworks: {} };
    expect(complianceView([bare], "cis_v400").rows.find((row) => row.id === "1.11")?.counts.FAIL).toBe(1);
  });

  it("rejects an unknown framework", () => {
    expect(() => complianceView(FINDINGS, "cis_v160")).toThrow(InputError);
  });
});

describe("renderComplianceText", () => {
  it("prints an aligned table and a totals line", () => {
    const text = renderComplianceText(complianceView(FINDINGS, "cis_v150"));
    const lines = text.split("\n");
    expect(lines[0]).toBe("Compliance with CIS AWS Foundations Benchmark v1.5.0 (cis_v150):");
    // The Req column is as wide as the longest number (2.1.1).
    expect(lines[1]).toBe("Req    Level  Assessment  PASS  FAIL  MANUAL  ERROR  Result  Title");
    expect(lines[2]).toBe(
      "1.1    L1     Manual         0     0       1      0  MANUAL  Maintain current contact details",
    );
    expect(lines).toContain(
      "1.11   L1     Automated      2     3       0      1  FAIL    Do not setup access keys during initial user setup for all IAM users that have a console password",
    );
    expect(lines).toContain(
      "2.2.1  L1     Automated      0     0       0      0  -       Ensure EBS Volume Encryption is Enabled in all Regions",
    );
    expect(lines).toContain(
      "2.3.1  L1     Automated      0     0       0      0  -       Ensure that encryption is enabled for RDS Instances",
    );
    expect(lines.at(-2)).toBe("63 requirements: 0 PASS, 1 FAIL, 2 MANUAL, 0 ERROR, 60 without findings.");
    expect(text.endsWith("\n")).toBe(true);
    expect(text).not.toContain("\u001b[");
  });

  it("colours the result column only when asked", () => {
    const text = renderComplianceText(complianceView(FINDINGS, "cis_v150"), { color: true });
    expect(text).toContain("\u001b[31mFAIL  \u001b[0m");
  });
});
