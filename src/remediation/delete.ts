/**
 * Plans `remediate --delete`: deletion of keys that cloudpatrol deactivated earlier, once they have
 * sat inactive for the quarantine period — the journal is the only source of "deactivated when".
 * Deletion cannot be undone, so it is a separate, later step from deactivation. Pure: the journal
 * entries and the time come in as arguments.
 */
import { humanDuration } from "../model/time.js";
import type { JournalEntry } from "./journal.js";
import { filterReason, type UserFilter } from "./plan.js";
import type { PlannedAction, RemediationPlan, SkippedItem } from "./types.js";

/** Default `--quarantine-days`. */
export const DEFAULT_QUARANTINE_DAYS = 7;

/** Options of {@link planDeletion}. */
export interface DeletionOptions extends UserFilter {
  readonly accountId: string;
  /** Now (UTC). */
  readonly now: Date;
  /** Whole or fractional days a key must have been inactive (per the journal). */
  readonly quarantineDays: number;
  /** Delete keys still in quarantine too (they must still be inactive and unused). */
  readonly force?: boolean;
}

/**
 * The keys of `accountId` whose latest successful journaled change is a deactivation, as delete
 * actions — or skipped while in quarantine.
 * @param succeeded - the account's succeeded journal entries, oldest first ({@link Journal.succeeded}).
 */
export function planDeletion(succeeded: readonly JournalEntry[], options: DeletionOptions): RemediationPlan {
  const latest = new Map<string, JournalEntry>();
  for (const entry of succeeded) {
    if (entry.accountId === options.accountId) latest.set(entry.accessKeyId, entry);
  }
  const actions: PlannedAction[] = [];
  const skipped: SkippedItem[] = [];
  const quarantineMs = options.quarantineDays * 86_400_000;
  for (const entry of latest.values()) {
    if (entry.action !== "deactivate" || entry.outcomeAt === null) continue;
    const base = { accountId: entry.accountId, userName: entry.userName, accessKeyId: entry.accessKeyId };
    const filtered = filterReason(entry.userName, options);
    if (filtered) {
      skipped.push({ ...base, ...filtered });
      continue;
    }
    const deactivatedAt = new Date(entry.outcomeAt);
    const ageMs = options.now.getTime() - deactivatedAt.getTime();
    const age = humanDuration(ageMs / 1000);
    const deactivated = `deactivated by run ${entry.runId} at ${entry.outcomeAt} (${age} ago)`;
    if (ageMs < quarantineMs && !options.force) {
      const until = new Date(deactivatedAt.getTime() + quarantineMs).toISOString();
      skipped.push({
        ...base,
        code: "quarantine",
        reason: `${deactivated}: in quarantine until ${until} (--quarantine-days ${options.quarantineDays})`,
      });
      continue;
    }
    actions.push({
      ...base,
      action: "delete",
      deactivatedAt: entry.outcomeAt,
      why:
        ageMs < quarantineMs
          ? `${deactivated}; quarantine of ${options.quarantineDays} days overridden by --force`
          : `${deactivated}; quarantine of ${options.quarantineDays} days is over`,
    });
  }
  const order = (a: { userName: string; accessKeyId: string | null }, b: typeof a) =>
    a.userName.toLowerCase().localeCompare(b.userName.toLowerCase()) ||
    (a.accessKeyId ?? "").localeCompare(b.accessKeyId ?? "");
  return { kind: "delete", actions: actions.sort(order), skipped: skipped.sort(order) };
}
