/**
 * Least privilege from data: the IAM actions a read-only scan needs are the actions its rules' datasets
 * declare (`snapshot/datasets/`), never a second hand-kept list. `cloudpatrol rules policy` prints the
 * policy; the README's policy and the deploy template's roles are checked against it by tests.
 */
import { USER_DETAILS_ACTIONS } from "../aws/user-details.js";
import type { AnyRule } from "../rules/types.js";
import { actionsFor } from "../snapshot/datasets/index.js";
import { datasetsToCollect } from "./scan-account.js";

/** Options of {@link scanActions}. */
export interface ScanActionsOptions {
  /** With the IAM API re-check of users (`iam.userCredentials`); false for `--no-verify`. Default true. */
  readonly verify?: boolean;
  /** Add what `cloudpatrol explain` reads about one user. Default false. */
  readonly explain?: boolean;
}

/**
 * The IAM actions a live scan of `rules` calls, sorted, each once (`sts:GetCallerIdentity` needs no
 * permission and is not listed).
 */
export function scanActions(rules: readonly AnyRule[], options: ScanActionsOptions = {}): string[] {
  const actions = new Set(actionsFor(datasetsToCollect(rules, options.verify !== false)));
  if (options.explain) for (const action of USER_DETAILS_ACTIONS) actions.add(action);
  return [...actions].sort();
}

/** An IAM policy document allowing `actions` on every resource: the read-only scan policy. */
export function scanPolicy(actions: readonly string[]): {
  Version: "2012-10-17";
  Statement: { Sid: string; Effect: "Allow"; Action: string[]; Resource: "*" }[];
} {
  return {
    Version: "2012-10-17",
    Statement: [{ Sid: "CloudPatrolScan", Effect: "Allow", Action: [...actions], Resource: "*" }],
  };
}
