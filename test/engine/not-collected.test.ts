/**
 * The engine owns data presence: a snapshot without a dataset a rule requires (a credential report file
 * lacks policies and providers; a snapshot collected for other rules lacks theirs) gives that rule one
 * MANUAL "not collected" finding, never silence, whatever the snapshot's source.
 */
import { describe, expect, it } from "vitest";
import { parseCredentialReportCsv } from "../../src/credential-report/index.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { CONCEPTS } from "../../src/frameworks/index.js";
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
        "IAM users receive permissions only through groups: not judged offline for account 111122223333: it needs iam.authorizationDetails, which a credential report file does not hold; run a live scan (iam:GetAccountAuthorizationDetails).",
        {
          reason: "not-collected",
          notCollected: ["iam.authorizationDetails"],
          apis: ["iam:GetAccountAuthorizationDetails"],
          source: "credential-report-file",
          auditSteps: CONCEPTS.permissions_through_groups.auditSteps,
        },
      ],
    ]);
  });

  it("never for a rule whose data is there", () => {
    expect(evaluate(offline, [noKeyAtSetup]).map((f) => f.status)).toEqual(["PASS"]);
  });

  it("a live snapshot without the dataset (collected for other rules) gets it too, never silence", () => {
    const live = { ...offline, source: "aws" as const };
    expect(
      evaluate(live, [directPolicies]).map((f) => [f.status, f.statusExtended, f.evidence.notCollected]),
    ).toEqual([
      [
        "MANUAL",
        "IAM users receive permissions only through groups: not judged for account 111122223333: it needs iam.authorizationDetails, which was not collected (a snapshot collected for other rules, or --regions left no region); collect with this rule or run a live scan (iam:GetAccountAuthorizationDetails).",
        ["iam.authorizationDetails"],
      ],
    ]);
  });
});
