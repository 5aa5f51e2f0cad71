/**
 * Reading an account-wide dataset that has no typed field of its own (`s3.buckets`, ...) from a snapshot.
 */
import type { AccountDatasetName, AccountValue } from "./datasets/index.js";
import type { Snapshot } from "./types.js";

/**
 * The value of the account-wide dataset `name`, or undefined when it was not collected (the engine never
 * calls a rule that requires it then).
 */
export function accountValue<N extends AccountDatasetName>(
  snapshot: Pick<Snapshot, "accountDatasets">,
  name: N,
): AccountValue<N> | undefined {
  return snapshot.accountDatasets?.[name] as AccountValue<N> | undefined;
}
