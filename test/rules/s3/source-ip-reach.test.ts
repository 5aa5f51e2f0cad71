/**
 * What aws:SourceIp entries let in (sourceIpReach), what several entries that must all hold let in
 * (intersectReaches) and when a union of them is the internet (internetFamilies).
 */
import { describe, expect, it } from "vitest";
import { internetFamilies, intersectReaches, sourceIpReach } from "../../../src/rules/s3/source-ip-reach.js";

const LOW_HALF = { first: 0n, last: 0x7fff_ffffn };
const HIGH_HALF = { first: 0x8000_0000n, last: 0xffff_ffffn };

describe("sourceIpReach", () => {
  it("reads each value as a range of its family; an IPv4-mapped IPv6 range counts as IPv4 too", () => {
    expect(sourceIpReach(["0.0.0.0/1", "::ffff:128.0.0.0/97"])).toEqual({
      ipv4: [LOW_HALF, HIGH_HALF],
      ipv6: [{ first: 0xffff_8000_0000n, last: 0xffff_ffff_ffffn }],
    });
    expect(sourceIpReach(["2001:db8::/32"])).toEqual({
      ipv4: [],
      ipv6: [{ first: 0x2001_0db8n << 96n, last: ((0x2001_0db8n + 1n) << 96n) - 1n }],
    });
  });

  it("is null when a value is not an address range", () => {
    expect(sourceIpReach(["10.0.0.0/8", "not-an-address"])).toBeNull();
    expect(sourceIpReach(["10.0.0.0/33"])).toBeNull();
  });
});

describe("intersectReaches", () => {
  it("keeps the addresses every entry lets in, per family", () => {
    const low = sourceIpReach(["0.0.0.0/1", "2001:db8::/32"]);
    const ten = sourceIpReach(["10.0.0.0/8", "128.0.0.0/1"]);
    if (low === null || ten === null) throw new Error("unreadable");
    expect(intersectReaches([low, ten])).toEqual({
      ipv4: [{ first: 0x0a00_0000n, last: 0x0aff_ffffn }],
      ipv6: [],
    });
    expect(intersectReaches([low])).toEqual(low);
  });

  it("needs at least one reach", () => {
    expect(() => intersectReaches([])).toThrow("intersectReaches needs at least one reach");
  });
});

describe("internetFamilies", () => {
  const reach = (...values: string[]) => {
    const r = sourceIpReach(values);
    if (r === null) throw new Error("unreadable");
    return r;
  };

  it.each([
    [[["0.0.0.0/1"], ["128.0.0.0/1"]], ["ipv4"]],
    [[["0.0.0.0/1"], ["128.0.0.0/2"]], []],
    [[["0.0.0.0/1"], ["::ffff:128.0.0.0/97"]], ["ipv4"]],
    [[["::/0"]], ["ipv4", "ipv6"]],
    [[["8000::/1"], ["2001:db8::/32"]], []],
    [[["10.0.0.0/0"]], ["ipv4"]],
    [[], []],
  ])("%j: %j", (values, families) => {
    expect(internetFamilies(values.map((v) => reach(...v)))).toEqual(families);
  });
});
