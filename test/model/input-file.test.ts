/**
 * Issue 16 item 7: one bounded reader for every input file and stdin: a documented size limit, refused
 * early (exit 2); devices, /proc and /sys refused; FIFOs without a writer never hang.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCredentialReportFile } from "../../src/credential-report/input.js";
import { loadMutelist } from "../../src/engine/mutelist.js";
import { InputError } from "../../src/model/errors.js";
import { INPUT_LIMITS, readInputFile, refusePseudoFilesystem } from "../../src/model/input-file.js";
import { readFindingsFile } from "../../src/remediation/findings-file.js";
import { readSnapshotFile } from "../../src/snapshot/file.js";

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("expected an InputError");
}

async function tempDir(onTestFinished: (fn: () => Promise<void>) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-input-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe("readInputFile", () => {
  it("documents one limit per input", () => {
    expect(INPUT_LIMITS).toEqual({
      "credential report": 32 * 1_048_576,
      snapshot: 64 * 1_048_576,
      mutelist: 16 * 1_048_576,
      findings: 256 * 1_048_576,
    });
  });

  it("refuses a regular file over the limit before reading it (a sparse 1 GiB file)", async ({
    onTestFinished,
  }) => {
    const path = join(await tempDir(onTestFinished), "big.json");
    await writeFile(path, "");
    await truncate(path, 1_073_741_824);
    expect(await refusal(() => readSnapshotFile(path))).toBe(
      `${path}: 1024 MiB, more than the 64 MiB a snapshot may have: refused before reading it`,
    );
  });

  it("a findings file too large is named as one (a sparse 257 MiB file)", async ({ onTestFinished }) => {
    const path = join(await tempDir(onTestFinished), "findings.json");
    await writeFile(path, "");
    await truncate(path, 257 * 1_048_576);
    expect(await refusal(() => readInputFile(path, { kind: "findings" }))).toBe(
      `${path}: 257 MiB, more than the 256 MiB a findings file may have: refused before reading it`,
    );
  });

  it("names a size one byte over the limit in bytes, not rounded to the limit", async ({
    onTestFinished,
  }) => {
    const path = join(await tempDir(onTestFinished), "over.json");
    await writeFile(path, "");
    await truncate(path, 64 * 1_048_576 + 1);
    expect(await refusal(() => readSnapshotFile(path))).toBe(
      `${path}: 64.0 MiB (67108865 bytes), more than the 64 MiB a snapshot may have: refused before reading it`,
    );
  });

  it("refuses stdin once it passes the limit, without reading the rest (an endless stream)", async () => {
    let pushed = 0;
    const endless = new Readable({
      read() {
        pushed += 1;
        this.push(Buffer.alloc(1_048_576, 0x61));
      },
    });
    expect(await refusal(() => readInputFile("-", { kind: "credential report", stdin: endless }))).toBe(
      "stdin: more than the 32 MiB a credential report may have: refused after reading 32 MiB of it",
    );
    expect(pushed).toBeLessThan(40);
  });

  it.each([
    ["/dev/zero", "credential report"],
    ["/dev/zero", "mutelist"],
    ["/proc/self/status", "snapshot"],
    ["/sys/kernel/mm/transparent_hugepage/enabled", "findings"],
  ] as const)("refuses %s as a %s at once", async (path, kind) => {
    const message = await refusal(() => readInputFile(path, { kind }));
    expect(message).toBe(
      path.startsWith("/dev")
        ? `${path}: a device, not a file: give the ${kind} as a file, or on stdin as -`
        : `${path}: a file of the kernel's ${path.split("/")[1]} file system, not a ${kind} file`,
    );
  });

  it("the --credential-report, --mutelist, --snapshot and --from readers all go through it", async () => {
    expect(await refusal(() => readCredentialReportFile("/dev/zero"))).toBe(
      "/dev/zero: a device, not a file: give the credential report as a file, or on stdin as -",
    );
    expect(await refusal(() => loadMutelist("/dev/zero"))).toBe(
      "/dev/zero: a device, not a file: give the mutelist as a file, or on stdin as -",
    );
    expect(await refusal(() => readSnapshotFile("/proc/self/environ"))).toBe(
      "/proc/self/environ: a file of the kernel's proc file system, not a snapshot file",
    );
    expect(await refusal(() => readFindingsFile("/dev/urandom"))).toBe(
      "/dev/urandom: a device, not a file: give the findings as a file, or on stdin as -",
    );
  });

  it("a FIFO without a writer is refused at once; with a writer it is read", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const fifo = join(dir, "report.fifo");
    execFileSync("mkfifo", [fifo]);
    expect(await refusal(() => readInputFile(fifo, { kind: "mutelist" }))).toBe(
      `${fifo}: a named pipe with no writer: nothing to read`,
    );
    const writer = import("node:fs/promises").then(async ({ open }) => {
      const handle = await open(fifo, "w");
      await handle.write("Mutelist: {}\n");
      await handle.close();
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [text] = await Promise.all([
      readInputFile(fifo, { kind: "mutelist", waitForWriterMs: 5_000 }),
      writer,
    ]);
    expect(text).toBe("Mutelist: {}\n");
  });

  it("state and output directories under /proc or /sys are refused (recursive mkdir there hangs)", () => {
    expect(() => refusePseudoFilesystem("/proc/self/x", "--state-dir")).toThrow(
      new InputError(
        "--state-dir /proc/self/x: a directory of the kernel's proc file system: choose another",
      ),
    );
    expect(() => refusePseudoFilesystem("/sys", "--output-dir")).toThrow(
      new InputError("--output-dir /sys: a directory of the kernel's sys file system: choose another"),
    );
    expect(() => refusePseudoFilesystem("/tmp/reports", "--output-dir")).not.toThrow();
  });

  it("an output file under /proc or /sys is refused; an open descriptor (/dev/fd/1) is not", () => {
    expect(() => refusePseudoFilesystem("/proc/self/r.json", "--output-file", "file")).toThrow(
      new InputError(
        "--output-file /proc/self/r.json: a file of the kernel's proc file system: choose another",
      ),
    );
    expect(() => refusePseudoFilesystem("/sys/kernel/r.json", "--out", "file")).toThrow(
      new InputError("--out /sys/kernel/r.json: a file of the kernel's sys file system: choose another"),
    );
    for (const path of ["/dev/fd/1", "/proc/self/fd/2", "/dev/stdout", "/tmp/r.json"])
      expect(() => refusePseudoFilesystem(path, "--output-file", "file")).not.toThrow();
  });
});

describe("the state directory", () => {
  it("--state-dir or XDG_STATE_HOME under /proc is refused before any mkdir", async () => {
    const { resolveStateDir } = await import("../../src/store/state-dir.js");
    expect(() => resolveStateDir("/proc/self/cp")).toThrow(
      "--state-dir /proc/self/cp: a directory of the kernel's proc file system: choose another",
    );
    expect(() => resolveStateDir(undefined, { XDG_STATE_HOME: "/sys/fs" })).toThrow(
      "the state directory /sys/fs/cloudpatrol: a directory of the kernel's sys file system: choose another",
    );
  });
});
