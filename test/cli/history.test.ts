/**
 * Scan history through the built bin: two live scans against the local endpoint with a key deactivated
 * between them, `history` and `diff` (text and JSON), concurrent writers, a newer-schema or damaged
 * database (exit 1, file untouched), `--no-history`, and XDG_STATE_HOME. Every run has its own HOME
 * and state directory.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { APPLICATION_ID } from "../../src/store/database.js";
import { MIGRATIONS } from "../../src/store/migrations.js";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

const EXAMPLE = join(ROOT, "examples/credential-report.csv");
/** One rule, so that the counts do not move when rules are added. */
const RULE = ["--rule", "iam_user_no_access_key_at_setup"];
const SCOPE = "account 123456789012, rules iam_user_no_access_key_at_setup";

beforeAll(ensureBuilt, 120_000);

interface JsonFinding {
  uid: string;
  status: string;
  resourceName: string;
  firstSeen?: string;
}
interface ScanJson {
  scan: { startedAt: string };
  findings: JsonFinding[];
}

/** alice, dave, erin: console users with a never-used key made at setup (3 FAIL); bob: key used (PASS). */
function seed(fake: FakeAws): string {
  const consoleUser = (userName: string, keyId: string) =>
    fake.addUser({
      userName,
      createDate: "2024-01-02T03:04:05Z",
      loginProfile: { createDate: "2024-01-02T03:04:05Z" },
      accessKeys: [{ accessKeyId: keyId, createDate: "2024-01-02T03:04:06Z" }],
    });
  consoleUser("alice", "AKIAALICE00000000001");
  consoleUser("dave", "AKIADAVE000000000001");
  consoleUser("erin", "AKIAERIN000000000001");
  fake.addUser({
    userName: "bob",
    createDate: "2023-05-06T07:08:09Z",
    loginProfile: { createDate: "2023-05-06T07:08:09Z", passwordLastUsed: "2024-03-01T12:00:00Z" },
    accessKeys: [
      {
        createDate: "2023-05-06T07:08:10Z",
        lastUsed: { date: "2024-03-02T10:00:00Z", serviceName: "s3", region: "eu-west-1" },
      },
    ],
  });
  fake.report.preset({ generatedAt: new Date() });
  return "AKIAALICE00000000001";
}

