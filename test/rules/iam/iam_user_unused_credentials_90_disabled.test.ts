import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_user_unused_credentials_90_disabled.js";
import { rule as rule45 } from "../../../src/rules/iam/iam_user_unused_credentials_disabled.js";
import { neverUsedKey, report, rootRow, usedKey, userRow } from "../../support/report-rows.js";
import { daysAgo, judge, said, snap } from "./iam-account-fixtures.js";

describe("iam_user_unused_credentials_90_disabled (CIS v1.2.0 1.3, v1.3.0 1.12)", () => {
  it("FAILs a password last used 120 days ago, numbered as v1.2.0 1.3 and v1.3.0 1.12 only", () => {
    const findings = judge(
      rule,
      snap(
        report(
          rootRow(neverUsedKey(1, daysAgo(500))),
          userRow("alice", {
            password_enabled: "true",
            password_last_used: daysAgo(120),
            password_last_changed: daysAgo(400),
          }),
        ),
      ),
    );
    expect(said(findings)).toEqual([
      [
        "FAIL",
        "alice's console password was last used 120 days ago (2025-11-01T00:00:00Z), 90 days or more: disable it.",
      ],
    ]);
    expect(findings[0]).toMatchObject({
      ruleId: "iam_user_unused_credentials_90_disabled",
      resourceType: "AWS::IAM::User",
      resourceName: "alice console password",
      evidence: { credential: "password", agedFrom: "password_last_used", daysUnused: 120, unusedDays: 90 },
    });
    expect(findings[0]?.frameworks).toEqual({ cis_v120: ["1.3"], cis_v130: ["1.12"] });
  });

  it("FAILs a never-used key created 100 days ago (aged from last_rotated); PASSes what the 45-day rule fails", () => {
    const csv = report(
      userRow("svc", { ...neverUsedKey(1, daysAgo(100)) }),
      userRow("ops", { ...usedKey(1, daysAgo(400), daysAgo(60)) }),
    );
    const findings = judge(rule, snap(csv));
    expect(said(findings)).toEqual([
      [
        "FAIL",
        "svc's active access key 1 was never used since it was created 100 days ago (2025-11-21T00:00:00Z), 90 days or more: deactivate it.",
      ],
      ["PASS", "ops's active access key 1 was last used 60 days ago (2025-12-31T00:00:00Z)."],
    ]);
    expect(findings[0]?.evidence).toMatchObject({
      agedFrom: "last_rotated",
      daysUnused: 100,
      unusedDays: 90,
    });
    expect(judge(rule45, snap(csv)).map((f) => f.status)).toEqual(["FAIL", "FAIL"]);
  });

  it("the boundary: 89 days PASS, 90 days FAIL (90 days or greater), for passwords and keys", () => {
    const row = (name: string, age: number) =>
      userRow(name, {
        password_enabled: "true",
        password_last_used: daysAgo(age),
        password_last_changed: daysAgo(400),
        ...usedKey(1, daysAgo(400), daysAgo(age)),
      });
    expect(said(judge(rule, snap(report(row("u89", 89), row("u90", 90)))))).toEqual([
      ["PASS", "u89's console password was last used 89 days ago (2025-12-02T00:00:00Z)."],
      ["PASS", "u89's active access key 1 was last used 89 days ago (2025-12-02T00:00:00Z)."],
      [
        "FAIL",
        "u90's console password was last used 90 days ago (2025-12-01T00:00:00Z), 90 days or more: disable it.",
      ],
      [
        "FAIL",
        "u90's active access key 1 was last used 90 days ago (2025-12-01T00:00:00Z), 90 days or more: deactivate it.",
      ],
    ]);
  });

  it("ignores inactive keys, passes a user without credentials, never judges root", () => {
    const csv = report(
      rootRow({ password_last_used: daysAgo(300) }),
      userRow("dave", { ...neverUsedKey(1, daysAgo(300), false) }),
    );
    expect(said(judge(rule, snap(csv)))).toEqual([
      ["PASS", "dave has no console password and no active access key."],
    ]);
  });

  it("missing fields: a never-used password with no change time is MANUAL; no password column is ERROR", () => {
    const findings = judge(
      rule,
      snap(
        report(
          userRow("erin", {
            password_enabled: "true",
            password_last_used: "no_information",
            password_last_changed: "N/A",
          }),
        ),
      ),
    );
    expect(said(findings)).toEqual([
      [
        "MANUAL",
        "erin has a console password with no recorded use or change time: check it in the IAM console.",
      ],
    ]);
    expect(
      judge(rule, snap(report(userRow("frank", { password_enabled: "not_supported" })))).map((f) => f.status),
    ).toEqual(["ERROR"]);
  });
});
