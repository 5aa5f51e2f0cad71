import { describe, expect, it } from "vitest";
import { awsCliCommand, renderPlanText, renderResultsText } from "../../src/remediation/render.js";
import type { PlannedAction } from "../../src/remediation/types.js";

const EVIL = "ev\u001b[2Jil'$(rm -rf ~)";

const action: PlannedAction = {
  action: "deactivate",
  accountId: "123456789012",
  userName: EVIL,
  accessKeyId: "AKIAEVIL000000000001",
  why: "CIS 1.11: active and never used, and the user has a console password",
};

describe("remediation rendering", () => {
  it("a user name starting with - is attached to its option, as the AWS CLI needs (--user-name=-rf)", () => {
    const command = awsCliCommand({ ...action, userName: "-rf" });
    expect(command).toBe(
      "aws iam update-access-key --user-name=-rf --access-key-id AKIAEVIL000000000001 --status Inactive",
    );
  });

  it("escapes account data for the terminal and quotes it for the shell", () => {
    const text = renderPlanText(
      { kind: "deactivate", actions: [action], skipped: [] },
      "123456789012",
      false,
    );
    expect(text).not.toContain("\u001b");
    expect(text).toContain("ev\\u001b[2Jil'$(rm -rf ~)  AKIAEVIL000000000001  deactivate");
    // ANSI-C quotes: the ESC written as its byte, \x1B, so the command shown is the command that runs.
    expect(awsCliCommand(action)).toBe(
      "aws iam update-access-key --user-name $'ev\\x1B[2Jil\\'$(rm -rf ~)' --access-key-id AKIAEVIL000000000001 --status Inactive",
    );
    expect(text).toContain("--user-name $'ev\\x1B[2Jil\\'$(rm -rf ~)' --access-key-id");
    const results = renderResultsText("r1", [
      { action, outcome: "failed", statusBefore: "Active", error: "boom\u0007", entryId: 1 },
    ]);
    expect(results).not.toContain("\u0007");
    expect(results).toContain("boom\\u0007");
    expect(results).toContain("Run r1: 0 succeeded, 0 skipped, 1 failed");
  });

  it("a plan that changes nothing names the option that would: --apply for remediate, no --dry-run for undo", () => {
    const first = (kind: "deactivate" | "delete" | "undo") =>
      renderPlanText({ kind, actions: [], skipped: [] }, "123456789012", false).split("\n")[0];
    expect(first("deactivate")).toBe(
      "Plan: deactivate 0 access keys in account 123456789012 — plan only, nothing is changed (add --apply to make these changes)",
    );
    expect(first("undo")).toBe(
      "Plan: reactivate 0 access keys in account 123456789012 — plan only, nothing is changed (run it without --dry-run to make these changes)",
    );
  });

  it("without a terminal to confirm on, the way to make the changes names --yes", () => {
    const first = (kind: "deactivate" | "undo") =>
      renderPlanText({ kind, actions: [], skipped: [] }, "123456789012", false, true).split("\n")[0];
    expect(first("deactivate")).toBe(
      "Plan: deactivate 0 access keys in account 123456789012 — plan only, nothing is changed (add --apply --yes to make these changes; no terminal to confirm on)",
    );
    expect(first("undo")).toBe(
      "Plan: reactivate 0 access keys in account 123456789012 — plan only, nothing is changed (run it without --dry-run and with --yes to make these changes; no terminal to confirm on)",
    );
  });

  it("a delete plan says deletion cannot be undone", () => {
    const text = renderPlanText({ kind: "delete", actions: [], skipped: [] }, "123456789012", true);
    expect(text).toContain("WARNING: Deletion cannot be undone");
  });
});
