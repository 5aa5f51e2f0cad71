/**
 * `scan` never writes a report over a file it reads (`--credential-report`, `--snapshot`, `--mutelist`),
 * whatever path, symlink or hard link names it: exit 2, the input untouched, nothing written. The BUILT
 * bin, as a user runs it.
 */
import { existsSync } from "node:fs";
import { link, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, it } from "vitest";
import { cli, ensureBuilt, ROOT, stateHome, tempDir } from "../support/built-bin.js";

const EXAMPLE = join(ROOT, "examples/credential-report.csv");
/** The account of the example report, in the report file names. */
const ACCOUNT = "210987654321";
/** Nothing listens here: a run that called AWS would fail with exit 1, not refuse with exit 2. */
const NO_AWS = { AWS_ENDPOINT_URL: "http://127.0.0.1:9" };
const MUTELIST = "Mutelist:\n  Accounts: {}\n";
/** Not a valid snapshot: the refusal comes before the file is read. */
const SNAPSHOT = '{"cloudpatrolSnapshot": 1}\n';

beforeAll(ensureBuilt, 120_000);

/** A sandbox with report.csv, mute.yaml and snap.json, and their bytes to compare afterwards. */
async function inputs(onTestFinished: Parameters<typeof tempDir>[0]) {
  const dir = await tempDir(onTestFinished);
  await writeFile(join(dir, "report.csv"), await readFile(EXAMPLE));
  await writeFile(join(dir, "mute.yaml"), MUTELIST);
  await writeFile(join(dir, "snap.json"), SNAPSHOT);
  const unchanged = async () => ({
    report: (await readFile(join(dir, "report.csv"))).equals(await readFile(EXAMPLE)),
    mute: await readFile(join(dir, "mute.yaml"), "utf8"),
    snap: await readFile(join(dir, "snap.json"), "utf8"),
  });
  return { dir, unchanged };
}

const UNCHANGED = { report: true, mute: MUTELIST, snap: SNAPSHOT };

describe.concurrent("scan --output-file over an input", () => {
  it.for([
    {
      name: "the credential report by another path",
      args: ["--credential-report", "report.csv", "--output-file", "./sub/../report.csv"],
      message:
        "cloudpatrol: --output-file ./sub/../report.csv is the --credential-report file report.csv: refusing to overwrite a file scan reads; choose another --output-file.\n",
    },
    {
      name: "the credential report through a symlink given as input",
      args: ["--credential-report", "report-link.csv", "--output-file", "ABS/report.csv"],
      message:
        "cloudpatrol: --output-file ABS/report.csv is the --credential-report file report-link.csv: refusing to overwrite a file scan reads; choose another --output-file.\n",
    },
    {
      name: "the snapshot through a symlink given as output",
      args: ["--snapshot", "snap.json", "--output-file", "snap-link.json", "--output", "json"],
      message:
        "cloudpatrol: --output-file snap-link.json is the --snapshot file snap.json: refusing to overwrite a file scan reads; choose another --output-file.\n",
    },
    {
      name: "the mutelist of a live scan through a hard link",
      args: ["--mutelist", "mute.yaml", "--output-file", "mute-hard.yaml"],
      message:
        "cloudpatrol: --output-file mute-hard.yaml is the --mutelist file mute.yaml: refusing to overwrite a file scan reads; choose another --output-file.\n",
    },
  ])(
    "$name: exit 2 before any AWS call or write, input unchanged",
    async ({ args, message }, { expect, onTestFinished }) => {
      const { dir, unchanged } = await inputs(onTestFinished);
      await symlink("report.csv", join(dir, "report-link.csv"));
      await symlink(join(dir, "snap.json"), join(dir, "snap-link.json"));
      await link(join(dir, "mute.yaml"), join(dir, "mute-hard.yaml"));
      const before = (await readdir(dir)).sort();
      const abs = (text: string) => text.replaceAll("ABS", dir);
      const run = await cli(dir, ["scan", ...args.map(abs)], NO_AWS);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(abs(message));
      expect(await unchanged()).toEqual(UNCHANGED);
      expect((await readdir(dir)).sort()).toEqual(before);
      // Not even the history database was created.
      expect(existsSync(stateHome(dir))).toBe(false);
    },
  );

  it("the state database (history and journal), with or without --no-history, and its -wal and -journal files", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir } = await inputs(onTestFinished);
    const state = join(dir, "state");
    const recorded = await cli(dir, ["scan", "--credential-report", "report.csv", "--state-dir", state]);
    expect(recorded.code).toBe(3);
    const database = join(state, "cloudpatrol.db");
    const before = await readFile(database);
    for (const [output, extra] of [
      [database, []],
      [database, ["--no-history"]],
      [`${database}-wal`, []],
      [`${database}-journal`, []],
    ] as const) {
      const run = await cli(dir, [
        "scan",
        "--credential-report",
        "report.csv",
        "--state-dir",
        state,
        "--output-file",
        output,
        ...extra,
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `cloudpatrol: --output-file ${output} is the state database (--state-dir) file ${output}: refusing to overwrite a file scan reads; choose another --output-file.\n`,
      );
    }
    expect((await readFile(database)).equals(before)).toBe(true);
    const history = await cli(dir, ["history", "--state-dir", state]);
    expect(history.code).toBe(0);
    expect(history.stdout).toContain("1 scan");
  });

  it("a different --output-file next to the inputs is written as before", async ({
    expect,
    onTestFinished,
  }) => {
    const { dir, unchanged } = await inputs(onTestFinished);
    const run = await cli(dir, [
      "scan",
      "--credential-report",
      "report.csv",
      "--mutelist",
      "mute.yaml",
      "--output-file",
      "report.txt",
      "--fail-on",
      "none",
    ]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(await readFile(join(dir, "report.txt"), "utf8")).toContain(ACCOUNT);
    expect(await unchanged()).toEqual(UNCHANGED);
  });
});

