/**
 * Builds literal credential report CSV for unit tests: the real 22-column header, and rows given as
 * the differing fields over a plain "IAM user, no password, no keys" row.
 */
export const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
  "access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service," +
  "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service," +
  "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

const COLUMNS = HEADER.split(",");

/** A row as column name → cell text. */
export type RowFields = Partial<Record<string, string>>;

/** A plain IAM user row in account 111122223333: no password, no keys, no certificates. */
export function userRow(user: string, fields: RowFields = {}): string {
  const base: Record<string, string> = {
    user,
    arn: `arn:aws:iam::111122223333:user/${user}`,
    user_creation_time: "2024-03-01T10:00:00Z",
    password_enabled: "false",
    password_last_used: "N/A",
    password_last_changed: "N/A",
    password_next_rotation: "N/A",
    mfa_active: "false",
  };
  for (const slot of [1, 2]) {
    base[`access_key_${slot}_active`] = "false";
    for (const suffix of ["last_rotated", "last_used_date", "last_used_region", "last_used_service"]) {
      base[`access_key_${slot}_${suffix}`] = "N/A";
    }
    base[`cert_${slot}_active`] = "false";
    base[`cert_${slot}_last_rotated`] = "N/A";
  }
  const merged = { ...base, ...fields };
  return COLUMNS.map((column) => merged[column] ?? "").join(",");
}

/** The root row of account 111122223333 with overrides. */
export function rootRow(fields: RowFields = {}): string {
  return userRow("<root_account>", {
    arn: "arn:aws:iam::111122223333:root",
    user_creation_time: "2020-01-01T00:00:00Z",
    password_enabled: "not_supported",
    password_last_used: "no_information",
    password_last_changed: "not_supported",
    password_next_rotation: "not_supported",
    ...fields,
  });
}

/** A whole report: header plus rows, LF line ends, no trailing newline (as AWS sends it). */
export function report(...rows: string[]): string {
  return [HEADER, ...rows].join("\n");
}

/** Fields of a console user (password set at creation, never used). */
export const CONSOLE_USER: RowFields = {
  password_enabled: "true",
  password_last_used: "no_information",
  password_last_changed: "2024-03-01T10:00:01Z",
};

/** Fields putting an active, never-used key created `createdAt` into `slot`. */
export function neverUsedKey(slot: 1 | 2, createdAt: string, active = true): RowFields {
  return { [`access_key_${slot}_active`]: String(active), [`access_key_${slot}_last_rotated`]: createdAt };
}

/** Fields putting an active key created `createdAt`, last used `usedAt`, into `slot`. */
export function usedKey(
  slot: 1 | 2,
  createdAt: string,
  usedAt: string,
  service = "s3",
  region = "us-east-1",
): RowFields {
  return {
    [`access_key_${slot}_active`]: "true",
    [`access_key_${slot}_last_rotated`]: createdAt,
    [`access_key_${slot}_last_used_date`]: usedAt,
    [`access_key_${slot}_last_used_service`]: service,
    [`access_key_${slot}_last_used_region`]: region,
  };
}
