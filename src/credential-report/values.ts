/**
 * Cell parsers for the credential report. Each returns a typed value or throws a
 * {@link CredentialReportFormatError} naming the line, column and what was expected.
 */
import { CredentialReportFormatError } from "../model/errors.js";
import { isoTime, parseIsoTime } from "../model/time.js";
import {
  isToken,
  NO_INFORMATION,
  NOT_APPLICABLE,
  NOT_SUPPORTED,
  type ReportBoolean,
  type ReportText,
  type ReportTime,
  type ReportToken,
  type TokenValue,
} from "./types.js";

/** Where a cell is, for error messages. `column` is 1-based. */
export interface CellPosition {
  readonly source: string;
  readonly line: number;
  readonly column: number;
  readonly columnName: string;
}

const TOKENS: Readonly<Record<ReportToken, TokenValue>> = {
  "N/A": NOT_APPLICABLE,
  no_information: NO_INFORMATION,
  not_supported: NOT_SUPPORTED,
};

/** ISO 8601 as IAM writes it: seconds precision (fraction tolerated), `Z` or a `+hh:mm` offset. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function tokenOf(cell: string): TokenValue | undefined {
  return Object.hasOwn(TOKENS, cell) ? TOKENS[cell as ReportToken] : undefined;
}

function fail(at: CellPosition, expected: string, cell: string): never {
  throw new CredentialReportFormatError(
    at.source,
    at.line,
    at.column,
    `${at.columnName}: expected ${expected}, found ${JSON.stringify(cell)}`,
  );
}

/** Parses `true`/`false` in any letter case; `allowTokens` lists the placeholders the column may hold. */
export function parseBooleanCell(
  cell: string,
  at: CellPosition,
  allowTokens: readonly ReportToken[] = [],
): ReportBoolean {
  const lower = cell.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  const token = tokenOf(cell);
  if (token && allowTokens.includes(token.token)) return token;
  return fail(at, ["true", "false", ...allowTokens].join(", ").replace(/, ([^,]*)$/, " or $1"), cell);
}

/** Like {@link parseBooleanCell} for columns that never hold a placeholder. */
export function parseStrictBooleanCell(cell: string, at: CellPosition): boolean {
  return parseBooleanCell(cell, at) as boolean;
}

/**
 * Parses an ISO 8601 timestamp (`2023-01-03T09:38:09+00:00` or `2025-01-28T17:25:12Z`) to a UTC `Date`,
 * or one of the placeholder tokens. Anything else is an error.
 */
export function parseTimeCell(cell: string, at: CellPosition): ReportTime {
  const token = tokenOf(cell);
  if (token) return token;
  if (TIMESTAMP.test(cell)) {
    const parsed = parseIsoTime(cell);
    if (parsed.ok) return parsed.date;
    throw new CredentialReportFormatError(
      at.source,
      at.line,
      at.column,
      `${at.columnName}: ${JSON.stringify(cell)} is not a real time: ${parsed.problem}`,
    );
  }
  return fail(
    at,
    "an ISO 8601 timestamp (e.g. 2025-01-28T17:25:12Z), N/A, no_information or not_supported",
    cell,
  );
}

/** A free-text cell (region, service): a placeholder token or the text itself. */
export function parseTextCell(cell: string): ReportText {
  return tokenOf(cell) ?? cell;
}

/** A report cell as JSON-safe evidence: ISO time, text, or the placeholder token itself (`N/A`). */
export function cellEvidence(value: ReportTime | ReportText | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return isoTime(value);
  if (isToken(value)) return value.token;
  return value;
}
