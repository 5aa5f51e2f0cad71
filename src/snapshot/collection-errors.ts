/**
 * Collection failures as findings report them: which account-wide reads of some datasets failed, and
 * the evidence of the ERROR finding that names them. Shared by the engine (a rule's required or optional
 * datasets that failed) and the rules that judge around a failed optional dataset (the root user's rules:
 * GetAccountSummary failed and the credential report holds no root row), so that both say it alike.
 */
import { accountResource, type Verdict } from "../model/finding.js";
import type { CollectionError, Snapshot } from "./types.js";

/** The snapshot's account-wide collection errors (no region) of the datasets `names`, in snapshot order. */
export function accountWideFailures(snapshot: Snapshot, names: readonly string[]): CollectionError[] {
  return snapshot.errors.filter((error) => error.region === undefined && names.includes(error.dataset));
}

/**
 * The evidence of an ERROR finding for `errors` (one or more failures): each field lists them in order,
 * `missingPermission` null when none was an access error.
 */
export function collectionErrorEvidence(errors: readonly CollectionError[]): Record<string, unknown> {
  return {
    api: errors.map((error) => error.api).join(", "),
    errorCode: errors.map((error) => error.code).join(", "),
    missingPermission:
      errors
        .map((error) => error.missingPermission)
        .filter((permission) => permission !== undefined)
        .join(", ") || null,
    dataset: errors.map((error) => error.dataset).join(", "),
  };
}

/**
 * The verdict of the ERROR finding on the account for `errors`: every failure's message after `Could
 * not judge account <id>:` (then `more`, when given), {@link collectionErrorEvidence}, and the uid
 * identity `account` — one finding per rule however many of its reads failed.
 */
export function collectionErrorVerdict(
  snapshot: Snapshot,
  errors: readonly CollectionError[],
  more = "",
): Verdict {
  return {
    status: "ERROR",
    ...accountResource(snapshot),
    identity: ["account"],
    statusExtended: `Could not judge account ${snapshot.accountId}: ${errors.map((error) => error.message).join(" ")}${more}`,
    evidence: collectionErrorEvidence(errors),
  };
}
