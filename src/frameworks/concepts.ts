/**
 * What each requirement concept means for cloudpatrol, once for every benchmark version: which rules
 * decide it, and how a person audits it by hand when no rule does. Adding a rule for a concept is one
 * edit here (its `ruleIds`), and every version's catalog picks it up under its own number.
 *
 * The audit steps are written in our own words from the AWS documentation; they are not the benchmark's
 * text.
 */
import type { Severity } from "../model/finding.js";
import type { Assessment, Concept, Profile, Requirement } from "./types.js";

/** What cloudpatrol knows about one concept. */
export interface ConceptInfo {
  /** Rules (that exist) deciding it. Only ids registered in `src/rules/index.ts`. */
  readonly ruleIds: readonly string[];
  /** Severity of its MANUAL finding. */
  readonly severity: Severity;
  /** Manual audit, in our words. */
  readonly auditSteps: readonly string[];
}

const REPORT =
  "Download the credential report (aws iam generate-credential-report, then aws iam get-credential-report --query Content --output text | base64 -d).";

/** Every concept, with its rules and manual audit. */
export const CONCEPTS: Readonly<Record<Concept, ConceptInfo>> = {
  contact_details: {
    ruleIds: [],
    severity: "low",
    auditSteps: [
      "Sign in as a user allowed to read account settings and open Account (Billing and Cost Management → Account).",
      "Check that the primary contact's email address and phone number are current.",
      "Check that they reach more than one person: a distribution list or shared mailbox, a phone number that rings a team.",
    ],
  },
  security_contact: {
    ruleIds: ["account_security_contact_registered"],
    severity: "low",
    auditSteps: [
      "Run aws account get-alternate-contact --alternate-contact-type SECURITY (needs account:GetAlternateContact).",
      "Or open Account in the console and look at Alternate contacts → Security.",
      "Pass when a security contact is set and reaches the team that handles security incidents.",
    ],
  },
  security_questions: {
    ruleIds: [],
    severity: "low",
    auditSteps: [
      "Sign in as the root user and open Account in the console.",
      "Look at the Configure Security Challenge Questions section (where the account still offers it).",
      "Pass when questions are set and their answers are stored where the account owners can retrieve them.",
    ],
  },
  root_no_access_key: {
    ruleIds: ["iam_root_no_access_key"],
    severity: "critical",
    auditSteps: [
      REPORT,
      "On the <root_account> row, access_key_1_active and access_key_2_active must both be false.",
      "Or run aws iam get-account-summary and check that AccountAccessKeysPresent is 0.",
    ],
  },
  root_mfa: {
    ruleIds: ["iam_root_mfa_enabled"],
    severity: "critical",
    auditSteps: [
      REPORT,
      "On the <root_account> row, mfa_active must be true.",
      "Or run aws iam get-account-summary and check that AccountMFAEnabled is 1.",
    ],
  },
  root_hardware_mfa: {
    ruleIds: ["iam_root_hardware_mfa_enabled"],
    severity: "high",
    auditSteps: [
      "Run aws iam get-account-summary: AccountMFAEnabled must be 1.",
      "Run aws iam list-virtual-mfa-devices --assignment-status Assigned: no device may be assigned to the root user (a serial number ending in :mfa/root-account-mfa-device or a User ARN ending in :root).",
      "A root user with MFA and no virtual device uses a hardware device (FIDO key or TOTP token).",
    ],
  },
  root_not_used: {
    ruleIds: ["iam_root_not_used_recently"],
    severity: "high",
    auditSteps: [
      REPORT,
      "On the <root_account> row, read password_last_used, access_key_1_last_used_date and access_key_2_last_used_date.",
      "Take the most recent of the three; use of the root user for everyday work (recent sign-ins or key use without a task that needs root) fails.",
    ],
  },
  password_min_length_14: {
    ruleIds: ["iam_password_policy_min_length_14"],
    severity: "medium",
    auditSteps: [
      "Run aws iam get-account-password-policy (NoSuchEntity means there is no policy: fail).",
      "MinimumPasswordLength must be 14 or more.",
    ],
  },
  password_reuse_24: {
    ruleIds: ["iam_password_policy_reuse_24"],
    severity: "medium",
    auditSteps: [
      "Run aws iam get-account-password-policy (NoSuchEntity means there is no policy: fail).",
      "PasswordReusePrevention must be 24.",
    ],
  },
  password_requires_uppercase: {
    ruleIds: [],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: RequireUppercaseCharacters must be true."],
  },
  password_requires_lowercase: {
    ruleIds: [],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: RequireLowercaseCharacters must be true."],
  },
  password_requires_symbol: {
    ruleIds: [],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: RequireSymbols must be true."],
  },
  password_requires_number: {
    ruleIds: [],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: RequireNumbers must be true."],
  },
  password_expires_90: {
    ruleIds: [],
    severity: "medium",
    auditSteps: ["Run aws iam get-account-password-policy: MaxPasswordAge must be set and at most 90."],
  },
  console_user_mfa: {
    ruleIds: ["iam_user_console_mfa_enabled"],
    severity: "high",
    auditSteps: [
      REPORT,
      "For every IAM user row (not <root_account>) with password_enabled true, mfa_active must be true.",
    ],
  },
  no_access_key_at_setup: {
    ruleIds: ["iam_user_no_access_key_at_setup"],
    severity: "medium",
    auditSteps: [
      REPORT,
      "For every IAM user with password_enabled true, an active key whose last-used date is N/A was never needed: deactivate it, then delete it.",
    ],
  },
  unused_credentials_90: {
    ruleIds: [],
    severity: "medium",
    auditSteps: [
      REPORT,
      "For each user, a password not used for 90 days or more (never used: counted from password_last_changed) must be removed.",
      "Each active access key not used for 90 days or more (never used: counted from last_rotated) must be deactivated.",
    ],
  },
  unused_credentials_45: {
    ruleIds: ["iam_user_unused_credentials_disabled"],
    severity: "medium",
    auditSteps: [
      REPORT,
      "For each user, a password not used for 45 days or more (never used: counted from password_last_changed) must be removed.",
      "Each active access key not used for 45 days or more (never used: counted from last_rotated) must be deactivated.",
    ],
  },
  one_active_key: {
    ruleIds: ["iam_user_one_active_access_key"],
    severity: "medium",
    auditSteps: [REPORT, "No IAM user row may have both access_key_1_active and access_key_2_active true."],
  },
  access_key_rotated_90: {
    ruleIds: ["iam_user_access_key_rotated"],
    severity: "medium",
    auditSteps: [
      REPORT,
      "Every active access key's last_rotated must be less than 90 days before now; inactive keys do not count.",
    ],
  },
  permissions_through_groups: {
    ruleIds: ["iam_user_no_direct_policies"],
    severity: "low",
    auditSteps: [
      "For each IAM user, run aws iam list-attached-user-policies --user-name <user> and aws iam list-user-policies --user-name <user>.",
      "Both lists must be empty: permissions come only from the groups the user belongs to.",
    ],
  },
  no_full_admin_policy: {
    ruleIds: ["iam_policy_no_full_admin_attached"],
    severity: "high",
    auditSteps: [
      "Run aws iam list-policies --only-attached --scope Local and read each policy's default version (aws iam get-policy-version).",
      'No statement may have "Effect": "Allow" with "Action": "*" and "Resource": "*" (as a string or in a list).',
    ],
  },
  support_role: {
    ruleIds: ["iam_role_support_access_attached"],
    severity: "low",
    auditSteps: [
      "Run aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSSupportAccess.",
      "At least one role must be listed under PolicyRoles.",
    ],
  },
  instance_roles: {
    ruleIds: ["ec2_instance_profile_attached"],
    severity: "medium",
    auditSteps: [
      "In every enabled region, run aws ec2 describe-instances --query 'Reservations[].Instances[].[InstanceId,IamInstanceProfile.Arn]'.",
      "Every instance that calls AWS APIs must have an instance profile; check that no long-term keys are stored on the instance instead.",
    ],
  },
  expired_server_certificates: {
    ruleIds: ["iam_server_certificate_not_expired"],
    severity: "medium",
    auditSteps: [
      "Run aws iam list-server-certificates.",
      "No certificate's Expiration may be in the past; delete expired ones with aws iam delete-server-certificate.",
    ],
  },
  s3_block_public_access: {
    ruleIds: [],
    severity: "high",
    auditSteps: [
      "Run aws s3control get-public-access-block --account-id <account-id> for the account setting.",
      "For buckets not covered by it, run aws s3api get-public-access-block --bucket <bucket>; all four settings must be true.",
    ],
  },
  access_analyzer_enabled: {
    ruleIds: ["accessanalyzer_region_analyzer_active"],
    severity: "medium",
    auditSteps: [
      "Run aws ec2 describe-regions to list the enabled regions.",
      "In each, run aws accessanalyzer list-analyzers --region <region>: at least one analyzer must have status ACTIVE.",
    ],
  },
  central_user_management: {
    ruleIds: ["iam_user_managed_centrally"],
    severity: "low",
    auditSteps: [
      "Run aws iam list-saml-providers and aws iam list-open-id-connect-providers, and check whether IAM Identity Center manages access for this account.",
      "Run aws iam list-users: in accounts that receive access through federation or IAM Identity Center, no IAM user should stand for a person.",
    ],
  },
  ebs_encryption_by_default: {
    ruleIds: [],
    severity: "medium",
    auditSteps: [
      "Run aws ec2 describe-regions --query 'Regions[].RegionName' --output text to list the enabled regions.",
      "In each, run aws ec2 get-ebs-encryption-by-default --region <region>: EbsEncryptionByDefault must be true.",
      "Or, in the EC2 console of each region, open Settings → Data protection and security: Always encrypt new EBS volumes must be enabled.",
    ],
  },
  cloudshell_full_access_restricted: {
    ruleIds: [],
    severity: "medium",
    auditSteps: [
      "Run aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/AWSCloudShellFullAccess.",
      "Pass when no user, group or role has it attached, or each one listed is approved to move files in and out of CloudShell.",
    ],
  },
};

