/**
 * IP address ranges as AWS takes them, and unions of them: the one place cloudpatrol reads a CIDR block.
 * Two readings, because AWS takes two:
 *
 * - {@link parseCidr}, strict, for a CIDR of a known family as the snapshot schema accepts it (zod's
 *   `cidrv4` / `cidrv6`): a security group's or network ACL's source. `address/prefix-length` only; an
 *   IPv4 address is four decimal numbers 0–255 without leading zeros; an IPv6 address is at most eight
 *   groups of one to four hex digits (any case), one `::` at most, optionally ending in such an IPv4
 *   address; the prefix length is a decimal number without leading zeros, at most 32 or 128.
 * - {@link parseSourceIp}, for an IAM policy's `aws:SourceIp` value as IAM takes it: the family is what
 *   the text is (a `:` makes it IPv6); the prefix is optional (a bare address is a `/32` or `/128`); IPv4
 *   numbers (also in an IPv6 address's IPv4 tail) and the prefix length are one to three decimal digits,
 *   leading zeros read as decimal (`010` is 10, never octal).
 *
 * Both never throw; a value they cannot read gives the reason. No spaces, zone ids (`%eth0`), wildcards,
 * hexadecimal, octal or shortened IPv4 forms (`10.1`, `0x0a.0.0.1`). Bits set below the prefix length
 * (`10.0.0.5/8`) are masked off: the range is the network the address lies in, as AWS reads it
 * (`10.0.0.0/0` is every IPv4 address).
 *
 * The addresses themselves are parsed by ipaddr.js (hex groups, `::`, group counts, octet values). Around
 * it this module refuses what ipaddr.js accepts and AWS does not (its octal, hexadecimal and one- to
 * three-part IPv4 forms, zone ids, a prefix length with leading zeros), and reads an IPv6 address's IPv4
 * tail itself: ipaddr.js turns `::1.2.3.4` into `::ffff:1.2.3.4`, a different address.
 *
 * IPv4-mapped IPv6 addresses (`::ffff:a.b.c.d`) stay IPv6 addresses here; {@link mappedIpv4} gives the
 * IPv4 addresses an IPv6 range maps, for a caller that must count them as IPv4 (an IAM policy's
 * `aws:SourceIp`, which matches an IPv4 client by its mapped address too; never a security group's IPv6
 * rule, which an IPv4 packet never meets).
 *
 * Ranges are BigInts (IPv4 as 32-bit, IPv6 as 128-bit numbers), so the union code serves both families.
 *
 * @example
 * ```ts
 * const halves = ["0.0.0.0/1", "128.0.0.0/1"].map((c) => parseCidr(c, "ipv4"));
 * const ranges = halves.flatMap((p) => (p.ok ? [p.range] : []));
 * coversFamily(ranges, "ipv4"); // true
 * parseSourceIp("203.0.113.7"); // { ok: true, family: "ipv4", prefixLength: 32, range: … }
 * ```
 */
import ipaddr from "ipaddr.js";

/** An address family, as ipaddr.js names it. */
export type AddressFamily = "ipv4" | "ipv6";

/** The addresses `first` to `last`, both included, as unsigned integers of one family. */
export interface AddressRange {
  readonly first: bigint;
  readonly last: bigint;
}

/**
 * A CIDR read by {@link parseCidr} or {@link parseSourceIp}: its family, prefix length (32 or 128 for a
 * bare address) and range, or why it could not be read.
 */
export type ParsedCidr =
  | {
      readonly ok: true;
      readonly family: AddressFamily;
      readonly prefixLength: number;
      readonly range: AddressRange;
    }
  | { readonly ok: false; readonly reason: string };

/** Number of bits of an address of `family`. */
function bitsOf(family: AddressFamily): number {
  return family === "ipv4" ? 32 : 128;
}

/** The highest address of `family` (all bits set). */
export function lastAddress(family: AddressFamily): bigint {
  return (1n << BigInt(bitsOf(family))) - 1n;
}

/** A decimal number without leading zeros (the strict reading). */
const CANONICAL_DECIMAL = /^(0|[1-9][0-9]{0,2})$/;
/** One to three decimal digits (the policy reading). */
const SHORT_DECIMAL = /^[0-9]{1,3}$/;
/** The characters of an IPv6 address, an IPv4 tail included. */
const IPV6_ALPHABET = /^[0-9a-fA-F:.]+$/;
/** The longest IPv6 address text: eight groups of four digits, or six and an IPv4 tail of 15. */
const IPV6_MAX_LENGTH = 45;

