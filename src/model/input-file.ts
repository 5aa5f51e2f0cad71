/**
 * The one reader of every input file (`--credential-report`, `--snapshot`, `--mutelist`, `--from`) and
 * of stdin (`-`): bounded in size, refused early, never hanging.
 *
 * - A regular file larger than its kind's limit ({@link INPUT_LIMITS}) is refused before it is read.
 * - stdin and pipes are read up to the limit and refused as soon as they pass it (`/dev/zero` piped in
 *   stops at the limit); a pipe that gives nothing for {@link PIPE_TIMEOUT_MS} is refused.
 * - Devices (`/dev/zero`, a terminal), directories, and files of the kernel's `/proc` and `/sys` file
 *   systems are refused without reading (their sizes lie, some block for ever).
 * - A named pipe (FIFO) is opened without blocking: with no writer it is refused at once (or after
 *   `waitForWriterMs`), never waited on for ever. An anonymous pipe (`printf '' | … /dev/stdin`,
 *   `<(command)`) that ended with nothing in it is an empty input, as stdin (`-`) is.
 */
import { isUtf8 } from "node:buffer";
import { constants, realpathSync } from "node:fs";
import { type FileHandle, open, readlink } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "./errors.js";

const MIB = 1_048_576;

/**
 * A file size for a message: whole MiB as `33 MiB`, else one decimal and the bytes (`32.0 MiB,
 * 33554433 bytes`), so that a file just over a limit never reads as the limit itself.
 */
function sizeText(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB} MiB`;
  return `${(bytes / MIB).toFixed(1)} MiB (${bytes} bytes)`;
}

/** What an input file holds, as messages name it. */
export type InputKind = "credential report" | "snapshot" | "mutelist" | "findings";

/**
 * Most bytes each kind of input may have. A credential report: IAM allows 5,000 users, some 300 bytes a
 * row (base64 adds a third). A snapshot: the report plus authorization details of a large account. A
 * mutelist: 100,000 entries take some 6 MiB. Findings: the JSON output of a scan of a large account.
 */
export const INPUT_LIMITS: Readonly<Record<InputKind, number>> = {
  "credential report": 32 * MIB,
  snapshot: 64 * MIB,
  mutelist: 16 * MIB,
  findings: 256 * MIB,
};

/** How long a pipe (stdin excepted, or `<(command)`) may go without ending: 5 minutes. */
export const PIPE_TIMEOUT_MS = 300_000;

/** Options of {@link readInputFile}. */
export interface ReadInputOptions {
  readonly kind: InputKind;
  /** stdin for `-` (default `process.stdin`). */
  readonly stdin?: Readable;
  /** How long a named pipe may have no writer before it is refused (default 0: at once). */
  readonly waitForWriterMs?: number;
  /** Most bytes (default the kind's {@link INPUT_LIMITS}). */
  readonly maxBytes?: number;
}

const PSEUDO_FILESYSTEMS = ["proc", "sys"] as const;

/** `path` resolved, symbolic links followed as far as they exist (/dev/fd/63 → /proc/<pid>/fd/63). */
function resolvedPath(path: string): string {
  const real = resolve(path);
  // The deepest existing ancestor, with its links resolved (/dev/fd → /proc/self/fd).
  for (let dir = real; ; dir = dirname(dir)) {
    try {
      return resolve(realpathSync(dir), real.slice(dir.length + 1));
    } catch {
      if (dir === dirname(dir)) return real;
    }
  }
}

/** Whether the absolute path `real` is the directory `dir` or lies under it. */
function within(real: string, dir: string): boolean {
  return real === dir || real.startsWith(`${dir}/`);
}

/** `proc` or `sys` when the resolved path `real` lies in one. */
function pseudoFilesystemOf(real: string): string | undefined {
  return PSEUDO_FILESYSTEMS.find((name) => within(real, `/${name}`));
}

/**
 * `device (/dev)` when the resolved path `real` is a directory of /dev, the kernel's device files: no
 * place for data (devtmpfs, emptied at boot). /dev/shm, a tmpfs for shared memory files, is not refused.
 */
function deviceDirectoryOf(real: string): string | undefined {
  return within(real, "/dev") && !within(real, "/dev/shm") ? "device (/dev)" : undefined;
}

/**
 * An open file descriptor of a process (`/proc/<pid>/fd/<n>`, where /dev/fd/N, /dev/stdin and a shell's
 * `<(command)` lead): the file it is open on is read (a pipe as a pipe, a device refused), not refused
 * as a file of /proc.
 */
const FILE_DESCRIPTOR = /^\/proc\/(?:self|thread-self|\d+)\/fd\/[^/]+$/;

/**
 * Whether the absolute path `real` (its directories' links resolved) is an open file descriptor of a
 * process, `/proc/<pid>/fd/<n>`: a file, pipe or device someone opened and handed over.
 */
export function isProcessFileDescriptor(real: string): boolean {
  return FILE_DESCRIPTOR.test(real);
}

/**
 * Refuses a directory to create or write in (`--state-dir`, `--output-dir`) on the kernel's /proc or
 * /sys file systems (a recursive mkdir there never returns) or in /dev (device files; files made there
 * are lost at boot, and only root may make them: /dev/shm is allowed). With `what` `file`, an output
 * file on /proc or /sys (`--output-file`; one in /dev, such as /dev/null, is written): writing it would
 * fail only once the work is done. An open file descriptor
 * (`/dev/fd/3`, `/proc/self/fd/1`: what the shell handed over) is no file of /proc.
 * @throws {@link InputError} (exit 2).
 */
export function refusePseudoFilesystem(
  path: string,
  option: string,
  what: "directory" | "file" = "directory",
): void {
  const real = resolvedPath(path);
  const name =
    what === "file"
      ? isProcessFileDescriptor(real)
        ? undefined
        : pseudoFilesystemOf(real)
      : (pseudoFilesystemOf(real) ?? deviceDirectoryOf(real));
  if (name)
    throw new InputError(`${option} ${path}: a ${what} of the kernel's ${name} file system: choose another`);
}

