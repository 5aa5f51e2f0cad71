/**
 * Duplicate rows for one ARN in a credential report (a CSV file, or the rows of a snapshot file): one
 * principal judged once, from the row with the most recent activity, with a warning naming the rows.
 */
import type { CredentialReportRow, ReportTime } from "./types.js";

/**
 * How the warnings of {@link mergeDuplicates} name rows: the CSV's line numbers
 * (`at lines 2 and 3: using line 3`), a snapshot file's field paths (`at credentialReport.rows.0 and
 * credentialReport.rows.3: using credentialReport.rows.3`).
 */
export interface RowPositions {
  /** The two rows found for one ARN, the earlier first: `lines 2 and 3`. */
  readonly both: (earlier: string, later: string) => string;
  /** The row kept: `line 3`. */
  readonly one: (kept: string) => string;
  /** The position of the row at `index` in the list given: `3` (its line), `credentialReport.rows.0`. */
  readonly of: (row: CredentialReportRow, index: number) => string;
}

/** Rows named by the line of the CSV they were read from. */
export const CSV_LINES: RowPositions = {
  both: (earlier, later) => `lines ${earlier} and ${later}`,
  one: (kept) => `line ${kept}`,
  of: (row) => String(row.line),
};

/** The most recent time the row shows activity (creation, password, access keys), in ms; -∞ for none. */
function latestActivity(row: CredentialReportRow): number {
  const times: ReportTime[] = [
    row.userCreationTime,
    row.passwordLastUsed,
    row.passwordLastChanged,
    ...row.accessKeys.flatMap((key) => [key.lastRotated, key.lastUsedDate ?? row.userCreationTime]),
  ];
  return Math.max(...times.map((time) => (time instanceof Date ? time.getTime() : Number.NEGATIVE_INFINITY)));
}

/**
 * One row per ARN, in the order of each ARN's first row: of two rows for one ARN the one with the most
 * recent activity wins (the later one on a tie), and a warning naming both rows and the winner is
 * pushed onto `warnings`.
 * @param rows - the report's rows, in their order.
 * @param warnings - receives one warning per duplicate row.
 * @param positions - how the warnings name rows (default: CSV lines).
 */
export function mergeDuplicates(
  rows: readonly CredentialReportRow[],
  warnings: string[],
  positions: RowPositions = CSV_LINES,
): CredentialReportRow[] {
  const byArn = new Map<string, { row: CredentialReportRow; at: string }>();
  for (const [index, row] of rows.entries()) {
    const at = positions.of(row, index);
    const seen = byArn.get(row.arn);
    if (!seen) {
      byArn.set(row.arn, { row, at });
      continue;
    }
    const keep = latestActivity(row) >= latestActivity(seen.row) ? { row, at } : seen;
    warnings.push(
      `duplicate rows for ${row.arn} at ${positions.both(seen.at, at)}: using ${positions.one(keep.at)}, the one with the most recent activity`,
    );
    byArn.set(row.arn, keep);
  }
  return [...byArn.values()].map((entry) => entry.row);
}