describe.concurrent("scan --output-dir over an input", () => {
  /**
   * The report names carry the scan's start second: symlinks to mute.yaml under every name the csv
   * report can have in the next two minutes stand in for an input that happens to have that name.
   */
  async function trap(dir: string, outDir: string): Promise<string[]> {
    await mkdir(join(dir, outDir), { recursive: true });
    const now = Math.floor(Date.now() / 1000);
    const names: string[] = [];
    for (let second = now; second < now + 120; second++) {
      const stamp = new Date(second * 1000)
        .toISOString()
        .replace(/\.\d+Z$/, "Z")
        .replace(/[-:]/g, "");
      const name = `cloudpatrol-${ACCOUNT}-${stamp}.csv`;
      await symlink(join(dir, "mute.yaml"), join(dir, outDir, name));
      names.push(name);
    }
    return names;
  }

  it.for([
    { name: "--output-dir out", outDir: "out", args: ["--output-dir", "out"], where: "--output-dir out" },
    {
      name: "several formats to the default directory",
      outDir: ".",
      args: [],
      where: "--output-dir . (the default with several formats)",
    },
  ])(
    "$name: exit 2, no report written, the mutelist unchanged, no scan recorded",
    async ({ outDir, args, where }, { expect, onTestFinished }) => {
      const { dir, unchanged } = await inputs(onTestFinished);
      const names = await trap(dir, outDir);
      const before = (await readdir(join(dir, outDir))).sort();
      const run = await cli(dir, [
        "scan",
        "--credential-report",
        "report.csv",
        "--mutelist",
        "mute.yaml",
        "--output",
        "json,csv",
        ...args,
      ]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      const match =
        /^cloudpatrol: (.+): the csv report (.+) is the --mutelist file mute\.yaml: refusing to overwrite a file scan reads; choose another --output-dir\.\n$/.exec(
          run.stderr,
        );
      expect(match, run.stderr).not.toBeNull();
      expect(match?.[1]).toBe(where);
      expect(names.map((name) => join(outDir, name))).toContain(match?.[2]);
      // Refused before the first report: no json next to the symlinks.
      expect((await readdir(join(dir, outDir))).sort()).toEqual(before);
      expect(await unchanged()).toEqual(UNCHANGED);
      const history = await cli(dir, ["history", "--output", "json"]);
      expect(JSON.parse(history.stdout)).toMatchObject({ scans: [] });
    },
  );
});
