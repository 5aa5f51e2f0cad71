/**
 * The findings of a multi-account scan, kept on disk instead of in memory: each account's findings are
 * appended as they arrive (`ScanOptions.onAccountFindings`, in the order accounts finish), and read back
 * in the order the accounts were listed, one finding at a time ({@link SpooledFindings}), by the
 * mutelist, the history and every report. What stays in memory is 9 bytes per finding (its place in
 * the file, and its status and severity, from which the exit code is decided without reading the file
 * again) plus, once known, its mute and `firstSeen`.
 *
 * The file is NDJSON, one finding per line, each finding's `frameworks` replaced by the number of its
 * mapping in a table kept in memory (a rule's findings share one mapping, the largest part of a
 * finding). It is created in the system's temporary directory (`TMPDIR`) with mode 0600 and exclusive
 * creation, and unlinked at once: it is read and written through its open descriptor only, and
 * disappears when the process ends however it ends. Findings hold no secret (DESIGN.md), but they do
 * describe the account, hence the mode.
 */
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FindingSequence } from "../engine/result.js";
import { OutputError } from "../model/errors.js";
import {
  type Finding,
  type FrameworkMappings,
  type MuteInfo,
  SEVERITIES,
  type Severity,
  type Status,
} from "../model/finding.js";
import { markFinished, markUnfinished } from "../model/unfinished-files.js";

/** Bytes read from the file at a time while iterating (one longer finding is read whole). */
const READ_CHUNK_BYTES = 1 << 20;

/** The statuses, numbered for {@link FindingSpool}'s one byte per finding. */
const STATUSES: readonly Status[] = ["PASS", "FAIL", "MANUAL", "ERROR"];

/** A finding's status and severity in one byte: status number × 8 + severity number. */
function verdictByte(finding: Finding): number {
  return STATUSES.indexOf(finding.status) * 8 + SEVERITIES.indexOf(finding.severity);
}

/** What decides a finding's part in the exit code (engine/summary `exitCodeFor`). */
export type FindingVerdict = Pick<Finding, "status" | "muted" | "severity">;

/** One account's findings in the file: slots `first` … `first + count − 1`. */
interface Block {
  /** The account's place in the listed order. */
  readonly index: number;
  readonly first: number;
  readonly count: number;
}

/** What the findings of a {@link SpooledFindings} view carry besides what was spooled. */
interface Overlay {
  /** Per position: the mutelist entry muting the finding, or undefined. */
  readonly mutes?: readonly (MuteInfo | undefined)[];
  /** Per position: the finding's `firstSeen` from the history. */
  readonly firstSeen?: readonly string[];
}

/** Writes findings to the spool file; {@link finish} gives the sequence to read them back. */
export class FindingSpool {
  private readonly fd: number;
  private readonly path: string;
  private readonly unlinked: boolean;
  /** Byte offset where each slot's line starts; `offsets[slots]` is the end of the file. */
  private offsets = new Float64Array(1024);
  /** Each slot's status and severity ({@link verdictByte}). */
  private verdicts = new Uint8Array(1024);
  private slots = 0;
  private readonly blocks: Block[] = [];
  private readonly mappingIds = new Map<FrameworkMappings, number>();
  private readonly mappingIdsByText = new Map<string, number>();
  private readonly mappings: FrameworkMappings[] = [];
  private closed = false;
  /** Set when a write failed: the file may end with part of a line, so nothing more is added. */
  private failed = false;

  /**
   * Creates the spool file in `dir` (default: the system's temporary directory).
   * @throws {@link OutputError} naming the directory when the file cannot be created.
   */
  constructor(dir: string = tmpdir()) {
    this.path = join(dir, `cloudpatrol-findings-${process.pid}-${randomBytes(6).toString("hex")}.ndjson`);
    try {
      this.fd = openSync(this.path, "wx+", 0o600);
    } catch (error) {
      throw new OutputError(
        `cannot create a temporary file for the findings in ${dir} (set TMPDIR to a writable directory): ${(error as Error).message}`,
        { cause: error },
      );
    }
    let unlinked = false;
    try {
      unlinkSync(this.path);
      unlinked = true;
    } catch {
      // A system that cannot remove an open file: removed when the spool is closed, or on interruption.
      markUnfinished(this.path);
    }
    this.unlinked = unlinked;
  }

