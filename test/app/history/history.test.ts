/**
 * Scan history against an in-memory state database: recording, firstSeen streaks, scopes, the scans
 * `diff` picks, the diff categories, and which options are kept.
 */
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { diffScans } from "../../../src/app/history/diff.js";
import { diffPair, findScan, listScans, scanFindings } from "../../../src/app/history/list.js";
import { historyOptions, recordScan, withFirstSeen } from "../../../src/app/history/record.js";
import { diffText } from "../../../src/app/history/render.js";
import { rulesOfScope } from "../../../src/app/history/rules-of.js";
import { describeScope, scopeOf } from "../../../src/app/history/scope.js";
import type { ScanResult } from "../../../src/app/scan.js";
import { summarize } from "../../../src/engine/summary.js";
import type { Finding, Status } from "../../../src/model/finding.js";
import { openStateDatabase, type StateDatabase, schemaVersion } from "../../../src/store/database.js";
import { MIGRATIONS } from "../../../src/store/migrations.js";

const ACCOUNT = "123456789012";

function finding(uid: string, status: Status, accountId = ACCOUNT): Finding {
  return {
    uid,
    ruleId: "iam_user_no_access_key_at_setup",
    status,
    muted: false,
    severity: "high",
    accountId,
    region: "global",
    resourceType: "AWS::IAM::AccessKey",
    resourceArn: `arn:aws:iam::${accountId}:user/${uid}`,
    resourceName: `${uid} access key 1`,
    statusExtended: `${uid} is ${status}`,
    evidence: { secretish: "never stored" },
    frameworks: { cis_v150: ["1.11"] },
  };
}

function result(startedAt: string, findings: Finding[], accounts = [ACCOUNT]): ScanResult {
  return {
    schemaVersion: 1,
    scan: {
      startedAt,
      finishedAt: startedAt,
      source: "aws",
      accounts: accounts.map((accountId) => ({ accountId, partition: "aws" })),
      credentialReportGeneratedAt: null,
      credentialReportAgeSeconds: null,
    },
    findings,
    summary: summarize(findings),
    warnings: [],
  };
}

function record(db: StateDatabase, scan: ScanResult, rules?: string[]) {
  return recordScan(db, scan, { scope: scopeOf(scan, { rules }), options: {}, toolVersion: "test" });
}

const T = ["2025-01-01T00:00:00Z", "2025-01-02T00:00:00Z", "2025-01-03T00:00:00Z", "2025-01-04T00:00:00Z"];

