/**
 * IP address ranges written as CIDR blocks or single addresses, as AWS takes them (an IAM policy's
 * `aws:SourceIp`, a security group's or network ACL's source), and whether a set of them covers the whole
 * address space of a family. Pure; parses by hand (no regular expression over account data).
 *
 * Forms read:
 * - IPv4: four dotted decimal numbers 0–255 (one to three digits each; leading zeros are read as decimal,
 *   `010` is 10), optionally `/0`–`/32`. Host bits beyond the prefix are ignored, as AWS ignores them
 *   (`10.0.0.0/0` is every IPv4 address).
 * - IPv6: up to eight groups of one to four hex digits in any case, one `::` for a run of zero groups, the
 *   last 32 bits optionally as a dotted IPv4 address (`::ffff:10.0.0.1`), optionally `/0`–`/128`.
 * - No prefix: one address (`/32`, `/128`).
 * Anything else (spaces, zone ids `%eth0`, a prefix out of range, wildcards) is not a range: undefined.
 *
 * @example
 * ```ts
 * const ranges = ["0.0.0.0/1", "128.0.0.0/1"].map(parseCidr).filter((r) => r !== undefined);
 * coversAddressSpace(ranges, "IPv4"); // true
 * ```
 */

/** An IP address family. */
export type AddressFamily = "IPv4" | "IPv6";

/** A contiguous range of addresses of one family, both ends included, as unsigned integers. */
export interface AddressRange {
  readonly family: AddressFamily;
  readonly first: bigint;
  readonly last: bigint;
}

/** A range read from a CIDR block or a single address. */
export interface Cidr extends AddressRange {
  /** The prefix length (32 or 128 for a single address). */
  readonly prefixLength: number;
}

/** The number of bits of an address of each family. */
export const ADDRESS_BITS: Readonly<Record<AddressFamily, number>> = { IPv4: 32, IPv6: 128 };

/** The highest address of a family. */
export function lastAddress(family: AddressFamily): bigint {
  return (1n << BigInt(ADDRESS_BITS[family])) - 1n;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

/** A decimal number of 1 to `maxDigits` digits, or undefined. */
function decimal(text: string, maxDigits: number): number | undefined {
  if (text.length === 0 || text.length > maxDigits) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isDigit(code)) return undefined;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** A dotted IPv4 address as a 32-bit integer, or undefined. */
function parseIpv4Address(text: string): bigint | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    const octet = decimal(part, 3);
    if (octet === undefined || octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** One IPv6 group (1–4 hex digits), or undefined. */
function hexGroup(text: string): number | undefined {
  if (text.length === 0 || text.length > 4) return undefined;
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const digit = hexValue(text.charCodeAt(i));
    if (digit < 0) return undefined;
    value = value * 16 + digit;
  }
  return value;
}

/** The groups of one side of `::` (or of an address without it), a trailing dotted IPv4 as two groups. */
function ipv6Groups(text: string, mayEndInIpv4: boolean): number[] | undefined {
  if (text.length === 0) return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? "";
    if (mayEndInIpv4 && i === parts.length - 1 && part.includes(".")) {
      const v4 = parseIpv4Address(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      continue;
    }
    const group = hexGroup(part);
    if (group === undefined) return undefined;
    groups.push(group);
  }
  return groups;
}

/** An IPv6 address as a 128-bit integer, or undefined. */
function parseIpv6Address(text: string): bigint | undefined {
  const gap = text.indexOf("::");
  let groups: number[];
  if (gap < 0) {
    const all = ipv6Groups(text, true);
    if (all === undefined || all.length !== 8) return undefined;
    groups = all;
  } else {
    if (text.indexOf("::", gap + 1) >= 0) return undefined;
    const head = ipv6Groups(text.slice(0, gap), false);
    const tail = ipv6Groups(text.slice(gap + 2), true);
    if (head === undefined || tail === undefined || head.length + tail.length > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/**
 * The range a CIDR block or single address denotes (see the module comment for the forms), or undefined
 * when `text` is neither.
 *
 * @example
 * ```ts
 * parseCidr("::0/0");       // { family: "IPv6", first: 0n, last: 2n ** 128n - 1n, prefixLength: 0 }
 * parseCidr("10.1.2.3/8");  // 10.0.0.0–10.255.255.255
 * parseCidr("any");         // undefined
 * ```
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const family: AddressFamily = addressText.includes(":") ? "IPv6" : "IPv4";
  const bits = ADDRESS_BITS[family];
  let prefixLength = bits;
  if (slash >= 0) {
    const parsed = decimal(text.slice(slash + 1), 3);
    if (parsed === undefined || parsed > bits) return undefined;
    prefixLength = parsed;
  }
  const address = family === "IPv4" ? parseIpv4Address(addressText) : parseIpv6Address(addressText);
  if (address === undefined) return undefined;
  const hostBits = BigInt(bits - prefixLength);
  const first = (address >> hostBits) << hostBits;
  return { family, first, last: first + (1n << hostBits) - 1n, prefixLength };
}

/** The IPv4-mapped IPv6 block `::ffff:0:0/96`. */
const MAPPED_FIRST = 0xffff_0000_0000n;
const MAPPED_LAST = 0xffff_ffff_ffffn;

/**
 * The IPv4 addresses an IPv6 range holds as IPv4-mapped addresses (`::ffff:a.b.c.d`), or undefined when
 * it holds none. `::ffff:0:0/96` gives every IPv4 address; `::/0` does too.
 */
export function mappedIpv4(range: AddressRange): AddressRange | undefined {
  if (range.family !== "IPv6") return undefined;
  const first = range.first > MAPPED_FIRST ? range.first : MAPPED_FIRST;
  const last = range.last < MAPPED_LAST ? range.last : MAPPED_LAST;
  if (first > last) return undefined;
  return { family: "IPv4", first: first - MAPPED_FIRST, last: last - MAPPED_FIRST };
}

/**
 * The union of `ranges`: per family, sorted, overlapping and adjacent ranges merged (IPv4 first).
 *
 * @example
 * ```ts
 * unionOf([parseCidr("10.0.0.0/9")!, parseCidr("10.128.0.0/9")!]); // [10.0.0.0–10.255.255.255]
 * ```
 */
export function unionOf(ranges: readonly AddressRange[]): AddressRange[] {
  const merged: AddressRange[] = [];
  for (const family of ["IPv4", "IPv6"] as const) {
    const sorted = ranges
      .filter((range) => range.family === family)
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    let current: AddressRange | undefined;
    for (const range of sorted) {
      if (current !== undefined && range.first <= current.last + 1n) {
        if (range.last > current.last) current = { family, first: current.first, last: range.last };
      } else {
        if (current !== undefined) merged.push(current);
        current = { family, first: range.first, last: range.last };
      }
    }
    if (current !== undefined) merged.push(current);
  }
  return merged;
}

/**
 * True when the union of `ranges` holds every address of `family` (`0.0.0.0/0`, `10.0.0.0/0`,
 * `0.0.0.0/1` + `128.0.0.0/1`, `::/0`, ...). Ranges of the other family are ignored.
 */
export function coversAddressSpace(ranges: readonly AddressRange[], family: AddressFamily): boolean {
  const union = unionOf(ranges.filter((range) => range.family === family));
  return union.length === 1 && union[0]?.first === 0n && union[0]?.last === lastAddress(family);
}
