/**
 * Reading a regional dataset's values from a snapshot: by region, for the rules.
 */
import type { RegionalDatasetName, RegionalValue } from "./datasets/index.js";
import type { RegionalDatasets, Snapshot } from "./types.js";

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

/**
 * The snapshot as if collected with `--regions`: only those of its enabled regions are judged (their
 * values and errors kept, the other regions' dropped). Regions named that the snapshot does not hold
 * are simply absent. Pure.
 */
export function narrowToRegions(snapshot: Snapshot, regions: readonly string[]): Snapshot {
  const named = new Set(regions);
  const datasets: Record<string, ReadonlyMap<string, unknown>> = {};
  for (const [name, byRegion] of Object.entries(snapshot.datasets ?? {}))
    if (byRegion)
      datasets[name] = new Map(
        [...(byRegion as ReadonlyMap<string, unknown>)].filter(([region]) => named.has(region)),
      );
  return {
    ...snapshot,
    errors: snapshot.errors.filter((error) => error.region === undefined || named.has(error.region)),
    ...(snapshot.regional
      ? {
          regional: {
            ...snapshot.regional,
            enabledRegions: snapshot.regional.enabledRegions.filter((region) => named.has(region)),
          },
        }
      : {}),
    ...(snapshot.datasets ? { datasets: datasets as RegionalDatasets } : {}),
  };
}

/**
 * The regions where a regional dataset of `names` was not read although the scan judges that region:
 * a read there failed (a collection error naming the region), or an enabled region holds no value of it.
 * Sorted by name; empty when every dataset was read in every enabled region. A rule that would say
 * "nothing in the regions read" on the whole account must not say so while this is not empty: what the
 * unread region holds is unknown. Pure.
 *
 * @example
 * regionsNotRead(snapshot, ["efs.fileSystems"]); // ["us-east-1"] when DescribeFileSystems was refused there
 */
export function regionsNotRead(
  snapshot: Pick<Snapshot, "datasets" | "errors" | "regional">,
  names: readonly RegionalDatasetName[],
): string[] {
  const unread = failedRegions(snapshot, names);
  for (const region of snapshot.regional?.enabledRegions ?? [])
    if (names.some((name) => !regionalValues(snapshot, name).has(region))) unread.add(region);
  return [...unread].sort();
}

/** The regions where a read of a regional dataset of `names` failed (a collection error naming the region). */
export function failedRegions(snapshot: Pick<Snapshot, "errors">, names: readonly string[]): Set<string> {
  const failed = new Set<string>();
  for (const error of snapshot.errors)
    if (error.region !== undefined && names.includes(error.dataset)) failed.add(error.region);
  return failed;
}