/**
 * Refuses the root directory `/` (after links) as a directory to keep files in (`--state-dir`): its file
 * would lie among the system's directories, root-owned when run as root; surely a mistake.
 * @throws {@link InputError} (exit 2) saying why.
 */
export function refuseRootDirectory(path: string, option: string, file: string): void {
  if (resolvedPath(path) === "/")
    throw new InputError(
      `${option} ${path}: the root directory would hold ${file} among the system's directories (root-owned when run as root): give a directory of its own, or leave ${option} out for the default.`,
    );
}

/** The offset of the first byte that breaks UTF-8, or -1 when `bytes` is valid UTF-8. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i] as number;
    const follow =
      lead < 0x80
        ? 0
        : lead >= 0xc2 && lead <= 0xdf
          ? 1
          : lead >= 0xe0 && lead <= 0xef
            ? 2
            : lead >= 0xf0 && lead <= 0xf4
              ? 3
              : -1;
    if (follow < 0) return i;
    for (let k = 1; k <= follow; k++) {
      const byte = bytes[i + k];
      if (byte === undefined || (byte & 0xc0) !== 0x80) return i;
    }
    const second = bytes[i + 1] as number;
    if (
      (lead === 0xe0 && second < 0xa0) ||
      (lead === 0xed && second > 0x9f) ||
      (lead === 0xf0 && second < 0x90) ||
      (lead === 0xf4 && second > 0x8f)
    )
      return i;
    i += follow + 1;
  }
  return -1;
}

/** 1-based line and column (in characters) of byte `offset`. */
function positionOf(bytes: Buffer, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = bytes.indexOf(10); i !== -1 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: [...bytes.subarray(start, offset).toString("utf8")].length + 1 };
}

/**
 * Decodes an input as UTF-8 text, strictly: UTF-16 (a byte order mark), binary data (a NUL byte) and
 * bytes that are not UTF-8 are refused naming the line and column, never replaced silently by U+FFFD
 * nor echoed into the message.
 * @throws {@link InputError} (exit 2).
 */
export function decodeUtf8(bytes: Buffer, source: string): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new InputError(
      `${source}: UTF-16 text (byte order mark ${bytes
        .subarray(0, 2)
        .toString("hex")
        .replace(/(..)(..)/, "$1 $2")}): save it as UTF-8`,
    );
  const nul = bytes.indexOf(0);
  if (nul !== -1) {
    const at = positionOf(bytes, nul);
    throw new InputError(
      `${source}: binary data (a NUL byte at line ${at.line}, column ${at.column}), not a text file`,
    );
  }
  if (isUtf8(bytes)) return bytes.toString("utf8");
  const offset = firstInvalidUtf8(bytes);
  const at = positionOf(bytes, Math.max(offset, 0));
  throw new InputError(
    `${source}, line ${at.line}, column ${at.column}: not UTF-8 text (byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, "0")}): save it as UTF-8`,
  );
}

/** One input of `kind`, for "the 256 MiB a findings file may have": `a snapshot`, `a findings file`. */
function oneOf(kind: InputKind): string {
  return kind === "findings" ? "a findings file" : `a ${kind}`;
}

