import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_user_unused_credentials_disabled.js";
import { neverUsedKey, report, rootRow, usedKey, userRow } from "../../support/report-rows.js";
import { daysAgo, judge, said, snap } from "./iam-account-fixtures.js";

describe("iam_user_unused_credentials_disabled (CIS v1.5.0 1.12)", () => {
  it("FAILs a never-used key created 200 days ago (aged from last_rotated), one finding per credential", () => {
    const findings = judge(
      rule,
      snap(report(rootRow(neverUsedKey(1, daysAgo(500))), userRow("svc", neverUsedKey(1, daysAgo(200))))),
    );
    expect(said(findings)).toEqual([
      [
        "FAIL",
        "svc's active access key 1 was never used since it was created 200 days ago (2025-08-13T00:00:00Z), 45 days or more: deactivate it.",
      ],
    ]);
    expect(findings[0]).toMatchObject({
      resourceType: "AWS::IAM::AccessKey",
      resourceName: "svc access key 1",
      evidence: {
        agedFrom: "last_rotated",
        daysUnused: 200,
        unusedDays: 45,
        accessKeySlot: 1,
        lastUsedDate: "never",
      },
      frameworks: { cis_v140: ["1.12"], cis_v150: ["1.12"], cis_v500: ["1.11"], cis_v600: ["2.11"] },
    });
    expect(findings[0]?.frameworks.cis_v120).toBeUndefined();
  });

  it("FAILs a never-used password set 200 days ago (aged from password_last_changed)", () => {
    const findings = judge(
      rule,
      snap(
        report(
          userRow("alice", {
            password_enabled: "true",
            password_last_used: "no_information",
            password_last_changed: daysAgo(200),
          }),
        ),
      ),
    );
    expect(said(findings)).toEqual([
      [
        "FAIL",
        "alice's console password was never used since it was set 200 days ago (2025-08-13T00:00:00Z), 45 days or more: disable it.",
      ],
    ]);
    expect(findings[0]?.evidence).toMatchObject({ agedFrom: "password_last_changed", daysUnused: 200 });
  });

  it("gives no password finding for a removed password whose last use is old (report and API views)", () => {
    const row = userRow("bob", {
      password_enabled: "false",
      password_last_used: daysAgo(300),
      ...usedKey(1, daysAgo(100), daysAgo(2)),
    });
    expect(said(judge(rule, snap(report(row))))).toEqual([
      ["PASS", "bob's active access key 1 was last used 2 days ago (2026-02-27T00:00:00Z)."],
    ]);
    const user = {
      userName: "carol",
      userId: "AIDA2",
      arn: "arn:aws:iam::111122223333:user/carol",
      path: "/",
      createDate: new Date("2024-01-01T00:00:00Z"),
      passwordLastUsed: new Date(daysAgo(300)),
    };
    const snapshot = snap(
      report(
        userRow("carol", {
          password_enabled: "true",
          password_last_used: daysAgo(300),
          password_last_changed: daysAgo(400),
        }),
      ),
      undefined,
      {
        iamUsers: [user],
        userCredentials: new Map(
          Object.entries({
            carol: { user, loginProfile: null, accessKeys: [], checkedAt: new Date(daysAgo(0)) },
          }),
        ),
      },
    );
    expect(said(judge(rule, snapshot))).toEqual([
      ["PASS", "carol has no console password and no active access key."],
    ]);
  });

  it("uses the most recent use, passes recent credentials, ignores inactive keys, honours the threshold", () => {
    const row = userRow("dave", {
      password_enabled: "true",
      password_last_used: daysAgo(44),
      password_last_changed: daysAgo(400),
      ...usedKey(1, daysAgo(400), daysAgo(45)),
      ...neverUsedKey(2, daysAgo(300), false),
    });
    expect(said(judge(rule, snap(report(row))))).toEqual([
      ["PASS", "dave's console password was last used 44 days ago (2026-01-16T00:00:00Z)."],
      [
        "FAIL",
        "dave's active access key 1 was last used 45 days ago (2026-01-15T00:00:00Z), 45 days or more: deactivate it.",
      ],
    ]);
    expect(judge(rule, snap(report(row)), { unusedDays: 90 }).map((f) => f.status)).toEqual(["PASS", "PASS"]);
  });
});
