import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { APPLICATION_ID, openStateDatabase, schemaVersion } from "../../src/store/database.js";
import { StateStoreError } from "../../src/store/errors.js";
import { MIGRATIONS } from "../../src/store/migrations.js";
import { DATABASE_FILE, resolveStateDir } from "../../src/store/state-dir.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cloudpatrol-store-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("resolveStateDir", () => {
  it("prefers --state-dir, then an absolute XDG_STATE_HOME, then ~/.local/state", () => {
    expect(resolveStateDir("/x/y", { XDG_STATE_HOME: "/xdg" }, "/home/u")).toBe("/x/y");
    expect(resolveStateDir(undefined, { XDG_STATE_HOME: "/xdg" }, "/home/u")).toBe("/xdg/cloudpatrol");
    expect(resolveStateDir(undefined, { XDG_STATE_HOME: "relative" }, "/home/u")).toBe(
      "/home/u/.local/state/cloudpatrol",
    );
    expect(resolveStateDir(undefined, {}, "/home/u")).toBe("/home/u/.local/state/cloudpatrol");
  });
});

describe("openStateDatabase", () => {
  it("creates the directory and the schema, in WAL mode with a busy timeout; reopening keeps the data", () => {
    const path = join(dir, "nested", DATABASE_FILE);
    const db = openStateDatabase(path);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("busy_timeout", { simple: true })).toBe(5000);
    db.prepare(
      "INSERT INTO remediation_runs (run_id, kind, account_id, started_at, tool_version) VALUES ('r1', 'deactivate', '123456789012', '2024-01-01T00:00:00.000Z', 't')",
    ).run();
    db.close();
    const again = openStateDatabase(path);
    expect(again.prepare("SELECT run_id FROM remediation_runs").all()).toEqual([{ run_id: "r1" }]);
    again.close();
  });

  it("refuses a file that is not SQLite, and leaves it untouched", async () => {
    const path = join(dir, DATABASE_FILE);
    const garbage = "this is not a database, it is a text file that happens to be here\n".repeat(100);
    await writeFile(path, garbage);
    expect(() => openStateDatabase(path)).toThrow(StateStoreError);
    expect(() => openStateDatabase(path)).toThrow(/not a valid SQLite database/);
    expect(await readFile(path, "utf8")).toBe(garbage);
  });

  it("refuses a database with a newer schema version, and leaves it untouched", async () => {
    const path = join(dir, DATABASE_FILE);
    const future = new Database(path);
    future.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    future.pragma(`application_id = ${APPLICATION_ID}`); // a newer cloudpatrol's
    future.exec("CREATE TABLE from_the_future (x)");
    future.close();
    const before = await readFile(path);
    expect(() => openStateDatabase(path)).toThrow(
      `schema version ${MIGRATIONS.length + 1} is newer than this cloudpatrol supports (${MIGRATIONS.length})`,
    );
    expect(await readFile(path)).toEqual(before);
  });

  it("migrates an empty existing database from version 0", () => {
    const path = join(dir, DATABASE_FILE);
    new Database(path).close();
    const db = openStateDatabase(path);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  });
});

describe("openStateDatabase while another connection holds the write lock", () => {
  it("opens a current database at once, without waiting for the lock, and can read it", () => {
    const path = join(dir, DATABASE_FILE);
    openStateDatabase(path).close();
    const holder = new Database(path);
    try {
      holder.prepare("BEGIN IMMEDIATE").run();
      const started = Date.now();
      const db = openStateDatabase(path);
      try {
        expect(Date.now() - started).toBeLessThan(1_000);
        expect(schemaVersion(db)).toBe(MIGRATIONS.length);
        expect(db.prepare("SELECT count(*) AS n FROM scans").get()).toEqual({ n: 0 });
      } finally {
        db.close();
      }
    } finally {
      holder.close();
    }
  });

  it("a database that needs a migration waits for the lock, then fails as 'busy' (not as damage)", () => {
    const path = join(dir, DATABASE_FILE);
    const old = new Database(path);
    old.pragma("journal_mode = WAL");
    old.exec(MIGRATIONS[0]?.sql ?? "");
    old.pragma("user_version = 1");
    old.close();
    const holder = new Database(path);
    try {
      holder.prepare("BEGIN IMMEDIATE").run();
      let error: unknown;
      try {
        openStateDatabase(path).close();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(StateStoreError);
      expect([(error as StateStoreError).kind, (error as Error).message]).toEqual([
        "busy",
        `state database ${path}: database is locked (another process held it for more than 5 s)`,
      ]);
    } finally {
      holder.close();
    }
    // Once the lock is gone, the migration runs.
    const db = openStateDatabase(path);
    expect(schemaVersion(db)).toBe(MIGRATIONS.length);
    db.close();
  }, 20_000);

  it("classifies damage and a newer schema as such", async () => {
    const path = join(dir, DATABASE_FILE);
    await writeFile(path, "not a database\n".repeat(500));
    expect(() => openStateDatabase(path)).toThrow(expect.objectContaining({ kind: "damaged" }));
    await rm(path);
    const future = new Database(path);
    future.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    future.close();
    expect(() => openStateDatabase(path)).toThrow(expect.objectContaining({ kind: "newer" }));
  });
});

describe("our database is marked (issue 16 item 11)", () => {
  const pragmas = (path: string) => {
    const db = new Database(path, { readonly: true });
    try {
      return {
        applicationId: db.pragma("application_id", { simple: true }),
        userVersion: db.pragma("user_version", { simple: true }),
        tables: (
          db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as {
            name: string;
          }[]
        ).map((row) => row.name),
      };
    } finally {
      db.close();
    }
  };

  it("a new database carries PRAGMA application_id 0x436c5054 ('ClPT')", () => {
    const path = join(dir, DATABASE_FILE);
    openStateDatabase(path).close();
    expect(pragmas(path).applicationId).toBe(0x436c5054);
  });

  it("a foreign SQLite file named cloudpatrol.db is refused (kind foreign) and left exactly as it was", async () => {
    const path = join(dir, DATABASE_FILE);
    const foreign = new Database(path);
    foreign.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('mine')");
    foreign.close();
    const before = await readFile(path);
    let error: unknown;
    try {
      openStateDatabase(path);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StateStoreError);
    expect([(error as StateStoreError).kind, (error as Error).message]).toEqual([
      "foreign",
      `state database ${path}: a SQLite database of another program (application_id 0, tables notes), not cloudpatrol's: it was not changed; use another --state-dir.`,
    ]);
    expect((await readFile(path)).equals(before)).toBe(true);
    expect(pragmas(path)).toEqual({ applicationId: 0, userVersion: 0, tables: ["notes"] });
  });

  it("a database of another application id is refused whatever its tables", () => {
    const path = join(dir, DATABASE_FILE);
    const other = new Database(path);
    other.pragma("application_id = 1234");
    other.close();
    expect(() => openStateDatabase(path)).toThrow(
      `state database ${path}: a SQLite database of another program (application_id 1234, tables none), not cloudpatrol's: it was not changed; use another --state-dir.`,
    );
  });

  it("a cloudpatrol database from before the mark (our tables, no application_id) is adopted", () => {
    const path = join(dir, DATABASE_FILE);
    const old = new Database(path);
    for (const [index, migration] of MIGRATIONS.entries()) {
      old.exec(migration.sql);
      old.pragma(`user_version = ${index + 1}`);
    }
    old.close();
    openStateDatabase(path).close();
    expect(pragmas(path).applicationId).toBe(0x436c5054);
  });
});