  /** The number of `mappings`' entry equal to `frameworks` (added when new). */
  private mappingId(frameworks: FrameworkMappings): number {
    const known = this.mappingIds.get(frameworks);
    if (known !== undefined) return known;
    const text = JSON.stringify(frameworks);
    let id = this.mappingIdsByText.get(text);
    if (id === undefined) {
      id = this.mappings.length;
      this.mappings.push(frameworks);
      this.mappingIdsByText.set(text, id);
    }
    this.mappingIds.set(frameworks, id);
    return id;
  }

  /**
   * Appends the findings of the account listed at `index` (each account once).
   * @throws {@link OutputError} when the file cannot be written (a full disk).
   */
  add(index: number, findings: readonly Finding[]): void {
    if (this.closed) throw new Error("the finding spool is closed");
    if (this.failed) throw new Error("the finding spool could not be written");
    const lines: string[] = [];
    const lengths: number[] = [];
    for (const finding of findings) {
      const line = `${JSON.stringify({ ...finding, frameworks: this.mappingId(finding.frameworks) })}\n`;
      lines.push(line);
      lengths.push(Buffer.byteLength(line));
    }
    try {
      // writeSync writes once: a disk filling up mid-way writes part and says how much.
      const bytes = Buffer.from(lines.join(""), "utf8");
      for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done, bytes.length - done);
    } catch (error) {
      this.failed = true;
      throw new OutputError(
        `cannot write the findings to a temporary file in ${tmpdir()} (set TMPDIR to a directory with space): ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.blocks.push({ index, first: this.slots, count: findings.length });
    findings.forEach((finding, at) => {
      if (this.slots + 1 >= this.offsets.length) {
        const grown = new Float64Array(this.offsets.length * 2);
        grown.set(this.offsets);
        this.offsets = grown;
        const verdicts = new Uint8Array(grown.length);
        verdicts.set(this.verdicts);
        this.verdicts = verdicts;
      }
      this.offsets[this.slots + 1] = (this.offsets[this.slots] ?? 0) + (lengths[at] ?? 0);
      this.verdicts[this.slots] = verdictByte(finding);
      this.slots += 1;
    });
  }

  /** Every finding added, in the accounts' listed order. Further {@link add}s are not in it. */
  findings(): SpooledFindings {
    const blocks = [...this.blocks].sort((a, b) => a.index - b.index);
    return new SpooledFindings(this.reader(), blocks, {});
  }

  /** Closes (and where it still exists removes) the file; any sequence of it can no longer be read. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    if (!this.unlinked) {
      try {
        unlinkSync(this.path);
      } catch {
        // Already gone.
      }
      markFinished(this.path);
    }
  }

  private reader(): SpoolReader {
    return {
      read: (buffer, length, position) => {
        if (this.closed) throw new Error("the finding spool is closed");
        return readSync(this.fd, buffer, 0, length, position);
      },
      offset: (slot) => this.offsets[slot] ?? 0,
      verdict: (slot) => this.verdicts[slot] ?? 0,
      mapping: (id) => this.mappings[id] ?? {},
    };
  }
}

/** How a {@link SpooledFindings} reads the file. */
interface SpoolReader {
  /** Reads `length` bytes at byte `position` into `buffer` from 0; returns the bytes read. */
  read(buffer: Buffer, length: number, position: number): number;
  /** The byte offset where `slot`'s line starts (of the slot after the last: the end). */
  offset(slot: number): number;
  /** The status and severity of the finding in `slot` ({@link verdictByte}). */
  verdict(slot: number): number;
  /** The framework mappings numbered `id`. */
  mapping(id: number): FrameworkMappings;
}

/**
 * The spooled findings in the accounts' listed order: a {@link FindingSequence} whose every read parses
 * the finding again from the file (a new object each time; equal mappings are one shared object).
 */
export class SpooledFindings implements FindingSequence {
  readonly length: number;
  /** The listed position of each block's first finding. */
  private readonly starts: number[];

  constructor(
    private readonly reader: SpoolReader,
    private readonly blocks: readonly Block[],
    private readonly overlay: Overlay,
  ) {
    let position = 0;
    this.starts = blocks.map((block) => {
      const start = position;
      position += block.count;
      return start;
    });
    this.length = position;
  }

  /** The same findings, each muted as `mutes` says (per position; see `applyMutelist`). */
  withMutes(mutes: readonly (MuteInfo | undefined)[]): SpooledFindings {
    return new SpooledFindings(this.reader, this.blocks, { ...this.overlay, mutes });
  }

  /** The same findings, each with its `firstSeen` (per position, from the history). */
  withFirstSeen(firstSeen: readonly string[]): SpooledFindings {
    return new SpooledFindings(this.reader, this.blocks, { ...this.overlay, firstSeen });
  }

  /**
   * Each finding's status, severity and whether it is muted, in listed order, from memory: what the exit
   * code needs, without reading the file.
   */
  *verdicts(): Generator<FindingVerdict> {
    let position = 0;
    for (const block of this.blocks) {
      for (let slot = block.first; slot < block.first + block.count; slot++) {
        const byte = this.reader.verdict(slot);
        yield {
          status: STATUSES[byte >> 3] as Status,
          severity: SEVERITIES[byte & 7] as Severity,
          muted: this.overlay.mutes?.[position] !== undefined,
        };
        position += 1;
      }
    }
  }

  /** The finding at listed `position`, read and parsed from the file. */
  at(position: number): Finding | undefined {
    if (!Number.isInteger(position) || position < 0 || position >= this.length) return undefined;
    let low = 0;
    let high = this.blocks.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] ?? 0) <= position) low = middle;
      else high = middle - 1;
    }
    const block = this.blocks[low] as Block;
    const slot = block.first + position - (this.starts[low] ?? 0);
    const start = this.reader.offset(slot);
    const length = this.reader.offset(slot + 1) - start;
    const buffer = Buffer.allocUnsafe(length);
    this.readFully(buffer, length, start);
    return this.parse(buffer.toString("utf8", 0, length - 1), position);
  }

  *[Symbol.iterator](): Iterator<Finding> {
    let buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
    let position = 0;
    for (const block of this.blocks) {
      const end = block.first + block.count;
      for (let slot = block.first; slot < end; ) {
        // As many whole lines as fit in one read (at least one).
        const base = this.reader.offset(slot);
        let last = slot + 1;
        while (last < end && this.reader.offset(last + 1) - base <= buffer.length) last += 1;
        const length = this.reader.offset(last) - base;
        if (length > buffer.length) buffer = Buffer.allocUnsafe(length);
        this.readFully(buffer, length, base);
        for (; slot < last; slot++) {
          const from = this.reader.offset(slot) - base;
          const to = this.reader.offset(slot + 1) - base - 1;
          yield this.parse(buffer.toString("utf8", from, to), position);
          position += 1;
        }
      }
    }
  }

  private readFully(buffer: Buffer, length: number, position: number): void {
    let done = 0;
    while (done < length) {
      const read = this.reader.read(
        done === 0 ? buffer : buffer.subarray(done),
        length - done,
        position + done,
      );
      if (read === 0) throw new Error("the finding spool file ended early");
      done += read;
    }
  }

  private parse(line: string, position: number): Finding {
    const finding = JSON.parse(line) as { -readonly [K in keyof Finding]: Finding[K] } & {
      frameworks: FrameworkMappings | number;
    };
    finding.frameworks = this.reader.mapping(finding.frameworks as number);
    const mute = this.overlay.mutes?.[position];
    if (mute !== undefined) {
      finding.muted = true;
      finding.mute = mute;
    }
    const firstSeen = this.overlay.firstSeen?.[position];
    if (firstSeen !== undefined) finding.firstSeen = firstSeen;
    return finding as Finding;
  }
}
