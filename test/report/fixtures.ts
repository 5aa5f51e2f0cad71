/**
 * Scan results for reporter tests: the bundled example, and hand-made findings with hostile values.
 */
import { resolve } from "node:path";
import { type ScanResult, scan } from "../../src/app/scan.js";
import { summarize } from "../../src/engine/summary.js";
import type { Finding, Status } from "../../src/model/finding.js";
import { rule } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const EXAMPLE = resolve(ROOT, "examples/credential-report.csv");
export const EXAMPLE_ACCOUNT = "210987654321";

/** The bundled example scanned offline by the 1.11 rule: 5 FAIL, 4 PASS. */
export function exampleScan(): Promise<ScanResult> {
  return scan({ credentialReportPath: EXAMPLE, rules: [rule] });
}

const FRAMEWORKS = { cis_v150: ["1.11"], cis_v600: ["2.10"] };

/** A finding of the 1.11 rule with overrides. */
export function finding(name: string, status: Status, overrides: Partial<Finding> = {}): Finding {
  return {
    uid: `iam_user_no_access_key_at_setup-111122223333-${name
      .replace(/[^a-z0-9]/gi, "")
      .padEnd(24, "0")
      .slice(0, 24)}`,
    ruleId: "iam_user_no_access_key_at_setup",
    status,
    muted: false,
    severity: "medium",
    accountId: "111122223333",
    region: "global",
    resourceType: "AWS::IAM::User",
    resourceArn: `arn:aws:iam::111122223333:user/${name}`,
    resourceName: name,
    statusExtended: `${name} is ${status}.`,
    evidence: { userName: name, userArn: `arn:aws:iam::111122223333:user/${name}` },
    frameworks: FRAMEWORKS,
    ...overrides,
  };
}

/** A scan result around `findings`, started at 2026-11-29T07:00:00Z. */
export function resultOf(findings: Finding[], warnings: string[] = []): ScanResult {
  return {
    schemaVersion: 1,
    scan: {
      startedAt: "2026-11-29T07:00:00Z",
      finishedAt: "2026-11-29T07:00:01Z",
      source: "credential-report-file",
      accounts: [{ accountId: "111122223333", partition: "aws" }],
      credentialReportGeneratedAt: "2026-11-29T06:50:00Z",
      credentialReportAgeSeconds: 600,
    },
    findings,
    summary: summarize(findings),
    warnings,
  };
}
