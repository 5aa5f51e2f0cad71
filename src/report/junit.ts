/**
 * JUnit XML: one `<testsuite>` per rule, one `<testcase>` per resource (named `<account>/<resource>` in a
 * scan of several accounts). FAIL → `<failure>` (message =
 * statusExtended, body = evidence and remediation), ERROR → `<error>`, MANUAL → `<skipped>`, muted →
 * `<skipped>` with the reason. CI systems (GitHub, GitLab, Jenkins) show it as a test report.
 */

import type { ScanReport } from "../engine/result.js";
import { showBidi } from "../model/escape.js";
import type { Finding } from "../model/finding.js";
import { escapeXml, findingsAt, remediationText, ruleOf } from "./common.js";
import { joinChunks, type ReportChunks } from "./stream.js";

type Attributes = Record<string, string | number>;

/**
 * Text for an attribute or element: XML-escaped, with bidirectional formatting and other invisible
 * characters, DEL, C1 controls and U+2028/9 shown as `[U+202E]` (as HTML and Markdown show them,
 * {@link showBidi}), so that a CI report cannot display a name backwards or hide part of it.
 */
function xmlText(text: string): string {
  return escapeXml(showBidi(text));
}

/** Tab, LF and CR as character references: an XML parser reads them raw in an attribute value as spaces. */
const ATTRIBUTE_WHITESPACE: Readonly<Record<string, string>> = { "\t": "&#9;", "\n": "&#10;", "\r": "&#13;" };

/**
 * Text for an attribute value: {@link xmlText}, with tab, LF and CR as character references, so that a
 * line break in account data (a name, a sentence quoting it) reaches the reader as a line break (XML 1.0
 * §3.3.3, attribute-value normalization) instead of a space.
 */
function attributeText(text: string): string {
  return xmlText(text).replace(/[\t\n\r]/g, (char) => ATTRIBUTE_WHITESPACE[char] ?? char);
}

function attributes(attrs: Attributes): string {
  return Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${attributeText(String(value))}"`)
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
        xmlText(details(finding)),
      );
    case "ERROR":
      return element("error", { message: finding.statusExtended, type: "ERROR" }, xmlText(details(finding)));
    case "MANUAL":
      return element("skipped", { message: `MANUAL: ${finding.statusExtended}` });
    case "PASS":
      return "";
  }
}

/** Counts of one suite or the whole report. */
interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function count(counts: Counts, finding: Finding): void {
  counts.tests += 1;
  if (!finding.muted && finding.status === "FAIL") counts.failures += 1;
  if (!finding.muted && finding.status === "ERROR") counts.errors += 1;
  if (finding.muted || finding.status === "MANUAL") counts.skipped += 1;
}

/**
 * The JUnit report piece by piece: one test case at a time (the same text as {@link renderJunit}).
 * One suite per rule in first-seen order; only each rule's finding positions and counts are held.
 */
export function* junitChunks(result: ScanReport): ReportChunks {
  const byRule = new Map<string, { positions: number[]; counts: Counts }>();
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  let position = 0;
  for (const finding of result.findings) {
    let group = byRule.get(finding.ruleId);
    if (!group) {
      group = { positions: [], counts: { tests: 0, failures: 0, errors: 0, skipped: 0 } };
      byRule.set(finding.ruleId, group);
    }
    group.positions.push(position);
    count(group.counts, finding);
    count(total, finding);
    position += 1;
  }
  const rootAttributes = { name: "cloudpatrol", ...total, time: 0 };
  const multi = result.scan.accounts.length > 1;
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes(rootAttributes)}>`;
  for (const [ruleId, { positions, counts }] of byRule) {
    const suiteAttributes = { name: ruleId, ...counts, time: 0, timestamp: result.scan.startedAt };
    yield `\n  <testsuite${attributes(suiteAttributes)}>`;
    for (const finding of findingsAt(result.findings, positions)) {
      const testcase = element(
        "testcase",
        {
          classname: ruleId,
          // Several accounts: the account first, as one user or bucket name can be in each.
          name: `${multi ? `${finding.accountId}/` : ""}${regional(finding.resourceName, finding.region)}`,
          time: 0,
        },
        outcome(finding) || undefined,
      );
      yield `\n    ${testcase}`;
    }
    yield "\n  </testsuite>";
  }
  yield `${byRule.size > 0 ? "\n" : ""}</testsuites>\n`;
}

/** Renders the scan as JUnit XML, ending with a newline. */
export function renderJunit(result: ScanReport): string {
  return joinChunks(junitChunks(result));
}

/** A resource name with its region (`111122223333 in eu-west-1`): per-region findings of one resource stay apart. */
function regional(name: string, region: string): string {
  return region === "global" ? name : `${name} in ${region}`;
}
