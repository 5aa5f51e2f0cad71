/**
 * The text report's finding order: by status, then resource name, then the requirement number of the
 * framework shown (1.2 < 1.10 < 1.11), never the order the rules happen to be registered in.
 */
import { describe, expect, it } from "vitest";
import { accountTable, renderText } from "../../src/report/text.js";
import { finding, resultOf } from "./fixtures.js";

describe("text report", () => {
  it("orders one resource's findings by requirement number, numerically", () => {
    const findings = [
      finding("alice", "FAIL", { frameworks: { cis_v150: ["1.11"], cis_v500: ["1.10"] } }),
      finding("alice", "FAIL", { ruleId: "b", frameworks: { cis_v150: ["1.10"], cis_v500: ["1.9"] } }),
      finding("alice", "FAIL", { ruleId: "c", frameworks: { cis_v150: ["1.2"], cis_v500: ["1.2"] } }),
      finding("alice", "FAIL", { ruleId: "no_requirement", frameworks: {} }),
      finding("aaron", "FAIL", { frameworks: { cis_v150: ["1.20"] } }),
    ];
    const refs = (framework?: string) =>
      renderText(resultOf(findings), { color: false, ...(framework ? { framework } : {}) })
        .split("\n")
        .filter((line) => line.startsWith("  FAIL"))
        .map((line) => line.replace(/^ {2}FAIL medium {2}/, ""));
    expect(refs()).toEqual([
      "aaron  [CIS v1.5.0 1.20]",
      "alice  [CIS v1.5.0 1.2]",
      "alice  [CIS v1.5.0 1.10]",
      "alice  [CIS v1.5.0 1.11]",
      "alice  [no_requirement]",
    ]);
    expect(refs("cis_v500")).toEqual([
      "aaron  [iam_user_no_access_key_at_setup]",
      "alice  [CIS v5.0.0 1.2]",
      "alice  [CIS v5.0.0 1.9]",
      "alice  [CIS v5.0.0 1.10]",
      "alice  [no_requirement]",
    ]);
  });

  it("cuts a long account name by characters, never inside an escape or an emoji, and escapes what it keeps", () => {
    const account = (accountId: string, name: string) => ({
      accountId,
      partition: "aws",
      name,
      outcome: "completed" as const,
    });
    const lines = accountTable(
      [
        account("111111111111", `${"a".repeat(30)}\u001b[31mred`),
        account("222222222222", `${"b".repeat(30)}😀😀😀`),
        account("333333333333", "c".repeat(32)),
      ],
      [],
    );
    expect(lines.slice(1, 4).map((line) => line.split("  ")[1])).toEqual([
      `${"a".repeat(30)}\\u001b…`,
      `${"b".repeat(30)}😀…`,
      "c".repeat(32),
    ]);
  });
});
