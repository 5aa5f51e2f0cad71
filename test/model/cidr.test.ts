/**
 * CIDRs as address ranges and their unions (src/model/cidr.ts), in both readings: the strict one of the
 * snapshot schema for security groups and network ACLs (never a throw, host bits masked, a reason for
 * every refusal) and the aws:SourceIp one of IAM policies (bare addresses, leading zeros as decimal);
 * IPv4-mapped IPv6 ranges; whether several ranges together cover a whole family: /32 and /128 edges,
 * overlapping and adjacent ranges, three pieces, a gap of one address.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type AddressFamily,
  type AddressRange,
  coversFamily,
  coversRange,
  intersectRanges,
  isWholeFamily,
  lastAddress,
  mappedIpv4,
  mergeRanges,
  parseCidr,
  parseSourceIp,
} from "../../src/model/cidr.js";

const V4_MAX = 2n ** 32n - 1n;
const V6_MAX = 2n ** 128n - 1n;
const V4_LAST = 0xffff_ffffn;
const V6_LAST = (1n << 128n) - 1n;

/** The range of `cidr` read strictly, failing the test when it does not parse. */
function range(cidr: string, family: AddressFamily = cidr.includes(":") ? "ipv6" : "ipv4"): AddressRange {
  const parsed = parseCidr(cidr, family);
  if (!parsed.ok) throw new Error(`${cidr}: ${parsed.reason}`);
  return parsed.range;
}

/** The ranges of `cidrs`, read strictly. */
function ranges(...cidrs: string[]): AddressRange[] {
  return cidrs.map((cidr) => range(cidr));
}

/** The ranges of aws:SourceIp `values` of `family` (values of the other family left out). */
function sourceIps(family: AddressFamily, ...values: string[]): AddressRange[] {
  return values.flatMap((value) => {
    const parsed = parseSourceIp(value);
    if (!parsed.ok) throw new Error(`${value}: ${parsed.reason}`);
    return parsed.family === family ? [parsed.range] : [];
  });
}

