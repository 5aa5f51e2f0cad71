/**
 * JUnit XML: one `<testsuite>` per rule, one `<testcase>` per resource. FAIL → `<failure>` (message =
 * statusExtended, body = evidence and remediation), ERROR → `<error>`, MANUAL → `<skipped>`, muted →
 * `<skipped>` with the reason. CI systems (GitHub, GitLab, Jenkins) show it as a test report.
 */

import type { ScanResult } from "../engine/result.js";
import type { Finding } from "../model/finding.js";
import { escapeXml, remediationText, ruleOf } from "./common.js";
import { joinChunks, type ReportChunks } from "./stream.js";

type Attributes = Record<string, string | number>;

function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join("");
}

function element(name: string, attrs: Attributes, body?: string): string {
  return body === undefined
    ? `<${name}${attributes(attrs)}/>`
    : `<${name}${attributes(attrs)}>${body}</${name}>`;
}

function details(finding: Finding): string {
  const lines = [
    `Resource: ${finding.resourceArn} (${finding.resourceName})${finding.region === "global" ? "" : `, region ${finding.region}`}`,
    `Account: ${finding.accountId}  Region: ${finding.region}  Severity: ${finding.severity}`,
    `Finding uid: ${finding.uid}`,
    "",
    "Evidence:",
    JSON.stringify(finding.evidence, null, 2),
  ];
  const remediation = remediationText(ruleOf(finding));
  if (remediation) lines.push("", "Remediation:", remediation);
  return lines.join("\n");
}

function outcome(finding: Finding): string {
  if (finding.muted) {
    const reason = finding.mute?.reason ?? "muted";
    const expiry = finding.mute?.expires ? ` (until ${finding.mute.expires})` : "";
    return element("skipped", { message: `muted ${finding.status}: ${reason}${expiry}` });
  }
  switch (finding.status) {
    case "FAIL":
      return element(
        "failure",
        { message: finding.statusExtended, type: `${finding.severity}` },
        escapeXml(details(finding)),
      );
    case "ERROR":
      return element(
        "error",
        { message: finding.statusExtended, type: "ERROR" },
        escapeXml(details(finding)),
      );
    case "MANUAL":
      return element("skipped", { message: `MANUAL: ${finding.statusExtended}` });
    case "PASS":
      return "";
  }
}

/** Counts of one suite or the whole report. */
function counts(findings: readonly Finding[]) {
  return {
    tests: findings.length,
    failures: findings.filter((f) => !f.muted && f.status === "FAIL").length,
    errors: findings.filter((f) => !f.muted && f.status === "ERROR").length,
    skipped: findings.filter((f) => f.muted || f.status === "MANUAL").length,
  };
}

/** The JUnit report piece by piece: one test case at a time (the same text as {@link renderJunit}). */
export function* junitChunks(result: ScanResult): ReportChunks {
  const byRule = new Map<string, Finding[]>();
  for (const finding of result.findings) {
    const group = byRule.get(finding.ruleId);
    if (group) group.push(finding);
    else byRule.set(finding.ruleId, [finding]);
  }
  const rootAttributes = { name: "cloudpatrol", ...counts(result.findings), time: 0 };
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes(rootAttributes)}>`;
  for (const [ruleId, findings] of byRule) {
    const suiteAttributes = { name: ruleId, ...counts(findings), time: 0, timestamp: result.scan.startedAt };
    yield `\n  <testsuite${attributes(suiteAttributes)}>`;
    for (const finding of findings) {
      const testcase = element(
        "testcase",
        { classname: ruleId, name: regional(finding.resourceName, finding.region), time: 0 },
        outcome(finding) || undefined,
      );
      yield `\n    ${testcase}`;
    }
    yield "\n  </testsuite>";
  }
  yield `${byRule.size > 0 ? "\n" : ""}</testsuites>\n`;
}

/** Renders the scan as JUnit XML, ending with a newline. */
export function renderJunit(result: ScanResult): string {
  return joinChunks(junitChunks(result));
}

/** A resource name with its region (`111122223333 in eu-west-1`): per-region findings of one resource stay apart. */
function regional(name: string, region: string): string {
  return region === "global" ? name : `${name} in ${region}`;
}