describe("history and diff of live scans", () => {
  it("a key deactivated between two scans is resolved; the rest still fail since the first scan", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const fake = await startFakeAws();
    onTestFinished(() => fake.close());
    const aliceKey = seed(fake);
    const state = join(dir, "state");
    const env = { AWS_ENDPOINT_URL: fake.endpoint, CLOUDPATROL_REPORT_POLL_MS: "5" };
    const scan = () => cli(dir, ["scan", ...RULE, "--state-dir", state, "-o", "json"], env);

    const first = await scan();
    expect(first.stderr).toBe("");
    expect(first.code).toBe(3);
    const one = JSON.parse(first.stdout) as ScanJson;
    const failing = one.findings.filter((f) => f.status === "FAIL");
    expect(failing.map((f) => f.resourceName).sort()).toEqual([
      "AKIAALICE00000000001",
      "AKIADAVE000000000001",
      "AKIAERIN000000000001",
    ]);
    // First scan: every finding is first seen now.
    expect(new Set(one.findings.map((f) => f.firstSeen))).toEqual(new Set([one.scan.startedAt]));
    const aliceFail = failing.find((f) => f.resourceName === "AKIAALICE00000000001") as JsonFinding;

    fake.setAccessKeyStatus(aliceKey, "Inactive");
    fake.report.preset({ generatedAt: new Date() });
    const second = await scan();
    expect(second.code).toBe(3);
    const two = JSON.parse(second.stdout) as ScanJson;
    expect(two.findings.filter((f) => f.status === "FAIL").map((f) => [f.resourceName, f.firstSeen])).toEqual(
      [
        ["AKIADAVE000000000001", one.scan.startedAt],
        ["AKIAERIN000000000001", one.scan.startedAt],
      ],
    );
    const alicePass = two.findings.find((f) => f.resourceName === "alice") as JsonFinding;
    expect([alicePass.status, alicePass.firstSeen]).toEqual(["PASS", two.scan.startedAt]);

    const history = await cli(dir, ["history", "--state-dir", state, "-o", "json"]);
    expect(history.code).toBe(0);
    const scans = (
      JSON.parse(history.stdout) as {
        scans: { scanId: string; startedAt: string; summary: object; scope: object; source: string }[];
      }
    ).scans;
    expect(scans.map((s) => [s.startedAt, s.source, s.summary])).toEqual([
      [two.scan.startedAt, "aws", { PASS: 2, FAIL: 2, MANUAL: 0, ERROR: 0, muted: 0, total: 4 }],
      [one.scan.startedAt, "aws", { PASS: 1, FAIL: 3, MANUAL: 0, ERROR: 0, muted: 0, total: 4 }],
    ]);
    expect(scans[0]?.scope).toEqual({
      source: "aws",
      accounts: [fake.accountId],
      framework: null,
      rules: ["iam_user_no_access_key_at_setup"],
    });
    const [newest, oldest] = scans.map((s) => s.scanId);

    const historyText = await cli(dir, ["history", "--state-dir", state]);
    expect(historyText.stdout.split("\n")).toEqual([
      "SCAN ID                   STARTED                   FAIL  PASS  MANUAL  ERROR  MUTED  TOTAL  SCOPE",
      `${newest}  ${two.scan.startedAt.padEnd(24)}  2     2     0       0      0      4      live, ${SCOPE}`,
      `${oldest}  ${one.scan.startedAt.padEnd(24)}  3     1     0       0      0      4      live, ${SCOPE}`,
      "",
      `2 scans in ${join(state, "cloudpatrol.db")}`,
      "",
    ]);

    const diff = await cli(dir, ["diff", "--state-dir", state]);
    expect(diff.stderr).toBe("");
    expect(diff.code).toBe(0);
    const lines = diff.stdout.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      `Changes from scan ${oldest} (started ${one.scan.startedAt}) to scan ${newest} (started ${two.scan.startedAt})`,
      `Scope: live, ${SCOPE}`,
      "0 new, 1 resolved, 2 still failing, 1 changed status, 1 unchanged",
    ]);
    expect(diff.stdout).toContain(
      `\nResolved (1):\n  medium  iam_user_no_access_key_at_setup  ${fake.accountId}  AKIAALICE00000000001  now not reported\n`.replace(
        "now not reported",
        "no longer reported",
      ),
    );
    expect(diff.stdout).toMatch(
      new RegExp(
        `\\nStill failing \\(2\\):\\n  medium  iam_user_no_access_key_at_setup  ${fake.accountId}  AKIADAVE000000000001  since ${one.scan.startedAt.replace(/\./g, "\\.")} \\(\\d+ seconds?\\)\\n  medium  iam_user_no_access_key_at_setup  ${fake.accountId}  AKIAERIN000000000001  since ${one.scan.startedAt.replace(/\./g, "\\.")} \\(\\d+ seconds?\\)\\n`,
      ),
    );
    expect(diff.stdout).toContain(
      `\nChanged status (1):\n  medium  iam_user_no_access_key_at_setup  ${fake.accountId}  alice  not reported → PASS\n`,
    );

    const json = await cli(dir, ["diff", "--state-dir", state, "--from", oldest as string, "-o", "json"]);
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout) as {
      schemaVersion: number;
      from: { scanId: string };
      to: { scanId: string };
      sameScope: boolean;
      summary: object;
      new: unknown[];
      resolved: { uid: string; fromStatus: string; toStatus: string | null; firstSeen: string | null }[];
      stillFailing: { uid: string; resourceName: string; firstSeen: string }[];
      changedStatus: { resourceName: string; fromStatus: string | null; toStatus: string }[];
      warnings: string[];
    };
    expect(document.schemaVersion).toBe(1);
    expect([document.from.scanId, document.to.scanId, document.sameScope]).toEqual([oldest, newest, true]);
    expect(document.summary).toEqual({
      new: 0,
      resolved: 1,
      stillFailing: 2,
      changedStatus: 1,
      unchanged: 1,
      outOfScope: 0,
    });
    expect(document.new).toEqual([]);
    expect(document.resolved.map((e) => [e.uid, e.fromStatus, e.toStatus, e.firstSeen])).toEqual([
      [aliceFail.uid, "FAIL", null, null],
    ]);
    expect(document.stillFailing.map((e) => [e.uid, e.resourceName, e.firstSeen])).toEqual(
      two.findings.filter((f) => f.status === "FAIL").map((f) => [f.uid, f.resourceName, one.scan.startedAt]),
    );
    expect(document.changedStatus.map((e) => [e.resourceName, e.fromStatus, e.toStatus])).toEqual([
      ["alice", null, "PASS"],
    ]);
    expect(document.warnings).toEqual([]);

    // Reverse time order (--from the newer scan): compared as asked, one warning line on stderr, exit 0.
    const reversed = await cli(dir, [
      "diff",
      "--state-dir",
      state,
      "--from",
      newest as string,
      "--to",
      oldest as string,
    ]);
    expect([reversed.code, reversed.stderr]).toEqual([
      0,
      `warning: the scans are compared in reverse time order: --from scan ${newest} (started ${two.scan.startedAt}) started after --to scan ${oldest} (started ${one.scan.startedAt}), so "new" lists what the later scan no longer fails and "resolved" what it newly fails; swap --from and --to to read forwards\n`,
    ]);
    expect(reversed.stdout.split("\n").slice(0, 3)).toEqual([
      `Changes from scan ${newest} (started ${two.scan.startedAt}) to scan ${oldest} (started ${one.scan.startedAt})`,
      `Scope: live, ${SCOPE}`,
      "1 new, 0 resolved, 2 still failing, 1 changed status, 1 unchanged",
    ]);
  });
});

