/**
 * The shape of a benchmark catalog: a framework is a list of requirements, each pointing at the rule ids
 * that decide it. Catalogs are data; they import no rule, so adding a benchmark version touches no rule.
 */

/** Every framework cloudpatrol knows, in version order. */
export const FRAMEWORK_IDS = [
  "cis_v120",
  "cis_v130",
  "cis_v140",
  "cis_v150",
  "cis_v200",
  "cis_v300",
  "cis_v400",
  "cis_v500",
  "cis_v600",
] as const;

/** `cis_v150` is CIS AWS Foundations Benchmark v1.5.0. */
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** CIS profile applicability. */
export type Profile = "Level 1" | "Level 2";

/**
 * How the benchmark says the requirement is assessed. CIS v1.2.0 predates this split and says
 * "Scored" / "Not Scored" instead; its catalog records that in {@link Requirement.scoring} and maps
 * Scored → Automated, Not Scored → Manual here.
 */
export type Assessment = "Automated" | "Manual";

/**
 * What a requirement asks, independent of the version that numbers it: `no_access_key_at_setup` is 1.21
 * in v1.2.0, 1.11 in v1.3.0–v4.0.0, 1.10 in v5.0.0 and 2.10 in v6.0.0. Requirements whose verdict differs
 * between versions (90 vs 45 days) are different concepts.
 */
export type Concept =
  | "contact_details"
  | "security_contact"
  | "security_questions"
  | "root_no_access_key"
  | "root_mfa"
  | "root_hardware_mfa"
  | "root_not_used"
  | "password_min_length_14"
  | "password_reuse_24"
  | "password_requires_uppercase"
  | "password_requires_lowercase"
  | "password_requires_symbol"
  | "password_requires_number"
  | "password_expires_90"
  | "console_user_mfa"
  | "no_access_key_at_setup"
  | "unused_credentials_90"
  | "unused_credentials_45"
  | "one_active_key"
  | "access_key_rotated_90"
  | "permissions_through_groups"
  | "no_full_admin_policy"
  | "support_role"
  | "instance_roles"
  | "expired_server_certificates"
  | "s3_block_public_access"
  | "access_analyzer_enabled"
  | "central_user_management"
  | "cloudshell_full_access_restricted"
  | "ebs_encryption_by_default";

/** One requirement of one benchmark version. */
export interface Requirement {
  /** The benchmark's number: `1.11`, `2.10`. */
  readonly id: string;
  /** The benchmark's title, verbatim. */
  readonly title: string;
  /** Section heading: `1 Identity and Access Management`. */
  readonly section: string;
  readonly profile: Profile;
  readonly assessment: Assessment;
  /** CIS v1.2.0 only: the benchmark's own scoring word. */
  readonly scoring?: "Scored" | "Not Scored";
  readonly concept: Concept;
  /** Ids of the rules that decide it (rules that exist today); empty → one MANUAL finding per account. */
  readonly ruleIds: readonly string[];
  /** How a person checks it by hand, in our words (the evidence of its MANUAL finding). */
  readonly auditSteps: readonly string[];
}

/** One benchmark version. */
export interface Framework {
  readonly id: FrameworkId;
  /** `CIS AWS Foundations Benchmark v1.5.0`. */
  readonly name: string;
  /** Security Hub's name in `RelatedRequirements`: `CIS AWS Foundations v1.5.0`. */
  readonly shortName: string;
  readonly version: string;
  /**
   * The sections this catalog lists requirements of: the whole of section 1 (Identity and Access
   * Management); of the later sections, the requirements a rule decides.
   */
  readonly sections: readonly string[];
  /** In benchmark order. */
  readonly requirements: readonly Requirement[];
}
