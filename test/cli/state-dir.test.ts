/**
 * A --state-dir that is a regular file is an error (exit 1) for every command that reads the state
 * database, never "nothing recorded yet"; one under a regular file is refused (exit 2) naming the file,
 * as `--output-dir afile/sub` is.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";

beforeAll(ensureBuilt, 120_000);

describe("--state-dir that is a file", () => {
  it("history, journal and diff exit 1 naming it", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const file = join(dir, "not-a-dir");
    await writeFile(file, "x");
    for (const command of ["history", "journal", "diff"]) {
      const run = await cli(dir, [command, "--state-dir", file]);
      expect([command, run.code, run.stdout, run.stderr]).toEqual([
        command,
        1,
        "",
        `cloudpatrol: state database ${file}/cloudpatrol.db: the state directory ${file} is not a directory (see --state-dir)\n`,
      ]);
    }
  });

  it("under a file (afile/sub): history, journal, diff, scan and undo exit 2 naming the file", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const file = join(dir, "afile");
    await writeFile(file, "x");
    const report = join(ROOT, "examples/credential-report.csv");
    for (const args of [
      ["history"],
      ["journal"],
      ["diff"],
      ["scan", "--credential-report", report],
      ["undo", "r1", "--dry-run"],
    ]) {
      const run = await cli(dir, [...args, "--state-dir", "afile/sub"]);
      expect([args[0], run.code, run.stdout, run.stderr]).toEqual([
        args[0],
        2,
        "",
        `cloudpatrol: --state-dir afile/sub: ${file} is a file, not a directory.\n`,
      ]);
    }
  });
});
