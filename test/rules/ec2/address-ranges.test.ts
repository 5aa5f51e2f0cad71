/**
 * CIDRs as address ranges and their unions (src/rules/ec2/address-ranges.ts): strict parsing of both
 * families (never a throw), host bits masked, and whether several ranges together cover a whole family:
 * /32 and /128 edges, overlapping and adjacent ranges, three pieces, a gap of one address.
 */
import { describe, expect, it } from "vitest";
import {
  type AddressFamily,
  type AddressRange,
  coversFamily,
  coversRange,
  isWholeFamily,
  mergeRanges,
  parseCidr,
} from "../../../src/rules/ec2/address-ranges.js";

const V4_MAX = 2n ** 32n - 1n;
const V6_MAX = 2n ** 128n - 1n;

/** The range of `cidr`, failing the test when it does not parse. */
function range(cidr: string, family: AddressFamily = cidr.includes(":") ? "ipv6" : "ipv4"): AddressRange {
  const parsed = parseCidr(cidr, family);
  if (!parsed.ok) throw new Error(`${cidr}: ${parsed.reason}`);
  return parsed.range;
}

/** The ranges of `cidrs`. */
function ranges(...cidrs: string[]): AddressRange[] {
  return cidrs.map((cidr) => range(cidr));
}

/**
 * The IPv4 CIDRs covering every address but `255.255.255.255`: 0.0.0.0/1, 128.0.0.0/2, …,
 * 255.255.255.254/32 (32 blocks).
 */
function allButLastIpv4(): string[] {
  return Array.from({ length: 32 }, (_, i) => {
    const prefix = i + 1;
    const network = V4_MAX + 1n - (1n << BigInt(33 - prefix));
    const octets = [24n, 16n, 8n, 0n].map((shift) => String((network >> shift) & 255n));
    return `${octets.join(".")}/${prefix}`;
  });
}

describe("parseCidr", () => {
  it("reads IPv4 CIDRs: /0, /1, /32, host bits masked", () => {
    expect(parseCidr("0.0.0.0/0", "ipv4")).toEqual({ ok: true, range: { first: 0n, last: V4_MAX } });
    expect(parseCidr("128.0.0.0/1", "ipv4")).toEqual({
      ok: true,
      range: { first: 2n ** 31n, last: V4_MAX },
    });
    expect(parseCidr("192.0.2.7/32", "ipv4")).toEqual({
      ok: true,
      range: { first: 0xc0000207n, last: 0xc0000207n },
    });
    // Bits below the prefix length are masked off: 10.1.2.3/8 is 10.0.0.0/8; 1.2.3.4/0 is everything.
    expect(range("10.1.2.3/8")).toEqual(range("10.0.0.0/8"));
    expect(range("1.2.3.4/0")).toEqual({ first: 0n, last: V4_MAX });
  });

  it("reads IPv6 CIDRs: ::/0, ::/1, 8000::/1, /128, full and compressed forms, an IPv4 tail, upper case", () => {
    expect(range("::/0")).toEqual({ first: 0n, last: V6_MAX });
    expect(range("::/1")).toEqual({ first: 0n, last: 2n ** 127n - 1n });
    expect(range("8000::/1")).toEqual({ first: 2n ** 127n, last: V6_MAX });
    expect(range("2001:db8::1/128")).toEqual({
      first: 0x20010db8000000000000000000000001n,
      last: 0x20010db8000000000000000000000001n,
    });
    expect(range("2001:0DB8:0:0:0:0:0:1/128")).toEqual(range("2001:db8::1/128"));
    expect(range("::ffff:192.0.2.1/128")).toEqual({
      first: 0xffffc0000201n,
      last: 0xffffc0000201n,
    });
    expect(range("1:2:3:4:5:6:7::/112")).toEqual({
      first: 0x00010002000300040005000600070000n,
      last: 0x0001000200030004000500060007ffffn,
    });
    expect(range("0:0:0:0:0:0:0:0/0")).toEqual({ first: 0n, last: V6_MAX });
  });

  it("refuses malformed CIDRs with a reason, never throwing", () => {
    const bad: [string, AddressFamily, string][] = [
      ["0.0.0.0", "ipv4", "not of the form address/prefix-length"],
      ["0.0.0.0/0/0", "ipv4", "not of the form address/prefix-length"],
      ["10.0.0.0/33", "ipv4", "the prefix length is not a number from 0 to 32"],
      ["10.0.0.0/08", "ipv4", "the prefix length is not a number from 0 to 32"],
      ["10.0.0.0/-0", "ipv4", "the prefix length is not a number from 0 to 32"],
      ["10.0.0.0/ 8", "ipv4", "the prefix length is not a number from 0 to 32"],
      ["10.0.0.0/", "ipv4", "the prefix length is not a number from 0 to 32"],
      ["010.0.0.0/8", "ipv4", "the address is not an IPv4 address"],
      ["1.2.3.256/8", "ipv4", "the address is not an IPv4 address"],
      [" 10.0.0.0/8", "ipv4", "the address is not an IPv4 address"],
      ["10.0.0/8", "ipv4", "the address is not an IPv4 address"],
      ["::/0", "ipv4", "the address is not an IPv4 address"],
      ["0.0.0.0/0", "ipv6", "the address is not an IPv6 address"],
      ["2001:db8::/129", "ipv6", "the prefix length is not a number from 0 to 128"],
      ["1::2::3/64", "ipv6", "the address is not an IPv6 address"],
      ["12345::/16", "ipv6", "the address is not an IPv6 address"],
      [":1::/16", "ipv6", "the address is not an IPv6 address"],
      ["1:2:3:4:5:6:7:8:9/64", "ipv6", "the address is not an IPv6 address"],
      ["1:2:3:4:5:6:7:8::/64", "ipv6", "the address is not an IPv6 address"],
      ["1:2:3:4:5:6:7/64", "ipv6", "the address is not an IPv6 address"],
      ["fe80::1%eth0/64", "ipv6", "the address is not an IPv6 address"],
      ["::1.2.3.4:5/64", "ipv6", "the address is not an IPv6 address"],
      ["", "ipv4", "not of the form address/prefix-length"],
      ["/0", "ipv6", "the address is not an IPv6 address"],
    ];
    for (const [cidr, family, reason] of bad)
      expect([cidr, parseCidr(cidr, family)]).toEqual([cidr, { ok: false, reason }]);
  });
});