/** The range of one aws:SourceIp value. */
function sourceIp(value: string): AddressRange {
  const parsed = parseSourceIp(value);
  if (!parsed.ok) throw new Error(`${value}: ${parsed.reason}`);
  return parsed.range;
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

describe("parseCidr (the strict reading: security groups, network ACLs)", () => {
  it("reads IPv4 CIDRs: /0, /1, /32, host bits masked", () => {
    expect(parseCidr("0.0.0.0/0", "ipv4")).toEqual({
      ok: true,
      family: "ipv4",
      prefixLength: 0,
      range: { first: 0n, last: V4_MAX },
    });
    expect(parseCidr("128.0.0.0/1", "ipv4")).toEqual({
      ok: true,
      family: "ipv4",
      prefixLength: 1,
      range: { first: 2n ** 31n, last: V4_MAX },
    });
    expect(parseCidr("192.0.2.7/32", "ipv4")).toEqual({
      ok: true,
      family: "ipv4",
      prefixLength: 32,
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

  it("refuses the forms ipaddr.js accepts and the snapshot schema does not; reads ::a.b.c.d as written", () => {
    const v4 = "the address is not an IPv4 address";
    const v6 = "the address is not an IPv6 address";
    const bad: [string, AddressFamily, string][] = [
      ["0x0a.0.0.0/8", "ipv4", v4], // hexadecimal
      ["012.0.0.0/8", "ipv4", v4], // octal to ipaddr.js (10)
      ["10.1/16", "ipv4", v4], // two parts
      ["167772160/8", "ipv4", v4], // one 32-bit number
      ["::ffff:01.2.3.4/128", "ipv6", v6], // a leading zero in the IPv4 tail
      ["::ffff:0x1.2.3.4/128", "ipv6", v6],
      ["fe80::1%1/64", "ipv6", v6], // a zone id
      ["10.0.0.0/008", "ipv4", "the prefix length is not a number from 0 to 32"],
    ];
    for (const [cidr, family, reason] of bad)
      expect([cidr, parseCidr(cidr, family)]).toEqual([cidr, { ok: false, reason }]);
    // ipaddr.js reads ::1.2.3.4 as ::ffff:1.2.3.4; it is ::102:304.
    expect(range("::1.2.3.4/128")).toEqual({ first: 0x0102_0304n, last: 0x0102_0304n });
  });

  it("accepts exactly what the snapshot schema (zod cidrv4, cidrv6) accepts, but a fractional prefix", () => {
    const pieces = ["0", "1", "9", "10", "255", "256", "01", "a", "F", "ffff", "12345", ".", ":", "::", "/"];
    const seeds = [
      "10.0.0.0/8",
      "0.0.0.0/0",
      "::/0",
      "2001:db8::1/128",
      "::ffff:10.0.0.1/96",
      "1:2:3:4:5:6:7::/112",
    ];
    let state = 7;
    const next = (n: number): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    for (let i = 0; i < 5000; i++) {
      let cidr = seeds[next(seeds.length)] ?? "";
      const at = next(cidr.length + 1);
      cidr = `${cidr.slice(0, at)}${pieces[next(pieces.length)] ?? ""}${cidr.slice(at + next(2))}`;
      const slash = cidr.lastIndexOf("/");
      if (slash >= 0 && cidr.slice(slash + 1).includes(".")) continue; // a fractional prefix: below
      expect([cidr, parseCidr(cidr, "ipv4").ok]).toEqual([cidr, z.cidrv4().safeParse(cidr).success]);
      expect([cidr, parseCidr(cidr, "ipv6").ok]).toEqual([cidr, z.cidrv6().safeParse(cidr).success]);
    }
    // zod 4 takes any number JavaScript prints back the same as an IPv6 prefix length; AWS does not.
    expect(z.cidrv6().safeParse("2001:db8::/6.4").success).toBe(true);
    expect(parseCidr("2001:db8::/6.4", "ipv6")).toEqual({
      ok: false,
      reason: "the prefix length is not a number from 0 to 128",
    });
  });
});

describe("unions of ranges (mergeRanges, coversRange, coversFamily, isWholeFamily)", () => {
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

  it("intersects two unions: the addresses in both, merged, in increasing order", () => {
    expect(intersectRanges(ranges("0.0.0.0/1"), ranges("10.0.0.0/8", "128.0.0.0/1"))).toEqual([
      range("10.0.0.0/8"),
    ]);
    expect(intersectRanges(ranges("0.0.0.0/2", "64.0.0.0/2"), ranges("0.0.0.0/1"))).toEqual([
      range("0.0.0.0/1"),
    ]);
    expect(intersectRanges(ranges("0.0.0.0/1"), ranges("128.0.0.0/1"))).toEqual([]);
    expect(intersectRanges(ranges("0.0.0.0/0"), ranges("192.0.2.0/24", "10.0.0.0/8", "10.1.0.0/16"))).toEqual(
      ranges("10.0.0.0/8", "192.0.2.0/24"),
    );
    expect(
      intersectRanges(
        [
          { first: 0n, last: 10n },
          { first: 20n, last: 30n },
        ],
        [{ first: 5n, last: 25n }],
      ),
    ).toEqual([
      { first: 5n, last: 10n },
      { first: 20n, last: 25n },
    ]);
    expect(intersectRanges([], ranges("0.0.0.0/0"))).toEqual([]);
  });

  it("tells a single whole-family range", () => {
    expect(isWholeFamily(range("0.0.0.0/0"), "ipv4")).toBe(true);
    expect(isWholeFamily(range("::/0"), "ipv6")).toBe(true);
    expect(isWholeFamily(range("0.0.0.0/1"), "ipv4")).toBe(false);
    expect(isWholeFamily({ first: 0n, last: V4_MAX }, "ipv6")).toBe(false);
  });
});

describe("parseSourceIp (the aws:SourceIp reading)", () => {
  it.each([
    ["0.0.0.0/0", "ipv4", 0n, V4_LAST, 0],
    ["10.0.0.0/0", "ipv4", 0n, V4_LAST, 0],
    ["10.1.2.3/8", "ipv4", 0x0a00_0000n, 0x0aff_ffffn, 8],
    ["203.0.113.7/32", "ipv4", 0xcb00_7107n, 0xcb00_7107n, 32],
    ["203.0.113.7", "ipv4", 0xcb00_7107n, 0xcb00_7107n, 32],
    ["010.000.001.002/32", "ipv4", 0x0a00_0102n, 0x0a00_0102n, 32],
    ["255.255.255.255/08", "ipv4", 0xff00_0000n, V4_LAST, 8],
    ["::/0", "ipv6", 0n, V6_LAST, 0],
    ["::0/0", "ipv6", 0n, V6_LAST, 0],
    ["0::/0", "ipv6", 0n, V6_LAST, 0],
    ["0:0:0:0:0:0:0:0/0", "ipv6", 0n, V6_LAST, 0],
    [
      "2001:db8::1/128",
      "ipv6",
      0x2001_0db8_0000_0000_0000_0000_0000_0001n,
      0x2001_0db8_0000_0000_0000_0000_0000_0001n,
      128,
    ],
    [
      "2001:DB8::1",
      "ipv6",
      0x2001_0db8_0000_0000_0000_0000_0000_0001n,
      0x2001_0db8_0000_0000_0000_0000_0000_0001n,
      128,
    ],
    ["2001:0DB8:0000::/32", "ipv6", 0x2001_0db8n << 96n, ((0x2001_0db8n + 1n) << 96n) - 1n, 32],
    ["::ffff:0:0/96", "ipv6", 0xffff_0000_0000n, 0xffff_ffff_ffffn, 96],
    ["::ffff:10.0.0.1", "ipv6", 0xffff_0a00_0001n, 0xffff_0a00_0001n, 128],
    ["::ffff:010.0.0.1", "ipv6", 0xffff_0a00_0001n, 0xffff_0a00_0001n, 128],
    ["::10.0.0.1", "ipv6", 0x0a00_0001n, 0x0a00_0001n, 128],
    [
      "1:2:3:4:5:6:7::",
      "ipv6",
      0x0001_0002_0003_0004_0005_0006_0007_0000n,
      0x0001_0002_0003_0004_0005_0006_0007_0000n,
      128,
    ],
  ])("%s", (text, family, first, last, prefixLength) => {
    expect(parseSourceIp(text)).toEqual({ ok: true, family, prefixLength, range: { first, last } });
  });

  const V4 = "the address is not an IPv4 address";
  const V6 = "the address is not an IPv6 address";
  const P32 = "the prefix length is not a number from 0 to 32";
  const P128 = "the prefix length is not a number from 0 to 128";
  it.each([
    ["", V4],
    ["any", V4],
    ["*", V4],
    ["0.0.0.0/33", P32],
    ["::/129", P128],
    ["0.0.0.0/", P32],
    ["0.0.0.0/-1", P32],
    ["256.0.0.0/8", V4],
    ["1.2.3/24", V4],
    ["1.2.3.4.5", V4],
    ["0001.0.0.0/8", V4],
    ["0x0a.0.0.1", V4],
    ["167772161", V4],
    [" 10.0.0.0/8", V4],
    ["10.0.0.0/8 ", P32],
    ["1::2::3", V6],
    ["1:2:3:4:5:6:7:8:9", V6],
    ["1:2:3:4:5:6:7:8::", V6],
    ["12345::/16", V6],
    ["g::/16", V6],
    ["fe80::1%eth0", V6],
    ["1.2.3.4::/96", V6],
    ["::1.2.3/96", V6],
    [["$", "{aws:SourceIp}"].join(""), V6],
  ])("%j is not a range: %s", (text, reason) => {
    expect(parseSourceIp(text)).toEqual({ ok: false, reason });
  });
});

describe("mappedIpv4", () => {
  it("::ffff:0:0/96 holds every IPv4 address, ::/0 too; a /120 inside it a /24; 2001:db8::/32 none", () => {
    expect(mappedIpv4(sourceIp("::ffff:0:0/96"))).toEqual({ first: 0n, last: V4_LAST });
    expect(mappedIpv4(sourceIp("::/0"))).toEqual({ first: 0n, last: V4_LAST });
    expect(mappedIpv4(sourceIp("::ffff:10.0.0.0/120"))).toEqual({ first: 0x0a00_0000n, last: 0x0a00_00ffn });
    expect(mappedIpv4(sourceIp("2001:db8::/32"))).toBeUndefined();
  });
});

describe("unions of aws:SourceIp values", () => {
  it("merges overlapping and adjacent ranges per family", () => {
    const values = ["::/1", "10.0.0.0/9", "10.128.0.0/9", "10.64.0.0/10", "11.0.0.0/8"];
    expect(mergeRanges(sourceIps("ipv4", ...values))).toEqual([{ first: 0x0a00_0000n, last: 0x0bff_ffffn }]);
    expect(mergeRanges(sourceIps("ipv6", ...values))).toEqual([{ first: 0n, last: (1n << 127n) - 1n }]);
  });

  it.each([
    [["0.0.0.0/0"], true],
    [["10.0.0.0/0"], true],
    [["0.0.0.0/1", "128.0.0.0/1"], true],
    [["128.0.0.0/1", "0.0.0.0/2", "64.0.0.0/2"], true],
    [["0.0.0.0/1", "0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/2"], true],
    [["0.0.0.0/1"], false],
    [["0.0.0.0/1", "128.0.0.1/1"], true],
    [["0.0.0.0/1", "128.0.0.0/2", "192.0.0.0/3", "224.0.0.0/4", "240.0.0.0/5", "248.0.0.0/5"], true],
    [["255.255.255.255/32"], false],
    [["::/0"], false],
  ])("IPv4 %j: %s", (texts, covered) => {
    expect(coversFamily(sourceIps("ipv4", ...texts), "ipv4")).toBe(covered);
  });

  it("the one-address gap closed by 128.0.0.0/32 covers IPv4", () => {
    const gap = ["0.0.0.0/1", "128.0.0.1/32", "128.0.0.2/31", "128.0.0.4/30", "128.0.0.8/29"];
    const rest = ["128.0.0.16/28", "128.0.0.32/27", "128.0.0.64/26", "128.0.0.128/25", "128.0.1.0/24"];
    const more = ["128.0.2.0/23", "128.0.4.0/22", "128.0.8.0/21", "128.0.16.0/20", "128.0.32.0/19"];
    const high = ["128.0.64.0/18", "128.0.128.0/17", "128.1.0.0/16", "128.2.0.0/15", "128.4.0.0/14"];
    const top = ["128.8.0.0/13", "128.16.0.0/12", "128.32.0.0/11", "128.64.0.0/10", "128.128.0.0/9"];
    const last = ["129.0.0.0/8", "130.0.0.0/7", "132.0.0.0/6", "136.0.0.0/5", "144.0.0.0/4", "160.0.0.0/3"];
    const all = [...gap, ...rest, ...more, ...high, ...top, ...last, "192.0.0.0/2"];
    expect(coversFamily(sourceIps("ipv4", ...all), "ipv4")).toBe(false);
    expect(coversFamily(sourceIps("ipv4", ...all, "128.0.0.0/32"), "ipv4")).toBe(true);
  });

  it.each([
    [["::/0"], true],
    [["::0/0"], true],
    [["0::/0"], true],
    [["2001:db8::/0"], true],
    [["::/1", "8000::/1"], true],
    [["::/1", "8000::/2", "C000::/2"], true],
    [["::/1"], false],
    [["::/1", "8000::1/128"], false],
    [["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"], false],
    [["::ffff:0:0/96"], false],
    [["0.0.0.0/0"], false],
  ])("IPv6 %j: %s", (texts, covered) => {
    expect(coversFamily(sourceIps("ipv6", ...texts), "ipv6")).toBe(covered);
  });

  it("lastAddress", () => {
    expect([lastAddress("ipv4"), lastAddress("ipv6")]).toEqual([V4_LAST, V6_LAST]);
  });
});
