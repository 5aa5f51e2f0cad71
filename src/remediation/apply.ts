/**
 * Executes a plan's actions one by one against the account. For each action, in this order:
 * 1. re-read the key right now (still exists, expected status, still never used; for deactivation the
 *    user must still have a console password) — if not, journal it as skipped with the reason;
 * 2. journal the intent (outcome pending);
 * 3. make the one AWS write call (iam:UpdateAccessKey or iam:DeleteAccessKey) by exact key id;
 * 4. journal the outcome.
 * A failing action is journaled as failed and never stops the others.
 */
import type { IAMClient } from "@aws-sdk/client-iam";
import { deleteAccessKey, setAccessKeyStatus } from "../aws/access-key-writes.js";
import { getLoginProfile } from "../aws/iam-users.js";
import type { Journal } from "./journal.js";
import { describeUse, type KeyState, readKeyState } from "./key-state.js";
import type { ActionResult, PlannedAction } from "./types.js";

/** What {@link applyActions} needs. */
export interface ApplyContext {
  readonly iam: IAMClient;
  /** The account the credentials belong to; actions for another account fail without a call. */
  readonly accountId: string;
  readonly journal: Journal;
  /** The journal run these actions belong to (see {@link Journal.startRun}). */
  readonly runId: string;
  /** Called after each action, e.g. for progress output. */
  readonly onResult?: (result: ActionResult) => void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Why an action must not run given the key's state now, or undefined when it may. */
async function reasonToSkip(
  action: PlannedAction,
  state: KeyState,
  iam: IAMClient,
  accountId: string,
): Promise<string | undefined> {
  if (!state.exists) return state.reason;
  const used = state.lastUsed?.date ? describeUse(state.lastUsed) : undefined;
  switch (action.action) {
    case "deactivate": {
      if (state.status !== "Active") return `the key is already ${state.status}`;
      if (used && state.lastUsed) return `the key was used since the scan, last at ${used}: it is in use`;
      const profile = await getLoginProfile(iam, action.userName, accountId);
      if (!profile)
        return `${action.userName} no longer has a console password, so CIS 1.11 no longer applies`;
      return undefined;
    }
    case "reactivate":
      return state.status === "Inactive" ? undefined : `the key is already ${state.status}`;
    case "delete":
      if (state.status !== "Inactive") return "the key is Active again: only inactive keys are deleted";
      if (used) return `the key has been used (last at ${used}): not deleting a key someone used`;
      return undefined;
  }
}

async function write(iam: IAMClient, action: PlannedAction, accountId: string): Promise<void> {
  const key = { userName: action.userName, accessKeyId: action.accessKeyId };
  switch (action.action) {
    case "deactivate":
      return setAccessKeyStatus(iam, key, "Inactive", accountId);
    case "reactivate":
      return setAccessKeyStatus(iam, key, "Active", accountId);
    case "delete":
      return deleteAccessKey(iam, key, accountId);
  }
}

async function applyOne(action: PlannedAction, context: ApplyContext): Promise<ActionResult> {
  const { iam, accountId, journal, runId } = context;
  const target = {
    runId,
    accountId,
    userName: action.userName,
    accessKeyId: action.accessKeyId,
    action: action.action,
    ...(action.undoesEntryId !== undefined ? { undoesEntryId: action.undoesEntryId } : {}),
  };
  if (action.accountId !== accountId) {
    const error = `the action is for account ${action.accountId} but the credentials are for account ${accountId}`;
    const entryId = journal.recordFinished({ ...target, statusBefore: null }, "failed", { error });
    return { action, outcome: "failed", statusBefore: null, error, entryId };
  }
  let state: KeyState;
  let skip: string | undefined;
  try {
    state = await readKeyState(
      iam,
      action.userName,
      action.accessKeyId,
      accountId,
      action.action !== "reactivate",
    );
    skip = await reasonToSkip(action, state, iam, accountId);
  } catch (error) {
    const text = `re-check before the change failed: ${message(error)}`;
    const entryId = journal.recordFinished({ ...target, statusBefore: null }, "failed", { error: text });
    return { action, outcome: "failed", statusBefore: null, error: text, entryId };
  }
  const statusBefore = state.exists ? state.status : null;
  if (skip !== undefined) {
    const entryId = journal.recordFinished({ ...target, statusBefore }, "skipped", { reason: skip });
    return { action, outcome: "skipped", statusBefore, reason: skip, entryId };
  }
  const entryId = journal.recordIntent({ ...target, statusBefore });
  try {
    await write(iam, action, accountId);
  } catch (error) {
    journal.recordOutcome(entryId, "failed", { error: message(error) });
    return { action, outcome: "failed", statusBefore, error: message(error), entryId };
  }
  journal.recordOutcome(entryId, "succeeded");
  return { action, outcome: "succeeded", statusBefore, entryId };
}

/**
 * Runs `actions` in order (see the module comment) and returns one result per action. Never throws for
 * AWS errors: they become failed results. Journal (SQLite) errors do throw — without a journal no
 * further change is made.
 */
export async function applyActions(
  actions: readonly PlannedAction[],
  context: ApplyContext,
): Promise<ActionResult[]> {
  const results: ActionResult[] = [];
  for (const action of actions) {
    const result = await applyOne(action, context);
    results.push(result);
    context.onResult?.(result);
  }
  return results;
}