/** How leniently decimal numbers (IPv4 octets, the prefix length) are read. */
type Reading = "strict" | "policy";

/** `text` as a decimal number of `reading`'s form, at most `max`; null otherwise. */
function decimal(text: string, max: number, reading: Reading): number | null {
  if (!(reading === "strict" ? CANONICAL_DECIMAL : SHORT_DECIMAL).test(text)) return null;
  const value = Number(text);
  return value <= max ? value : null;
}

/** Bytes (most significant first) as one number. */
function fromBytes(bytes: readonly number[]): bigint {
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** A dotted IPv4 address as a 32-bit number, or null. */
function ipv4Address(text: string, reading: Reading): bigint | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  const octets: number[] = [];
  for (const part of parts) {
    const octet = decimal(part, 255, reading);
    if (octet === null) return null;
    octets.push(octet);
  }
  // Canonical now (leading zeros dropped), so ipaddr.js reads no octal or hexadecimal in it.
  const canonical = octets.join(".");
  if (!ipaddr.IPv4.isValidFourPartDecimal(canonical)) return null;
  return fromBytes(ipaddr.IPv4.parse(canonical).toByteArray());
}

/** An IPv6 address (`2001:db8::1`, `::ffff:192.0.2.1`) as a 128-bit number, or null. */
function ipv6Address(text: string, reading: Reading): bigint | null {
  if (text.length > IPV6_MAX_LENGTH || !IPV6_ALPHABET.test(text)) return null;
  // The IPv4 tail, read here: its 32 bits stand in as two zero groups for ipaddr.js.
  let groups = text;
  let tail = 0n;
  if (text.includes(".")) {
    const lastColon = text.lastIndexOf(":");
    const head = text.slice(0, lastColon + 1);
    if (lastColon < 0 || head.includes(".")) return null;
    const v4 = ipv4Address(text.slice(lastColon + 1), reading);
    if (v4 === null) return null;
    groups = `${head}0:0`;
    tail = v4;
  }
  if (!ipaddr.IPv6.isValid(groups)) return null;
  return fromBytes(ipaddr.IPv6.parse(groups).toByteArray()) | tail;
}

/** The range of `address` with `prefixLength` leading bits kept (host bits masked off). */
function masked(address: bigint, prefixLength: number, family: AddressFamily): AddressRange {
  const size = 1n << BigInt(bitsOf(family) - prefixLength);
  const first = address & (lastAddress(family) ^ (size - 1n));
  return { first, last: first + size - 1n };
}

/** Reads `addressText` and `prefixText` (null: a bare address) of `family`. */
function read(
  addressText: string,
  prefixText: string | null,
  family: AddressFamily,
  reading: Reading,
): ParsedCidr {
  const bits = bitsOf(family);
  const prefixLength = prefixText === null ? bits : decimal(prefixText, bits, reading);
  if (prefixLength === null)
    return { ok: false, reason: `the prefix length is not a number from 0 to ${bits}` };
  const address = family === "ipv4" ? ipv4Address(addressText, reading) : ipv6Address(addressText, reading);
  if (address === null)
    return { ok: false, reason: `the address is not an ${family === "ipv4" ? "IPv4" : "IPv6"} address` };
  return { ok: true, family, prefixLength, range: masked(address, prefixLength, family) };
}

/**
 * Reads `cidr` (`address/prefix-length`) of `family` strictly, as the snapshot schema (zod `cidrv4`,
 * `cidrv6`) accepts it; never throws. Host bits are masked off.
 *
 * @example
 * ```ts
 * parseCidr("128.0.0.0/1", "ipv4"); // { ok: true, family: "ipv4", prefixLength: 1, range: { first: 2147483648n, last: 4294967295n } }
 * parseCidr("10.0.0.0/33", "ipv4"); // { ok: false, reason: "the prefix length is not a number from 0 to 32" }
 * ```
 */
export function parseCidr(cidr: string, family: AddressFamily): ParsedCidr {
  const slash = cidr.indexOf("/");
  if (slash === -1 || cidr.indexOf("/", slash + 1) !== -1)
    return { ok: false, reason: "not of the form address/prefix-length" };
  return read(cidr.slice(0, slash), cidr.slice(slash + 1), family, "strict");
}

