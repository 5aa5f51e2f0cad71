/**
 * A deterministic credential report generator for benchmarks: the real 22-column format, a mix of
 * users with and without console passwords and keys in every state.
 */

const ACCOUNT = "123456789012";

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation," +
  "mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date," +
  "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated," +
  "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active," +
  "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

/** mulberry32: a small deterministic PRNG, so every run benchmarks the same report. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** One key slot's five cells: none, inactive, active used, or active never used. */
function keyCells(next: () => number, userCreated: number): string[] {
  const kind = next();
  if (kind < 0.35) return ["false", "N/A", "N/A", "N/A", "N/A"];
  const created =
    userCreated + (next() < 0.5 ? Math.floor(next() * 2) : Math.floor(next() * 90 * 86_400)) * 1000;
  if (kind < 0.5) return ["false", iso(created), "N/A", "N/A", "N/A"];
  if (kind < 0.85) {
    const used = created + (1 + Math.floor(next() * 30 * 86_400)) * 1000;
    return ["true", iso(created), iso(used), "us-east-1", "s3"];
  }
  return ["true", iso(created), "N/A", "N/A", "N/A"];
}

/**
 * A credential report of `users` IAM users plus root, in the real 22-column format: about half with a
 * console password (some using `+00:00` timestamps), keys in both slots, active/inactive, used/never used.
 */
export function generateReport(users: number, seed = 42): string {
  const next = random(seed);
  const lines = [
    HEADER,
    `<root_account>,arn:aws:iam::${ACCOUNT}:root,2019-01-01T00:00:00Z,not_supported,2024-01-01T00:00:00Z,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ];
  const base = Date.UTC(2020, 0, 1);
  for (let index = 0; index < users; index++) {
    const name = `user-${String(index).padStart(5, "0")}`;
    const created = base + Math.floor(next() * 4 * 365 * 86_400) * 1000;
    const console = next() < 0.55;
    const passwordLastUsed = console ? (next() < 0.3 ? "no_information" : iso(created + 86_400_000)) : "N/A";
    let row = [
      name,
      `arn:aws:iam::${ACCOUNT}:user/${name}`,
      iso(created),
      String(console),
      passwordLastUsed,
      console ? iso(created) : "N/A",
      "N/A",
      String(next() < 0.4),
      ...keyCells(next, created),
      ...keyCells(next, created),
      "false",
      "N/A",
      "false",
      "N/A",
    ].join(",");
    if (next() < 0.2) row = row.replaceAll(/(\d\d:\d\d:\d\d)Z/g, "$1+00:00");
    lines.push(row);
  }
  return lines.join("\n");
}
