/**
 * Snapshot files: what a live scan collected, saved and judged again offline with exactly the same
 * findings (issue 4 item 5), and bad files refused with a clear error.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan, scanAccount } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { InputError } from "../../src/model/errors.js";
import { DEFAULT_RULES } from "../../src/rules/index.js";
import { parseSnapshot, serializeSnapshot, writeSnapshotFile } from "../../src/snapshot/file.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
  fake.setRoot({ mfaActive: true });
  fake.addUser({
    userName: "alice",
    createDate: "2026-01-10T09:00:00Z",
    loginProfile: { createDate: "2026-01-10T09:00:01Z" },
    accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2026-01-10T09:00:01Z" }],
  });
  fake.addUser({
    userName: "bob",
    createDate: "2025-01-11T09:00:00Z",
    accessKeys: [
      {
        createDate: "2025-01-12T09:00:00Z",
        lastUsed: { date: "2026-11-01T00:00:00Z", serviceName: "s3", region: "us-east-1" },
      },
    ],
  });
});
afterEach(async () => {
  await fake.close();
});

const connection = () => ({
  endpointUrl: fake.endpoint,
  credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
  region: "us-east-1",
  retryBaseMs: 1,
});

describe("snapshot files", () => {
  it("a collected snapshot, saved and loaded, gives exactly the live findings", async () => {
    const clients = createClients(connection());
    const live = await scanAccount(clients, { reportPollBaseMs: 1 });
    clients.destroy();
    expect(live.findings.length).toBeGreaterThan(10);
    expect(live.snapshot.userCredentials?.get("alice")?.accessKeys[0]?.accessKeyId).toBe(
      "AKIAALICE00000000001",
    );

    const text = serializeSnapshot(live.snapshot);
    const loaded = parseSnapshot(text, "s.json");
    expect(loaded).toEqual(live.snapshot);
    expect(evaluate(loaded, DEFAULT_RULES)).toEqual(evaluate(live.snapshot, DEFAULT_RULES));

    const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-snapshot-"));
    try {
      const path = join(dir, "snapshot.json");
      await writeSnapshotFile(path, live.snapshot);
      const offline = await scan({ snapshotPath: path });
      expect(offline.findings).toEqual(live.findings);
      expect(offline.scan.source).toBe("aws");
      expect(offline.scan.accounts).toEqual([{ accountId: "111122223333", partition: "aws" }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a user name, ARN or last-used service beyond IAM's limits, naming the field path", async () => {
    const clients = createClients(connection());
    const live = await scanAccount(clients, { reportPollBaseMs: 1 });
    clients.destroy();
    const saved = () => JSON.parse(serializeSnapshot(live.snapshot));
    const message = (file: unknown) => {
      try {
        parseSnapshot(JSON.stringify(file), "s.json");
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error("expected an InputError");
    };
    const longName = saved();
    longName.snapshot.iamUsers[1].userName = "b".repeat(65);
    expect(message(longName)).toBe(
      "s.json: not a cloudpatrol snapshot (version 2): snapshot.iamUsers.1.userName: Too big: expected string to have <=64 characters",
    );
    const longArn = saved();
    longArn.snapshot.credentialReport.rows[1].arn = `arn:aws:iam::111122223333:user/${"p/".repeat(1100)}alice`;
    expect(message(longArn)).toBe(
      "s.json: not a cloudpatrol snapshot (version 2): snapshot.credentialReport.rows.1.arn: Too big: expected string to have <=2048 characters",
    );
    const longService = saved();
    longService.snapshot.credentialReport.rows[2].accessKeys[0].lastUsedService = "s".repeat(129);
    expect(message(longService)).toBe(
      "s.json: not a cloudpatrol snapshot (version 2): snapshot.credentialReport.rows.2.accessKeys.0.lastUsedService: Too big: expected string to have <=128 characters",
    );
    // At the limits: read.
    const atLimit = saved();
    atLimit.snapshot.credentialReport.rows[2].accessKeys[0].lastUsedService = "s".repeat(128);
    expect(
      parseSnapshot(JSON.stringify(atLimit), "s.json").credentialReport?.rows[2]?.accessKeys[0],
    ).toMatchObject({ lastUsedService: "s".repeat(128) });
  });

  it("merges credential report rows repeated for one ARN as a CSV report's, warning with the field paths", async () => {
    const clients = createClients(connection());
    const live = await scanAccount(clients, { reportPollBaseMs: 1 });
    clients.destroy();
    const saved = JSON.parse(serializeSnapshot(live.snapshot));
    const rows = saved.snapshot.credentialReport.rows;
    expect(rows.map((row: { user: string }) => row.user)).toEqual(["<root_account>", "alice", "bob"]);
    const tripled = structuredClone(saved);
    tripled.snapshot.credentialReport.rows = [...rows, ...rows, ...rows];
    const loaded = parseSnapshot(JSON.stringify(tripled), "t.json");
    expect(loaded.credentialReport?.rows).toEqual(live.snapshot.credentialReport?.rows);
    const arn = (user: string) => `arn:aws:iam::111122223333:${user === "root" ? "root" : `user/${user}`}`;
    const merged = (user: string, earlier: number, later: number) =>
      `t.json: duplicate rows for ${arn(user)} at credentialReport.rows.${earlier} and credentialReport.rows.${later}: using credentialReport.rows.${later}, the one with the most recent activity`;
    expect(loaded.credentialReport?.warnings).toEqual([
      ...(live.snapshot.credentialReport?.warnings ?? []),
      merged("root", 0, 3),
      merged("alice", 1, 4),
      merged("bob", 2, 5),
      merged("root", 3, 6),
      merged("alice", 4, 7),
      merged("bob", 5, 8),
    ]);

    // The same rule as a CSV report: the row with the most recent activity wins, wherever it stands.
    const newer = structuredClone(saved);
    const active = { ...rows[1], passwordLastUsed: { $date: "2026-11-30T00:00:00.000Z" } };
    newer.snapshot.credentialReport.rows = [rows[0], active, rows[2], rows[1]];
    const kept = parseSnapshot(JSON.stringify(newer), "n.json").credentialReport;
    expect(kept?.rows.map((row) => [row.user, row.passwordLastUsed])).toEqual([
      ["<root_account>", live.snapshot.credentialReport?.rows[0]?.passwordLastUsed],
      ["alice", new Date("2026-11-30T00:00:00.000Z")],
      ["bob", live.snapshot.credentialReport?.rows[2]?.passwordLastUsed],
    ]);
    expect(kept?.warnings.at(-1)).toBe(
      `n.json: duplicate rows for ${arn("alice")} at credentialReport.rows.1 and credentialReport.rows.3: using credentialReport.rows.1, the one with the most recent activity`,
    );

    // A scan of the file: each finding once, as from the file without the copies, and the warnings shown.
    const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-snapshot-"));
    try {
      const once = join(dir, "once.json");
      const thrice = join(dir, "thrice.json");
      await writeFile(once, JSON.stringify(saved));
      await writeFile(thrice, JSON.stringify(tripled));
      const single = await scan({ snapshotPath: once });
      const repeated = await scan({ snapshotPath: thrice });
      expect(repeated.findings).toEqual(single.findings);
      // Each user's findings once (ERROR findings of one rule for several unreadable datasets share a uid).
      const judged = repeated.findings.filter((finding) => finding.status !== "ERROR");
      expect(judged.filter((finding) => finding.resourceName === "alice").length).toBeGreaterThan(0);
      expect(new Set(judged.map((finding) => finding.uid)).size).toBe(judged.length);
      expect(repeated.warnings.filter((warning) => warning.includes("duplicate rows"))).toHaveLength(6);
      expect(repeated.warnings.filter((warning) => !warning.includes("duplicate rows"))).toEqual(
        single.warnings,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a file that is not a snapshot, naming the first invalid field", async () => {
    const check = (text: string) => {
      try {
        parseSnapshot(text, "x.json");
      } catch (error) {
        expect(error).toBeInstanceOf(InputError);
        return (error as Error).message;
      }
      throw new Error("expected an InputError");
    };
    expect(check("{nope")).toBe("x.json, line 1, column 2: not valid JSON: Expected property name or '}'");
    // A byte order mark is skipped, and positions count from after it.
    expect(check('\uFEFF{"cloudpatrolSnapshot": 3, "snapshot": {}}')).toBe(
      "x.json: snapshot file version 3, but this cloudpatrol reads versions 1 to 2 only (the file was written by a newer cloudpatrol)",
    );
    expect(check("\uFEFF{nope")).toBe(
      "x.json, line 1, column 2: not valid JSON: Expected property name or '}'",
    );
    // A CSV credential report given as a snapshot: V8 names no offset; the first refused character is found.
    expect(check("user,arn,user_creation_time\nroot,arn:aws:iam::1:root,N/A\n")).toBe(
      "x.json, line 1, column 1: not valid JSON: Unexpected token 'u'",
    );
    // A literal cut short before a newline: placed at the literal, the newline never in the message.
    expect(check('{"cloudpatrolSnapshot": 2, "c": tru\n}')).toBe(
      "x.json, line 1, column 33: not valid JSON: Incomplete literal 'tru' (expected true)",
    );
    // A truncated file: where the text ends.
    expect(check('{\n  "cloudpatrolSnapshot": 1,\n  "snapshot": {')).toBe(
      "x.json, line 3, column 16: not valid JSON: Expected property name or '}'",
    );
    expect(check('{"cloudpatrolSnapshot": 3, "snapshot": {}}')).toBe(
      "x.json: snapshot file version 3, but this cloudpatrol reads versions 1 to 2 only (the file was written by a newer cloudpatrol)",
    );
    const valid = JSON.parse(
      serializeSnapshot({
        accountId: "111122223333",
        partition: "aws",
        collectedAt: new Date(0),
        source: "aws",
        errors: [],
      }),
    );
    valid.snapshot.collectedAt = "yesterday";
    expect(check(JSON.stringify(valid))).toMatch(
      /^x\.json: not a cloudpatrol snapshot \(version 2\): snapshot\.collectedAt: /,
    );
    const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-snapshot-"));
    try {
      await writeFile(join(dir, "bad.json"), "[]");
      await expect(scan({ snapshotPath: join(dir, "bad.json") })).rejects.toThrow(InputError);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
