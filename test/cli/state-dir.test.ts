/**
 * A --state-dir that is a regular file, or lies under one, is refused (exit 2) by every command that
 * reads the state database, before anything else, never read as "nothing recorded yet"; as
 * `--output-dir afile` and `--output-dir afile/sub` are.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";

beforeAll(ensureBuilt, 120_000);

/** The commands that read the state database, each with what it needs besides --state-dir. */
const COMMANDS = [
  ["history"],
  ["journal"],
  ["diff"],
  ["scan", "--credential-report", join(ROOT, "examples/credential-report.csv")],
  ["undo", "r1", "--dry-run"],
];

describe("--state-dir that is a file", () => {
  it.for([
    { what: "a file", stateDir: "afile", said: () => "--state-dir afile is not a directory." },
    {
      what: "under a file",
      stateDir: "afile/sub",
      said: (file: string) => `--state-dir afile/sub: ${file} is a file, not a directory.`,
    },
  ])(
    "$what ($stateDir): history, journal, diff, scan and undo exit 2 naming it",
    async ({ stateDir, said }, { onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const file = join(dir, "afile");
      await writeFile(file, "x");
      for (const args of COMMANDS) {
        const run = await cli(dir, [...args, "--state-dir", stateDir]);
        expect([args[0], run.code, run.stdout, run.stderr]).toEqual([
          args[0],
          2,
          "",
          `cloudpatrol: ${said(file)}\n`,
        ]);
      }
    },
  );
});
