/**
 * Reading a regional dataset's values from a snapshot: by region, for the rules.
 */
import type { RegionalDatasetName, RegionalValue } from "./datasets/index.js";
import type { Snapshot } from "./types.js";

const NONE: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * The values of a regional dataset by region (sorted by region name): the regions where it was read.
 * Empty when it was not collected (the engine never calls a rule that requires it then).
 */
export function regionalValues<N extends RegionalDatasetName>(
  snapshot: Pick<Snapshot, "datasets">,
  name: N,
): ReadonlyMap<string, RegionalValue<N>> {
  return (snapshot.datasets?.[name] as ReadonlyMap<string, RegionalValue<N>> | undefined) ?? NONE;
}
