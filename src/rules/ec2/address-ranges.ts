/**
 * CIDR blocks as ranges of addresses, and unions of them: what the networking rules need to tell whether
 * several CIDRs together reach a whole address family (`0.0.0.0/1` plus `128.0.0.0/1` is every IPv4
 * address, exactly as `0.0.0.0/0` is). Addresses are BigInts, IPv4 as 32-bit and IPv6 as 128-bit numbers,
 * so both families share one code path.
 *
 * Parsing is strict and never throws: an IPv4 address is four decimal numbers 0–255 without leading zeros;
 * an IPv6 address is at most eight groups of one to four hex digits, one `::` at most, optionally ending in
 * an IPv4 address; the prefix length is a decimal number without leading zeros, at most 32 (IPv4) or 128
 * (IPv6). No spaces, zones (`%eth0`) or other forms. Bits set below the prefix length (`10.0.0.5/8`) are
 * masked off: the range is the network the address lies in, as routers read it.
 *
 * @example
 * ```ts
 * const halves = ["0.0.0.0/1", "128.0.0.0/1"].map((c) => parseCidr(c, "ipv4"));
 * const ranges = halves.flatMap((p) => (p.ok ? [p.range] : []));
 * coversFamily(ranges, "ipv4"); // true
 * ```
 */

/** An address family. */
export type AddressFamily = "ipv4" | "ipv6";

/** The addresses `first` to `last`, both included. */
export interface AddressRange {
  readonly first: bigint;
  readonly last: bigint;
}

/** A CIDR read by {@link parseCidr}: its range, or why it could not be read. */
export type ParsedCidr =
  | { readonly ok: true; readonly range: AddressRange }
  | { readonly ok: false; readonly reason: string };

/** Number of bits of an address of `family`. */
function bitsOf(family: AddressFamily): number {
  return family === "ipv4" ? 32 : 128;
}

/** The highest address of `family` (all bits set). */
function maxAddress(family: AddressFamily): bigint {
  return (1n << BigInt(bitsOf(family))) - 1n;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** `text` as a decimal number without sign or leading zeros, at most `max`; null otherwise. */
function decimal(text: string, max: number): number | null {
  if (text.length > 3 || !DECIMAL.test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

/** An IPv4 address (`192.0.2.1`) as a number, or null. */
function ipv4Address(text: string): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0n;
  for (const part of parts) {
    const octet = decimal(part, 255);
    if (octet === null) return null;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** The 16-bit groups written in `text` (no `::` inside), or null. An IPv4 tail counts as two groups. */
function ipv6Groups(text: string, ipv4TailAllowed: boolean): number[] | null {
  if (text === "") return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (ipv4TailAllowed && index === parts.length - 1 && part.includes(".")) {
      const tail = ipv4Address(part);
      if (tail === null) return null;
      groups.push(Number(tail >> 16n), Number(tail & 0xffffn));
    } else if (HEX_GROUP.test(part)) {
      groups.push(Number.parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** An IPv6 address (`2001:db8::1`, `::ffff:192.0.2.1`) as a number, or null. */
function ipv6Address(text: string): bigint | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  let groups: number[];
  if (halves.length === 2) {
    const head = ipv6Groups(halves[0] ?? "", false);
    const tail = ipv6Groups(halves[1] ?? "", true);
    if (head === null || tail === null || head.length + tail.length > 7) return null;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const all = ipv6Groups(text, true);
    if (all === null || all.length !== 8) return null;
    groups = all;
  }
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

/**
 * Reads `cidr` (`address/prefix-length`) of `family` strictly; never throws. Host bits are masked off.
 *
 * @example
 * ```ts
 * parseCidr("128.0.0.0/1", "ipv4"); // { ok: true, range: { first: 2147483648n, last: 4294967295n } }
 * parseCidr("10.0.0.0/33", "ipv4"); // { ok: false, reason: "the prefix length is not a number from 0 to 32" }
 * ```
 */
export function parseCidr(cidr: string, family: AddressFamily): ParsedCidr {
  const slash = cidr.indexOf("/");
  if (slash === -1 || cidr.indexOf("/", slash + 1) !== -1)
    return { ok: false, reason: "not of the form address/prefix-length" };
  const bits = bitsOf(family);
  const prefix = decimal(cidr.slice(slash + 1), bits);
  if (prefix === null) return { ok: false, reason: `the prefix length is not a number from 0 to ${bits}` };
  const text = cidr.slice(0, slash);
  const address = family === "ipv4" ? ipv4Address(text) : ipv6Address(text);
  if (address === null)
    return { ok: false, reason: `the address is not an ${family === "ipv4" ? "IPv4" : "IPv6"} address` };
  const size = 1n << BigInt(bits - prefix);
  const first = address & (maxAddress(family) ^ (size - 1n));
  return { ok: true, range: { first, last: first + size - 1n } };
}

/**
 * The union of `ranges` as the fewest ranges, in increasing order: overlapping ranges and ranges that
 * touch (`…/1` ending at 127.255.255.255 and one starting at 128.0.0.0) become one.
 */
export function mergeRanges(ranges: readonly AddressRange[]): AddressRange[] {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  const merged: { first: bigint; last: bigint }[] = [];
  for (const range of sorted) {
    const previous = merged[merged.length - 1];
    if (previous !== undefined && range.first <= previous.last + 1n) {
      if (range.last > previous.last) previous.last = range.last;
    } else {
      merged.push({ first: range.first, last: range.last });
    }
  }
  return merged;
}

/** True when every address of `range` lies in the union of `ranges`. */
export function coversRange(ranges: readonly AddressRange[], range: AddressRange): boolean {
  return mergeRanges(ranges).some((r) => r.first <= range.first && range.last <= r.last);
}

/** True when the union of `ranges` holds every address of `family`. */
export function coversFamily(ranges: readonly AddressRange[], family: AddressFamily): boolean {
  return coversRange(ranges, { first: 0n, last: maxAddress(family) });
}

/** True when `range` alone is every address of `family` (a prefix length of 0). */
export function isWholeFamily(range: AddressRange, family: AddressFamily): boolean {
  return range.first === 0n && range.last === maxAddress(family);
}
