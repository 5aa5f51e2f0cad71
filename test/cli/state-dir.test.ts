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

describe("--state-dir that is a file", () => {
  it("history, journal, diff, scan and undo exit 2 naming it", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "not-a-dir"), "x");
    const report = join(ROOT, "examples/credential-report.csv");
    for (const args of [
      ["history"],
      ["journal"],
      ["diff"],
      ["scan", "--credential-report", report],
      ["undo", "r1", "--dry-run"],
    ]) {
      const run = await cli(dir, [...args, "--state-dir", "not-a-dir"]);
      expect([args[0], run.code, run.stdout, run.stderr]).toEqual([
        args[0],
        2,
        "",
        "cloudpatrol: --state-dir not-a-dir is not a directory.\n",
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
