/**
 * Text and JSON for `cloudpatrol history` and `cloudpatrol diff` (JSON shapes: docs/history.md).
 * Account data is escaped for the terminal.
 */

import { escapeTerminal, jsonOutput } from "../../model/escape.js";
import { humanDuration } from "../../model/time.js";
import type { DiffEntry, ScanDiff } from "./diff.js";
import { describeScope } from "./scope.js";
import type { HistoryScan } from "./types.js";

/** Version of the `history` and `diff` JSON documents. Fields are only ever added. */
export const HISTORY_JSON_VERSION = 1;

/** Left-aligned columns separated by two spaces; the last column is not padded. */
function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  "),
    )
    .join("\n");
}

/** `history --output json`. */
export function historyJson(scans: readonly HistoryScan[]): string {
  return jsonOutput({ schemaVersion: HISTORY_JSON_VERSION, scans });
}

/** `history` as text: one line per scan, newest first. */
export function historyText(scans: readonly HistoryScan[], path: string): string {
  if (scans.length === 0) return `No scans recorded yet in ${escapeTerminal(path)}.\n`;
  const rows = [
    ["SCAN ID", "STARTED", "FAIL", "PASS", "MANUAL", "ERROR", "MUTED", "TOTAL", "SCOPE"],
    ...scans.map((scan) => [
      scan.scanId,
      scan.startedAt,
      String(scan.summary.FAIL),
      String(scan.summary.PASS),
      String(scan.summary.MANUAL),
      String(scan.summary.ERROR),
      String(scan.summary.muted),
      String(scan.summary.total),
      escapeTerminal(describeScope(scan.scope)),
    ]),
  ];
  const count = `${scans.length} scan${scans.length === 1 ? "" : "s"} in ${escapeTerminal(path)}`;
  return `${table(rows)}\n\n${count}\n`;
}

/** `diff --output json`. */
export function diffJson(diff: ScanDiff): string {
  return jsonOutput({ schemaVersion: HISTORY_JSON_VERSION, ...diff });
}

function seconds(from: string, to: string): number {
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

function section(title: string, entries: readonly DiffEntry[], detail: (entry: DiffEntry) => string): string {
  if (entries.length === 0) return "";
  const rows = entries.map((entry) => [
    entry.severity,
    entry.ruleId,
    escapeTerminal(entry.accountId),
    escapeTerminal(entry.resourceName) + (entry.muted ? " (muted)" : ""),
    detail(entry),
  ]);
  const lines = table(rows)
    .split("\n")
    .map((line) => `  ${line}`);
  return `\n${title} (${entries.length}):\n${lines.join("\n")}\n`;
}

const statusName = (status: string | null): string => status ?? "not reported";

/** `diff` as text: the two scans, the counts, then each category most severe first. */
export function diffText(diff: ScanDiff): string {
  const { from, to, summary } = diff;
  const scope = diff.sameScope
    ? `Scope: ${describeScope(to.scope)}`
    : `Scopes: ${describeScope(from.scope)} → ${describeScope(to.scope)}`;
  let text =
    `Changes from scan ${from.scanId} (started ${from.startedAt}) to scan ${to.scanId} (started ${to.startedAt})\n` +
    `${escapeTerminal(scope)}\n` +
    `${summary.new} new, ${summary.resolved} resolved, ${summary.stillFailing} still failing, ` +
    `${summary.changedStatus} changed status, ${summary.unchanged} unchanged` +
    (summary.outOfScope > 0 ? `, ${summary.outOfScope} not compared (outside the other scan's scope)` : "") +
    "\n";
  text += section("New failing", diff.new, (entry) => `was ${statusName(entry.fromStatus)}`);
  text += section("Resolved", diff.resolved, (entry) =>
    entry.toStatus === null ? "no longer reported" : `now ${entry.toStatus}`,
  );
  text += section("Still failing", diff.stillFailing, (entry) => {
    const since = entry.firstSeen ?? to.startedAt;
    const duration = humanDuration(seconds(since, to.startedAt));
    // firstSeen counts the scans of `to`'s scope only: across scopes, say that `from` had it failing too.
    const otherScope =
      !diff.sameScope && Date.parse(since) > Date.parse(from.startedAt)
        ? ` in this scope; also failing in scan ${from.scanId}`
        : "";
    return `since ${since} (${duration}${otherScope})`;
  });
  text += section(
    "Changed status",
    diff.changedStatus,
    (entry) => `${statusName(entry.fromStatus)} → ${statusName(entry.toStatus)}`,
  );
  for (const warning of diff.warnings) text += `\nWarning: ${escapeTerminal(warning)}\n`;
  return text;
}
