import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_user_console_mfa_enabled.js";
import { CONSOLE_USER, report, rootRow, userRow } from "../../support/report-rows.js";
import { judge, said, snap } from "./iam-account-fixtures.js";

describe("iam_user_console_mfa_enabled (CIS v1.5.0 1.10)", () => {
  it("FAILs a console user without MFA, PASSes one with MFA and a user without password; root is excluded", () => {
    const findings = judge(
      rule,
      snap(
        report(
          rootRow({ password_enabled: "true", mfa_active: "false" }),
          userRow("alice", CONSOLE_USER),
          userRow("bob", { ...CONSOLE_USER, mfa_active: "true" }),
          userRow("svc"),
        ),
      ),
    );
    expect(said(findings)).toEqual([
      ["FAIL", "alice has a console password and no MFA device."],
      ["PASS", "bob has a console password and MFA enabled."],
      ["PASS", "svc has no console password."],
    ]);
    expect(findings[0]).toMatchObject({
      resourceType: "AWS::IAM::User",
      resourceArn: "arn:aws:iam::111122223333:user/alice",
      evidence: { userName: "alice", passwordEnabled: true, mfaActive: false, credentialReportLine: 3 },
      frameworks: { cis_v120: ["1.2"], cis_v150: ["1.10"], cis_v600: ["2.9"] },
    });
  });

  it("judges the API's view: a user whose login profile was removed since the report passes", () => {
    const snapshot = snap(report(userRow("alice", CONSOLE_USER)), undefined, {
      iamUsers: [
        {
          userName: "alice",
          userId: "AIDA1",
          arn: "arn:aws:iam::111122223333:user/alice",
          path: "/",
          createDate: new Date("2024-03-01T10:00:00Z"),
          passwordLastUsed: new Date("2025-01-01T00:00:00Z"),
        },
      ],
      userCredentials: new Map(
        Object.entries({
          alice: {
            user: {
              userName: "alice",
              userId: "AIDA1",
              arn: "arn:aws:iam::111122223333:user/alice",
              path: "/",
              createDate: new Date("2024-03-01T10:00:00Z"),
              passwordLastUsed: new Date("2025-01-01T00:00:00Z"),
            },
            loginProfile: null,
            accessKeys: [],
            checkedAt: new Date("2026-03-01T00:00:00Z"),
          },
        }),
      ),
    });
    expect(said(judge(rule, snapshot))).toEqual([["PASS", "alice has no console password."]]);
  });

  it("a console user created after the report is MANUAL, with a command to check its MFA quoted for the shell", () => {
    const created = (userName: string) => {
      const user = {
        userName,
        userId: `AIDA-${userName}`,
        arn: `arn:aws:iam::111122223333:user/${userName}`,
        path: "/",
        createDate: new Date("2026-02-01T10:00:00Z"),
      };
      return {
        user,
        credentials: {
          user,
          loginProfile: { createDate: new Date("2026-02-01T10:00:00Z"), passwordResetRequired: false },
          accessKeys: [],
          checkedAt: new Date("2026-03-01T00:00:00Z"),
        },
      };
    };
    // A plain IAM name, and one only a hand-made file can hold (IAM refuses `;` and spaces).
    const plain = created("carol");
    const odd = created("x; rm -rf ~");
    const snapshot = snap(report(userRow("alice")), undefined, {
      iamUsers: [plain.user, odd.user],
      userCredentials: new Map([
        ["carol", plain.credentials],
        ["x; rm -rf ~", odd.credentials],
      ]),
    });
    // alice, in the report but not listed by ListUsers, was deleted since: no finding.
    expect(said(judge(rule, snapshot))).toEqual([
      [
        "MANUAL",
        "carol has a console password and was created after the credential report: check its MFA with aws iam list-mfa-devices --user-name carol.",
      ],
      [
        "MANUAL",
        "x; rm -rf ~ has a console password and was created after the credential report: check its MFA with aws iam list-mfa-devices --user-name 'x; rm -rf ~'.",
      ],
    ]);
  });
});
