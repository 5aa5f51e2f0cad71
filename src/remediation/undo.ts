/**
 * Plans `cloudpatrol undo <run-id>`: reactivate exactly the keys that run deactivated. Keys already
 * reactivated by an earlier undo, or deleted since, are skipped with the reason; the rest are re-checked
 * (still existing, still inactive) when applied. Pure over the journal.
 */
import { InputError } from "../model/errors.js";
import { quoteExcerpt } from "../model/escape.js";
import type { Journal } from "./journal.js";
import type { PlannedAction, RemediationPlan, SkippedItem } from "./types.js";

/**
 * The undo plan of `runId`.
 * @throws {@link InputError} for an unknown run, a run of another account than `accountId` (when
 *   given), or a run that did not deactivate keys (a delete run cannot be undone; an undo run is undone
 *   by running `remediate` again).
 */
export function planUndo(journal: Journal, runId: string, accountId?: string): RemediationPlan {
  const run = journal.run(runId);
  // The id as typed: quoted, and cut when long (a 5,000-character id must not fill the terminal).
  if (!run) throw new InputError(`no run ${quoteExcerpt(runId)} in the journal (see cloudpatrol journal)`);
  if (run.kind === "delete") {
    throw new InputError(`run ${runId} deleted access keys: deletion cannot be undone`);
  }
  if (run.kind === "undo") {
    throw new InputError(`run ${runId} is itself an undo; run cloudpatrol remediate to deactivate again`);
  }
  if (accountId !== undefined && run.accountId !== accountId) {
    throw new InputError(
      `run ${runId} changed account ${run.accountId}, but the credentials are for account ${accountId}`,
    );
  }
  const later = journal.succeeded(run.accountId);
  const actions: PlannedAction[] = [];
  const skipped: SkippedItem[] = [];
  for (const entry of journal.entries(runId)) {
    if (entry.action !== "deactivate" || entry.outcome !== "succeeded") continue;
    const base = { accountId: entry.accountId, userName: entry.userName, accessKeyId: entry.accessKeyId };
    const undone = later.find((other) => other.undoesEntryId === entry.entryId);
    const deleted = later.find(
      (other) =>
        other.action === "delete" && other.accessKeyId === entry.accessKeyId && other.entryId > entry.entryId,
    );
    if (undone) {
      skipped.push({ ...base, code: "already-undone", reason: `already reactivated by run ${undone.runId}` });
    } else if (deleted) {
      skipped.push({
        ...base,
        code: "already-undone",
        reason: `deleted by run ${deleted.runId}: deletion cannot be undone`,
      });
    } else {
      actions.push({
        ...base,
        action: "reactivate",
        undoesEntryId: entry.entryId,
        why: `deactivated by run ${runId} at ${entry.outcomeAt ?? entry.intendedAt}`,
      });
    }
  }
  return { kind: "undo", actions, skipped };
}
