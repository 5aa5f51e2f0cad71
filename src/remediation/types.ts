/**
 * The vocabulary of remediation: plans of exact-key actions, what was skipped and why, and the result
 * of each action. Every action names one access key by its exact id; none ever carries a secret.
 */

/** What an action does to one access key. `reactivate` is only ever planned by `undo`. */
export type KeyAction = "deactivate" | "reactivate" | "delete";

/** The kind of a remediation run. */
export type RunKind = "deactivate" | "delete" | "undo";

/** One planned change to one access key. */
export interface PlannedAction {
  readonly action: KeyAction;
  readonly accountId: string;
  readonly userName: string;
  /** The exact access key id (`AKIA...`): the only identity an action may use. */
  readonly accessKeyId: string;
  /** The user's ARN, when known. */
  readonly userArn?: string;
  /** The finding that asked for this action (deactivate), if any. */
  readonly findingUid?: string;
  /** When the key was created (ISO 8601 UTC), when known. */
  readonly keyCreatedAt?: string;
  /** Why the action is planned, one sentence. */
  readonly why: string;
  /** undo: the journal entry whose change this reverses. */
  readonly undoesEntryId?: number;
  /** delete: when the key was deactivated according to the journal (ISO 8601 UTC). */
  readonly deactivatedAt?: string;
}

/** Why a candidate got no action. */
export type SkipCode =
  | "muted"
  | "no-key-id"
  | "not-iam-name"
  | "user-mismatch"
  | "alias-rule-id"
  | "filtered-user"
  | "excluded-user"
  | "other-account"
  | "quarantine"
  | "already-undone"
  | "duplicate";

/** A candidate the plan leaves alone, with the reason. */
export interface SkippedItem {
  readonly code: SkipCode;
  readonly accountId: string;
  readonly userName: string;
  /** null when the finding names no exact key id. */
  readonly accessKeyId: string | null;
  readonly findingUid?: string;
  readonly reason: string;
}

/** What a remediation run would do: actions in execution order, and the skipped candidates. */
export interface RemediationPlan {
  readonly kind: RunKind;
  readonly actions: readonly PlannedAction[];
  readonly skipped: readonly SkippedItem[];
}

/** How one action ended. `skipped`: the re-check right before the change found a reason not to. */
export type Outcome = "succeeded" | "skipped" | "failed";

/** The result of one executed action. */
export interface ActionResult {
  readonly action: PlannedAction;
  readonly outcome: Outcome;
  /** Status of the key as re-read right before the change; null when it could not be read or is gone. */
  readonly statusBefore: "Active" | "Inactive" | null;
  /** Why it was skipped, or a note on success. */
  readonly reason?: string;
  /** Why it failed. */
  readonly error?: string;
  /** The journal entry recording it. */
  readonly entryId: number;
}