describe("the history database", () => {
  it("two processes writing history at once both succeed (fresh state directory)", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const state = join(dir, "state");
    const args = ["scan", ...RULE, "--credential-report", EXAMPLE, "--state-dir", state];
    const runs = await Promise.all([cli(dir, args), cli(dir, args)]);
    expect(runs.map((run) => [run.code, run.stderr])).toEqual([
      [3, ""],
      [3, ""],
    ]);
    const history = JSON.parse((await cli(dir, ["history", "--state-dir", state, "-o", "json"])).stdout) as {
      scans: { summary: { total: number }; source: string }[];
    };
    expect(history.scans.map((s) => [s.source, s.summary.total])).toEqual([
      ["credential-report-file", 9],
      ["credential-report-file", 9],
    ]);
    const diff = await cli(dir, ["diff", "--state-dir", state]);
    expect(diff.stdout.split("\n").slice(1, 3)).toEqual([
      "Scope: offline, account 210987654321, rules iam_user_no_access_key_at_setup",
      "0 new, 0 resolved, 5 still failing, 0 changed status, 4 unchanged",
    ]);
  });

  it("a database from a newer schema version: clear error, exit 1, nothing scanned, file bytes untouched", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const state = join(dir, "state");
    await mkdir(state);
    const path = join(state, "cloudpatrol.db");
    const future = new Database(path);
    future.exec("CREATE TABLE from_the_future (x); INSERT INTO from_the_future VALUES (1);");
    future.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    future.pragma(`application_id = ${APPLICATION_ID}`); // a newer cloudpatrol's
    future.close();
    const before = await readFile(path);
    const files = await readdir(state);
    const message = `cloudpatrol: state database ${path}: schema version ${MIGRATIONS.length + 1} is newer than this cloudpatrol supports (${MIGRATIONS.length}); upgrade cloudpatrol or use another --state-dir. The file was not changed.`;
    for (const [args, hint] of [
      [["scan", "--credential-report", EXAMPLE, "--state-dir", state], " (or scan with --no-history)"],
      [["history", "--state-dir", state], ""],
      [["diff", "--state-dir", state], ""],
    ] as const) {
      const run = await cli(dir, args);
      expect([run.code, run.stdout, run.stderr]).toEqual([1, "", `${message}${hint}\n`]);
    }
    expect(await readFile(path)).toEqual(before);
    expect(await readdir(state)).toEqual(files);
  });

  it("a damaged file: clear error, exit 1, untouched", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const state = join(dir, "state");
    await mkdir(state);
    const path = join(state, "cloudpatrol.db");
    const garbage = "not a database\n".repeat(500);
    await writeFile(path, garbage);
    const run = await cli(dir, ["scan", "--credential-report", EXAMPLE, "--state-dir", state]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^cloudpatrol: state database .+: not a valid SQLite database \(SQLITE_NOTADB\)/,
    );
    expect(await readFile(path, "utf8")).toBe(garbage);
  });

  it("a relative XDG_STATE_HOME is ignored as the XDG spec asks, with one warning naming where the state goes", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["history"], { XDG_STATE_HOME: "relative/state" });
    const database = join(dir, ".local", "state", "cloudpatrol", "cloudpatrol.db");
    expect([run.code, run.stdout, run.stderr]).toEqual([
      0,
      `No scans recorded yet in ${database}.\n`,
      `warning: XDG_STATE_HOME is not an absolute path ("relative/state"): ignored, as the XDG Base Directory specification asks; the state is in ${join(dir, ".local", "state", "cloudpatrol")}.\n`,
    ]);
    // --state-dir given: XDG_STATE_HOME is not read, so nothing to say.
    const given = await cli(dir, ["history", "--state-dir", "s"], { XDG_STATE_HOME: "relative/state" });
    expect(given.stderr).toBe("");
  });

  it("--no-history stores nothing and adds no firstSeen; by default XDG_STATE_HOME holds the history", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const xdg = join(dir, "xdg");
    const env = { XDG_STATE_HOME: xdg };
    const off = await cli(dir, ["scan", "--credential-report", EXAMPLE, "--no-history", "-o", "json"], env);
    expect(off.code).toBe(3);
    expect((JSON.parse(off.stdout) as ScanJson).findings.some((f) => "firstSeen" in f)).toBe(false);
    expect(existsSync(xdg)).toBe(false);
    expect(existsSync(join(dir, ".local"))).toBe(false);
    const none = await cli(dir, ["history"], env);
    expect(none.stdout).toBe(`No scans recorded yet in ${join(xdg, "cloudpatrol", "cloudpatrol.db")}.\n`);
    const noXdg = await cli(dir, ["history"], { XDG_STATE_HOME: "" });
    expect(noXdg.stdout).toBe(
      `No scans recorded yet in ${join(dir, ".local", "state", "cloudpatrol", "cloudpatrol.db")}.\n`,
    );
    expect(existsSync(xdg)).toBe(false);

    const on = await cli(dir, ["scan", "--credential-report", EXAMPLE, "-o", "json"], env);
    expect(on.code).toBe(3);
    expect((JSON.parse(on.stdout) as ScanJson).findings.every((f) => typeof f.firstSeen === "string")).toBe(
      true,
    );
    expect(existsSync(join(xdg, "cloudpatrol", "cloudpatrol.db"))).toBe(true);
    const lonely = await cli(dir, ["diff"], env);
    expect(lonely.code).toBe(2);
    expect(lonely.stderr).toMatch(/is the first of its scope \(offline, account 210987654321, all rules\)/);
  });
});

