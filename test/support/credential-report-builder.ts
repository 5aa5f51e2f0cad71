/**
 * Renders the IAM credential report CSV from account state, in the current real format: 22 columns,
 * `<root_account>` first, users sorted case-insensitively, `Z` timestamps without milliseconds, `\n` line
 * ends and no trailing newline.
 */
import type { AccessKeyRecord, IamState, UserRecord } from "./iam-state.js";
import { isoSeconds } from "./time.js";

/** The report's header, in order. */
export const CREDENTIAL_REPORT_COLUMNS = [
  "user",
  "arn",
  "user_creation_time",
  "password_enabled",
  "password_last_used",
  "password_last_changed",
  "password_next_rotation",
  "mfa_active",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
  "cert_1_active",
  "cert_1_last_rotated",
  "cert_2_active",
  "cert_2_last_rotated",
] as const;

const NA = "N/A";
const CERT_COLUMNS = ["false", NA, "false", NA];

/** Builds the CSV text of a credential report for the account's current state. */
export function buildCredentialReportCsv(state: IamState): string {
  const root = state.root;
  const rootRow = [
    "<root_account>",
    root.arn,
    isoSeconds(root.createDate),
    "not_supported",
    root.passwordLastUsed ? isoSeconds(root.passwordLastUsed) : "no_information",
    "not_supported",
    "not_supported",
    String(root.mfaActive),
    ...keyColumns(root.accessKeys),
    ...CERT_COLUMNS,
  ];
  const rows = [[...CREDENTIAL_REPORT_COLUMNS], rootRow, ...state.listUsers().map(userRow)];
  return rows.map((row) => row.map(csvField).join(",")).join("\n");
}

function userRow(user: UserRecord): string[] {
  const profile = user.loginProfile;
  return [
    user.userName,
    user.arn,
    isoSeconds(user.createDate),
    String(profile !== undefined),
    profile === undefined
      ? NA
      : profile.passwordLastUsed
        ? isoSeconds(profile.passwordLastUsed)
        : "no_information",
    profile === undefined ? NA : isoSeconds(profile.createDate),
    NA,
    String(user.mfaActive),
    ...keyColumns(user.accessKeys),
    ...CERT_COLUMNS,
  ];
}

/** The ten access-key columns: slot 1 then slot 2, five each. */
function keyColumns(keys: readonly AccessKeyRecord[]): string[] {
  return [keys[0], keys[1]].flatMap((key) => {
    if (key === undefined) return ["false", NA, NA, NA, NA];
    const used = key.lastUsed;
    return [
      String(key.status === "Active"),
      isoSeconds(key.createDate),
      used ? isoSeconds(used.date) : NA,
      used ? used.region : NA,
      used ? used.serviceName : NA,
    ];
  });
}

/** Quotes a field only when CSV requires it (IAM names may contain commas). */
function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
