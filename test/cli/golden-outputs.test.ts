/**
 * The safety net of performance work: every output format of `cloudpatrol scan` (the BUILT bin), byte
 * for byte, against the outputs recorded before that work (test/cli/golden/). The clock is stopped
 * (test/support/fixed-clock.mjs), so scan times, report ages, `firstSeen` and file names are fixed too;
 * any change of a finding, its evidence, its order or a format's layout fails here.
 *
 * - the bundled example report: every format in full (`golden/example*`), to an --output-dir, with the
 *   history on and with `--framework cis_v150`; one format to stdout and to --output-file;
 * - a generated 5,000-user report (bench/report-generator.ts, seed 42): the SHA-256 of every format
 *   (`golden/users-5000.sha256`: the files are 700 MB); on a difference the actual files are kept in a
 *   temporary directory named in the failure.
 *
 * When an output is meant to change, record the new goldens with
 * `CLOUDPATROL_UPDATE_GOLDEN=1 npx vitest run test/cli/golden-outputs.test.ts` and review the diff.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, it } from "vitest";
import { generateReport } from "../../bench/report-generator.js";
import { cli, ensureBuilt, ROOT, type Run, tempDir } from "../support/built-bin.js";

const EXAMPLE = join(ROOT, "examples/credential-report.csv");
const GOLDEN = join(ROOT, "test/cli/golden");
const UPDATE = process.env.CLOUDPATROL_UPDATE_GOLDEN === "1";
const ALL = "text,json,ocsf,asff,csv,compliance-csv,junit,sarif,md,html";
/** The stopped clock's time, and the report file names' stamp it gives. */
const CLOCK = "2026-12-01T12:00:00.000Z";
const STAMP = "20261201T120000Z";
/** File name extension per format, in `ALL` order (report/index.ts EXTENSIONS). */
const EXTENSIONS = [
  "txt",
  "json",
  "ocsf.json",
  "asff.json",
  "csv",
  "compliance.csv",
  "junit.xml",
  "sarif",
  "md",
  "html",
];

/** Runs the built bin with the clock stopped at {@link CLOCK}. */
function fixedCli(dir: string, args: readonly string[]): Promise<Run> {
  const preload = pathToFileURL(join(ROOT, "test/support/fixed-clock.mjs")).href;
  return cli(dir, args, { NODE_OPTIONS: `--import=${preload}`, CLOUDPATROL_FIXED_CLOCK: CLOCK });
}

/** Compares `actual` with the golden file `name` (or records it with CLOUDPATROL_UPDATE_GOLDEN=1). */
async function golden(name: string, actual: string): Promise<string> {
  const path = join(GOLDEN, `${name}.golden`);
  if (UPDATE) {
    await mkdir(GOLDEN, { recursive: true });
    await writeFile(path, actual);
  }
  return readFile(path, "utf8");
}

function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The report files of an --output-dir run, by extension, after checking their names. */
async function reportsIn(dir: string, account: string): Promise<Map<string, Buffer>> {
  const files = (await readdir(dir)).sort();
  const prefix = `cloudpatrol-${account}-${STAMP}.`;
  const out = new Map<string, Buffer>();
  for (const file of files) {
    if (!file.startsWith(prefix)) throw new Error(`unexpected report file ${file}`);
    out.set(file.slice(prefix.length), await readFile(join(dir, file)));
  }
  return out;
}

beforeAll(ensureBuilt, 180_000);

describe.concurrent("outputs of the bundled example, byte for byte", () => {
  for (const [name, extra] of [
    ["example", []],
    ["example-cis_v150", ["--framework", "cis_v150", "--no-history"]],
  ] as const) {
    it(`${name}: every format to --output-dir, and stderr`, async ({ expect, onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const run = await fixedCli(dir, [
        "scan",
        "--credential-report",
        EXAMPLE,
        ...extra,
        "--output",
        ALL,
        "--output-dir",
        "reports",
      ]);
      expect(run.code).toBe(3);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(await golden(`${name}.stderr`, run.stderr));
      const reports = await reportsIn(join(dir, "reports"), "210987654321");
      expect([...reports.keys()].sort()).toEqual([...EXTENSIONS].sort());
      for (const ext of EXTENSIONS) {
        const text = reports.get(ext)?.toString("utf8") ?? "";
        expect(text, `${name}.${ext}`).toBe(await golden(`${name}.${ext}`, text));
      }
    });
  }

  it("one format to stdout and to --output-file is the same as in --output-dir", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const base = ["scan", "--credential-report", EXAMPLE, "--no-history"];
    for (const [format, ext] of [
      ["text", "txt"],
      ["json", "json"],
      ["html", "html"],
    ] as const) {
      const expected = await readFile(join(GOLDEN, `example-cis_v150.${ext}.golden`), "utf8");
      const stdout = await fixedCli(dir, [...base, "--framework", "cis_v150", "--output", format]);
      expect(stdout.code).toBe(3);
      expect(stdout.stdout, format).toBe(expected);
      const file = await fixedCli(dir, [
        ...base,
        "--framework",
        "cis_v150",
        "--output",
        format,
        "--output-file",
        `out.${ext}`,
      ]);
      expect(file.code).toBe(3);
      expect(await readFile(join(dir, `out.${ext}`), "utf8"), format).toBe(expected);
    }
  });
});

describe("outputs of a 5,000-user credential report, by SHA-256", () => {
  it("every format to --output-dir, and JSON to stdout", async ({ expect, onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "report.csv"), generateReport(5_000));
    const run = await fixedCli(dir, [
      "scan",
      "--credential-report",
      "report.csv",
      "--no-history",
      "--output",
      ALL,
      "--output-dir",
      "reports",
    ]);
    expect(run.stderr).toBe(await golden("users-5000.stderr", run.stderr));
    expect(run.code).toBe(3);
    const reports = await reportsIn(join(dir, "reports"), "123456789012");
    const actual = EXTENSIONS.map((ext) => `${sha256(reports.get(ext) ?? "")}  ${ext}`).join("\n");
    const expected = await golden("users-5000.sha256", `${actual}\n`);
    if (`${actual}\n` !== expected) {
      const kept = await mkdtemp(join(tmpdir(), "cloudpatrol-golden-actual-"));
      await cp(join(dir, "reports"), kept, { recursive: true });
      expect(`${actual}\n`, `outputs differ; the actual files are in ${kept}`).toBe(expected);
    }
    const stdout = await fixedCli(dir, [
      "scan",
      "--credential-report",
      "report.csv",
      "--no-history",
      "--output",
      "json",
    ]);
    expect(stdout.code).toBe(3);
    expect(`${sha256(stdout.stdout)}  json`).toBe(expected.split("\n")[1]);
    expect(existsSync(join(dir, "report.csv"))).toBe(true);
  }, 240_000);
});