describe("recordScan and firstSeen", () => {
  it("keeps firstSeen while the status stays, restarts it on a status change", () => {
    const db = openStateDatabase(":memory:");
    const first = record(db, result(T[0] as string, [finding("a", "FAIL"), finding("b", "FAIL")]));
    expect(first.firstSeen).toEqual([T[0], T[0]]);
    const second = record(db, result(T[1] as string, [finding("a", "FAIL"), finding("b", "PASS")]));
    expect(second.firstSeen[0]).toBe(T[0]);
    expect(second.firstSeen[1]).toBe(T[1]);
    const third = record(db, result(T[2] as string, [finding("a", "FAIL"), finding("b", "FAIL")]));
    expect(third.firstSeen[0]).toBe(T[0]);
    expect(third.firstSeen[1]).toBe(T[2]);
    expect(scanFindings(db, findScan(db, third.scanId) as never).map((f) => [f.uid, f.firstSeen])).toEqual([
      ["a", T[0]],
      ["b", T[2]],
    ]);
  });

  it("a complete scan that did not report a finding ends its streak; a scan with an ERROR for the account does not", () => {
    const db = openStateDatabase(":memory:");
    record(db, result(T[0] as string, [finding("a", "FAIL"), finding("b", "FAIL")]));
    record(db, result(T[1] as string, [finding("account-error", "ERROR")]));
    record(db, result(T[2] as string, [finding("a", "FAIL")]));
    const last = record(db, result(T[3] as string, [finding("a", "FAIL"), finding("b", "FAIL")]));
    expect(last.firstSeen[0]).toBe(T[0]);
    expect(last.firstSeen[1]).toBe(T[3]);
  });

  it("an ERROR in between (the account unreadable, its ERROR findings on the same uids) keeps the streak of a FAIL", () => {
    const db = openStateDatabase(":memory:");
    record(db, result(T[0] as string, [finding("a", "FAIL"), finding("b", "PASS")]));
    const failed = record(db, result(T[1] as string, [finding("a", "ERROR"), finding("b", "ERROR")]));
    expect(failed.firstSeen).toEqual([T[1], T[1]]);
    const back = record(db, result(T[2] as string, [finding("a", "FAIL"), finding("b", "FAIL")]));
    // a failed through the ERROR: failing since the first scan; b changed PASS → FAIL: since now.
    expect(back.firstSeen).toEqual([T[0], T[2]]);
    const again = record(db, result(T[3] as string, [finding("a", "ERROR"), finding("b", "FAIL")]));
    expect(again.firstSeen).toEqual([T[3], T[2]]);
  });

  it("scopes are separate: another rule selection or account set starts its own history", () => {
    const db = openStateDatabase(":memory:");
    record(db, result(T[0] as string, [finding("a", "FAIL")]), ["iam_user_no_access_key_at_setup"]);
    const all = record(db, result(T[1] as string, [finding("a", "FAIL")]));
    expect(all.firstSeen[0]).toBe(T[1]);
    const two = record(db, result(T[2] as string, [finding("a", "FAIL")], [ACCOUNT, "210987654321"]));
    expect(two.firstSeen[0]).toBe(T[2]);
    expect(listScans(db).map((scan) => describeScope(scan.scope))).toEqual([
      "live, 2 accounts, all rules",
      "live, account 123456789012, all rules",
      "live, account 123456789012, rules iam_user_no_access_key_at_setup",
    ]);
  });

  it("stores the scan, its summary and one row per finding (a repeated uid gets a #n suffix)", () => {
    const db = openStateDatabase(":memory:");
    const scan = result(T[0] as string, [finding("a", "FAIL"), finding("a", "FAIL"), finding("c", "PASS")]);
    const recorded = record(db, scan);
    expect(recorded.scanId).toMatch(/^s20250101T000000Z-[0-9a-f]{6}$/);
    expect(recorded.repeatedUids).toEqual(["a"]);
    const [stored] = listScans(db);
    expect(stored).toMatchObject({
      scanId: recorded.scanId,
      seq: 1,
      startedAt: T[0],
      source: "aws",
      accounts: [{ accountId: ACCOUNT, partition: "aws" }],
      scope: { source: "aws", accounts: [ACCOUNT], framework: null, rules: null },
      summary: { PASS: 1, FAIL: 2, MANUAL: 0, ERROR: 0, muted: 0, total: 3 },
      toolVersion: "test",
    });
    expect(scanFindings(db, stored as never).map((f) => f.uid)).toEqual(["a", "a#2", "c"]);
    const withTimes = withFirstSeen(scan, recorded.firstSeen);
    expect(withTimes.findings.map((f) => f.firstSeen)).toEqual([T[0], T[0], T[0]]);
    expect(Object.keys(withTimes.findings[0] as object).at(-1)).toBe("firstSeen");
  });

  it("numbers the third and fourth finding of a uid #3 and #4, other uids in between, and lists each repeated uid once", () => {
    const db = openStateDatabase(":memory:");
    const names = ["b", "a", "b", "a", "c", "a", "a"];
    const recorded = record(
      db,
      result(
        T[0] as string,
        names.map((name) => finding(name, "FAIL")),
      ),
    );
    expect(recorded.repeatedUids).toEqual(["b", "a"]);
    const [stored] = listScans(db);
    // Stored in uid order (the table's key).
    expect(scanFindings(db, stored as never).map((f) => f.uid)).toEqual([
      "a",
      "a#2",
      "a#3",
      "a#4",
      "b",
      "b#2",
      "c",
    ]);
  });
});

