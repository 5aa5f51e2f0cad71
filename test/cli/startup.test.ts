/**
 * Start-up stays light: the top-level help lists every command without loading one (and lists them as
 * the commands themselves say), and `--help`, `scan --help` and an offline scan with `--no-history`
 * load neither the AWS SDK, nor the YAML parser, nor SQLite (test/support/loaded-modules.mjs lists the
 * modules a run of the BUILT bin loads). Timings: bench/startup.ts.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, it } from "vitest";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";

const EXAMPLE = join(ROOT, "examples/credential-report.csv");
const LOADED = pathToFileURL(join(ROOT, "test/support/loaded-modules.mjs")).href;

/** The packages of node_modules/ a run loaded (`@aws-sdk/client-iam`, `yaml`, ...), and its exit code. */
async function packagesLoaded(
  dir: string,
  args: readonly string[],
): Promise<{ code: number | null; packages: Set<string> }> {
  const run = await cli(dir, args, { NODE_OPTIONS: `--import=${LOADED}` });
  const packages = new Set<string>();
  for (const [, name] of run.stderr.matchAll(/^LOADED file:.*?\/node_modules\/((?:@[^/]+\/)?[^/]+)\//gm))
    packages.add(name as string);
  return { code: run.code, packages };
}

beforeAll(ensureBuilt, 180_000);

describe.concurrent("start-up", () => {
  it("--help lists each command as the command itself does (as `help`, which loads them all)", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const light = await cli(dir, ["--help"]);
    const full = await cli(dir, ["help"]);
    expect(light.code).toBe(0);
    expect(full.code).toBe(0);
    expect(light.stdout).toContain("  scan [options]  ");
    expect(light.stdout).toBe(full.stdout);
  });

  for (const [label, args, code] of [
    ["--help", ["--help"], 0],
    ["--version", ["--version"], 0],
    ["scan --help", ["scan", "--help"], 0],
    [
      "an offline scan without history",
      ["scan", "--credential-report", EXAMPLE, "--no-history", "-o", "json"],
      3,
    ],
  ] as const) {
    it(`${label} loads no AWS SDK, YAML parser, SQLite or RE2`, async ({ expect, onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const { code: exit, packages } = await packagesLoaded(dir, args);
      expect(exit).toBe(code);
      const heavy = [...packages].filter((name) =>
        /^(@aws-sdk\/|@smithy\/|yaml$|better-sqlite3$|re2js$|zod$)/.test(name),
      );
      expect(heavy).toEqual([]);
      // The bin is the bundle: its small packages (commander, the CSV parser) are inside it.
      expect([...packages].sort()).toEqual([]);
    });
  }

  it("the bundled bin: an error is one line; with --debug its stack names src/ files and lines (source maps)", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const missing = join(dir, "no-such-report.csv");
    const plain = await cli(dir, ["scan", "--credential-report", missing, "--no-history"]);
    expect([plain.code, plain.stderr]).toEqual([
      2,
      `cloudpatrol: ${missing}: cannot read the credential report (ENOENT)\n`,
    ]);
    const debug = await cli(dir, ["scan", "--credential-report", missing, "--no-history", "--debug"]);
    expect(debug.code).toBe(2);
    // The frames of the modules loaded on demand (each command's chunks) name src/ files; main.js and the
    // commander chunk load before the source maps are switched on.
    const files = debug.stderr
      .split("\n")
      .filter((line) => line.startsWith("    at "))
      .slice(0, 5)
      .map((line) => line.slice(line.indexOf("(") + 1).replace(/:\d+:\d+\)$/, ""));
    // scan-run.ts twice: scanAndReport, then runScan.
    expect(files).toEqual(
      ["credential-report/input.ts", "app/scan.ts", "cli/scan-run.ts", "cli/scan-run.ts", "cli/scan.ts"].map(
        (file) => `${ROOT}/src/${file}`,
      ),
    );
  });

  it("a scan with the history on does load SQLite (the listing sees what is loaded)", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const { code, packages } = await packagesLoaded(dir, [
      "scan",
      "--credential-report",
      EXAMPLE,
      "-o",
      "json",
    ]);
    expect(code).toBe(3);
    expect(packages.has("better-sqlite3")).toBe(true);
  });
});
