/**
 * Issue 16 item 9, without a tmpfs: short writes and ENOSPC injected into the one file writer.
 */
import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OutputError } from "../../src/model/errors.js";
import { type ChunkWriter, writeWholeFile } from "../../src/model/write-file.js";

async function dirWithOld(onTestFinished: (fn: () => Promise<void>) => void) {
  const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-write-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, "r.json");
  await writeFile(path, "OLD");
  return { dir, path };
}

/** Writes at most `chunk` bytes a call, and nothing once `total` bytes are written (a full disk). */
function shortWrites(chunk: number, total: number): ChunkWriter {
  let written = 0;
  return async (handle, data, offset) => {
    const size = Math.min(chunk, data.length - offset, total - written);
    if (size <= 0) return 0;
    const { bytesWritten } = await handle.write(data, offset, size);
    written += bytesWritten;
    return bytesWritten;
  };
}

describe("writeWholeFile", () => {
  it("a write that stops short (4096 of 100,000 bytes) leaves the old file and no temporary file", async ({
    onTestFinished,
  }) => {
    const { dir, path } = await dirWithOld(onTestFinished);
    const error = await writeWholeFile(
      path,
      "x".repeat(100_000),
      "--output-file",
      shortWrites(4096, 4096),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toBe(
      `cannot write --output-file ${path}: ENOSPC: no space left on device`,
    );
    expect(await readFile(path, "utf8")).toBe("OLD");
    expect(await readdir(dir)).toEqual(["r.json"]);
  });

  it("short writes that go on to the end give the whole file", async ({ onTestFinished }) => {
    const { dir, path } = await dirWithOld(onTestFinished);
    await writeWholeFile(
      path,
      "y".repeat(100_000),
      "--output-file",
      shortWrites(4096, Number.POSITIVE_INFINITY),
    );
    expect(await readFile(path, "utf8")).toBe("y".repeat(100_000));
    expect(await readdir(dir)).toEqual(["r.json"]);
  });

  it("writes through a symbolic link, link by link, and keeps every link", async ({ onTestFinished }) => {
    const { dir, path } = await dirWithOld(onTestFinished);
    await mkdir(join(dir, "real"));
    const target = join(dir, "real", "report.json");
    await writeFile(target, "OLD");
    // link → ../real/report.json (relative to the link's directory), hop → link.
    await mkdir(join(dir, "links"));
    await symlink("../real/report.json", join(dir, "links", "link"));
    await symlink(join(dir, "links", "link"), join(dir, "hop"));
    await writeWholeFile(join(dir, "hop"), "NEW", "--output-file");
    expect(await readFile(target, "utf8")).toBe("NEW");
    expect(await readlink(join(dir, "hop"))).toBe(join(dir, "links", "link"));
    expect(await readlink(join(dir, "links", "link"))).toBe("../real/report.json");
    expect([
      (await readdir(dir)).sort(),
      await readdir(join(dir, "real")),
      await readFile(path, "utf8"),
    ]).toEqual([["hop", "links", "r.json", "real"], ["report.json"], "OLD"]);
  });

  it("a dangling link: the file it names is created, as the shell's > does; a loop of links is refused", async ({
    onTestFinished,
  }) => {
    const { dir } = await dirWithOld(onTestFinished);
    await symlink("new.json", join(dir, "dangling"));
    await writeWholeFile(join(dir, "dangling"), "NEW", "--output-file");
    expect(await readFile(join(dir, "new.json"), "utf8")).toBe("NEW");
    expect((await lstat(join(dir, "dangling"))).isSymbolicLink()).toBe(true);
    await symlink("b", join(dir, "a"));
    await symlink("a", join(dir, "b"));
    const error = await writeWholeFile(join(dir, "a"), "x", "--output-file").catch(
      (caught: unknown) => caught,
    );
    expect((error as Error).message).toBe(
      `cannot write --output-file ${join(dir, "a")}: ELOOP: too many symbolic links encountered`,
    );
    expect((await readdir(dir)).sort()).toEqual(["a", "b", "dangling", "new.json", "r.json"]);
  });
});
