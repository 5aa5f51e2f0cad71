/**
 * The `UserExplanation`: everything cloudpatrol knows about one IAM user, for a person who has to
 * decide what to do about a finding. JSON-safe (times are ISO 8601 UTC strings). `--output json`
 * prints it as is; fields are only ever added, never renamed.
 */
import type { Severity, Status } from "../../model/finding.js";

/** JSON schema version of {@link UserExplanation}. */
export const EXPLANATION_SCHEMA_VERSION = 1;

/** Where the data came from: the IAM API (live) or a credential report file (offline). */
export type ExplanationSource = "aws" | "credential-report-file";

/** The user's console password. */
export interface ExplainedPassword {
  /** Whether the user has a console password; null when the report cannot say. */
  readonly enabled: boolean | null;
  /** Creation time (GetLoginProfile). Null offline: the report has no such column. */
  readonly createdAt: string | null;
  /** Seconds from the user's creation to the password's; null when either is unknown. */
  readonly secondsAfterUserCreation: number | null;
  /** `password_last_changed` of the report. Null live and when the report has none. */
  readonly lastChangedAt: string | null;
  /** Last console sign-in; null when never used (or IAM has no record). */
  readonly lastUsedAt: string | null;
}

/** The user's MFA. */
export interface ExplainedMfa {
  readonly active: boolean;
  /** Serial numbers (ARNs) of the devices; null offline (the report only says whether MFA is active). */
  readonly devices: readonly string[] | null;
}

/** One access key. Never its secret: cloudpatrol never asks for one. */
export interface ExplainedAccessKey {
  /** The AccessKeyId; null offline (the credential report has no key ids). */
  readonly accessKeyId: string | null;
  /** Credential report slot (1 or 2) offline; null live. */
  readonly slot: 1 | 2 | null;
  readonly status: "Active" | "Inactive";
  readonly createdAt: string | null;
  /** Seconds from the user's creation to the key's; small values mean "created at user setup". */
  readonly secondsAfterUserCreation: number | null;
  /** The same in words: `1 second after the user`, `41 days after the user`. */
  readonly createdAfterUser: string | null;
  /** False when the data has no usage information (a pre-April-2015 16-column report). */
  readonly usageKnown: boolean;
  /** Last use; null when never used (or unknown, see `usageKnown`). */
  readonly lastUsedAt: string | null;
  readonly lastUsedService: string | null;
  readonly lastUsedRegion: string | null;
}

/** A user tag. */
export interface ExplainedTag {
  readonly key: string;
  readonly value: string;
}

/** One finding on this user, with how to inspect and fix it. */
export interface ExplainedFinding {
  readonly uid: string;
  readonly ruleId: string;
  /** The rule's title, or its id when the rule is unknown. */
  readonly title: string;
  readonly status: Status;
  readonly muted: boolean;
  readonly severity: Severity;
  readonly resourceName: string;
  readonly statusExtended: string;
  readonly accessKeySlot: number | null;
  /** The key this finding is about, when known (from the finding, or matched by exact creation time). */
  readonly accessKeyId: string | null;
  /** How to fix it, prefilled; null for PASS and ERROR findings. */
  readonly fix: { readonly cli: readonly string[]; readonly console: readonly string[] } | null;
}

/** Everything about one IAM user. */
export interface UserExplanation {
  readonly schemaVersion: number;
  readonly source: ExplanationSource;
  readonly accountId: string;
  readonly userName: string;
  readonly userArn: string | null;
  /** Live only. */
  readonly userId: string | null;
  /** Live only. */
  readonly path: string | null;
  readonly createdAt: string | null;
  /** When the user's data was read (live) or the explanation was made (offline). */
  readonly checkedAt: string;
  readonly credentialReportGeneratedAt: string | null;
  readonly consolePassword: ExplainedPassword;
  readonly mfa: ExplainedMfa;
  readonly accessKeys: readonly ExplainedAccessKey[];
  /** Null offline: the credential report has no tags. */
  readonly tags: readonly ExplainedTag[] | null;
  /** Tags that name a person or team to ask (`owner`, `email`, `contact`, ...), or hold an email address. */
  readonly contacts: readonly ExplainedTag[];
  /** Every finding on this user, FAIL first; account-level ERROR findings too (they mean "not judged"). */
  readonly findings: readonly ExplainedFinding[];
  /** AWS CLI commands that show the user's current state, prefilled and shell-quoted. */
  readonly inspect: readonly string[];
  /** Things to know: data the source lacks, findings whose key could not be identified. */
  readonly notes: readonly string[];
}
