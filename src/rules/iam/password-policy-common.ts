/**
 * The shared judgement of the password-policy rules (1.8, 1.9): one account-level finding; no policy
 * at all fails; a policy not collected in an offline scan is MANUAL.
 */
import type { Finding, FindingRuleInfo } from "../../model/finding.js";
import type { PasswordPolicy } from "../../snapshot/iam-account.js";
import type { Snapshot } from "../../snapshot/types.js";
import { accountVerdict, finder } from "./iam-common.js";

/** Judges one setting of the password policy. */
export function judgePolicy(
  rule: FindingRuleInfo,
  snapshot: Snapshot,
  setting: keyof PasswordPolicy,
  minimum: number,
  describe: (value: number | null) => string,
): Finding[] {
  const make = finder(rule, snapshot);
  const policy = snapshot.iamAccount?.passwordPolicy;
  const evidence = { setting, required: minimum, passwordPolicy: policy ?? null };
  if (policy === undefined) {
    return [
      make(
        accountVerdict(
          snapshot,
          "MANUAL",
          `The password policy of account ${snapshot.accountId} was not collected (offline scan): run aws iam get-account-password-policy.`,
          evidence,
        ),
      ),
    ];
  }
  if (policy === null) {
    return [
      make(
        accountVerdict(
          snapshot,
          "FAIL",
          `Account ${snapshot.accountId} has no IAM password policy, so ${describe(null)}.`,
          { ...evidence, value: null },
        ),
      ),
    ];
  }
  const raw = policy[setting];
  const value = typeof raw === "number" ? raw : null;
  return [
    make(
      accountVerdict(
        snapshot,
        value !== null && value >= minimum ? "PASS" : "FAIL",
        `The IAM password policy of account ${snapshot.accountId} ${describe(value)}.`,
        { ...evidence, value },
      ),
    ),
  ];
}
