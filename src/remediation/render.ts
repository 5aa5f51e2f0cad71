/**
 * Text and JSON renderings of remediation plans, results, reconciliations and the journal. Every value
 * that came from the account or a file (user names, key ids, AWS error messages) is escaped for the
 * terminal. Nothing here ever holds a secret access key.
 */

import { escapeTerminal } from "../model/escape.js";
import { fillCommand } from "../model/shell.js";
import type { JournalEntry, JournalRun } from "./journal.js";
import type { Reconciliation } from "./reconcile.js";
import type { ActionResult, PlannedAction, RemediationPlan } from "./types.js";

const esc = (value: string | null | undefined): string => (value ? escapeTerminal(value) : "-");

/** A left-aligned table with a header row, two-space gutters, indented by two spaces. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join("  ")}`.trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

const VERB = { deactivate: "deactivate", reactivate: "reactivate", delete: "delete" } as const;

/** The AWS CLI command that performs `action` by hand. */
export function awsCliCommand(action: PlannedAction): string {
  // fillCommand: each value shell-quoted, and one starting with `-` attached to its option
  // (`--user-name=-rf`: the AWS CLI would read a separate `-rf` as an option of its own).
  const key = fillCommand("--user-name <user> --access-key-id <access-key-id>", {
    user: action.userName,
    accessKeyId: action.accessKeyId,
  });
  switch (action.action) {
    case "deactivate":
      return `aws iam update-access-key ${key} --status Inactive`;
    case "reactivate":
      return `aws iam update-access-key ${key} --status Active`;
    case "delete":
      return `aws iam delete-access-key ${key}`;
  }
}

const CONSOLE_STEP = {
  deactivate: "Actions → Deactivate",
  reactivate: "Actions → Activate",
  delete: "Actions → Delete (it must be inactive first)",
} as const;

/** Warning printed with every delete plan. */
export const DELETE_WARNING =
  "Deletion cannot be undone: a deleted access key is gone for good and anything still using it breaks. " +
  "cloudpatrol undo cannot bring it back.";

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * The plan as text: actions table, skipped table, AWS CLI commands and console steps.
 * @param applying - whether the run goes on to make the changes; else the heading says how to.
 * @param needsYes - no terminal to confirm on (and no `--yes`): the way to make the changes names `--yes`.
 */
