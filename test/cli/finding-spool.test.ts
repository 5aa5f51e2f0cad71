/**
 * The findings spool of multi-account scans (src/cli/finding-spool.ts): findings written in the order
 * accounts finish come back in the listed order, whole and in their key order, by iteration and by
 * position, with the mutelist's and the history's additions; the file is never visible in the directory.
 */
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FindingSpool } from "../../src/cli/finding-spool.js";
import { OutputError } from "../../src/model/errors.js";
import type { Finding, MuteInfo } from "../../src/model/finding.js";
import { finding } from "../report/fixtures.js";

let dir: string;
let spool: FindingSpool | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cloudpatrol-spool-test-"));
});
afterEach(async () => {
  spool?.close();
  spool = undefined;
  await rm(dir, { recursive: true, force: true });
});

function of(account: string, names: string[]): Finding[] {
  return names.map((name) =>
    finding(name, "FAIL", { accountId: account, resourceArn: `arn:aws:iam::${account}:user/${name}` }),
  );
}

describe("FindingSpool", () => {
  it("gives the findings back in the accounts' listed order, by iteration and by position, whatever order they finished in", () => {
    spool = new FindingSpool(dir);
    const third = of("333333333333", ["e", "f"]);
    const first = of("111111111111", ["a", "b", "c"]);
    spool.add(2, third);
    spool.add(0, first);
    spool.add(1, []);
    const findings = spool.findings();
    const expected = [...first, ...third];
    expect(findings.length).toBe(5);
    expect([...findings]).toStrictEqual(expected);
    expect(Array.from({ length: 5 }, (_, i) => findings.at(i))).toStrictEqual(expected);
    // Key order too: what a report prints is the same text.
    expect([...findings].map((f) => JSON.stringify(f))).toEqual(expected.map((f) => JSON.stringify(f)));
    expect(findings.at(-1)).toBeUndefined();
    expect(findings.at(5)).toBeUndefined();
    expect(findings.at(1.5)).toBeUndefined();
  });

  it("reads back a finding larger than a read chunk (2 MiB of evidence) and multi-byte and line-separator text exactly", () => {
    spool = new FindingSpool(dir);
    const big = finding("big", "FAIL", { evidence: { policy: "x".repeat(2 * 1024 * 1024) } });
    const odd = finding("ünïcødé-😀", "PASS", {
      statusExtended: 'line\nbreak \u2028 sep "quoted" \\ back \u0000 nul',
    });
    const batch = [odd, big, odd, finding("last", "MANUAL")];
    spool.add(0, batch);
    const findings = spool.findings();
    expect([...findings]).toStrictEqual(batch);
    expect(findings.at(1)).toStrictEqual(big);
    expect(findings.at(2)).toStrictEqual(odd);
    expect(findings.at(3)).toStrictEqual(batch[3]);
  });

  it("shares one framework mappings object among the findings that carry equal mappings", () => {
    spool = new FindingSpool(dir);
    const a = finding("a", "FAIL", { frameworks: { cis_v150: ["1.11"] } });
    const b = finding("b", "FAIL", { frameworks: { cis_v150: ["1.11"] } });
    const c = finding("c", "FAIL", { frameworks: { cis_v150: ["1.12"] } });
    spool.add(0, [a, b, c]);
    const [ra, rb, rc] = [...spool.findings()];
    expect(ra?.frameworks).toBe(rb?.frameworks);
    expect(ra?.frameworks).toStrictEqual({ cis_v150: ["1.11"] });
    expect(rc?.frameworks).toStrictEqual({ cis_v150: ["1.12"] });
  });

  it("puts mutes and firstSeen on the findings read, with the keys where a copy would have them", () => {
    spool = new FindingSpool(dir);
    const batch = of("111111111111", ["a", "b"]);
    spool.add(0, batch);
    const mute: MuteInfo = { reason: "accepted", owner: "sec", expires: "2027-01-01", entry: "*/x" };
    const findings = spool
      .findings()
      .withMutes([undefined, mute])
      .withFirstSeen(["2026-01-01T00:00:00Z", "2026-02-02T00:00:00Z"]);
    const expected = [
      { ...batch[0], firstSeen: "2026-01-01T00:00:00Z" },
      { ...{ ...batch[1], muted: true, mute }, firstSeen: "2026-02-02T00:00:00Z" },
    ];
    expect([...findings].map((f) => JSON.stringify(f))).toEqual(expected.map((f) => JSON.stringify(f)));
    expect(JSON.stringify(findings.at(1))).toBe(JSON.stringify(expected[1]));
    // The view without them is unchanged.
    expect([...spool.findings()]).toStrictEqual(batch);
  });

  it("gives every finding's status, severity and mute from memory, in listed order, without reading the file", () => {
    spool = new FindingSpool(dir);
    const statuses = ["PASS", "FAIL", "MANUAL", "ERROR"] as const;
    const severities = ["critical", "high", "medium", "low", "informational"] as const;
    // Every status with every severity, over 2,100 findings (the arrays grow past 1,024 and 2,048).
    const all = Array.from({ length: 2100 }, (_, i) =>
      finding(`f${i}`, statuses[i % 4] as Finding["status"], {
        severity: severities[i % 5] as Finding["severity"],
      }),
    );
    spool.add(1, all.slice(0, 700));
    spool.add(0, all.slice(700));
    const listed = [...all.slice(700), ...all.slice(0, 700)];
    const mute: MuteInfo = { reason: "accepted", owner: null, expires: null, entry: "*/x" };
    const mutes = listed.map((_, i) => (i % 7 === 3 ? mute : undefined));
    const findings = spool.findings().withMutes(mutes);
    const expected = listed.map((f, i) => ({ status: f.status, severity: f.severity, muted: i % 7 === 3 }));
    expect([...findings.verdicts()]).toEqual(expected);
    expect([...findings].map((f) => ({ status: f.status, severity: f.severity, muted: f.muted }))).toEqual(
      expected,
    );
    // From memory: still there once the file is closed, when the findings themselves are not.
    spool.close();
    expect(() => [...findings]).toThrow("the finding spool is closed");
    expect([...findings.verdicts()]).toEqual(expected);
  });

  it("reads two iterations interleaved, each from its own place", () => {
    spool = new FindingSpool(dir);
    const batch = of("111111111111", ["a", "b", "c"]);
    spool.add(0, batch);
    const findings = spool.findings();
    const one = findings[Symbol.iterator]();
    const two = findings[Symbol.iterator]();
    expect(one.next().value).toStrictEqual(batch[0]);
    expect(two.next().value).toStrictEqual(batch[0]);
    expect(two.next().value).toStrictEqual(batch[1]);
    expect(one.next().value).toStrictEqual(batch[1]);
    expect(one.next().value).toStrictEqual(batch[2]);
    expect(one.next().done).toBe(true);
  });

  it("leaves no file in its directory, even while open, and cannot be read once closed", async () => {
    spool = new FindingSpool(dir);
    spool.add(0, of("111111111111", ["a"]));
    expect(await readdir(dir)).toEqual([]);
    const findings = spool.findings();
    expect(findings.at(0)?.resourceName).toBe("a");
    spool.close();
    expect(() => findings.at(0)).toThrow("the finding spool is closed");
    expect(() => [...findings]).toThrow("the finding spool is closed");
    expect(() => spool?.add(1, [])).toThrow("the finding spool is closed");
  });

  it("names the directory and TMPDIR when it cannot create its file", () => {
    const missing = join(dir, "no", "such");
    expect(() => new FindingSpool(missing)).toThrow(OutputError);
    expect(() => new FindingSpool(missing)).toThrow(
      `cannot create a temporary file for the findings in ${missing} (set TMPDIR to a writable directory): ENOENT`,
    );
  });
});
