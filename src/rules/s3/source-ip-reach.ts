/**
 * The addresses an IAM policy's `aws:SourceIp` conditions let in, per address family, and whether a union
 * of them is the whole internet: for the public-bucket judgement (bucket-public-access.ts), which asks it
 * of one condition entry and of several Allow-everyone statements taken together. Pure.
 *
 * An IPv4-mapped IPv6 range (`::ffff:0:0/96`) counts as the IPv4 addresses it holds as well (model/cidr.ts,
 * `mappedIpv4`): we cannot show that S3 never matches an IPv4 caller against it.
 *
 * @example
 * ```ts
 * const low = sourceIpReach(["0.0.0.0/1"]);   // { ipv4: [0.0.0.0–127.255.255.255], ipv6: [] }
 * const high = sourceIpReach(["128.0.0.0/1"]);
 * internetFamilies([low!]);                   // []
 * internetFamilies([low!, high!]);            // ["ipv4"]
 * ```
 */
import {
  type AddressFamily,
  type AddressRange,
  coversFamily,
  intersectRanges,
  mappedIpv4,
  parseSourceIp,
} from "../../model/cidr.js";

/** The addresses of each family a condition lets in (IPv4-mapped IPv6 ranges in `ipv4` too). */
export interface SourceIpReach {
  readonly ipv4: readonly AddressRange[];
  readonly ipv6: readonly AddressRange[];
}

/**
 * The addresses the aws:SourceIp `values` of one `IpAddress` entry let in, or null when a value is not
 * an address range (`parseSourceIp`).
 */
export function sourceIpReach(values: readonly string[]): SourceIpReach | null {
  const ipv4: AddressRange[] = [];
  const ipv6: AddressRange[] = [];
  for (const value of values) {
    const parsed = parseSourceIp(value);
    if (!parsed.ok) return null;
    if (parsed.family === "ipv4") {
      ipv4.push(parsed.range);
    } else {
      ipv6.push(parsed.range);
      const mapped = mappedIpv4(parsed.range);
      if (mapped !== undefined) ipv4.push(mapped);
    }
  }
  return { ipv4, ipv6 };
}

/**
 * What several entries that must all hold (one statement's `IpAddress` aws:SourceIp entries) let in:
 * the addresses every one of them lets in. `reaches` is not empty.
 */
export function intersectReaches(reaches: readonly SourceIpReach[]): SourceIpReach {
  const [head, ...rest] = reaches;
  if (head === undefined) throw new Error("intersectReaches needs at least one reach");
  return rest.reduce(
    (both, reach) => ({
      ipv4: intersectRanges(both.ipv4, reach.ipv4),
      ipv6: intersectRanges(both.ipv6, reach.ipv6),
    }),
    head,
  );
}

/**
 * The families (`ipv4` before `ipv6`) of which the union of `reaches` holds every address: empty when it
 * is not the internet.
 */
export function internetFamilies(reaches: readonly SourceIpReach[]): AddressFamily[] {
  const families: AddressFamily[] = [];
  if (
    coversFamily(
      reaches.flatMap((reach) => reach.ipv4),
      "ipv4",
    )
  )
    families.push("ipv4");
  if (
    coversFamily(
      reaches.flatMap((reach) => reach.ipv6),
      "ipv6",
    )
  )
    families.push("ipv6");
  return families;
}
