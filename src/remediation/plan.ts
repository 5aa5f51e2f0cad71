/**
 * Turns findings into a deactivation plan: one `deactivate` action (iam:UpdateAccessKey
 * Status=Inactive) per failing CIS 1.11 access key, named by its exact key id. Pure: no I/O, no clock.
 *
 * Never planned, each listed as skipped with the reason: muted findings; findings without
 * `evidence.accessKeyId` (offline reports, or a live scan that found no unique key for the report
 * slot); a user name or key id IAM cannot have (only a findings file, `remediate --from`, can hold
 * one); a user ARN (`evidence.userArn`, `resourceArn`) naming another user or account than the
 * finding's; a rule id written as Prowler's alias of the rule (never written by `cloudpatrol scan`);
 * users left out by `--user` / `--exclude-user`; findings of another account than the credentials';
 * a second finding for a key already planned.
 */
import { iamUserOfArn, isAccessKeyId, isIamUserName } from "../model/iam-names.js";
import { findRule } from "../rules/index.js";
import type { PlannedAction, RemediationPlan, SkippedItem } from "./types.js";

/** The rule whose FAIL findings remediation acts on. */
export const REMEDIATED_RULE = "iam_user_no_access_key_at_setup";

/** Other tools' ids of {@link REMEDIATED_RULE} (Prowler's), as the rule declares them. */
export const REMEDIATED_RULE_ALIASES: readonly string[] = findRule(REMEDIATED_RULE)?.aliases ?? [];

/** The part of a finding the planner reads (a `Finding`, or one read from `--from`). */
export interface PlannableFinding {
  readonly uid: string;
  readonly ruleId: string;
  readonly status: string;
  readonly muted: boolean;
  readonly accountId: string;
  readonly resourceArn: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

/** `--user` / `--exclude-user`: IAM user names, compared case-insensitively as IAM does. */
export interface UserFilter {
  /** Only these users (empty or absent: everyone). */
  readonly users?: readonly string[];
  /** Never these users. */
  readonly excludeUsers?: readonly string[];
}

/** Why the filter leaves `userName` out, or undefined. */
export function filterReason(
  userName: string,
  filter: UserFilter,
): Pick<SkippedItem, "code" | "reason"> | undefined {
  const name = userName.toLowerCase();
  if (filter.excludeUsers?.some((user) => user.toLowerCase() === name)) {
    return { code: "excluded-user", reason: "excluded by --exclude-user" };
  }
  if (filter.users && filter.users.length > 0 && !filter.users.some((user) => user.toLowerCase() === name)) {
    return { code: "filtered-user", reason: "not selected by --user" };
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Why the finding's user ARNs (`evidence.userArn`, when present, and `resourceArn`) do not name user
 * `userName` of the finding's account, or undefined when they do. Only a findings file can disagree
 * with itself; acting on the name alone could change another user's key.
 */
function userMismatch(finding: PlannableFinding, userName: string): string | undefined {
  const named = [
    ["evidence.userArn", "userArn" in finding.evidence ? finding.evidence.userArn : undefined],
    ["resourceArn", finding.resourceArn],
  ] as const;
  for (const [field, arn] of named) {
    if (arn === undefined) continue;
    const user = typeof arn === "string" ? iamUserOfArn(arn) : undefined;
    if (user?.userName === userName && user.accountId === finding.accountId) continue;
    const shown = typeof arn === "string" ? arn : JSON.stringify(arn);
    return `${field} ${shown} does not name user ${userName} of account ${finding.accountId} (${
      user ? `it names user ${user.userName} of account ${user.accountId}` : "not an IAM user ARN"
    }): not acted on`;
  }
  return undefined;
}

function byTarget<T extends { accountId: string; userName: string; accessKeyId: string | null }>(a: T, b: T) {
  return (
    a.accountId.localeCompare(b.accountId) ||
    a.userName.toLowerCase().localeCompare(b.userName.toLowerCase()) ||
    (a.accessKeyId ?? "").localeCompare(b.accessKeyId ?? "")
  );
}

/**
 * Plans the deactivation of every failing 1.11 key in `findings`.
 * @param options.accountId - the credentials' account; findings of other accounts are skipped. Omit
 *   for a plan that is only printed.
 */
export function planDeactivation(
  findings: readonly PlannableFinding[],
  options: UserFilter & { readonly accountId?: string } = {},
): RemediationPlan {
  const actions: PlannedAction[] = [];
  const skipped: SkippedItem[] = [];
  const planned = new Set<string>();
  for (const finding of findings) {
    const aliased = REMEDIATED_RULE_ALIASES.includes(finding.ruleId);
    if ((finding.ruleId !== REMEDIATED_RULE && !aliased) || finding.status !== "FAIL") continue;
    const userName = text(finding.evidence.userName) ?? finding.resourceArn.split("/").pop() ?? "";
    const accessKeyId = text(finding.evidence.accessKeyId) ?? null;
    const base = { accountId: finding.accountId, userName, accessKeyId, findingUid: finding.uid };
    const slot = finding.evidence.accessKeySlot;
    const filtered = filterReason(userName, options);
    const mismatch = userMismatch(finding, userName);
    if (aliased) {
      // Only a converted or hand-edited findings file can hold one: skipped with its reason, never silently.
      skipped.push({
        ...base,
        code: "alias-rule-id",
        reason: `the finding's ruleId ${finding.ruleId} is Prowler's id of ${REMEDIATED_RULE}, which cloudpatrol scan never writes (a converted or edited file): not acted on`,
      });
    } else if (finding.muted) {
      skipped.push({ ...base, code: "muted", reason: "the finding is muted" });
    } else if (!isIamUserName(userName) || (accessKeyId !== null && !isAccessKeyId(accessKeyId))) {
      // Only a findings file (remediate --from) can hold these: IAM would refuse the call, or (a
      // lower-case key id) act on a key nobody named exactly.
      skipped.push({
        ...base,
        code: "not-iam-name",
        reason: `the finding names a ${isIamUserName(userName) ? "key id" : "user name"} IAM cannot have (1 to 64 of A-Z a-z 0-9 + = , . @ _ - for a user; AKIA or ASIA then upper-case A-Z 0-9, 16 to 128 in all, for a key id)`,
      });
    } else if (mismatch) {
      skipped.push({ ...base, code: "user-mismatch", reason: mismatch });
    } else if (accessKeyId === null) {
      skipped.push({
        ...base,
        code: "no-key-id",
        reason: `no exact access key id for report slot ${String(slot ?? "?")} (offline report, or no unique match)`,
      });
    } else if (filtered) {
      skipped.push({ ...base, ...filtered });
    } else if (options.accountId !== undefined && finding.accountId !== options.accountId) {
      skipped.push({
        ...base,
        code: "other-account",
        reason: `the finding is for account ${finding.accountId}, the credentials for ${options.accountId}`,
      });
    } else if (planned.has(`${finding.accountId}/${accessKeyId}`)) {
      skipped.push({ ...base, code: "duplicate", reason: "another finding already plans this key" });
    } else {
      planned.add(`${finding.accountId}/${accessKeyId}`);
      const createdAt = text(finding.evidence.createdAt);
      actions.push({
        action: "deactivate",
        accountId: finding.accountId,
        userName,
        accessKeyId,
        userArn: finding.resourceArn,
        findingUid: finding.uid,
        ...(createdAt ? { keyCreatedAt: createdAt } : {}),
        why: "CIS 1.11: active and never used, and the user has a console password",
      });
    }
  }
  return { kind: "deactivate", actions: actions.sort(byTarget), skipped: skipped.sort(byTarget) };
}
