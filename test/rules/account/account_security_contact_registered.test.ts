/**
 * CIS v1.5.0 1.2 (account_security_contact_registered): PASS with a security contact that has an email
 * address, FAIL without one, MANUAL when account:GetAlternateContact is denied (through the engine), the
 * engine's ERROR for any other collection failure, and the engine's "not collected" MANUAL offline.
 */
import { describe, expect, it } from "vitest";
import { parseCredentialReportCsv } from "../../../src/credential-report/index.js";
import { evaluate } from "../../../src/engine/evaluate.js";
import { CONCEPTS } from "../../../src/frameworks/index.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule } from "../../../src/rules/account/account_security_contact_registered.js";
import { rule as minLength } from "../../../src/rules/iam/iam_password_policy_min_length_14.js";
import { apisOf } from "../../../src/rules/index.js";
import { snapshotFromReport } from "../../../src/snapshot/from-report.js";
import type { AlternateContact } from "../../../src/snapshot/security-contact.js";
import type { CollectionError } from "../../../src/snapshot/types.js";
import { report, rootRow } from "../../support/report-rows.js";
import { judge, SCAN_TIME, said, snap } from "../iam/iam-account-fixtures.js";

const CSV = report(rootRow({ mfa_active: "true" }));
const CONTACT: AlternateContact = {
  alternateContactType: "SECURITY",
  name: "Security Operations",
  title: "Security team",
  emailAddress: "security-team@example.com",
  phoneNumber: "+1 555 0100",
};
const FRAMEWORKS = {
  cis_v120: ["1.18"],
  cis_v130: ["1.2"],
  cis_v140: ["1.2"],
  cis_v150: ["1.2"],
  cis_v200: ["1.2"],
  cis_v300: ["1.2"],
  cis_v400: ["1.2"],
  cis_v500: ["1.2"],
  cis_v600: ["2.2"],
};
const DENIED: CollectionError = {
  dataset: "account.securityContact",
  api: "account:GetAlternateContact",
  code: "AccessDeniedException",
  message:
    "account:GetAlternateContact failed in account 111122223333: AccessDeniedException: User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: account:GetAlternateContact on resource: arn:aws:account::111122223333:account. The caller lacks the IAM permission account:GetAlternateContact.",
  missingPermission: "account:GetAlternateContact",
};

