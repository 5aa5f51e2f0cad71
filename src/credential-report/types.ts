/**
 * Typed rows of the IAM credential report.
 *
 * Source: AWS IAM User Guide, "Getting credential reports for your AWS account"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html).
 * The report's three placeholder tokens stay three distinct values here, never collapsed into one null
 * and never fed to a date parser:
 * - `N/A`: no such credential, or an access key that was never used;
 * - `no_information`: a password never used since IAM began tracking, or no data;
 * - `not_supported`: a field that does not apply to the root user.
 */

/** One of the credential report's placeholder tokens. */
export type ReportToken = "N/A" | "no_information" | "not_supported";

/** A report cell that holds a placeholder token instead of a value. Compare with {@link isToken}. */
export interface TokenValue {
  readonly token: ReportToken;
}

/** A timestamp cell: a UTC instant, or a placeholder token. */
export type ReportTime = Date | TokenValue;

/** A boolean cell (`true`/`false`, any case), or a placeholder token (root's `password_enabled`). */
export type ReportBoolean = boolean | TokenValue;

/** A free-text cell such as a region or service name, or a placeholder token. */
export type ReportText = string | TokenValue;

/** The frozen singletons for each token; parsed cells reuse them. */
export const NOT_APPLICABLE: TokenValue = Object.freeze({ token: "N/A" });
export const NO_INFORMATION: TokenValue = Object.freeze({ token: "no_information" });
export const NOT_SUPPORTED: TokenValue = Object.freeze({ token: "not_supported" });

/** True when `value` is the placeholder `token` (or any token when `token` is omitted). */
export function isToken(value: unknown, token?: ReportToken): value is TokenValue {
  if (typeof value !== "object" || value === null || value instanceof Date) return false;
  const candidate = (value as { token?: unknown }).token;
  return token === undefined ? typeof candidate === "string" : candidate === token;
}

/** One access key slot (`access_key_1_*` or `access_key_2_*`). */
export interface AccessKeySlot {
  /** 1 or 2: the report's column group. Slot order is not creation order. */
  readonly slot: 1 | 2;
  readonly active: boolean;
  /** `access_key_N_last_rotated`: when the key was created (or rotated in). `N/A` when the slot is empty. */
  readonly lastRotated: ReportTime;
  /**
   * `access_key_N_last_used_date`. `N/A` means never used. `null` when the report has no last-used
   * columns at all (the pre-April-2015 16-column layout): usage is then unknown.
   */
  readonly lastUsedDate: ReportTime | null;
  readonly lastUsedRegion: ReportText | null;
  readonly lastUsedService: ReportText | null;
}

/** One X.509 signing certificate slot. */
export interface CertificateSlot {
  readonly slot: 1 | 2;
  readonly active: boolean;
  readonly lastRotated: ReportTime;
}

/** One parsed row: the account root user or one IAM user. */
export interface CredentialReportRow {
  /** 1-based line of this row in the CSV text. */
  readonly line: number;
  /** `user` column: the IAM user name, or `<root_account>`. */
  readonly user: string;
  readonly arn: string;
  /** True for the account root user (`<root_account>`, or an ARN ending in `:root`), whatever else it says. */
  readonly isRoot: boolean;
  readonly userCreationTime: ReportTime;
  readonly passwordEnabled: ReportBoolean;
  readonly passwordLastUsed: ReportTime;
  readonly passwordLastChanged: ReportTime;
  readonly passwordNextRotation: ReportTime;
  readonly mfaActive: boolean;
  readonly accessKeys: readonly [AccessKeySlot, AccessKeySlot];
  readonly certificates: readonly [CertificateSlot, CertificateSlot];
}

/** Which column layout a report uses. */
export type ReportLayout = "22-column" | "16-column";

/** A whole parsed credential report. */
export interface CredentialReport {
  readonly layout: ReportLayout;
  /** `GeneratedTime` of the report when known (from GetCredentialReport); UTC. */
  readonly generatedAt: Date | undefined;
  /** One row per principal: duplicate rows for one ARN are merged (see `warnings`). Root included. */
  readonly rows: readonly CredentialReportRow[];
  /** Things worth telling the user that did not stop parsing (duplicate rows, unknown columns). */
  readonly warnings: readonly string[];
}
