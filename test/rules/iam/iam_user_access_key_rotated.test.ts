import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_user_access_key_rotated.js";
import { neverUsedKey, report, usedKey, userRow } from "../../support/report-rows.js";
import { daysAgo, judge, said, snap } from "./iam-account-fixtures.js";

describe("iam_user_access_key_rotated (CIS v1.5.0 1.14)", () => {
  it("PASSes an inactive 200-day-old key, FAILs an active 91-day-old one, one finding per key with its own uid", () => {
    const findings = judge(
      rule,
      snap(
        report(
          userRow("alice", {
            ...neverUsedKey(1, daysAgo(200), false),
            ...usedKey(2, daysAgo(91), daysAgo(1)),
          }),
        ),
      ),
    );
    expect(said(findings)).toEqual([
      ["PASS", "alice's access key 1 is inactive (created 200 days ago)."],
      ["FAIL", "alice's access key 2 is active and was created 91 days ago, more than 90 days: rotate it."],
    ]);
    expect(findings.map((f) => [f.resourceType, f.resourceName, f.evidence.ageDays])).toEqual([
      ["AWS::IAM::AccessKey", "alice access key 1", 200],
      ["AWS::IAM::AccessKey", "alice access key 2", 91],
    ]);
    expect(findings[0]?.uid).not.toBe(findings[1]?.uid);
    expect(findings[1]?.frameworks).toMatchObject({
      cis_v120: ["1.4"],
      cis_v150: ["1.14"],
      cis_v600: ["2.13"],
    });
  });

  it("PASSes a 90-day-old active key and a user without keys", () => {
    const findings = judge(
      rule,
      snap(report(userRow("bob", neverUsedKey(1, daysAgo(90))), userRow("carol"))),
    );
    expect(said(findings)).toEqual([
      ["PASS", "bob's access key 1 is active and was created 90 days ago."],
      ["PASS", "carol has no access key."],
    ]);
  });

  it("keeps the uid when the key moves from slot 1 to slot 2", () => {
    const created = daysAgo(120);
    const a = judge(rule, snap(report(userRow("dave", neverUsedKey(1, created)))));
    const b = judge(rule, snap(report(userRow("dave", neverUsedKey(2, created)))));
    expect(a[0]?.uid).toBe(b[0]?.uid);
  });
});
