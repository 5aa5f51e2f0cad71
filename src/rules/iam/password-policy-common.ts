/**
 * The shared judgement of the password-policy rules (v1.5.0 1.8, 1.9; v1.2.0 1.5–1.8, 1.11): one
 * account-level finding; no policy at all fails; a policy not collected in an offline scan is MANUAL.
 */
import type { Finding, FindingRuleInfo } from "../../model/finding.js";
import type { PasswordPolicy } from "../../snapshot/iam-account.js";
import type { Snapshot } from "../../snapshot/types.js";
import { accountVerdict, finder } from "./iam-common.js";

/** What one rule reads of the policy: the value it reports and whether that value passes. */
export interface PolicyReading<V> {
  readonly value: V | null;
  readonly pass: boolean;
}

/**
 * Judges one setting of the password policy with the rule's own reading of it. `describe` gets that
 * reading, or null when the account has no policy at all (then it ends "Account … has no IAM password
 * policy, so …"; otherwise "The IAM password policy of account … …").
 */
export function judgePolicySetting<V>(
  rule: FindingRuleInfo,
  snapshot: Snapshot,
  setting: keyof PasswordPolicy,
  required: unknown,
  read: (policy: PasswordPolicy) => PolicyReading<V>,
  describe: (reading: PolicyReading<V> | null) => string,
): Finding[] {
  const make = finder(rule, snapshot);
  const policy = snapshot.iamAccount?.passwordPolicy;
  const evidence = { setting, required, passwordPolicy: policy ?? null };
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
  const reading = read(policy);
  const { value, pass } = reading;
  return [
    make(
      accountVerdict(
        snapshot,
        pass ? "PASS" : "FAIL",
        `The IAM password policy of account ${snapshot.accountId} ${describe(reading)}.`,
        { ...evidence, value },
      ),
    ),
  ];
}

/** Judges a numeric setting that must be at least `minimum` (1.8 length, 1.9 reuse). */
export function judgePolicy(
  rule: FindingRuleInfo,
  snapshot: Snapshot,
  setting: keyof PasswordPolicy,
  minimum: number,
  describe: (value: number | null) => string,
): Finding[] {
  return judgePolicySetting(
    rule,
    snapshot,
    setting,
    minimum,
    (policy) => {
      const raw = policy[setting];
      const value = typeof raw === "number" ? raw : null;
      return { value, pass: value !== null && value >= minimum };
    },
    (reading) => describe(reading ? reading.value : null),
  );
}

/**
 * Judges a boolean setting that must be true (v1.2.0 1.5–1.8: RequireUppercaseCharacters,
 * RequireLowercaseCharacters, RequireSymbols, RequireNumbers). A missing or non-boolean value fails:
 * only `true` passes.
 */
export function judgePolicyFlag(
  rule: FindingRuleInfo,
  snapshot: Snapshot,
  setting: keyof PasswordPolicy,
  what: string,
): Finding[] {
  return judgePolicySetting(
    rule,
    snapshot,
    setting,
    true,
    (policy) => {
      const raw: unknown = policy[setting];
      return { value: typeof raw === "boolean" ? raw : null, pass: raw === true };
    },
    (reading) =>
      reading === null
        ? `passwords need not contain ${what}`
        : reading.pass
          ? `requires ${what} in every password`
          : reading.value === null
            ? `does not say whether passwords need ${what} (${setting} missing): it is not required`
            : `does not require ${what} (${setting} is false)`,
  );
}
