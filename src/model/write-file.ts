/**
 * The one writer of every file cloudpatrol produces (reports, snapshots, templates, the Lambda zip): a
 * regular file is replaced whole or not at all, so a failed write (a full disk, ENOSPC) leaves the
 * previous file as it was and no temporary file behind.
 *
 * Home-made on purpose: write-file-atomic (7.0.1) takes a short write (what write(2) returns on a
 * nearly full tmpfs: 4096 of 97,478 bytes) for success and renames the truncated file over the old one.
 */
import { randomBytes } from "node:crypto";
import { writeSync } from "node:fs";
import { type FileHandle, lstat, open, readlink, realpath, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { OutputError } from "./errors.js";
import { isProcessFileDescriptor } from "./input-file.js";
import { markFinished, markUnfinished } from "./unfinished-files.js";

/**
 * A file system error's reason without the syscall and path Node appends (`ENOSPC: no space left on
 * device`): the path may be a temporary name, and the message names the real one once.
 */
export function fsErrorReason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/, \w+(?: '[^']*')?$/, "");
}

/** How {@link writeWholeFile} writes one chunk (tests inject short writes and ENOSPC here). */
export type ChunkWriter = (handle: FileHandle, data: Uint8Array, offset: number) => Promise<number>;

// A synchronous write on the open descriptor: no thread-pool request and no buffers kept alive by one
// (writing a large report with handle.write doubled its peak memory: those survived collections).
const writeChunk: ChunkWriter = async (handle, data, offset) =>
  writeSync(handle.fd, data, offset, data.length - offset);

/** Writes all of `data`, however many calls it takes; a call that writes nothing is an ENOSPC. */
async function writeAll(handle: FileHandle, data: Uint8Array, write: ChunkWriter): Promise<void> {
  for (let offset = 0; offset < data.length; ) {
    const written = await write(handle, data, offset);
    if (written <= 0) throw Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" });
    offset += written;
  }
}

/** Characters of text to gather before a write: few system calls, and the gathered pieces die young. */
const WRITE_SIZE = 1 << 16;

/**
 * Writes `pieces` in order: text gathered to about {@link WRITE_SIZE} characters and encoded into one
 * reused buffer (a new Buffer per write would leave its memory to the next full garbage collection,
 * hundreds of MiB for a large report); bytes given as bytes are written as they are.
 */
async function writePieces(
  handle: FileHandle,
  pieces: Iterable<string | Uint8Array>,
  write: ChunkWriter,
): Promise<void> {
  // UTF-8 takes at most 3 bytes per UTF-16 code unit.
  const scratch = Buffer.allocUnsafe(3 * WRITE_SIZE + 3 * 4096);
  let text = "";
  const flush = async () => {
    if (text === "") return;
    const bytes =
      text.length * 3 <= scratch.length
        ? scratch.subarray(0, scratch.write(text, 0, "utf8"))
        : Buffer.from(text, "utf8");
    text = "";
    await writeAll(handle, bytes, write);
  };
  for (const piece of pieces) {
    if (typeof piece !== "string") {
      await flush();
      await writeAll(handle, piece, write);
      continue;
    }
    text += piece;
    if (text.length >= WRITE_SIZE) await flush();
  }
  await flush();
}

/** Symbolic links followed before giving up with ELOOP, as Linux does (`MAXSYMLINKS`). */
const MAX_LINKS = 40;

/** A link that leads to an open file descriptor of a process ({@link linkTarget}). */
const DESCRIPTOR = Symbol("file descriptor");

/**
 * The file a write to `path` lands in: `path`, or where its symbolic link leads, link by link (a
 * relative link from the link's directory), as the shell's `>` writes through a link, and to the path
 * a dangling link names (that file is created; its directory must exist). {@link DESCRIPTOR} when a
 * link leads to an open file descriptor of a process (`/dev/stdout`, `/dev/fd/3` →
 * `/proc/<pid>/fd/<n>`): a file its holder opened and handed over, maybe to append to.
 * @throws an ELOOP error after {@link MAX_LINKS} links.
 */
async function linkTarget(path: string): Promise<string | typeof DESCRIPTOR> {
  let current = resolve(path);
  for (let links = 0; ; links++) {
    const info = await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) return current;
    const directory = await realpath(dirname(current)).catch(() => dirname(current));
    if (isProcessFileDescriptor(join(directory, basename(current)))) return DESCRIPTOR;
    if (links === MAX_LINKS)
      throw Object.assign(new Error("ELOOP: too many symbolic links encountered"), { code: "ELOOP" });
    current = resolve(dirname(current), await readlink(current));
  }
}

/**
 * Writes `data` to `path`: a regular file (or a new one) is written to a temporary file beside it,
 * every byte checked, flushed to disk, given the old file's mode and renamed over `path`; a device or
 * pipe (`/dev/stdout`) is written in place, and so is a file a process holds open (`/dev/stdout`,
 * `/dev/fd/3` redirected to a file: appended to). A symbolic link is written through and kept: the
 * file it leads to is replaced (its temporary file beside that file), or created for a dangling link,
 * as `>` does. `data` may be pieces of text (a report's chunks): they are written as they come, never held whole.
 * @param what - names the file in the error (`--output-file`, `the snapshot`).
 * @throws {@link OutputError} (exit 1) naming `what`, `path` and the reason; the old file is intact and
 *   the temporary file removed.
 */
export async function writeWholeFile(
  path: string,
  data: string | Uint8Array | Iterable<string>,
  what: string,
  write: ChunkWriter = writeChunk,
): Promise<void> {
  const pieces = typeof data === "string" || data instanceof Uint8Array ? [data] : data;
  let temporary: string | undefined;
  try {
    const existing = await stat(path).catch(() => undefined);
    const target = await linkTarget(path);
    if ((existing && !existing.isFile()) || target === DESCRIPTOR) {
      // A device or pipe, or a file a process holds open (`--output-file /dev/stdout >> log`): written
      // in place, a file appended to (the shell truncated it for `>`, and `>>` asks to append).
      const device = await open(path, existing?.isFile() ? "a" : "w");
      try {
        await writePieces(device, pieces, write);
      } finally {
        await device.close();
      }
      return;
    }
    temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
    markUnfinished(temporary);
    const handle = await open(temporary, "wx", existing ? existing.mode & 0o7777 : 0o666);
    try {
      await writePieces(handle, pieces, write);
      if (existing) await handle.chmod(existing.mode & 0o7777);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
    markFinished(temporary);
    temporary = undefined;
  } catch (error) {
    if (temporary !== undefined) {
      await unlink(temporary).catch(() => undefined);
      markFinished(temporary);
    }
    throw new OutputError(`cannot write ${what} ${path}: ${fsErrorReason(error)}`, { cause: error });
  }
}
