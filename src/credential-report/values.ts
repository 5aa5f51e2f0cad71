/**
 * Cell parsers for the credential report. Each returns a typed value or throws a
 * {@link CredentialReportFormatError} naming the line, column and what was expected.
 */
import { CredentialReportFormatError } from "../model/errors.js";
import { quoteExcerpt } from "../model/escape.js";
import { isoTime, parseIsoTime } from "../model/time.js";
import { MAX_TEXT_CELL } from "./limits.js";
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
    `${at.columnName}: expected ${expected}, found ${quoteExcerpt(cell)}`,
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

/** The number of the `length` ASCII digits of `text` from `start`, or -1 when one is not a digit. */
function digits(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index++) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/**
 * The instant of a cell in one of the two shapes IAM writes, `2025-01-28T17:25:12Z` and
 * `2023-01-03T09:38:09+00:00`, when every field is in range; undefined for anything else, which
 * {@link parseIsoTime} then reads (the same instant, or the reason it is none). The same checks as
 * parseIsoTime, without its regular expression and arrays: most cells of a report are such times.
 */
export function plainTime(cell: string): Date | undefined {
  let offsetMinutes = 0;
  if (cell.length === 25) {
    const sign = cell.charCodeAt(19);
    const hours = digits(cell, 20, 2);
    const minutes = digits(cell, 23, 2);
    if ((sign !== 43 && sign !== 45) || cell.charCodeAt(22) !== 58 || hours < 0 || hours > 23)
      return undefined;
    if (minutes < 0 || minutes > 59) return undefined;
    offsetMinutes = (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
  } else if (cell.length !== 20 || cell.charCodeAt(19) !== 90) return undefined;
  if (
    cell.charCodeAt(4) !== 45 ||
    cell.charCodeAt(7) !== 45 ||
    cell.charCodeAt(10) !== 84 ||
    cell.charCodeAt(13) !== 58 ||
    cell.charCodeAt(16) !== 58
  )
    return undefined;
  const year = digits(cell, 0, 4);
  const month = digits(cell, 5, 2);
  const day = digits(cell, 8, 2);
  const hour = digits(cell, 11, 2);
  const minute = digits(cell, 14, 2);
  const second = digits(cell, 17, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  if (day > 28 && day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, 0) - offsetMinutes * 60_000);
}

/**
 * Parses an ISO 8601 timestamp (`2023-01-03T09:38:09+00:00` or `2025-01-28T17:25:12Z`) to a UTC `Date`,
 * or one of the placeholder tokens. Anything else is an error.
 */
export function parseTimeCell(cell: string, at: CellPosition): ReportTime {
  const plain = plainTime(cell);
  if (plain) return plain;
  const token = tokenOf(cell);
  if (token) return token;
  if (TIMESTAMP.test(cell)) {
    const parsed = parseIsoTime(cell);
    if (parsed.ok) return parsed.date;
    throw new CredentialReportFormatError(
      at.source,
      at.line,
      at.column,
      `${at.columnName}: ${quoteExcerpt(cell)} is not a real time: ${parsed.problem}`,
    );
  }
  return fail(
    at,
    "an ISO 8601 timestamp (e.g. 2025-01-28T17:25:12Z), N/A, no_information or not_supported",
    cell,
  );
}

/**
 * A free-text cell (region, service): a placeholder token or the text itself. `at` gives where the cell
 * is, asked only for an error (a cell of every row: no position object made for the ones that pass).
 * @throws {@link CredentialReportFormatError} for text longer than {@link MAX_TEXT_CELL} characters.
 */
export function parseTextCell(cell: string, at: () => CellPosition): ReportText {
  if (cell.length > MAX_TEXT_CELL) fail(at(), `a name of at most ${MAX_TEXT_CELL} characters`, cell);
  return tokenOf(cell) ?? cell;
}

/** A report cell as JSON-safe evidence: ISO time, text, or the placeholder token itself (`N/A`). */
export function cellEvidence(value: ReportTime | ReportText | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return isoTime(value);
  if (isToken(value)) return value.token;
  return value;
}
