/**
 * A --state-dir in /dev (device files) or the root directory `/` itself is refused (exit 2) by every
 * command that reads the state database, before anything is made: no `/dev/cloudpatrol.db`, no
 * `/cloudpatrol.db` (trial s6 "summary" item 6). /proc and /sys were refused already.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { refusePseudoFilesystem } from "../../src/model/input-file.js";
import { resolveStateDir } from "../../src/store/state-dir.js";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";

beforeAll(ensureBuilt, 120_000);

const COMMANDS = [
  ["history"],
  ["journal"],
  ["diff"],
  ["scan", "--credential-report", join(ROOT, "examples/credential-report.csv")],
  ["undo", "r1", "--dry-run"],
];

const DEV = "--state-dir /dev: a directory of the kernel's device (/dev) file system: choose another";
const ROOT_DIR =
  "--state-dir /: the root directory would hold cloudpatrol.db among the system's directories (root-owned when run as root): give a directory of its own, or leave --state-dir out for the default.";

describe("resolveStateDir", () => {
  it("refuses /dev and what lies under it, but /dev/shm (a tmpfs)", () => {
    expect(() => resolveStateDir("/dev")).toThrow(DEV);
    expect(() => resolveStateDir("/dev/cloudpatrol")).toThrow(
      "--state-dir /dev/cloudpatrol: a directory of the kernel's device (/dev) file system: choose another",
    );
    expect(resolveStateDir("/dev/shm/cloudpatrol")).toBe("/dev/shm/cloudpatrol");
    expect(() => resolveStateDir(undefined, { XDG_STATE_HOME: "/dev" }, "/home/x")).toThrow(
      "the state directory /dev/cloudpatrol: a directory of the kernel's device (/dev) file system: choose another",
    );
  });

  it("refuses the root directory, however written; a directory under it is fine", () => {
    for (const root of ["/", "//", "/.", "/tmp/.."]) {
      expect(() => resolveStateDir(root)).toThrow(
        `--state-dir ${root}: the root directory would hold cloudpatrol.db among the system's directories`,
      );
    }
    expect(resolveStateDir("/var/lib/cloudpatrol")).toBe("/var/lib/cloudpatrol");
  });

  it("an output file in /dev stays allowed (/dev/null, /dev/stdout); an --output-dir in /dev is refused", () => {
    for (const path of ["/dev/null", "/dev/stdout", "/dev/stderr"])
      expect(() => refusePseudoFilesystem(path, "--output-file", "file")).not.toThrow();
    expect(() => refusePseudoFilesystem("/dev/reports", "--output-dir")).toThrow(
      "--output-dir /dev/reports: a directory of the kernel's device (/dev) file system: choose another",
    );
  });
});

describe("--state-dir /dev or /", () => {
  it.for([
    { stateDir: "/dev", said: DEV },
    { stateDir: "/", said: ROOT_DIR },
  ])(
    "$stateDir: history, journal, diff, scan and undo exit 2 saying why, and make no file there",
    async ({ stateDir, said }, { onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      for (const args of COMMANDS) {
        const run = await cli(dir, [...args, "--state-dir", stateDir]);
        expect([args[0], run.code, run.stdout, run.stderr]).toEqual([
          args[0],
          2,
          "",
          `cloudpatrol: ${said}\n`,
        ]);
      }
      expect(existsSync(join(stateDir, "cloudpatrol.db"))).toBe(false);
    },
  );
});
