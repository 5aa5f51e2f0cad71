import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/engine/evaluate.js";
import { rule as minLength } from "../../../src/rules/iam/iam_password_policy_min_length_14.js";
import { rule as reuse } from "../../../src/rules/iam/iam_password_policy_reuse_24.js";
import { rule as rootMfa } from "../../../src/rules/iam/iam_root_mfa_enabled.js";
import type { PasswordPolicy } from "../../../src/snapshot/iam-account.js";
import { report, rootRow } from "../../support/report-rows.js";
import { judge, said, snap, summary } from "./iam-account-fixtures.js";

const POLICY: PasswordPolicy = {
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  expirePasswords: false,
  maxPasswordAge: null,
  hardExpiry: null,
};
const CSV = report(rootRow({ mfa_active: "true" }));

describe("iam_password_policy_min_length_14 (1.8) and iam_password_policy_reuse_24 (1.9)", () => {
  it("PASS both at 14 and 24", () => {
    const snapshot = snap(CSV, { passwordPolicy: POLICY });
    expect([...said(judge(minLength, snapshot)), ...said(judge(reuse, snapshot))]).toEqual([
      [
        "PASS",
        "The IAM password policy of account 111122223333 requires passwords of at least 14 characters.",
      ],
      ["PASS", "The IAM password policy of account 111122223333 prevents reuse of the last 24 passwords."],
    ]);
  });

  it("FAIL 12 characters and 12 remembered passwords (the AWS docs' sample policy)", () => {
    const snapshot = snap(CSV, {
      passwordPolicy: { ...POLICY, minimumPasswordLength: 12, passwordReusePrevention: 12 },
    });
    const findings = [...judge(minLength, snapshot), ...judge(reuse, snapshot)];
    expect(said(findings)).toEqual([
      [
        "FAIL",
        "The IAM password policy of account 111122223333 requires passwords of only 12 characters, fewer than 14.",
      ],
      [
        "FAIL",
        "The IAM password policy of account 111122223333 prevents reuse of only the last 12 passwords, fewer than 24.",
      ],
    ]);
    expect(
      findings.map((f) => [f.resourceType, f.resourceName, f.evidence.value, f.evidence.required]),
    ).toEqual([
      ["AWS::::Account", "111122223333", 12, 14],
      ["AWS::::Account", "111122223333", 12, 24],
    ]);
    expect(findings.map((f) => f.frameworks.cis_v120)).toEqual([["1.9"], ["1.10"]]);
  });

  it("FAIL both when the account has no password policy (NoSuchEntity); FAIL 1.9 when reuse is unset", () => {
    const none = snap(CSV, { passwordPolicy: null });
    expect([...said(judge(minLength, none)), ...said(judge(reuse, none))]).toEqual([
      [
        "FAIL",
        "Account 111122223333 has no IAM password policy, so passwords need only IAM's default 8 characters, not 14.",
      ],
      [
        "FAIL",
        "Account 111122223333 has no IAM password policy, so users may reuse old passwords (no reuse prevention; 24 required).",
      ],
    ]);
    expect(
      judge(reuse, snap(CSV, { passwordPolicy: { ...POLICY, passwordReusePrevention: null } })).map(
        (f) => f.status,
      ),
    ).toEqual(["FAIL"]);
  });

  it("AccessDenied on GetAccountPasswordPolicy: 1.8 and 1.9 ERROR naming the permission, other rules still judge", () => {
    const snapshot = snap(
      CSV,
      { accountSummary: summary(1, 0) },
      {
        errors: [
          {
            dataset: "iam.passwordPolicy",
            api: "iam:GetAccountPasswordPolicy",
            code: "AccessDenied",
            message:
              "iam:GetAccountPasswordPolicy failed in account 111122223333: AccessDenied: denied. The caller lacks the IAM permission iam:GetAccountPasswordPolicy.",
            missingPermission: "iam:GetAccountPasswordPolicy",
          },
        ],
      },
    );
    expect(
      evaluate(snapshot, [minLength, reuse, rootMfa]).map((f) => [
        f.ruleId,
        f.status,
        f.evidence.missingPermission ?? null,
      ]),
    ).toEqual([
      ["iam_password_policy_min_length_14", "ERROR", "iam:GetAccountPasswordPolicy"],
      ["iam_password_policy_reuse_24", "ERROR", "iam:GetAccountPasswordPolicy"],
      ["iam_root_mfa_enabled", "PASS", null],
    ]);
  });

  it("is MANUAL in an offline scan that has no policy data", () => {
    expect(judge(minLength, snap(CSV)).map((f) => f.status)).toEqual(["MANUAL"]);
  });
});
