/**
 * MANUAL findings for the requirements no rule decides: one per requirement per account, exact
 * sentences, stable uids, evidence with the audit steps.
 */
import { describe, expect, it } from "vitest";
import { manualFindings, manualRequirements, manualRuleId } from "../../src/engine/manual.js";
import { FRAMEWORKS, getFramework } from "../../src/frameworks/index.js";
import { InputError } from "../../src/model/errors.js";
import { findingUid } from "../../src/model/finding.js";
import { rule as atSetup } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { MONITORING_V150_NUMBERS } from "../support/monitoring-rules.js";

const ACCOUNT = { accountId: "123456789012", partition: "aws" };

describe("manualFindings", () => {
  const findings = manualFindings(ACCOUNT, "cis_v150");
  // With a registry holding only the 1.11 rule, requirements with an Automated assessment (1.4 root
  // access key…) have no rule: the "no rule yet" MANUAL findings these tests look at.
  const withAtSetupOnly = manualFindings(ACCOUNT, "cis_v150", [atSetup]);

  /** Requirement ids of the MANUAL findings in section 1 (Identity and Access Management). */
  const inSection1 = (list: typeof findings) =>
    list.map((finding) => String(finding.evidence.requirement)).filter((id) => id.startsWith("1."));

  it("gives one MANUAL finding per cis_v150 requirement without a rule (in section 1: 1.1 and 1.3, assessed manually)", () => {
    expect(inSection1(findings)).toEqual(["1.1", "1.3"]);
    // Sections 2–5: 42 requirements; the storage section (2.1.1–2.1.5, 2.2.1, 2.3.1–2.3.3, 2.4.1) and 5.1–5.5
    // (networking) are decided by rules, and so are sections 3 and 4 (below).
    expect(findings).toHaveLength(2);
    for (const decided of [
      "2.1.1",
      "2.1.2",
      "2.1.3",
      "2.1.4",
      "2.1.5",
      "2.2.1",
      "2.3.1",
      "2.3.2",
      "2.3.3",
      "2.4.1",
      "5.1",
      "5.2",
      "5.3",
      "5.4",
      "5.5",
    ])
      expect(findings.map((finding) => finding.evidence.requirement)).not.toContain(decided);
    expect(new Set(findings.map((finding) => finding.status))).toEqual(new Set(["MANUAL"]));
    expect(new Set(findings.map((finding) => finding.uid)).size).toBe(2);
    // The logging ones (3.1–3.11) and the monitoring ones are decided by rules too: every requirement of
    // sections 2–5 has its rule.
    for (const decided of [
      "2.2.1",
      "2.1.1",
      "2.1.2",
      "2.1.3",
      "2.1.5",
      "3.1",
      "3.5",
      "3.11",
      ...MONITORING_V150_NUMBERS,
    ])
      expect(findings.map((finding) => finding.evidence.requirement)).not.toContain(decided);
    expect(new Set(findings.map((finding) => finding.status))).toEqual(new Set(["MANUAL"]));
    expect(new Set(findings.map((finding) => finding.uid)).size).toBe(2);
  });

  it("names the requirement in an exact sentence, on the account resource", () => {
    const first = findings[0];
    expect(first).toMatchObject({
      ruleId: "manual_contact_details",
      status: "MANUAL",
      muted: false,
      severity: "low",
      accountId: "123456789012",
      region: "global",
      resourceType: "AWS::::Account",
      resourceArn: "arn:aws:iam::123456789012:root",
      resourceName: "123456789012",
      statusExtended:
        'CIS AWS Foundations v1.5.0 1.1 "Maintain current contact details" needs a manual check in account 123456789012: the benchmark assesses it manually; follow the audit steps in the evidence.',
    });
    const rootKey = withAtSetupOnly.find((finding) => finding.evidence.requirement === "1.4");
    expect(rootKey?.statusExtended).toBe(
      "CIS AWS Foundations v1.5.0 1.4 \"Ensure no 'root' user account access key exists\" needs a manual check in account 123456789012: cloudpatrol has no rule for it yet; follow the audit steps in the evidence.",
    );
  });

  it("carries the audit steps and the requirement facts as evidence", () => {
    const rootKey = withAtSetupOnly.find((finding) => finding.evidence.requirement === "1.4");
    expect(rootKey?.evidence).toEqual({
      framework: "cis_v150",
      requirement: "1.4",
      title: "Ensure no 'root' user account access key exists",
      profile: "Level 1",
      assessment: "Automated",
      reason: "no-rule-yet",
      auditSteps: [
        "Download the credential report (aws iam generate-credential-report, then aws iam get-credential-report --query Content --output text | base64 -d).",
        "On the <root_account> row, access_key_1_active and access_key_2_active must both be false.",
        "Or run aws iam get-account-summary and check that AccountAccessKeysPresent is 0.",
      ],
    });
  });

  it("maps each finding to its requirement in every catalog", () => {
    const rootKey = withAtSetupOnly.find((finding) => finding.ruleId === "manual_root_no_access_key");
    expect(rootKey?.frameworks).toEqual({
      cis_v120: ["1.12"],
      cis_v130: ["1.4"],
      cis_v140: ["1.4"],
      cis_v150: ["1.4"],
      cis_v200: ["1.4"],
      cis_v300: ["1.4"],
      cis_v400: ["1.4"],
      cis_v500: ["1.3"],
      cis_v600: ["2.3"],
    });
  });

  it("has uids stable across runs and versions, distinct per account", () => {
    const uid = findingUid("123456789012", "manual_contact_details", ["account"]);
    expect(findings[0]?.uid).toBe(uid);
    expect(manualFindings(ACCOUNT, "cis_v150")[0]?.uid).toBe(uid);
    const v600 = manualFindings(ACCOUNT, "cis_v600").find((f) => f.ruleId === "manual_contact_details");
    expect(v600?.uid).toBe(uid);
    expect(v600?.statusExtended).toContain("CIS AWS Foundations v6.0.0 2.1 ");
    const other = manualFindings({ accountId: "210987654321", partition: "aws" }, "cis_v150")[0];
    expect(other?.uid).not.toBe(uid);
  });

  it("uses the snapshot's partition", () => {
    const gov = manualFindings({ accountId: "123456789012", partition: "aws-us-gov" }, "cis_v150")[0];
    expect(gov?.resourceArn).toBe("arn:aws-us-gov:iam::123456789012:root");
  });

  it("counts a requirement as decided only when its rule is registered", () => {
    const framework = getFramework("cis_v150");
    // Every registered rule decides its requirement: 19 of section 1's 21, leaving 1.1 and 1.3, plus the
    // requirements of sections 2–5: the storage section and 5.1–5.5 have their rules, and sections 3 and 4
    // (logging, monitoring) too: no requirement of sections 2–5 is left without a rule.
    expect(manualRequirements(framework)).toHaveLength(2);
    expect(manualRequirements(framework, [atSetup])).toHaveLength(20 + 42);
    expect(manualRequirements(framework, [])).toHaveLength(63);
    expect(manualFindings(ACCOUNT, framework, []).map((f) => f.ruleId)).toContain(
      manualRuleId("no_access_key_at_setup"),
    );
  });

  it("gives v1.2.0 its own numbering and an unknown framework an InputError", () => {
    const v120 = manualFindings(ACCOUNT, "cis_v120");
    // Section 1: 22 requirements, 20 decided by a rule (1.21 by 1.11, 1.18 by the security contact rule,
    // 1.3 by the 90-day unused-credentials rule, 1.5-1.8 and 1.11 by the password-policy rules); 1.15 and
    // 1.17 are assessed manually. Sections 2–4: 27 requirements, the networking (4.1–4.4), logging (2.1–2.9)
    // and monitoring (3.1–3.14) ones decided by rules.
    expect(v120).toHaveLength(2);
    expect(inSection1(v120)).toEqual(["1.15", "1.17"]);
    // v1.3.0: 1.12 (90 days) and 1.20 (S3 Block Public Access) have their rules; only the contact details
    // and security questions are left in section 1.
    expect(inSection1(manualFindings(ACCOUNT, "cis_v130"))).toEqual(["1.1", "1.3"]);
    expect(v120.map((finding) => finding.evidence.requirement)).not.toContain("1.21");
    expect(() => manualFindings(ACCOUNT, "cis_v7")).toThrow(InputError);
  });

  it("gives every requirement of the later sections no rule decides, in every version, a MANUAL finding with its reason", () => {
    for (const framework of FRAMEWORKS) {
      const iamSection = framework.sections[0] as string;
      const later = framework.requirements.filter(
        (requirement) => requirement.section !== iamSection && requirement.ruleIds.length === 0,
      );
      const byRequirement = new Map(
        manualFindings(ACCOUNT, framework.id).map((finding) => [finding.evidence.requirement, finding]),
      );
      for (const requirement of later) {
        const finding = byRequirement.get(requirement.id);
        expect(finding, `${framework.id} ${requirement.id}`).toBeDefined();
        expect(finding).toMatchObject({
          status: "MANUAL",
          ruleId: manualRuleId(requirement.concept),
          evidence: {
            framework: framework.id,
            requirement: requirement.id,
            title: requirement.title,
            assessment: requirement.assessment,
            reason: requirement.assessment === "Automated" ? "no-rule-yet" : "manual-requirement",
            auditSteps: requirement.auditSteps,
          },
        });
        expect(requirement.auditSteps.length).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it("says why a later-section requirement needs a manual check (v1.5.0 2.2.1 and 5.5)", () => {
    // With no rule registered for it, as before its rule landed.
    const ebs = manualFindings(ACCOUNT, "cis_v150", [atSetup]).find(
      (finding) => finding.evidence.requirement === "2.2.1",
    );
    expect(ebs).toMatchObject({ ruleId: "manual_ebs_encryption_by_default", severity: "medium" });
    expect(ebs?.statusExtended).toBe(
      'CIS AWS Foundations v1.5.0 2.2.1 "Ensure EBS Volume Encryption is Enabled in all Regions" needs a manual check in account 123456789012: cloudpatrol has no rule for it yet; follow the audit steps in the evidence.',
    );
    expect(ebs?.frameworks).toEqual({
      cis_v130: ["2.2.1"],
      cis_v140: ["2.2.1"],
      cis_v150: ["2.2.1"],
      cis_v200: ["2.2.1"],
      cis_v300: ["2.2.1"],
      cis_v400: ["5.1.1"],
      cis_v500: ["5.1.1"],
      cis_v600: ["6.1.1"],
    });
    const peering = withAtSetupOnly.find((finding) => finding.evidence.requirement === "5.5");
    expect(peering?.evidence.reason).toBe("manual-requirement");
    expect(peering?.statusExtended).toContain(": the benchmark assesses it manually;");
  });
});
