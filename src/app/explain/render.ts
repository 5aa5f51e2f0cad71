/**
 * Renderers of a {@link UserExplanation}: text for a terminal (every value from the account escaped)
 * and JSON (the explanation as is).
 */

import { escapeTerminal, jsonOutput } from "../../model/escape.js";
import { humanDuration } from "../../model/time.js";
import type { ExplainedAccessKey, ExplainedFinding, UserExplanation } from "./types.js";

/** Output formats of `cloudpatrol explain`. */
export const EXPLAIN_FORMATS = ["text", "json"] as const;
export type ExplainFormat = (typeof EXPLAIN_FORMATS)[number];

const e = escapeTerminal;

function when(time: string | null, otherwise: string): string {
  return time === null ? otherwise : e(time);
}

function keyLines(key: ExplainedAccessKey): string[] {
  const id = key.accessKeyId === null ? "(id not in the credential report)" : e(key.accessKeyId);
  const slot = key.slot === null ? "" : `, report slot ${key.slot}`;
  const created =
    key.createdAt === null
      ? "unknown"
      : `${e(key.createdAt)}${key.createdAfterUser ? ` (${key.createdAfterUser})` : ""}`;
  let used: string;
  if (!key.usageKnown) used = "unknown (this report has no last-used columns)";
  else if (key.lastUsedAt === null) used = "never";
  else {
    const where = [key.lastUsedService, key.lastUsedRegion].filter((part) => part !== null).map(e);
    used = `${e(key.lastUsedAt)}${where.length > 0 ? ` (${where.join(", ")})` : ""}`;
  }
  return [`  ${id}  ${key.status}${slot}`, `    created    ${created}`, `    last used  ${used}`];
}

function findingLines(finding: ExplainedFinding): string[] {
  const muted = finding.muted ? " (muted)" : "";
  const named = finding.accessKeyId === null || finding.resourceName.includes(finding.accessKeyId);
  const key = named ? "" : `  key ${e(finding.accessKeyId ?? "")}`;
  const lines = [
    `  ${finding.status}${muted}  ${finding.severity}  ${e(finding.ruleId)}  ${e(finding.resourceName)}${key}`,
    `    ${e(finding.statusExtended)}`,
  ];
  if (finding.fix) {
    lines.push("    Fix with the AWS CLI:");
    for (const command of finding.fix.cli) lines.push(`      ${e(command)}`);
    lines.push("    Fix in the console:");
    finding.fix.console.forEach((step, index) => {
      lines.push(`      ${index + 1}. ${e(step)}`);
    });
  }
  return lines;
}

/** Renders an explanation as text for a terminal. Ends with a newline. */
export function renderExplanationText(x: UserExplanation): string {
  const source =
    x.source === "aws"
      ? `read from AWS at ${e(x.checkedAt)}`
      : `from a credential report${x.credentialReportGeneratedAt ? ` generated at ${e(x.credentialReportGeneratedAt)}` : ""}`;
  const lines: string[] = [`IAM user ${e(x.userName)} in account ${e(x.accountId)} (${source})`];
  if (x.userArn !== null) lines.push(`  ARN        ${e(x.userArn)}`);
  if (x.userId !== null) lines.push(`  user id    ${e(x.userId)}`);
  lines.push(`  created    ${when(x.createdAt, "unknown")}`);

  const password = x.consolePassword;
  lines.push("", "Console password");
  if (password.enabled === false) lines.push("  none");
  else {
    if (password.enabled === null) lines.push("  enabled    unknown");
    if (password.createdAt !== null) {
      const after =
        password.secondsAfterUserCreation === null ? "" : ` (${relative(password.secondsAfterUserCreation)})`;
      lines.push(`  created    ${e(password.createdAt)}${after}`);
    }
    if (password.lastChangedAt !== null) lines.push(`  changed    ${e(password.lastChangedAt)}`);
    lines.push(`  last used  ${when(password.lastUsedAt, "never (or no record)")}`);
  }

  lines.push("", "MFA");
  if (!x.mfa.active) lines.push("  none");
  else if (x.mfa.devices === null) lines.push("  active");
  else for (const device of x.mfa.devices) lines.push(`  ${e(device)}`);

  lines.push("", "Access keys");
  if (x.accessKeys.length === 0) lines.push("  none");
  for (const key of x.accessKeys) lines.push(...keyLines(key));

  lines.push("", "Tags");
  if (x.tags === null) lines.push("  unknown (not in the credential report)");
  else if (x.tags.length === 0) lines.push("  none");
  else for (const tag of x.tags) lines.push(`  ${e(tag.key)} = ${e(tag.value)}`);
  if (x.contacts.length > 0) {
    lines.push("", "Whom to ask");
    for (const tag of x.contacts) lines.push(`  ${e(tag.value)} (tag ${e(tag.key)})`);
  }

  lines.push("", "Findings");
  if (x.findings.length === 0) lines.push("  none");
  for (const finding of x.findings) lines.push(...findingLines(finding));

  lines.push("", "Inspect with the AWS CLI");
  for (const command of x.inspect) lines.push(`  ${e(command)}`);

  if (x.notes.length > 0) {
    lines.push("", "Notes");
    for (const note of x.notes) lines.push(`  - ${e(note)}`);
  }
  return `${lines.join("\n")}\n`;
}

function relative(seconds: number): string {
  return `${humanDuration(seconds)} ${seconds < 0 ? "before" : "after"} the user`;
}

/**
 * Renders an explanation as pretty-printed JSON, ending with a newline. JSON.stringify escapes C0
 * controls; DEL, C1 controls, line/paragraph separators and the bidirectional and invisible characters
 * are escaped too ({@link escapeJsonText}), so a terminal shows them as text instead of obeying them.
 */
export function renderExplanationJson(x: UserExplanation): string {
  return jsonOutput(x);
}

/** Renders in `format`. */
export function renderExplanation(x: UserExplanation, format: ExplainFormat): string {
  return format === "json" ? renderExplanationJson(x) : renderExplanationText(x);
}