describe("a state database another process is writing", () => {
  it("a scan while another connection holds the write lock: reports written, exit code unchanged, one warning", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const state = join(dir, "state");
    const path = join(state, "cloudpatrol.db");
    const args = ["scan", ...RULE, "--credential-report", EXAMPLE, "--state-dir", state, "-o", "json"];
    const first = await cli(dir, args);
    expect([first.code, first.stderr]).toEqual([3, ""]);

    const holder = new Database(path);
    onTestFinished(() => {
      if (holder.open) holder.close();
    });
    holder.prepare("BEGIN IMMEDIATE").run();
    const locked = await cli(dir, args);
    holder.prepare("ROLLBACK").run();
    holder.close();

    expect([locked.code, locked.stderr]).toEqual([
      3,
      `warning: the scan was not recorded in the history: state database ${path}: database is locked (another process held it for more than 5 s)\n`,
    ]);
    const report = JSON.parse(locked.stdout) as ScanJson;
    expect([report.findings.length, report.findings.filter((f) => f.status === "FAIL").length]).toEqual([
      9, 5,
    ]);
    // Not recorded, so no firstSeen.
    expect(report.findings.some((f) => "firstSeen" in f)).toBe(false);

    const history = JSON.parse((await cli(dir, ["history", "--state-dir", state, "-o", "json"])).stdout) as {
      scans: unknown[];
    };
    expect(history.scans.length).toBe(1);
  }, 30_000);

  it("history and diff read while another connection holds the write lock", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const state = join(dir, "state");
    const args = ["scan", ...RULE, "--credential-report", EXAMPLE, "--state-dir", state];
    expect((await cli(dir, args)).code).toBe(3);
    expect((await cli(dir, args)).code).toBe(3);
    const holder = new Database(join(state, "cloudpatrol.db"));
    onTestFinished(() => {
      if (holder.open) holder.close();
    });
    holder.prepare("BEGIN IMMEDIATE").run();
    const started = Date.now();
    const history = await cli(dir, ["history", "--state-dir", state, "--limit", "1"]);
    const diff = await cli(dir, ["diff", "--state-dir", state]);
    holder.close();
    expect([history.code, history.stderr, history.stdout.split("\n").at(-2)]).toEqual([
      0,
      "",
      `1 scan in ${join(state, "cloudpatrol.db")}`,
    ]);
    expect([diff.code, diff.stderr]).toEqual([0, ""]);
    expect(Date.now() - started).toBeLessThan(4_000);
  }, 30_000);
});

