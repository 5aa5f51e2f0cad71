/**
 * What a scan produces: the document the JSON output prints (schema: docs/json-output.md), shared by the
 * use cases that run scans (app/) and the reporters that print them (report/).
 */
import type { Finding } from "../model/finding.js";
import type { SnapshotSource } from "../snapshot/types.js";
import type { Summary } from "./summary.js";

/** JSON output schema version. Fields are only ever added, never renamed. */
export const SCHEMA_VERSION = 1;

/** One scanned account in {@link ScanInfo}. */
export interface ScannedAccount {
  readonly accountId: string;
  readonly partition: string;
  /** Logical AWS API calls made for this account, per `service:Operation` (live scans only). */
  readonly apiCalls?: Readonly<Record<string, number>>;
  /** Multi-account scans only: the account's name in the Organization, or null when not listed. */
  readonly name?: string | null;
  /**
   * Multi-account scans only: `completed` (every rule judged), or `failed` (the role could not be
   * assumed, the account could not be read, or a rule gave an ERROR finding; see `error`).
   */
  readonly outcome?: AccountOutcome;
  /** Multi-account scans only, failed accounts: why, in one sentence. */
  readonly error?: string;
  /** Multi-account scans only: wall time of this account's scan in milliseconds (assuming the role included). */
  readonly durationMs?: number;
  /** Multi-account scans only: `GeneratedTime` of this account's credential report, or null. */
  readonly credentialReportGeneratedAt?: string | null;
}

/** How one account's part of a multi-account scan ended. */
export type AccountOutcome = "completed" | "failed";

/** Progress of one account in a multi-account scan, for progress displays. */
export type AccountEvent =
  | {
      readonly type: "start";
      readonly accountId: string;
      readonly name: string | null;
      readonly total: number;
    }
  | {
      readonly type: "phase";
      readonly accountId: string;
      readonly name: string | null;
      /** What the account waits for now: "assuming role", "waiting for the credential report", ... */
      readonly phase: string;
    }
  | {
      readonly type: "done";
      readonly accountId: string;
      readonly name: string | null;
      readonly account: ScannedAccount;
      readonly summary: Summary;
      /** Accounts finished so far, this one included, and how many there are. */
      readonly done: number;
      readonly total: number;
    };

/**
 * One account's findings in a multi-account scan, handed to a findings sink
 * (`ScanOptions.onAccountFindings`) as the account finishes instead of being kept for the result.
 */
export interface AccountFindings {
  /** The account's place in the run's account list, from 0 (its entry in `scan.accounts`). */
  readonly index: number;
  readonly account: ScannedAccount;
  /** Its findings, in the order the result would hold them. */
  readonly findings: readonly Finding[];
}

/** What was scanned, when, from what. Times are ISO 8601 UTC. */
export interface ScanInfo {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly source: SnapshotSource;
  readonly accounts: readonly ScannedAccount[];
  /** `GeneratedTime` of the credential report, or null when unknown (a bare CSV file) or not obtained. */
  readonly credentialReportGeneratedAt: string | null;
  /** Seconds between the report's generation and the scan start; null when unknown. */
  readonly credentialReportAgeSeconds: number | null;
  /**
   * `scan --snapshot` only: when the snapshot was collected (ISO 8601 UTC). The verdicts are of that
   * time; `startedAt` is when it was judged.
   */
  readonly snapshotCollectedAt?: string;
}

/**
 * Findings that can be read in order, as often as needed, and by position: an array, or (a
 * multi-account scan of the CLI) a spool on disk that parses each finding when it is read, so that
 * no run holds every finding of an Organization. Readers must not assume two reads of one position
 * give the same object.
 */
export interface FindingSequence extends Iterable<Finding> {
  /** How many findings there are. */
  readonly length: number;
  /** The finding at `index` (from 0), or undefined outside 0 … length − 1. */
  at(index: number): Finding | undefined;
}

/**
 * A {@link ScanResult} whose findings are a {@link FindingSequence}: what the reports and the
 * history read. Every ScanResult is one.
 */
export interface ScanReport extends Omit<ScanResult, "findings"> {
  readonly findings: FindingSequence;
}

/** The result of a scan. */
export interface ScanResult {
  readonly schemaVersion: number;
  readonly scan: ScanInfo;
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  /** Things the user should know that are not findings (stale report, merged duplicate rows). */
  readonly warnings: readonly string[];
}
