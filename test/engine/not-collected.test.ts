/**
 * Offline snapshots (a credential report file) lack policies and providers: rules that need them give
 * one MANUAL "not collected" finding, never silence; live snapshots never get one.
 */
import { describe, expect, it } from "vitest";
import { parseCredentialReportCsv } from "../../src/credential-report/index.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { rule as noKeyAtSetup } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { rule as directPolicies } from "../../src/rules/iam/iam_user_no_direct_policies.js";
import { snapshotFromReport } from "../../src/snapshot/from-report.js";
import { report, userRow } from "../support/report-rows.js";

const offline = snapshotFromReport(
  parseCredentialReportCsv(report(userRow("alice"))),
  new Date("2024-03-02T12:00:00Z"),
);

describe("rules without their data", () => {
  it("offline: one MANUAL finding naming the missing data set and the API", () => {
    const findings = evaluate(offline, [directPolicies]);
    expect(findings.map((f) => [f.status, f.resourceType, f.statusExtended, f.evidence])).toEqual([
      [
        "MANUAL",
        "AWS::::Account",
        "IAM users receive permissions only through groups: not judged offline for account 111122223333: it needs authorizationDetails, which a credential report file does not hold; run a live scan (iam:GetAccountAuthorizationDetails).",
        {
          notCollected: ["authorizationDetails"],
          apis: ["iam:GetAccountAuthorizationDetails"],
          source: "credential-report-file",
        },
      ],
    ]);
  });

  it("never for a rule that judged something, nor for a live snapshot", () => {
    expect(evaluate(offline, [noKeyAtSetup]).map((f) => f.status)).toEqual(["PASS"]);
    expect(evaluate({ ...offline, source: "aws" }, [directPolicies])).toEqual([]);
  });
});
