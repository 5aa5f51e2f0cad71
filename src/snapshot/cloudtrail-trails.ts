/**
 * The account's CloudTrail trails, one per trail ARN, from the regional dataset `cloudtrail.trails`
 * (where a multi-region or organization trail is listed once per region). Pure; for the CloudTrail
 * rules and the monitoring rules that follow a trail to its CloudWatch Logs log group.
 */
import type { TrailListing } from "./datasets/cloudtrail.js";
import { regionalValues } from "./regional-values.js";
import type { Snapshot } from "./types.js";

/**
 * One distinct trail. Its fields are those of its home-region listing when that region was read
 * (`homeRegionRead`), else those of the first region listing it (a shadow copy: same configuration,
 * no status or selectors).
 */
export interface DistinctTrail extends TrailListing {
  /** The enabled regions that were read and list this trail (its home region and its shadow copies), sorted. */
  readonly listedIn: readonly string[];
  /**
   * True when the trail's home region was read: `status` / `eventSelectors` (or their errors) are then
   * there. False when the home region failed, was not enabled, or was left out with `--regions`.
   */
  readonly homeRegionRead: boolean;
  /** True when the trail belongs to another account than the scanned one (organization trail seen from a member). */
  readonly otherAccount: boolean;
}

/** The account id in a trail ARN (`arn:<partition>:cloudtrail:<region>:<account>:trail/<name>`), or "". */
export function trailOwner(trailArn: string): string {
  return trailArn.split(":")[4] ?? "";
}

/**
 * Every distinct trail of the regions read, by trail ARN (sorted by ARN). Empty when no region was read.
 * @example distinctTrails(snapshot).filter((trail) => trail.isMultiRegionTrail)
 */
export function distinctTrails(snapshot: Pick<Snapshot, "datasets" | "accountId">): DistinctTrail[] {
  const byArn = new Map<string, { listing: TrailListing; listedIn: string[]; home: boolean }>();
  for (const [region, listings] of regionalValues(snapshot, "cloudtrail.trails")) {
    for (const listing of listings) {
      const seen = byArn.get(listing.trailArn);
      if (!seen) {
        byArn.set(listing.trailArn, { listing, listedIn: [region], home: !listing.shadow });
        continue;
      }
      seen.listedIn.push(region);
      if (!listing.shadow) {
        seen.listing = listing;
        seen.home = true;
      }
    }
  }
  return [...byArn.values()]
    .map(({ listing, listedIn, home }) => ({
      ...listing,
      listedIn: [...listedIn].sort(),
      homeRegionRead: home,
      otherAccount: listing.ownerAccountId !== snapshot.accountId,
    }))
    .sort((a, b) => (a.trailArn < b.trailArn ? -1 : a.trailArn > b.trailArn ? 1 : 0));
}
