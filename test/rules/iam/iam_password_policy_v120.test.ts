import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/engine/evaluate.js";
import { rule as expires90 } from "../../../src/rules/iam/iam_password_policy_expires_90.js";
import { rule as lowercase } from "../../../src/rules/iam/iam_password_policy_lowercase.js";
import { rule as number } from "../../../src/rules/iam/iam_password_policy_number.js";
import { rule as symbol } from "../../../src/rules/iam/iam_password_policy_symbol.js";
import { rule as uppercase } from "../../../src/rules/iam/iam_password_policy_uppercase.js";
import type { PasswordPolicy } from "../../../src/snapshot/iam-account.js";
import { report, rootRow } from "../../support/report-rows.js";
import { judge, said, snap } from "./iam-account-fixtures.js";

const POLICY: PasswordPolicy = {
  minimumPasswordLength: 14,
  passwordReusePrevention: 24,
  requireSymbols: true,
  requireNumbers: true,
  requireUppercaseCharacters: true,
  requireLowercaseCharacters: true,
  allowUsersToChangePassword: true,
  expirePasswords: true,
  maxPasswordAge: 90,
  hardExpiry: false,
};
const CSV = report(rootRow({ mfa_active: "true" }));
const A = "The IAM password policy of account 111122223333";

/** Each flag rule, its setting, the wording, its CIS v1.2.0 number. */
const FLAGS = [
  [uppercase, "requireUppercaseCharacters", "an uppercase letter", "1.5"],
  [lowercase, "requireLowercaseCharacters", "a lowercase letter", "1.6"],
  [symbol, "requireSymbols", "a symbol", "1.7"],
  [number, "requireNumbers", "a number", "1.8"],
] as const;

describe("iam_password_policy_uppercase / _lowercase / _symbol / _number (CIS v1.2.0 1.5–1.8)", () => {
  it.each(FLAGS)(
    "%o PASSes when the setting is true, numbered as v1.2.0 only",
    (rule, setting, what, num) => {
      const findings = judge(rule, snap(CSV, { passwordPolicy: POLICY }));
      expect(said(findings)).toEqual([["PASS", `${A} requires ${what} in every password.`]]);
      expect(findings[0]).toMatchObject({
        ruleId: rule.id,
        resourceType: "AWS::::Account",
        resourceName: "111122223333",
        evidence: { setting, required: true, value: true },
      });
      expect(findings[0]?.frameworks).toEqual({ cis_v120: [num] });
    },
  );

  it.each(FLAGS)("%o FAILs when the setting is false", (rule, setting, what) => {
    const findings = judge(rule, snap(CSV, { passwordPolicy: { ...POLICY, [setting]: false } }));
    expect(said(findings)).toEqual([["FAIL", `${A} does not require ${what} (${setting} is false).`]]);
    expect(findings[0]?.evidence).toMatchObject({ setting, required: true, value: false });
  });

  it.each(FLAGS)(
    "%o FAILs when the account has no password policy (NoSuchEntity)",
    (rule, _setting, what) => {
      const findings = judge(rule, snap(CSV, { passwordPolicy: null }));
      expect(said(findings)).toEqual([
        ["FAIL", `Account 111122223333 has no IAM password policy, so passwords need not contain ${what}.`],
      ]);
      expect(findings[0]?.evidence).toMatchObject({ value: null, passwordPolicy: null });
    },
  );

  it.each(FLAGS)(
    "%o FAILs when the setting is missing from the policy (only true passes)",
    (rule, setting, what) => {
      const { [setting]: _dropped, ...rest } = POLICY;
      const findings = judge(rule, snap(CSV, { passwordPolicy: rest as PasswordPolicy }));
      expect(said(findings)).toEqual([
        [
          "FAIL",
          `${A} does not say whether passwords need ${what} (${setting} missing): it is not required.`,
        ],
      ]);
    },
  );

  it("judges each flag on its own: one missing requirement fails only its rule", () => {
    const snapshot = snap(CSV, { passwordPolicy: { ...POLICY, requireSymbols: false } });
    expect(
      evaluate(snapshot, [uppercase, lowercase, symbol, number]).map((f) => [f.ruleId, f.status]),
    ).toEqual([
      ["iam_password_policy_uppercase", "PASS"],
      ["iam_password_policy_lowercase", "PASS"],
      ["iam_password_policy_symbol", "FAIL"],
      ["iam_password_policy_number", "PASS"],
    ]);
  });

  it("is MANUAL in an offline scan that has no policy data", () => {
    expect(FLAGS.map(([rule]) => judge(rule, snap(CSV)).map((f) => f.status))).toEqual([
      ["MANUAL"],
      ["MANUAL"],
      ["MANUAL"],
      ["MANUAL"],
    ]);
  });
});

