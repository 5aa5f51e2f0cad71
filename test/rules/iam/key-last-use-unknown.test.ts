/**
 * Issue 16 item 2: an active key's `access_key_N_last_used_date` holding `no_information` or
 * `not_supported` (values the documentation does not allow there) is unknown usage: every rule that
 * reads a key's last use gives MANUAL with the raw value as evidence, never a PASS or FAIL.
 */
import { describe, expect, it } from "vitest";
import { rule as setupRule } from "../../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { rule as unusedRule } from "../../../src/rules/iam/iam_user_unused_credentials_disabled.js";
import { CONSOLE_USER, neverUsedKey, report, userRow } from "../../support/report-rows.js";
import { daysAgo, judge, said, snap } from "./iam-account-fixtures.js";

for (const cell of ["no_information", "not_supported"]) {
  describe(`an active key whose last_used_date is ${cell}`, () => {
    const csv = report(
      userRow("alice", {
        ...CONSOLE_USER,
        password_last_used: daysAgo(1),
        ...neverUsedKey(1, daysAgo(200)),
        access_key_1_last_used_date: cell,
      }),
    );

    it("1.11 gives MANUAL with the raw cell, never PASS", () => {
      const findings = judge(setupRule, snap(csv));
      expect(said(findings)).toEqual([
        [
          "MANUAL",
          `alice has a console password and active access key 1, created 529 days after the user, but its last use is unknown: the report says access_key_1_last_used_date=${cell}, a value AWS does not document for it: check it with aws iam get-access-key-last-used.`,
        ],
      ]);
      expect(findings[0]?.evidence).toMatchObject({ lastUsedDate: cell, lastUseUnknown: cell });
    });

    it("1.12 gives MANUAL with the raw cell, never FAIL and never blames the report layout", () => {
      const findings = judge(unusedRule, snap(csv)).filter((f) => f.evidence.credential === "access-key");
      expect(said(findings)).toEqual([
        [
          "MANUAL",
          `alice's active access key 1 has an unknown last use: the report says access_key_1_last_used_date=${cell}, a value AWS does not document for it: check it with aws iam get-access-key-last-used.`,
        ],
      ]);
      expect(findings[0]?.evidence).toMatchObject({ lastUsedDate: "unknown", lastUseUnknown: cell });
    });
  });
}