function tooLarge(source: string, kind: InputKind, maxBytes: number): InputError {
  return new InputError(
    `${source}: more than the ${maxBytes / MIB} MiB ${oneOf(kind)} may have: refused after reading ${maxBytes / MIB} MiB of it`,
  );
}

/** Reads a stream up to `maxBytes`; destroys it and throws as soon as it passes them. */
async function readBounded(
  stream: Readable,
  source: string,
  kind: InputKind,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw tooLarge(source, kind, maxBytes);
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/**
 * Whether `handle` is open on an anonymous pipe (`pipe:[…]`: a shell's `|` to /dev/stdin, or
 * `<(command)`), which had a writer from its making, unlike a named pipe: end of file on it is an
 * empty input. Linux's /proc tells; elsewhere false.
 */
async function isAnonymousPipe(handle: FileHandle): Promise<boolean> {
  const target = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => "");
  return target.startsWith("pipe:[");
}

/**
 * Reads a pipe opened without blocking, polling: `EAGAIN` means a writer is there with nothing yet, end
 * of file before any writer means none (the kernel never signals that to a waiting poll, so a stream
 * would wait for ever). Null when no writer appeared by `deadline`; `hadWriter` (an anonymous pipe)
 * takes end of file for the end of the input at once.
 */
async function readPipe(
  handle: FileHandle,
  source: string,
  kind: InputKind,
  maxBytes: number,
  deadline: number,
  hadWriter: boolean,
): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let writer = hadWriter;
  const started = Date.now();
  for (;;) {
    const chunk = Buffer.alloc(65_536);
    let bytesRead: number;
    try {
      ({ bytesRead } = await handle.read(chunk, 0, chunk.length, null));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      writer = true;
      if (Date.now() - started > PIPE_TIMEOUT_MS)
        throw new InputError(
          `${source}: the pipe did not end within ${PIPE_TIMEOUT_MS / 1000} seconds: refused (write the ${kind} to a file)`,
        );
      await sleep(10);
      continue;
    }
    if (bytesRead === 0) {
      if (writer) return Buffer.concat(chunks);
      if (Date.now() >= deadline) return null;
      await sleep(20);
      continue;
    }
    writer = true;
    size += bytesRead;
    if (size > maxBytes) throw tooLarge(source, kind, maxBytes);
    chunks.push(chunk.subarray(0, bytesRead));
  }
}

/**
 * Reads an input file (`-`: stdin) as UTF-8 text, within its kind's size limit.
 * @throws {@link InputError} (exit 2) for a file too large, a device, a directory, a /proc or /sys file,
 *   a named pipe without a writer; errors of `open` (ENOENT, EACCES) as they come, for the caller to word.
 */
export async function readInputFile(path: string, options: ReadInputOptions): Promise<string> {
  const { kind } = options;
  const maxBytes = options.maxBytes ?? INPUT_LIMITS[kind];
  if (path === "-") {
    const buffer = await readBounded(options.stdin ?? process.stdin, "stdin", kind, maxBytes);
    return decodeUtf8(buffer, "stdin");
  }
  const real = resolvedPath(path);
  const pseudo = isProcessFileDescriptor(real) ? undefined : pseudoFilesystemOf(real);
  if (pseudo)
    throw new InputError(`${path}: a file of the kernel's ${pseudo} file system, not a ${kind} file`);
  const deadline = Date.now() + (options.waitForWriterMs ?? 0);
  // Without blocking: opening a named pipe that has no writer would otherwise wait for one for ever.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new InputError(`${path}: a directory, not a ${kind} file`);
    if (stats.isCharacterDevice() || stats.isBlockDevice())
      throw new InputError(`${path}: a device, not a file: give the ${kind} as a file, or on stdin as -`);
    if (stats.isFIFO()) {
      const buffer = await readPipe(handle, path, kind, maxBytes, deadline, await isAnonymousPipe(handle));
      if (buffer === null) throw new InputError(`${path}: a named pipe with no writer: nothing to read`);
      return decodeUtf8(buffer, path);
    }
    if (!stats.isFile()) throw new InputError(`${path}: not a regular file, not a ${kind} file`);
    if (stats.size > maxBytes)
      throw new InputError(
        `${path}: ${sizeText(stats.size)}, more than the ${maxBytes / MIB} MiB ${oneOf(kind)} may have: refused before reading it`,
      );
    // Read to the end, not to the size stat gave: a file that grows while it is read is cut at the limit.
    const chunks: Buffer[] = [];
    let size = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(Math.max(stats.size - size, 65_536), maxBytes + 1 - size));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      size += bytesRead;
      if (size > maxBytes) throw tooLarge(path, kind, maxBytes);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return decodeUtf8(Buffer.concat(chunks), path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
