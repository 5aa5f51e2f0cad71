/**
 * Issue 16 items 10 and 13: one guard for every output path of every command. `collect --out`,
 * `deploy template --output-file` and `deploy package --output` never write over the state database
 * (history and remediation journal: `undo` needs it), and refuse a directory before any work (exit 2).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, ensureBuilt, stateHome, tempDir } from "../support/built-bin.js";

beforeAll(ensureBuilt, 120_000);

/** Nothing listens here: a run that called AWS would fail with exit 1, not refuse with exit 2. */
const NO_AWS = { AWS_ENDPOINT_URL: "http://127.0.0.1:9" };

async function withDatabase(onTestFinished: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(onTestFinished);
  const database = join(stateHome(dir), "cloudpatrol", "cloudpatrol.db");
  await mkdir(join(stateHome(dir), "cloudpatrol"), { recursive: true });
  await writeFile(database, "JOURNAL");
  return { dir, database };
}

describe.concurrent("outputs over the state database", () => {
  it.for([
    ["collect", "--out"],
    ["deploy template", "--output-file"],
    ["deploy package", "--output"],
  ])(
    "%s %s <the database> is refused with exit 2, the database untouched",
    async ([command, option], { onTestFinished }) => {
      const { dir, database } = await withDatabase(onTestFinished);
      const run = await cli(dir, [...(command as string).split(" "), option as string, database], NO_AWS);
      expect([run.code, run.stderr, await readFile(database, "utf8")]).toEqual([
        2,
        `cloudpatrol: ${option} ${database} is the state database (history and remediation journal) ${database}: refusing to overwrite it; choose another ${option}.\n`,
        "JOURNAL",
      ]);
    },
  );

  it.for([
    ["collect", "--out"],
    ["deploy template", "--output-file"],
    ["deploy package", "--output"],
  ])("%s %s <a directory> is refused before any work", async ([command, option], { onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    await mkdir(join(dir, "out"));
    const run = await cli(dir, [...(command as string).split(" "), option as string, "out"], NO_AWS);
    expect([run.code, run.stderr]).toEqual([
      2,
      `cloudpatrol: ${option} out is a directory: give a file path.\n`,
    ]);
  });
});