/**
 * Reads an IAM policy's `aws:SourceIp` value: a CIDR block or a bare address of either family (see the
 * module comment); never throws. Host bits are masked off.
 *
 * @example
 * ```ts
 * parseSourceIp("::0/0");      // { ok: true, family: "ipv6", prefixLength: 0, range: { first: 0n, last: 2n ** 128n - 1n } }
 * parseSourceIp("10.1.2.3/8"); // 10.0.0.0–10.255.255.255
 * parseSourceIp("any");        // { ok: false, reason: "the address is not an IPv4 address" }
 * ```
 */
export function parseSourceIp(value: string): ParsedCidr {
  const slash = value.indexOf("/");
  const addressText = slash < 0 ? value : value.slice(0, slash);
  const family: AddressFamily = addressText.includes(":") ? "ipv6" : "ipv4";
  return read(addressText, slash < 0 ? null : value.slice(slash + 1), family, "policy");
}

/** The IPv4-mapped IPv6 block `::ffff:0:0/96`. */
const MAPPED_FIRST = 0xffff_0000_0000n;
const MAPPED_LAST = 0xffff_ffff_ffffn;

/**
 * The IPv4 addresses an IPv6 range holds as IPv4-mapped addresses (`::ffff:a.b.c.d`), or undefined when
 * it holds none. `::ffff:0:0/96` gives every IPv4 address; `::/0` does too.
 *
 * @example
 * ```ts
 * mappedIpv4({ first: 0xffff_0a00_0000n, last: 0xffff_0a00_00ffn }); // 10.0.0.0–10.0.0.255
 * ```
 */
export function mappedIpv4(ipv6Range: AddressRange): AddressRange | undefined {
  const first = ipv6Range.first > MAPPED_FIRST ? ipv6Range.first : MAPPED_FIRST;
  const last = ipv6Range.last < MAPPED_LAST ? ipv6Range.last : MAPPED_LAST;
  if (first > last) return undefined;
  return { first: first - MAPPED_FIRST, last: last - MAPPED_FIRST };
}

/**
 * The union of `ranges` (of one family) as the fewest ranges, in increasing order: overlapping ranges and
 * ranges that touch (`…/1` ending at 127.255.255.255 and one starting at 128.0.0.0) become one.
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

/**
 * The addresses in both the union of `a` and the union of `b` (of one family), as the fewest ranges in
 * increasing order: what two conditions that must both hold let in.
 *
 * @example
 * ```ts
 * intersectRanges([{ first: 0n, last: 10n }, { first: 20n, last: 30n }], [{ first: 5n, last: 25n }]);
 * // [{ first: 5n, last: 10n }, { first: 20n, last: 25n }]
 * ```
 */
export function intersectRanges(a: readonly AddressRange[], b: readonly AddressRange[]): AddressRange[] {
  const left = mergeRanges(a);
  const right = mergeRanges(b);
  const both: AddressRange[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const l = left[i] as AddressRange;
    const r = right[j] as AddressRange;
    // The later start and the earlier end (bigints, which Math.max and Math.min do not take).
    let first = l.first;
    if (r.first > first) first = r.first;
    let last = l.last;
    if (r.last < last) last = r.last;
    if (first <= last) both.push({ first, last });
    // The range that ends first meets nothing further on the other side.
    if (l.last < r.last) i++;
    else j++;
  }
  return both;
}

/** True when every address of `range` lies in the union of `ranges`. */
export function coversRange(ranges: readonly AddressRange[], range: AddressRange): boolean {
  return mergeRanges(ranges).some((r) => r.first <= range.first && range.last <= r.last);
}

/**
 * True when the union of `ranges` (of `family`) holds every address of `family` (`0.0.0.0/0`,
 * `10.0.0.0/0`, `0.0.0.0/1` + `128.0.0.0/1`, `::/0`, ...).
 */
export function coversFamily(ranges: readonly AddressRange[], family: AddressFamily): boolean {
  return coversRange(ranges, { first: 0n, last: lastAddress(family) });
}

/** True when `range` alone is every address of `family` (a prefix length of 0). */
export function isWholeFamily(range: AddressRange, family: AddressFamily): boolean {
  return range.first === 0n && range.last === lastAddress(family);
}
