/**
 * CIDR blocks and single addresses in the forms AWS takes, and whether their union covers a family's whole
 * address space.
 */
import { describe, expect, it } from "vitest";
import {
  type AddressRange,
  coversAddressSpace,
  lastAddress,
  mappedIpv4,
  parseCidr,
  unionOf,
} from "../../src/model/cidr.js";

const V4_LAST = 0xffff_ffffn;
const V6_LAST = (1n << 128n) - 1n;

function ranges(...texts: string[]): AddressRange[] {
  return texts.map((text) => {
    const range = parseCidr(text);
    if (range === undefined) throw new Error(`not a CIDR: ${text}`);
    return range;
  });
}

describe("parseCidr", () => {
  it.each([
    ["0.0.0.0/0", "IPv4", 0n, V4_LAST, 0],
    ["10.0.0.0/0", "IPv4", 0n, V4_LAST, 0],
    ["10.1.2.3/8", "IPv4", 0x0a00_0000n, 0x0aff_ffffn, 8],
    ["203.0.113.7/32", "IPv4", 0xcb00_7107n, 0xcb00_7107n, 32],
    ["203.0.113.7", "IPv4", 0xcb00_7107n, 0xcb00_7107n, 32],
    ["010.000.001.002/32", "IPv4", 0x0a00_0102n, 0x0a00_0102n, 32],
    ["255.255.255.255/08", "IPv4", 0xff00_0000n, V4_LAST, 8],
    ["::/0", "IPv6", 0n, V6_LAST, 0],
    ["::0/0", "IPv6", 0n, V6_LAST, 0],
    ["0::/0", "IPv6", 0n, V6_LAST, 0],
    ["0:0:0:0:0:0:0:0/0", "IPv6", 0n, V6_LAST, 0],
    [
      "2001:db8::1/128",
      "IPv6",
      0x2001_0db8_0000_0000_0000_0000_0000_0001n,
      0x2001_0db8_0000_0000_0000_0000_0000_0001n,
      128,
    ],
    [
      "2001:DB8::1",
      "IPv6",
      0x2001_0db8_0000_0000_0000_0000_0000_0001n,
      0x2001_0db8_0000_0000_0000_0000_0000_0001n,
      128,
    ],
    ["2001:0DB8:0000::/32", "IPv6", 0x2001_0db8n << 96n, ((0x2001_0db8n + 1n) << 96n) - 1n, 32],
    ["::ffff:0:0/96", "IPv6", 0xffff_0000_0000n, 0xffff_ffff_ffffn, 96],
    ["::ffff:10.0.0.1", "IPv6", 0xffff_0a00_0001n, 0xffff_0a00_0001n, 128],
    [
      "1:2:3:4:5:6:7::",
      "IPv6",
      0x0001_0002_0003_0004_0005_0006_0007_0000n,
      0x0001_0002_0003_0004_0005_0006_0007_0000n,
      128,
    ],
  ])("%s", (text, family, first, last, prefixLength) => {
    expect(parseCidr(text)).toEqual({ family, first, last, prefixLength });
  });

  it.each([
    "",
    "any",
    "*",
    "0.0.0.0/33",
    "::/129",
    "0.0.0.0/",
    "0.0.0.0/-1",
    "256.0.0.0/8",
    "1.2.3/24",
    "1.2.3.4.5",
    "0001.0.0.0/8",
    " 10.0.0.0/8",
    "10.0.0.0/8 ",
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7:8::",
    "12345::/16",
    "g::/16",
    "fe80::1%eth0",
    "1.2.3.4::/96",
    "::1.2.3/96",
    ["$", "{aws:SourceIp}"].join(""),
  ])("%j is not a range", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe("mappedIpv4", () => {
  it("::ffff:0:0/96 holds every IPv4 address, ::/0 too; a /120 inside it a /24; 2001:db8::/32 none", () => {
    expect(mappedIpv4(ranges("::ffff:0:0/96")[0] as AddressRange)).toEqual({
      family: "IPv4",
      first: 0n,
      last: V4_LAST,
    });
    expect(mappedIpv4(ranges("::/0")[0] as AddressRange)).toEqual({
      family: "IPv4",
      first: 0n,
      last: V4_LAST,
    });
    expect(mappedIpv4(ranges("::ffff:10.0.0.0/120")[0] as AddressRange)).toEqual({
      family: "IPv4",
      first: 0x0a00_0000n,
      last: 0x0a00_00ffn,
    });
    expect(mappedIpv4(ranges("2001:db8::/32")[0] as AddressRange)).toBeUndefined();
    expect(mappedIpv4(ranges("10.0.0.0/8")[0] as AddressRange)).toBeUndefined();
  });
});

describe("unionOf and coversAddressSpace", () => {
  it("merges overlapping and adjacent ranges per family, IPv4 first", () => {
    expect(unionOf(ranges("::/1", "10.0.0.0/9", "10.128.0.0/9", "10.64.0.0/10", "11.0.0.0/8"))).toEqual([
      { family: "IPv4", first: 0x0a00_0000n, last: 0x0bff_ffffn },
      { family: "IPv6", first: 0n, last: (1n << 127n) - 1n },
    ]);
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
    expect(coversAddressSpace(ranges(...texts), "IPv4")).toBe(covered);
  });

  it("the one-address gap closed by 128.0.0.0/32 covers IPv4", () => {
    const gap = ["0.0.0.0/1", "128.0.0.1/32", "128.0.0.2/31", "128.0.0.4/30", "128.0.0.8/29"];
    const rest = ["128.0.0.16/28", "128.0.0.32/27", "128.0.0.64/26", "128.0.0.128/25", "128.0.1.0/24"];
    const more = ["128.0.2.0/23", "128.0.4.0/22", "128.0.8.0/21", "128.0.16.0/20", "128.0.32.0/19"];
    const high = ["128.0.64.0/18", "128.0.128.0/17", "128.1.0.0/16", "128.2.0.0/15", "128.4.0.0/14"];
    const top = ["128.8.0.0/13", "128.16.0.0/12", "128.32.0.0/11", "128.64.0.0/10", "128.128.0.0/9"];
    const last = ["129.0.0.0/8", "130.0.0.0/7", "132.0.0.0/6", "136.0.0.0/5", "144.0.0.0/4", "160.0.0.0/3"];
    const all = [...gap, ...rest, ...more, ...high, ...top, ...last, "192.0.0.0/2"];
    expect(coversAddressSpace(ranges(...all), "IPv4")).toBe(false);
    expect(coversAddressSpace(ranges(...all, "128.0.0.0/32"), "IPv4")).toBe(true);
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
    expect(coversAddressSpace(ranges(...texts), "IPv6")).toBe(covered);
  });

  it("lastAddress", () => {
    expect([lastAddress("IPv4"), lastAddress("IPv6")]).toEqual([V4_LAST, V6_LAST]);
  });
});
