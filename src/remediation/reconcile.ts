/**
 * Settles pending journal entries — an intent with no outcome, left by a run that was killed during
 * its AWS call — by reading each key's real state now. Read-only towards AWS; nothing is re-applied:
 * a later plan re-checks the key and skips it if the change already happened.
 */
import type { IAMClient } from "@aws-sdk/client-iam";
import type { Journal, JournalEntry } from "./journal.js";
import { type KeyState, readKeyState } from "./key-state.js";
import type { Outcome } from "./types.js";

/** What reconciliation found for one pending entry. */
export interface Reconciliation {
  readonly entry: JournalEntry;
  /** null when the key could not be read: the entry stays pending. */
  readonly outcome: Outcome | null;
  readonly reason: string;
}

function judge(entry: JournalEntry, state: KeyState): { outcome: Outcome; reason: string } {
  const expected = { deactivate: "Inactive", reactivate: "Active" } as const;
  if (entry.action === "delete") {
    return state.exists
      ? {
          outcome: "failed",
          reason: `reconciled: the key still exists (${state.status}); the delete did not happen`,
        }
      : { outcome: "succeeded", reason: `reconciled: ${state.reason}; the delete took effect` };
  }
  if (!state.exists) {
    return {
      outcome: "failed",
      reason: `reconciled: ${state.reason}; whether the ${entry.action} took effect is unknown`,
    };
  }
  return state.status === expected[entry.action]
    ? {
        outcome: "succeeded",
        reason: `reconciled: the key is ${state.status}; the ${entry.action} took effect`,
      }
    : {
        outcome: "failed",
        reason: `reconciled: the key is still ${state.status}; the ${entry.action} did not take effect`,
      };
}

/**
 * Reconciles the pending entries of `accountId` and records the outcomes in the journal.
 * @param runId - the run doing it, recorded in each entry; null for a plan-only command.
 * @returns one item per pending entry, in journal order. Never throws for AWS errors.
 */
export async function reconcilePending(
  iam: IAMClient,
  journal: Journal,
  accountId: string,
  runId: string | null,
): Promise<Reconciliation[]> {
  const results: Reconciliation[] = [];
  for (const entry of journal.pending(accountId)) {
    try {
      const state = await readKeyState(iam, entry.userName, entry.accessKeyId, accountId, false);
      const { outcome, reason } = judge(entry, state);
      journal.reconcile(entry.entryId, outcome, reason, runId);
      results.push({ entry, outcome, reason });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      results.push({ entry, outcome: null, reason: `still pending: could not read the key: ${text}` });
    }
  }
  return results;
}