export function renderPlanText(
  plan: RemediationPlan,
  accountId: string | null,
  applying: boolean,
  needsYes = false,
): string {
  const out: string[] = [];
  const verb = plan.kind === "undo" ? "reactivate" : plan.kind;
  const where = accountId ? ` in account ${esc(accountId)}` : "";
  // `remediate` changes with --apply; `undo` changes unless --dry-run; both confirm on a terminal or by --yes.
  const how =
    plan.kind === "undo"
      ? `run it without --dry-run${needsYes ? " and with --yes" : ""}`
      : `add --apply${needsYes ? " --yes" : ""}`;
  const mode = applying
    ? ""
    : ` — plan only, nothing is changed (${how} to make these changes${needsYes ? "; no terminal to confirm on" : ""})`;
  out.push(`Plan: ${verb} ${plural(plan.actions.length, "access key")}${where}${mode}`);
  if (plan.kind === "delete") out.push("", `WARNING: ${DELETE_WARNING}`);
  // A plan of several accounts (from a file, offline: not narrowed to the credentials' account) names
  // each key's account.
  const multi = new Set([...plan.actions, ...plan.skipped].map((item) => item.accountId)).size > 1;
  const account = (item: { accountId: string }) => (multi ? [esc(item.accountId)] : []);
  const accountHeader = multi ? ["ACCOUNT"] : [];
  if (plan.actions.length > 0) {
    out.push(
      "",
      table(
        [...accountHeader, "USER", "ACCESS KEY ID", "ACTION", "KEY CREATED", "WHY"],
        plan.actions.map((action) => [
          ...account(action),
          esc(action.userName),
          esc(action.accessKeyId),
          VERB[action.action],
          esc(action.keyCreatedAt),
          esc(action.why),
        ]),
      ),
    );
  }
  if (plan.skipped.length > 0) {
    out.push(
      "",
      `Skipped (${plan.skipped.length}):`,
      table(
        [...accountHeader, "USER", "ACCESS KEY ID", "REASON"],
        plan.skipped.map((item) => [
          ...account(item),
          esc(item.userName),
          esc(item.accessKeyId),
          esc(item.reason),
        ]),
      ),
    );
  }
  if (plan.actions.length > 0) {
    out.push("", "The same by hand with the AWS CLI:");
    for (const action of plan.actions) out.push(`  ${escapeTerminal(awsCliCommand(action))}`);
    const first = plan.actions[0];
    if (first) {
      out.push(
        "",
        "Or in the IAM console: Users → the user → Security credentials → Access keys → the key with that id → " +
          `${CONSOLE_STEP[first.action]}.`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

/** Counts of results per outcome. */
export function countOutcomes(results: readonly ActionResult[]) {
  return {
    succeeded: results.filter((r) => r.outcome === "succeeded").length,
    skipped: results.filter((r) => r.outcome === "skipped").length,
    failed: results.filter((r) => r.outcome === "failed").length,
  };
}

/** The outcome of a run as text: a summary line, a table, and each failure spelled out. */
export function renderResultsText(runId: string, results: readonly ActionResult[]): string {
  const counts = countOutcomes(results);
  const out = [
    `Run ${runId}: ${counts.succeeded} succeeded, ${counts.skipped} skipped, ${counts.failed} failed`,
  ];
  if (results.length > 0) {
    out.push(
      table(
        ["USER", "ACCESS KEY ID", "ACTION", "OUTCOME", "DETAIL"],
        results.map((r) => [
          esc(r.action.userName),
          esc(r.action.accessKeyId),
          VERB[r.action.action],
          r.outcome,
          esc(r.error ?? r.reason),
        ]),
      ),
    );
  }
  for (const r of results.filter((result) => result.outcome === "failed")) {
    out.push(
      `FAILED: ${VERB[r.action.action]} ${esc(r.action.accessKeyId)} of ${esc(r.action.userName)}: ${esc(r.error)}`,
    );
  }
  return `${out.join("\n")}\n`;
}

/** Reconciled pending entries as text. */
export function renderReconciliationText(items: readonly Reconciliation[]): string {
  if (items.length === 0) return "";
  const out = [
    `Found ${plural(items.length, "pending journal entry")} (a run stopped between its intent and its outcome); reconciled from the keys' real state:`,
    table(
      ["RUN", "ENTRY", "USER", "ACCESS KEY ID", "ACTION", "OUTCOME", "DETAIL"],
      items.map((item) => [
        esc(item.entry.runId),
        String(item.entry.entryId),
        esc(item.entry.userName),
        esc(item.entry.accessKeyId),
        item.entry.action,
        item.outcome ?? "pending",
        esc(item.reason),
      ]),
    ),
  ];
  return `${out.join("\n")}\n`;
}

/** Journal entries (and their runs) as text. */
export function renderJournalText(runs: readonly JournalRun[], entries: readonly JournalEntry[]): string {
  if (runs.length === 0) return "The journal is empty.\n";
  const out = [
    "Runs:",
    table(
      ["RUN", "KIND", "ACCOUNT", "STARTED", "FINISHED", "UNDOES"],
      runs.map((run) => [
        esc(run.runId),
        run.kind,
        esc(run.accountId),
        run.startedAt,
        run.finishedAt ?? "(did not finish)",
        esc(run.undoesRunId),
      ]),
    ),
    "",
    "Entries:",
    table(
      ["ENTRY", "RUN", "TIME", "USER", "ACCESS KEY ID", "ACTION", "BEFORE", "OUTCOME", "DETAIL"],
      entries.map((entry) => [
        String(entry.entryId),
        esc(entry.runId),
        entry.intendedAt,
        esc(entry.userName),
        esc(entry.accessKeyId),
        entry.action,
        entry.statusBefore ?? "-",
        entry.outcome ?? "PENDING",
        esc(entry.error ?? entry.reason),
      ]),
    ),
  ];
  return `${out.join("\n")}\n`;
}