describe("historyOptions", () => {
  it("keeps what decided the scan, drops everything else, and strips credentials from an endpoint URL", () => {
    expect(
      historyOptions({
        profile: "audit",
        framework: "cis_v150",
        verify: false,
        externalId: "very-secret",
        secretAccessKey: "nope",
        output: ["json"],
        endpointUrl: "https://user:pass@example.com:4566/path?X-Amz-Security-Token=abc#x",
      }),
    ).toEqual({
      profile: "audit",
      framework: "cis_v150",
      verify: false,
      endpointUrl: "https://example.com:4566/path",
    });
  });
});

describe("diffPair", () => {
  it("defaults to the last scan and the previous one of its scope; --from/--to pick; unknown ids and a lone scan are input errors", () => {
    const db = openStateDatabase(":memory:");
    expect(() => diffPair(db, undefined, undefined)).toThrow(/no scans in the history yet/);
    const a = record(db, result(T[0] as string, [finding("a", "FAIL")]));
    expect(() => diffPair(db, undefined, undefined)).toThrow(/is the first of its scope/);
    const other = record(db, result(T[1] as string, [finding("a", "FAIL")]), ["x"]);
    const b = record(db, result(T[2] as string, [finding("a", "FAIL")]));
    const c = record(db, result(T[3] as string, [finding("a", "FAIL")]));
    const ids = (pair: ReturnType<typeof diffPair>) => [pair.from.scanId, pair.to.scanId];
    expect(ids(diffPair(db, undefined, undefined))).toEqual([b.scanId, c.scanId]);
    expect(ids(diffPair(db, undefined, b.scanId))).toEqual([a.scanId, b.scanId]);
    expect(ids(diffPair(db, a.scanId, undefined))).toEqual([a.scanId, c.scanId]);
    expect(ids(diffPair(db, other.scanId, c.scanId))).toEqual([other.scanId, c.scanId]);
    expect(() => diffPair(db, other.scanId, undefined)).toThrow(/no later scan of the same scope/);
    expect(() => diffPair(db, "s-nope", undefined)).toThrow(
      '--from "s-nope": no such scan in the history (see cloudpatrol history)',
    );
  });
});

describe("diffScans", () => {
  it("puts every uid in exactly one category", () => {
    const db = openStateDatabase(":memory:");
    const from = record(
      db,
      result(T[0] as string, [
        finding("still", "FAIL"),
        finding("fixed", "FAIL"),
        finding("gone", "FAIL"),
        finding("regressed", "PASS"),
        finding("broke", "PASS"),
        finding("same", "PASS"),
        finding("vanished", "MANUAL"),
      ]),
    );
    const to = record(
      db,
      result(T[1] as string, [
        finding("still", "FAIL"),
        finding("fixed", "PASS"),
        finding("regressed", "FAIL"),
        finding("broke", "ERROR"),
        finding("same", "PASS"),
        finding("appeared", "FAIL"),
        finding("newpass", "PASS"),
      ]),
    );
    const fromScan = findScan(db, from.scanId);
    const toScan = findScan(db, to.scanId);
    if (!fromScan || !toScan) throw new Error("not stored");
    const diff = diffScans(fromScan, scanFindings(db, fromScan), toScan, scanFindings(db, toScan));
    const pairs = (list: typeof diff.new) => list.map((e) => [e.uid, e.fromStatus, e.toStatus]);
    expect(diff.summary).toEqual({
      new: 2,
      resolved: 2,
      stillFailing: 1,
      changedStatus: 3,
      unchanged: 1,
      outOfScope: 0,
    });
    expect(diff.outOfScope).toEqual([]);
    expect(pairs(diff.new)).toEqual([
      ["appeared", null, "FAIL"],
      ["regressed", "PASS", "FAIL"],
    ]);
    expect(pairs(diff.resolved)).toEqual([
      ["fixed", "FAIL", "PASS"],
      ["gone", "FAIL", null],
    ]);
    expect(diff.stillFailing.map((e) => [e.uid, e.firstSeen])).toEqual([["still", T[0]]]);
    expect(pairs(diff.changedStatus)).toEqual([
      ["broke", "PASS", "ERROR"],
      ["newpass", null, "PASS"],
      ["vanished", "MANUAL", null],
    ]);
    expect(diff.sameScope).toBe(true);
    expect(diff.warnings).toEqual([
      `Scan ${to.scanId} has ERROR findings for account ${ACCOUNT}: some findings it did not report may be unjudged rather than resolved.`,
    ]);
  });
});