describe("iam_password_policy_expires_90 (CIS v1.2.0 1.11)", () => {
  it("PASSes at the boundary 90 days and below, FAILs at 91", () => {
    const at = (maxPasswordAge: number) =>
      judge(expires90, snap(CSV, { passwordPolicy: { ...POLICY, maxPasswordAge } }));
    expect([...said(at(90)), ...said(at(30)), ...said(at(91)), ...said(at(365))]).toEqual([
      ["PASS", `${A} expires passwords after 90 days.`],
      ["PASS", `${A} expires passwords after 30 days.`],
      ["FAIL", `${A} expires passwords only after 91 days, more than 90.`],
      ["FAIL", `${A} expires passwords only after 365 days, more than 90.`],
    ]);
    const findings = at(90);
    expect(findings[0]).toMatchObject({
      ruleId: "iam_password_policy_expires_90",
      resourceType: "AWS::::Account",
      evidence: { setting: "maxPasswordAge", required: 90, value: 90 },
    });
    expect(findings[0]?.frameworks).toEqual({ cis_v120: ["1.11"] });
  });

  it("FAILs a policy whose passwords never expire (MaxPasswordAge unset) or where it is missing", () => {
    const never = judge(
      expires90,
      snap(CSV, { passwordPolicy: { ...POLICY, expirePasswords: false, maxPasswordAge: null } }),
    );
    const { maxPasswordAge: _dropped, ...rest } = POLICY;
    const missing = judge(expires90, snap(CSV, { passwordPolicy: rest as PasswordPolicy }));
    const sentence = `${A} lets passwords live forever (no MaxPasswordAge; at most 90 days required).`;
    expect([...said(never), ...said(missing)]).toEqual([
      ["FAIL", sentence],
      ["FAIL", sentence],
    ]);
    expect(never[0]?.evidence).toMatchObject({ value: null });
  });

  it("FAILs a MaxPasswordAge that is not a number of days from 1, or one with ExpirePasswords false", () => {
    const with_ = (fields: Partial<PasswordPolicy>) =>
      said(judge(expires90, snap(CSV, { passwordPolicy: { ...POLICY, ...fields } })));
    expect([
      ...with_({ maxPasswordAge: 0, expirePasswords: false }),
      ...with_({ maxPasswordAge: -5 }),
      ...with_({ maxPasswordAge: 89.5 }),
      ...with_({ maxPasswordAge: 30, expirePasswords: false }),
    ]).toEqual(
      [0, -5, 89.5, 30].map((days) => [
        "FAIL",
        `${A} lets passwords live forever (ExpirePasswords false or MaxPasswordAge ${days} is not a number of days from 1; at most 90 days required).`,
      ]),
    );
  });

  it("FAILs when the account has no password policy (NoSuchEntity)", () => {
    expect(said(judge(expires90, snap(CSV, { passwordPolicy: null })))).toEqual([
      [
        "FAIL",
        "Account 111122223333 has no IAM password policy, so passwords never expire (at most 90 days required).",
      ],
    ]);
  });

  it("takes another limit as a parameter; MANUAL offline without policy data", () => {
    const snapshot = snap(CSV, { passwordPolicy: { ...POLICY, maxPasswordAge: 90 } });
    expect(judge(expires90, snapshot, { maximumAgeDays: 60 }).map((f) => f.status)).toEqual(["FAIL"]);
    expect(judge(expires90, snap(CSV)).map((f) => f.status)).toEqual(["MANUAL"]);
  });

  it("AccessDenied on GetAccountPasswordPolicy: ERROR naming the permission", () => {
    const snapshot = snap(
      CSV,
      {},
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
      evaluate(snapshot, [expires90, uppercase]).map((f) => [
        f.ruleId,
        f.status,
        f.evidence.missingPermission,
      ]),
    ).toEqual([
      ["iam_password_policy_expires_90", "ERROR", "iam:GetAccountPasswordPolicy"],
      ["iam_password_policy_uppercase", "ERROR", "iam:GetAccountPasswordPolicy"],
    ]);
  });
});