describe("history --limit", () => {
  it("--limit 0 is refused (exit 2); it is not 'No scans recorded yet'", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const state = join(dir, "state");
    expect(
      (await cli(dir, ["scan", ...RULE, "--credential-report", EXAMPLE, "--state-dir", state])).code,
    ).toBe(3);
    for (const value of ["0", "-1", "1.5", "x"]) {
      const run = await cli(dir, ["history", "--state-dir", state, "--limit", value]);
      expect([run.code, run.stdout, run.stderr]).toEqual([
        2,
        "",
        `cloudpatrol: option '--limit <n>' argument '${value}' is invalid. --limit takes a whole number, 1 or more.\n`,
      ]);
    }
    const one = await cli(dir, ["history", "--state-dir", state, "--limit", "1"]);
    expect([one.code, one.stdout.split("\n").at(-2)]).toEqual([
      0,
      `1 scan in ${join(state, "cloudpatrol.db")}`,
    ]);
  }, 30_000);
});

describe("a foreign SQLite file where the state database should be (issue 16 item 11)", () => {
  it("history exits 2 naming it, and leaves it unchanged", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const stateDir = join(dir, "state");
    await mkdir(stateDir);
    const path = join(stateDir, "cloudpatrol.db");
    const foreign = new Database(path);
    foreign.exec("CREATE TABLE notes (body TEXT)");
    foreign.close();
    const run = await cli(dir, ["history", "--state-dir", stateDir]);
    expect([run.code, run.stderr]).toEqual([
      2,
      `cloudpatrol: state database ${path}: a SQLite database of another program (application_id 0, tables notes), not cloudpatrol's: it was not changed; use another --state-dir.\n`,
    ]);
  });
});

describe("diff across scopes (trial s5 item 2)", () => {
  it("findings of rules the later scan did not run are not compared, never resolved", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const state = join(dir, "state");
    const offline = (extra: string[]) =>
      cli(dir, ["scan", "--credential-report", EXAMPLE, "--state-dir", state, "-o", "json", ...extra]);
    const all = await offline([]);
    expect(all.code).toBe(3);
    const one = await offline(["--rule", "iam_user_console_mfa_enabled"]);
    expect(one.code).toBe(3);
    const wide = JSON.parse(all.stdout) as ScanJson;
    const narrow = JSON.parse(one.stdout) as ScanJson;
    expect(narrow.findings.map((f) => f.status).sort()).toEqual([
      "FAIL",
      "FAIL",
      "PASS",
      "PASS",
      "PASS",
      "PASS",
      "PASS",
      "PASS",
    ]);
    const listed = await cli(dir, ["history", "--state-dir", state, "-o", "json"]);
    const [to, from] = (JSON.parse(listed.stdout) as { scans: { scanId: string }[] }).scans.map(
      (scan) => scan.scanId,
    );
    const diff = await cli(dir, [
      "diff",
      "--state-dir",
      state,
      "--from",
      `${from}`,
      "--to",
      `${to}`,
      "-o",
      "json",
    ]);
    expect(diff.code).toBe(0);
    const document = JSON.parse(diff.stdout) as {
      summary: Record<string, number>;
      outOfScope: { ruleId: string; fromStatus: string | null; toStatus: string | null }[];
      warnings: string[];
    };
    const notCompared = wide.findings.length - narrow.findings.length;
    expect(document.summary).toEqual({
      new: 0,
      resolved: 0,
      stillFailing: 2,
      changedStatus: 0,
      unchanged: 6,
      outOfScope: notCompared,
    });
    expect(document.outOfScope.filter((e) => e.ruleId === "iam_user_console_mfa_enabled")).toEqual([]);
    expect(document.outOfScope.every((e) => e.fromStatus !== null && e.toStatus === null)).toBe(true);
    expect(document.warnings[1]).toMatch(
      new RegExp(
        `^${notCompared} findings of scan ${from} not compared, outside the scope of scan ${to} \\(rules it did not run: `,
      ),
    );
    const text = await cli(dir, ["diff", "--state-dir", state, "--from", `${from}`, "--to", `${to}`]);
    expect(text.stdout.split("\n")[2]).toBe(
      `0 new, 0 resolved, 2 still failing, 0 changed status, 6 unchanged, ${notCompared} not compared (outside the other scan's scope)`,
    );
    expect(text.stdout).toContain(`(0 seconds in this scope; also failing in scan ${from})\n`);
  });
});
