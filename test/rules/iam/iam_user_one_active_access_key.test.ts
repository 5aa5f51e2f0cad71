import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_user_one_active_access_key.js";
import { neverUsedKey, report, rootRow, usedKey, userRow } from "../../support/report-rows.js";
import { daysAgo, judge, said, snap } from "./iam-account-fixtures.js";

describe("iam_user_one_active_access_key (CIS v1.5.0 1.13)", () => {
  it("FAILs two active keys, PASSes one active plus one inactive, and no key; root is left to 1.4", () => {
    const findings = judge(
      rule,
      snap(
        report(
          rootRow({ ...neverUsedKey(1, daysAgo(9)), ...neverUsedKey(2, daysAgo(8)) }),
          userRow("alice", { ...usedKey(1, daysAgo(10), daysAgo(1)), ...neverUsedKey(2, daysAgo(5)) }),
          userRow("bob", { ...usedKey(1, daysAgo(10), daysAgo(1)), ...neverUsedKey(2, daysAgo(5), false) }),
          userRow("carol"),
        ),
      ),
    );
    expect(said(findings)).toEqual([
      ["FAIL", "alice has 2 active access keys (access key 1, access key 2): deactivate the one not in use."],
      ["PASS", "bob has one active access key."],
      ["PASS", "carol has no active access key."],
    ]);
    expect(findings[0]).toMatchObject({
      resourceType: "AWS::IAM::User",
      evidence: { activeAccessKeys: 2 },
      frameworks: { cis_v130: ["1.13"], cis_v150: ["1.13"], cis_v500: ["1.12"], cis_v600: ["2.12"] },
    });
  });
});
