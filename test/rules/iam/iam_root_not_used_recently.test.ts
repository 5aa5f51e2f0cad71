import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_root_not_used_recently.js";
import { report, rootRow, usedKey } from "../../support/report-rows.js";
import { daysAgo, judge, said, snap } from "./iam-account-fixtures.js";

describe("iam_root_not_used_recently (CIS v1.5.0 1.7)", () => {
  it("FAILs root that used its password 2 years ago but a key yesterday (the latest use, not the first)", () => {
    const row = rootRow({
      password_enabled: "true",
      password_last_used: daysAgo(730),
      ...usedKey(2, "2020-06-01T00:00:00Z", daysAgo(1)),
    });
    const findings = judge(rule, snap(report(row)));
    expect(said(findings)).toEqual([
      [
        "FAIL",
        "The root user of account 111122223333 was last used through its access key 2 at 2026-02-28T00:00:00Z (1 day ago), within 90 days.",
      ],
    ]);
    expect(findings[0]?.evidence).toMatchObject({
      lastUsedCredential: "access key 2",
      daysSinceLastUse: 1,
      recentDays: 90,
      uses: [
        { credential: "password", at: "2024-03-01T00:00:00Z" },
        { credential: "access key 2", at: "2026-02-28T00:00:00Z" },
      ],
    });
  });

  it("PASSes root last used 2 years ago (not_supported report), FAILs it with a 1000-day threshold", () => {
    const csv = report(rootRow({ password_last_used: daysAgo(730) }));
    expect(said(judge(rule, snap(csv)))).toEqual([
      [
        "PASS",
        "The root user of account 111122223333 was last used through its password at 2024-03-01T00:00:00Z (730 days ago).",
      ],
    ]);
    expect(judge(rule, snap(csv), { recentDays: 1000 }).map((f) => f.status)).toEqual(["FAIL"]);
  });

  it("PASSes root with no recorded use", () => {
    expect(said(judge(rule, snap(report(rootRow()))))).toEqual([
      ["PASS", "The root user of account 111122223333 has no recorded use of its password or access keys."],
    ]);
  });
});