describe("unions of ranges", () => {
  it("two halves cover the family; either alone does not (IPv4 and IPv6)", () => {
    expect(coversFamily(ranges("0.0.0.0/1", "128.0.0.0/1"), "ipv4")).toBe(true);
    expect(coversFamily(ranges("0.0.0.0/1"), "ipv4")).toBe(false);
    expect(coversFamily(ranges("128.0.0.0/1"), "ipv4")).toBe(false);
    expect(coversFamily(ranges("::/1", "8000::/1"), "ipv6")).toBe(true);
    expect(coversFamily(ranges("8000::/1"), "ipv6")).toBe(false);
    expect(coversFamily([], "ipv4")).toBe(false);
  });

  it("three pieces, in any order, cover; the same with a piece missing do not", () => {
    expect(coversFamily(ranges("128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"), "ipv4")).toBe(true);
    expect(coversFamily(ranges("::/2", "8000::/1", "4000::/2"), "ipv6")).toBe(true);
    expect(coversFamily(ranges("128.0.0.0/1", "64.0.0.0/2"), "ipv4")).toBe(false);
  });

  it("a gap of one address is not the whole family; its /32 (or /128) closes it", () => {
    const pieces = allButLastIpv4();
    expect(pieces.slice(0, 3)).toEqual(["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3"]);
    expect(pieces[31]).toBe("255.255.255.254/32");
    expect(coversFamily(ranges(...pieces), "ipv4")).toBe(false);
    expect(coversFamily(ranges(...pieces, "255.255.255.255/32"), "ipv4")).toBe(true);
    // The gap at the first address instead: everything from 0.0.0.1 on.
    expect(coversFamily(ranges("128.0.0.0/1", "64.0.0.0/2", "0.0.0.1/32"), "ipv4")).toBe(false);
    // IPv6: ::/1 and 8000::/1 less its last address.
    const v6 = [range("::/1"), { first: 2n ** 127n, last: V6_MAX - 1n }];
    expect(coversFamily(v6, "ipv6")).toBe(false);
    expect(coversFamily([...v6, range("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128")], "ipv6")).toBe(true);
  });

  it("merges overlapping and adjacent ranges, keeps apart ranges with a gap", () => {
    expect(mergeRanges(ranges("10.0.0.0/8", "10.1.0.0/16", "0.0.0.0/1"))).toEqual([range("0.0.0.0/1")]);
    expect(mergeRanges(ranges("10.0.0.1/32", "10.0.0.0/32"))).toEqual([range("10.0.0.0/31")]);
    expect(mergeRanges(ranges("10.0.0.0/32", "10.0.0.2/32"))).toEqual(ranges("10.0.0.0/32", "10.0.0.2/32"));
    expect(mergeRanges([])).toEqual([]);
  });

  it("covers a range only when every address of it is in the union", () => {
    const union = ranges("0.0.0.0/1", "128.0.0.0/2");
    expect(coversRange(union, range("0.0.0.0/0"))).toBe(false);
    expect(coversRange(union, range("127.255.255.255/32"))).toBe(true);
    expect(coversRange(union, range("64.0.0.0/1"))).toBe(true); // = 0.0.0.0/1
    expect(coversRange(union, range("128.0.0.0/1"))).toBe(false);
    expect(coversRange(ranges("0.0.0.0/1", "128.0.0.0/1"), range("0.0.0.0/0"))).toBe(true);
  });

  it("tells a single whole-family range", () => {
    expect(isWholeFamily(range("0.0.0.0/0"), "ipv4")).toBe(true);
    expect(isWholeFamily(range("::/0"), "ipv6")).toBe(true);
    expect(isWholeFamily(range("0.0.0.0/1"), "ipv4")).toBe(false);
    expect(isWholeFamily({ first: 0n, last: V4_MAX }, "ipv6")).toBe(false);
  });
});