describe("diffScans across scopes", () => {
  const OTHER = "210987654321";
  const ruled = (ruleId: string, uid: string, status: Status, accountId = ACCOUNT): Finding => ({
    ...finding(uid, status, accountId),
    ruleId,
  });
  const A = "iam_user_console_mfa_enabled";
  const B = "iam_root_no_access_key";

  function scans() {
    const db = openStateDatabase(":memory:");
    // Every rule, two accounts.
    const wide = record(
      db,
      result(
        T[0] as string,
        [
          ruled(A, "a-still", "FAIL"),
          ruled(A, "a-gone", "FAIL"),
          ruled(B, "b-fail", "FAIL"),
          ruled(B, "b-pass", "PASS"),
          ruled(A, "a-other-account", "FAIL", OTHER),
        ],
        [ACCOUNT, OTHER],
      ),
    );
    // Rule A only, one account.
    const narrow = record(
      db,
      result(T[1] as string, [ruled(A, "a-still", "FAIL"), ruled(A, "a-appeared", "FAIL")]),
      [A],
    );
    const wideScan = findScan(db, wide.scanId);
    const narrowScan = findScan(db, narrow.scanId);
    if (!wideScan || !narrowScan) throw new Error("not stored");
    return { db, wideScan, narrowScan };
  }
  const pairs = (list: readonly { uid: string; fromStatus: Status | null; toStatus: Status | null }[]) =>
    list.map((e) => [e.uid, e.fromStatus, e.toStatus]);

  it("never calls a finding of a rule or account the other scan did not cover resolved or new", () => {
    const { db, wideScan, narrowScan } = scans();
    const diff = diffScans(wideScan, scanFindings(db, wideScan), narrowScan, scanFindings(db, narrowScan));
    expect(diff.sameScope).toBe(false);
    expect(diff.summary).toEqual({
      new: 1,
      resolved: 1,
      stillFailing: 1,
      changedStatus: 0,
      unchanged: 0,
      outOfScope: 3,
    });
    expect(pairs(diff.new)).toEqual([["a-appeared", null, "FAIL"]]);
    expect(pairs(diff.resolved)).toEqual([["a-gone", "FAIL", null]]);
    expect(pairs(diff.outOfScope)).toEqual([
      ["b-fail", "FAIL", null],
      ["b-pass", "PASS", null],
      ["a-other-account", "FAIL", null],
    ]);
    expect(diff.warnings).toEqual([
      "The scans have different scopes: only findings of the rules and accounts both scans covered are compared; firstSeen counts scans of one scope only.",
      `3 findings of scan ${wideScan.scanId} not compared, outside the scope of scan ${narrowScan.scanId} (rules it did not run: ${B}; accounts it did not scan: ${OTHER}).`,
    ]);
    // firstSeen counts the scans of one scope: the narrow scan starts its own streaks, and says so.
    expect(diff.stillFailing.map((e) => [e.uid, e.firstSeen])).toEqual([["a-still", T[1]]]);
    const text = diffText(diff);
    expect(text.split("\n")[2]).toBe(
      "1 new, 1 resolved, 1 still failing, 0 changed status, 0 unchanged, 3 not compared (outside the other scan's scope)",
    );
    expect(text).toContain(
      `a-still access key 1  since ${T[1]} (0 seconds in this scope; also failing in scan ${wideScan.scanId})\n`,
    );

    // The other way round: what only the wider scan judged is not new either.
    const back = diffScans(narrowScan, scanFindings(db, narrowScan), wideScan, scanFindings(db, wideScan));
    expect(back.summary).toEqual({
      new: 1,
      resolved: 1,
      stillFailing: 1,
      changedStatus: 0,
      unchanged: 0,
      outOfScope: 3,
    });
    expect(pairs(back.new)).toEqual([["a-gone", null, "FAIL"]]);
    expect(pairs(back.resolved)).toEqual([["a-appeared", "FAIL", null]]);
    expect(pairs(back.outOfScope)).toEqual([
      ["b-fail", null, "FAIL"],
      ["b-pass", null, "PASS"],
      ["a-other-account", null, "FAIL"],
    ]);
    expect(back.warnings[1]).toBe(
      `3 findings of scan ${wideScan.scanId} not compared, outside the scope of scan ${narrowScan.scanId} (rules it did not run: ${B}; accounts it did not scan: ${OTHER}).`,
    );
    expect(diffText(back)).toContain(`a-still access key 1  since ${T[0]} (0 seconds)\n`);
  });

  it("takes the rules a framework scope ran from rulesOf", () => {
    const { db, wideScan, narrowScan } = scans();
    // As if the narrow scan's scope ran rules A and B (a framework deciding both): b-fail is resolved.
    const diff = diffScans(wideScan, scanFindings(db, wideScan), narrowScan, scanFindings(db, narrowScan), {
      rulesOf: (scope) => (scope.rules ? new Set([A, B]) : undefined),
    });
    expect(pairs(diff.resolved)).toEqual([
      ["b-fail", "FAIL", null],
      ["a-gone", "FAIL", null],
    ]);
    expect(pairs(diff.outOfScope)).toEqual([["a-other-account", "FAIL", null]]);
    expect(pairs(diff.changedStatus)).toEqual([["b-pass", "PASS", null]]);
  });

  it("rulesOfScope: the rules scan selects for a scope, undefined for ids this version does not know", () => {
    const all = rulesOfScope({ source: "aws", accounts: [ACCOUNT], framework: null, rules: null });
    expect(all?.size).toBe(76);
    const v150 = rulesOfScope({ source: "aws", accounts: [ACCOUNT], framework: "cis_v150", rules: null });
    expect([v150?.has(A), v150?.has("iam_user_unused_credentials_90_disabled")]).toEqual([true, false]);
    expect(rulesOfScope({ source: "aws", accounts: [ACCOUNT], framework: null, rules: [B, A] })).toEqual(
      new Set([B, A]),
    );
    expect(
      rulesOfScope({ source: "aws", accounts: [ACCOUNT], framework: "cis_v999", rules: null }),
    ).toBeUndefined();
    expect(
      rulesOfScope({ source: "aws", accounts: [ACCOUNT], framework: null, rules: ["nope"] }),
    ).toBeUndefined();
  });
});

describe("migration 2", () => {
  it("upgrades a version 1 database and keeps its journal", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-history-"));
    try {
      const path = join(dir, "state.db");
      const v1 = new Database(path);
      v1.exec((MIGRATIONS[0] as { sql: string }).sql);
      v1.pragma("user_version = 1");
      v1.prepare(
        "INSERT INTO remediation_runs (run_id, kind, account_id, started_at, tool_version) VALUES ('r1', 'deactivate', ?, ?, 't')",
      ).run(ACCOUNT, T[0]);
      v1.close();
      const db = openStateDatabase(path);
      expect(schemaVersion(db)).toBe(2);
      expect(db.prepare("SELECT run_id FROM remediation_runs").all()).toEqual([{ run_id: "r1" }]);
      expect(listScans(db)).toEqual([]);
      db.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