describe("account_security_contact_registered (CIS v1.5.0 1.2)", () => {
  it("PASS: a security contact with an email address; evidence is the contact and its source", () => {
    const [finding, ...rest] = judge(rule, snap(CSV, undefined, { securityContact: CONTACT }));
    expect(rest).toEqual([]);
    expect(finding).toEqual({
      uid: findingUid("111122223333", "account_security_contact_registered", ["account"]),
      ruleId: "account_security_contact_registered",
      status: "PASS",
      muted: false,
      severity: "medium",
      accountId: "111122223333",
      region: "global",
      resourceType: "AWS::::Account",
      resourceArn: "arn:aws:iam::111122223333:root",
      resourceName: "111122223333",
      statusExtended:
        "Account 111122223333 has a security contact registered: Security Operations, Security team <security-team@example.com>.",
      evidence: {
        alternateContactType: "SECURITY",
        title: "Security team",
        name: "Security Operations",
        emailAddress: "security-team@example.com",
        phoneNumber: "+1 555 0100",
        source: "account:GetAlternateContact",
      },
      frameworks: FRAMEWORKS,
    });
  });

  it("FAIL: no security contact (ResourceNotFoundException), or one without an email address", () => {
    const none = judge(rule, snap(CSV, undefined, { securityContact: null }));
    expect(none.map((f) => [f.status, f.statusExtended, f.evidence])).toEqual([
      [
        "FAIL",
        "Account 111122223333 has no security contact registered: AWS security notifications reach only the root user's email address.",
        { securityContact: null, source: "account:GetAlternateContact" },
      ],
    ]);
    const noEmail = judge(
      rule,
      snap(CSV, undefined, { securityContact: { ...CONTACT, emailAddress: null } }),
    );
    expect(said(noEmail)).toEqual([
      ["FAIL", "The security contact of account 111122223333 has no email address."],
    ]);
    expect(noEmail[0]?.evidence).toEqual({
      alternateContactType: "SECURITY",
      title: "Security team",
      name: "Security Operations",
      emailAddress: null,
      phoneNumber: "+1 555 0100",
      source: "account:GetAlternateContact",
    });
  });

  it("MANUAL, not ERROR, when account:GetAlternateContact is denied; other rules' access errors stay ERROR", () => {
    const denied = snap(CSV, undefined, {
      errors: [
        DENIED,
        {
          dataset: "iam.passwordPolicy",
          api: "iam:GetAccountPasswordPolicy",
          code: "AccessDenied",
          message: "iam:GetAccountPasswordPolicy failed: AccessDenied.",
          missingPermission: "iam:GetAccountPasswordPolicy",
        },
      ],
    });
    const findings = evaluate(denied, [rule, minLength]);
    expect(findings.map((f) => [f.ruleId, f.status])).toEqual([
      ["account_security_contact_registered", "MANUAL"],
      ["iam_password_policy_min_length_14", "ERROR"],
    ]);
    expect(findings[0]?.uid).toBe(
      findingUid("111122223333", "account_security_contact_registered", ["account"]),
    );
    expect(findings[0]?.statusExtended).toBe(
      "The security contact of account 111122223333 could not be read: the caller lacks account:GetAlternateContact " +
        "(an AWS Organizations member account may also be denied while the management account has not enabled trusted access for AWS Account Management). " +
        "Check it in the console: account name (top right) → Account → Alternate contacts → Security contact.",
    );
    expect(findings[0]?.evidence).toEqual({
      api: "account:GetAlternateContact",
      errorCode: "AccessDeniedException",
      missingPermission: "account:GetAlternateContact",
      dataset: "account.securityContact",
      message: DENIED.message,
      auditSteps: [
        "Sign in to the AWS console, choose the account name at the top right, then Account.",
        "Under Alternate contacts, look at Security contact: it must name a contact with an email address (a monitored team mailbox or distribution list) and a phone number.",
        "Or, with the permission account:GetAlternateContact, run aws account get-alternate-contact --alternate-contact-type SECURITY.",
      ],
    });
  });

  it("ERROR (the engine's) for any other failure: throttling retries exhausted", () => {
    const throttled = snap(CSV, undefined, {
      errors: [
        {
          dataset: "account.securityContact",
          api: "account:GetAlternateContact",
          code: "TooManyRequestsException",
          message:
            "account:GetAlternateContact failed in account 111122223333: TooManyRequestsException: Rate exceeded.",
        },
      ],
    });
    const findings = evaluate(throttled, [rule]);
    expect(findings.map((f) => [f.status, f.statusExtended, f.evidence])).toEqual([
      [
        "ERROR",
        "Could not judge account 111122223333: account:GetAlternateContact failed in account 111122223333: TooManyRequestsException: Rate exceeded.",
        {
          api: "account:GetAlternateContact",
          errorCode: "TooManyRequestsException",
          missingPermission: null,
          dataset: "account.securityContact",
        },
      ],
    ]);
  });

  it("offline (a credential report file): the engine's 'not collected' MANUAL", () => {
    const offline = snapshotFromReport(parseCredentialReportCsv(CSV), SCAN_TIME);
    const findings = evaluate(offline, [rule]);
    expect(findings.map((f) => [f.status, f.resourceName, f.statusExtended, f.evidence])).toEqual([
      [
        "MANUAL",
        "111122223333",
        "Security contact information is registered for the AWS account: not judged offline for account 111122223333: it needs account.securityContact, which a credential report file does not hold; run a live scan (account:GetAlternateContact).",
        {
          reason: "not-collected",
          notCollected: ["account.securityContact"],
          apis: ["account:GetAlternateContact"],
          source: "credential-report-file",
          auditSteps: CONCEPTS.security_contact.auditSteps,
        },
      ],
    ]);
    expect(findings[0]?.uid).toBe(
      findingUid("111122223333", "account_security_contact_registered", ["not-collected"]),
    );
  });

  it("a live snapshot without the data set (a file from before this rule) is MANUAL, never silent", () => {
    const findings = evaluate(snap(CSV), [rule]);
    expect(said(findings)).toEqual([
      [
        "MANUAL",
        "Security contact information is registered for the AWS account: not judged for account 111122223333: it needs account.securityContact, which was not collected (a snapshot collected for other rules, or --regions left no region); collect with this rule or run a live scan (account:GetAlternateContact).",
      ],
    ]);
    expect(findings[0]?.uid).toBe(
      findingUid("111122223333", "account_security_contact_registered", ["not-collected"]),
    );
  });

  it("carries the metadata a reader needs", () => {
    expect({
      requires: rule.requires,
      apis: apisOf(rule),
      cloudTrailEvents: rule.cloudTrailEvents,
      judgesMissingPermission: rule.judgesMissingPermission,
    }).toEqual({
      requires: ["account.securityContact"],
      apis: ["account:GetAlternateContact"],
      cloudTrailEvents: ["PutAlternateContact", "DeleteAlternateContact"],
      judgesMissingPermission: true,
    });
    expect(rule.remediation.cli).toContain(
      "aws account get-alternate-contact --alternate-contact-type SECURITY",
    );
    expect(rule.remediation.iac.cloudformation).toMatch(
      /^# CloudFormation has no resource type for alternate contacts/,
    );
    expect(rule.remediation.iac.terraform).toMatch(/^resource "aws_account_alternate_contact" "security" \{/);
  });
});
