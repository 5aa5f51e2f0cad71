/**
 * An interrupted run (Ctrl-C, kill, a closed terminal) leaves no temporary or empty file behind and
 * every file of the user's as it was: the BUILT bin is signalled while it writes a report (its
 * temporary file exists), then the directory is listed. The process ends by the same signal.
 */
import { spawn } from "node:child_process";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, it } from "vitest";
import { generateReport } from "../../bench/report-generator.js";
import { ensureBuilt, ROOT, stateHome, tempDir } from "../support/built-bin.js";

beforeAll(ensureBuilt, 180_000);

/**
 * Runs the bin in `dir`, sends `signal` as soon as a temporary file (`.….tmp`) appears in `watch`,
 * and resolves with how the process ended and whether the signal was sent mid-write.
 */
function interrupted(
  dir: string,
  args: readonly string[],
  watch: string,
  signal: NodeJS.Signals,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; sentMidWrite: boolean }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "dist/cli/main.js"), ...args], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? "", HOME: dir, XDG_STATE_HOME: stateHome(dir) },
      stdio: "ignore",
    });
    let sentMidWrite = false;
    const poll = setInterval(async () => {
      const names = await readdir(watch).catch(() => []);
      if (!sentMidWrite && names.some((name) => name.endsWith(".tmp"))) {
        sentMidWrite = true;
        child.kill(signal);
      }
    }, 5);
    child.on("error", reject);
    child.on("close", (code, ended) => {
      clearInterval(poll);
      resolvePromise({ code, signal: ended, sentMidWrite });
    });
  });
}

describe("an interrupted run", () => {
  it("SIGTERM while --output-dir reports are written: neither the temporary file nor the empty claimed name is left", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "report.csv"), generateReport(5_000));
    const out = join(dir, "reports");
    const run = await interrupted(
      dir,
      ["scan", "--credential-report", "report.csv", "--no-history", "-o", "ocsf", "--output-dir", out],
      out,
      "SIGTERM",
    );
    expect(run).toEqual({ code: null, signal: "SIGTERM", sentMidWrite: true });
    expect(await readdir(out)).toEqual([]);
  }, 60_000);

  it("SIGINT while --output-file replaces a file: the old file stays whole, no temporary file is left", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "report.csv"), generateReport(5_000));
    await writeFile(join(dir, "findings.json"), "the previous report\n");
    const run = await interrupted(
      dir,
      [
        "scan",
        "--credential-report",
        "report.csv",
        "--no-history",
        "-o",
        "ocsf",
        "--output-file",
        "findings.json",
      ],
      dir,
      "SIGINT",
    );
    expect(run).toEqual({ code: null, signal: "SIGINT", sentMidWrite: true });
    expect((await readdir(dir)).sort()).toEqual(["findings.json", "report.csv"]);
    expect(await readFile(join(dir, "findings.json"), "utf8")).toBe("the previous report\n");
  }, 60_000);
});