/** A catalog line: number, concept, title, profile level (1/2), assessment (A/M). */
export type Line = readonly [
  id: string,
  concept: Concept,
  title: string,
  level: 1 | 2,
  assessment: "A" | "M",
];

/** Options of {@link buildRequirements}. */
export interface BuildOptions {
  /**
   * Section titles by section number (`"1"` → `1 Identity and Access Management`): each line's section
   * is the one its number starts with (`2.2.1` → section `2`).
   */
  readonly sections: Readonly<Record<string, string>>;
  /** CIS v1.2.0: A/M in the lines mean Scored / Not Scored. */
  readonly scored?: boolean;
  /** Per-requirement rule overrides (by requirement id), for a version whose requirement differs. */
  readonly ruleOverrides?: Readonly<Record<string, readonly string[]>>;
}

/** Turns compact catalog lines into requirements, taking rules and audit steps from {@link CONCEPTS}. */
export function buildRequirements(lines: readonly Line[], options: BuildOptions): Requirement[] {
  return lines.map(([id, concept, title, level, assessment]) => {
    const info = CONCEPTS[concept];
    const section = options.sections[id.split(".")[0] as string];
    if (section === undefined)
      throw new Error(`Catalog line ${id}: no section ${id.split(".")[0]} in this catalog.`);
    const profile: Profile = level === 1 ? "Level 1" : "Level 2";
    const kind: Assessment = assessment === "A" ? "Automated" : "Manual";
    return {
      id,
      title,
      section,
      profile,
      assessment: kind,
      ...(options.scored
        ? { scoring: assessment === "A" ? ("Scored" as const) : ("Not Scored" as const) }
        : {}),
      concept,
      ruleIds: options.ruleOverrides?.[id] ?? info.ruleIds,
      auditSteps: info.auditSteps,
    };
  });
}
