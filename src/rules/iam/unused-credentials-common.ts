/**
 * The shared judgement of the unused-credentials rules: v1.4.0+ `iam_user_unused_credentials_disabled`
 * (45 days) and v1.2.0/v1.3.0 `iam_user_unused_credentials_90_disabled` (90 days). One finding per
 * credential of every IAM user (root excluded), the limit a parameter:
 * - a console password not used for `unusedDays` or more fails; a never-used password is aged from
 *   `password_last_changed` (when it was set);
 * - each active access key not used for `unusedDays` or more fails; a never-used key is aged from
 *   `last_rotated` (when it was created). Inactive keys are already disabled and are not judged.
 * A removed password is not a password, even when IAM still reports its `PasswordLastUsed`.
 * Ages count whole days up to the scan time (`snapshot.collectedAt`).
 */
import type { Finding, FindingRuleInfo, Verdict } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import {
  days,
  daysBetween,
  finder,
  invalidLastUseSentence,
  type KeyView,
  keyPhrase,
  keyVerdict,
  type UserView,
  unreadUserFindings,
  userEvidence,
  userVerdict,
  userViews,
} from "./iam-common.js";

/** Parameters of both unused-credentials rules. */
export interface Params {
  /** A credential unused for this many days or more fails. */
  readonly unusedDays: number;
}

/** Judges every IAM user's password and active access keys against `params.unusedDays`. */
export function judgeUnusedCredentials(rule: FindingRuleInfo, snapshot: Snapshot, params: Params): Finding[] {
  const make = finder(rule, snapshot);
  const findings: Finding[] = [];
  for (const user of userViews(snapshot)) {
    const judged = findings.length;
    if (user.hasPassword === null) {
      findings.push(
        make(
          userVerdict(
            snapshot,
            user,
            "ERROR",
            `${user.userName} is an IAM user but the report does not say whether it has a console password; cannot judge.`,
          ),
        ),
      );
    } else if (user.hasPassword) {
      findings.push(make(passwordVerdict(snapshot, user, params)));
    }
    for (const key of user.keys) {
      if (key.active) findings.push(make(accessKeyVerdict(snapshot, user, key, params)));
    }
    if (findings.length === judged) {
      findings.push(
        make(
          userVerdict(
            snapshot,
            user,
            "PASS",
            `${user.userName} has no console password and no active access key.`,
          ),
        ),
      );
    }
  }
  for (const finding of unreadUserFindings(rule, snapshot)) findings.push(finding);
  return findings;
}

function passwordVerdict(snapshot: Snapshot, user: UserView, params: Params): Verdict {
  const used = user.passwordLastUsed instanceof Date ? user.passwordLastUsed : null;
  const since = used ?? (user.passwordLastUsed === "never" ? user.passwordLastChanged : null);
  const age = since ? daysBetween(since, snapshot.collectedAt) : null;
  let status: Verdict["status"];
  let statusExtended: string;
  if (age === null) {
    status = "MANUAL";
    statusExtended = `${user.userName} has a console password with no recorded use or change time: check it in the IAM console.`;
  } else {
    const what = used
      ? `was last used ${days(age)} ago (${user.passwordLastUsedText})`
      : `was never used since it was set ${days(age)} ago (${user.passwordLastChangedText})`;
    status = age >= params.unusedDays ? "FAIL" : "PASS";
    statusExtended =
      status === "FAIL"
        ? `${user.userName}'s console password ${what}, ${params.unusedDays} days or more: disable it.`
        : `${user.userName}'s console password ${what}.`;
  }
  return {
    status,
    resourceType: "AWS::IAM::User",
    resourceArn: user.arn,
    resourceName: `${user.userName} console password`,
    identity: [user.arn, "password"],
    statusExtended,
    // Object.assign: the keys in the order of spreading the user's evidence first, without the spread.
    evidence: Object.assign(userEvidence(snapshot, user), {
      credential: "password",
      passwordLastUsed: user.passwordLastUsedText,
      passwordLastChanged: user.passwordLastChangedText,
      agedFrom: used ? "password_last_used" : since ? "password_last_changed" : null,
      daysUnused: age,
      unusedDays: params.unusedDays,
    }),
  };
}

function accessKeyVerdict(snapshot: Snapshot, user: UserView, key: KeyView, params: Params): Verdict {
  const used = key.lastUsed instanceof Date ? key.lastUsed : null;
  const since = used ?? (key.lastUsed === "never" ? key.createdAt : null);
  const age = since ? daysBetween(since, snapshot.collectedAt) : null;
  const evidence: Record<string, unknown> = {
    credential: "access-key",
    agedFrom: used ? "last_used_date" : since ? "last_rotated" : null,
    daysUnused: age,
    unusedDays: params.unusedDays,
  };
  if (key.lastUseInvalid !== null) evidence.lastUseUnknown = key.lastUseInvalid;
  const phrase = `${user.userName}'s active ${keyPhrase(key)}`;
  if (key.lastUseInvalid !== null) {
    return keyVerdict(
      snapshot,
      user,
      key,
      "MANUAL",
      `${phrase} has an unknown last use: ${invalidLastUseSentence(key)}: check it with aws iam get-access-key-last-used.`,
      evidence,
    );
  }
  if (age === null) {
    return keyVerdict(
      snapshot,
      user,
      key,
      "MANUAL",
      `${phrase} has no recorded last use (a report without last-used columns): check it with aws iam get-access-key-last-used.`,
      evidence,
    );
  }
  const what = used
    ? `was last used ${days(age)} ago (${key.lastUsedText})`
    : `was never used since it was created ${days(age)} ago (${key.createdAtText})`;
  return age >= params.unusedDays
    ? keyVerdict(
        snapshot,
        user,
        key,
        "FAIL",
        `${phrase} ${what}, ${params.unusedDays} days or more: deactivate it.`,
        evidence,
      )
    : keyVerdict(snapshot, user, key, "PASS", `${phrase} ${what}.`, evidence);
}
