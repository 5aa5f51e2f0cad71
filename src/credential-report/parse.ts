/**
 * Parses the CSV text of an IAM credential report into typed rows.
 * Source: IAM User Guide, "Getting credential reports for your AWS account".
 */
import { CsvError, parse } from "csv-parse/sync";
import { CredentialReportFormatError } from "../model/errors.js";
import { quoteExcerpt } from "../model/escape.js";
import { BASE_COLUMNS, type ColumnName, CURRENT_COLUMNS, LAST_USED_COLUMNS } from "./columns.js";
import { mergeDuplicates } from "./duplicates.js";
import { MAX_ARN, MAX_USER_NAME } from "./limits.js";
import { plainRecords } from "./records.js";
import {
  type AccessKeySlot,
  type CertificateSlot,
  type CredentialReport,
  type CredentialReportRow,
  NOT_APPLICABLE,
  type ReportLayout,
  type ReportText,
  type ReportTime,
} from "./types.js";
import {
  type CellPosition,
  parseBooleanCell,
  parseStrictBooleanCell,
  parseTextCell,
  parseTimeCell,
  plainTime,
} from "./values.js";

/** Options of {@link parseCredentialReportCsv}. */
export interface ParseOptions {
  /** Name of the input for error messages (a path, `stdin`, `GetCredentialReport`). Default `credential report`. */
  readonly source?: string;
  /** The report's `GeneratedTime`, when the caller knows it. */
  readonly generatedAt?: Date;
  /**
   * What to do with a row that cannot be read (wrong number of fields, a cell that is not what its
   * column holds): `throw` (default) a {@link CredentialReportFormatError} naming the line, or `skip` the
   * row with a warning naming the line, so that one odd row does not cost every other user their
   * verdict (live scans, which then judge that user from the IAM API).
   */
  readonly badRows?: "throw" | "skip";
}

/** The ARN of an account root user, in any partition: `arn:aws:iam::123456789012:root`. */
const ROOT_ARN = /^arn:[a-z0-9-]+:iam::\d{12}:root$/;

/** The ARN of an IAM user, in any partition, with its path: group 1 is the user name. */
const USER_ARN = /^arn:[a-z0-9-]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/;

/** The user name the report gives the account root user. */
export const ROOT_USER_NAME = "<root_account>";

/** True when the row is the account root user: user `<root_account>` or an ARN ending in `:root`. */
export function isRootPrincipal(user: string, arn: string): boolean {
  return user === ROOT_USER_NAME || ROOT_ARN.test(arn);
}

/**
 * Why a row's user name and ARN disagree, or undefined when they agree: `<root_account>` goes with a
 * root ARN and only with it; an IAM user's ARN ends in its user name. A row that disagrees is never
 * judged as either (a user dropped as root would vanish without a finding).
 */
function identityProblem(user: string, arn: string): string | undefined {
  const rootName = user === ROOT_USER_NAME;
  const rootArn = ROOT_ARN.test(arn);
  if (rootName && !rootArn)
    return `user ${ROOT_USER_NAME} names the root user, but the arn ${quoteExcerpt(arn)} is not a root ARN (arn:<partition>:iam::<account>:root)`;
  if (rootArn && !rootName)
    return `the arn ${quoteExcerpt(arn)} is the root user's, but user is ${quoteExcerpt(user)}, not ${ROOT_USER_NAME}`;
  if (rootName) return undefined;
  const userArn = USER_ARN.exec(arn);
  if (!userArn)
    return `arn: expected an IAM user ARN (arn:<partition>:iam::<account>:user/<path><name>) or the root ARN, found ${quoteExcerpt(arn)}`;
  if (userArn[1] !== user)
    return `user ${quoteExcerpt(user)} does not match the arn ${quoteExcerpt(arn)} (user name ${userArn[1]})`;
  return undefined;
}

interface RawRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/**
 * Parses credential report CSV text.
 *
 * Accepts the current 22-column layout and the pre-April-2015 16-column one, columns in any order
 * (found by header name), unknown extra columns (ignored, with a warning), a UTF-8 BOM, CRLF or LF line
 * ends, with or without a trailing newline, a header with no rows, no root row, and duplicate rows for
 * one ARN (merged: the row with the most recent activity wins, with a warning).
 *
 * User names may hold commas (IAM allows `+=,.@_-`): quoted as RFC 4180 asks (`"smith,john"`) they are
 * read as they are; unquoted, the row has extra fields, and the name is recovered from the ARN (which
 * ends with `/` and the name, and may hold commas in its path too) when exactly one split of the extra
 * fields between `user` and `arn` fits, with a warning; otherwise the row is refused (see `badRows`).
 *
 * @param text - the CSV text (already decoded from base64 when it came from GetCredentialReport).
 * @returns the typed report; timestamps are UTC `Date`s, placeholders are token values.
 * @throws {@link CredentialReportFormatError} naming the source, line and column: a missing required
 *   column, or (unless `badRows` is `skip`) a row with the wrong number of fields or a cell that is not
 *   what its column holds.
 */
export function parseCredentialReportCsv(text: string, options: ParseOptions = {}): CredentialReport {
  const source = options.source ?? "credential report";
  const records = readRecords(text, source);
  const [header, ...body] = records;
  if (!header) {
    throw new CredentialReportFormatError(
      source,
      1,
      undefined,
      "empty input: expected a credential report header starting with user,arn,...",
    );
  }
  const { index, layout, warnings } = readHeader(header, source);
  const positions = columnPositions(index);
  const rows: CredentialReportRow[] = [];
  for (const raw of body) {
    try {
      const record = recoverUnquotedName(raw, index, header.record.length, source, warnings);
      rows.push(readRow(record, positions, layout, header.record.length, source));
    } catch (error) {
      if (options.badRows !== "skip" || !(error instanceof CredentialReportFormatError)) throw error;
      warnings.push(`${error.message}: row skipped`);
    }
  }
  const merged = mergeDuplicates(rows, warnings);
  return { layout, generatedAt: options.generatedAt, rows: merged, warnings };
}

function readRecords(text: string, source: string): RawRecord[] {
  // A report that quotes nothing (as IAM writes it) needs no CSV parser: the same records, faster.
  const plain = plainRecords(text);
  if (plain) return plain;
  try {
    return parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      // A quote inside an unquoted field is part of the value (an emulator writes `bob"x` unquoted),
      // not an error that would cost every user of the report its verdicts.
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as RawRecord[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new CredentialReportFormatError(source, line, undefined, `not valid CSV: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

type ColumnIndex = ReadonlyMap<ColumnName, number>;

/** Each known column's 0-based position in a record, -1 when the header lacks it (read once per row). */
type ColumnPositions = Readonly<Record<ColumnName, number>>;

/**
 * The positions of the known columns, keyed by our own column names (never by a header's text), so
 * that reading a row's 22 cells is an array index each rather than a Map lookup.
 */
function columnPositions(index: ColumnIndex): ColumnPositions {
  const positions = {} as Record<ColumnName, number>;
  for (const name of CURRENT_COLUMNS) positions[name] = index.get(name) ?? -1;
  return positions;
}

function readHeader(
  header: RawRecord,
  source: string,
): { index: ColumnIndex; layout: ReportLayout; warnings: string[] } {
  const index = new Map<string, number>();
  const warnings: string[] = [];
  header.record.forEach((name, position) => {
    if (!index.has(name)) index.set(name, position);
  });
  const glued = header.record.some((name) => name.startsWith("arn:"))
    ? " (the header line also holds row data such as an ARN: is the line break after the header missing?)"
    : "";
  const first = header.record[0] ?? "";
  if (header.record.length === 1 && /^user;arn(;|$)/.test(first))
    throw new CredentialReportFormatError(
      source,
      header.info.lines,
      undefined,
      "the header is separated by ';', not ',': save the report as comma-separated CSV",
    );
  for (const name of BASE_COLUMNS) {
    if (!index.has(name)) {
      throw new CredentialReportFormatError(
        source,
        header.info.lines,
        undefined,
        `the header has no column ${name}: expected a credential report header (user,arn,user_creation_time,...)${glued}`,
      );
    }
  }
  const known = new Set<string>([...BASE_COLUMNS, ...LAST_USED_COLUMNS]);
  // A column read twice is ambiguous; an unknown one (`,,` after the header: empty names) is ignored.
  header.record.forEach((name, position) => {
    if (known.has(name) && index.get(name) !== position) {
      throw new CredentialReportFormatError(
        source,
        header.info.lines,
        position + 1,
        `the column ${name} appears twice in the header`,
      );
    }
  });
  const lastUsedPresent = LAST_USED_COLUMNS.filter((name) => index.has(name));
  if (lastUsedPresent.length > 0 && lastUsedPresent.length < LAST_USED_COLUMNS.length) {
    const missing = LAST_USED_COLUMNS.filter((name) => !index.has(name));
    throw new CredentialReportFormatError(
      source,
      header.info.lines,
      undefined,
      `the header has no column ${missing.join(", ")}`,
    );
  }
  const unknown = header.record.filter((name) => !known.has(name));
  if (unknown.length > 0) warnings.push(`${source}: ignored unknown columns: ${shownColumns(unknown)}`);
  const layout: ReportLayout = lastUsedPresent.length > 0 ? "22-column" : "16-column";
  return { index: index as ColumnIndex, layout, warnings };
}

/**
 * A row whose unquoted user name held commas, put back together: the `k` extra fields are shared between
 * the `user` cell and the `arn` cell right after it; the one split where the ARN is an IAM user ARN
 * ending with `/` and the name is taken. Any other row is returned as it is.
 */
function recoverUnquotedName(
  raw: RawRecord,
  index: ColumnIndex,
  width: number,
  source: string,
  warnings: string[],
): RawRecord {
  const extra = raw.record.length - width;
  const userAt = index.get("user") as number;
  // More extra fields than an ARN has characters: no name of IAM's, and trying every split of them would
  // take time quadratic in their number.
  if (extra <= 0 || extra > MAX_ARN || index.get("arn") !== userAt + 1) return raw;
  const fits: { name: string; arn: string }[] = [];
  for (let nameFields = 1; nameFields <= extra + 1; nameFields += 1) {
    const name = raw.record.slice(userAt, userAt + nameFields).join(",");
    if (name.length > MAX_USER_NAME) break; // longer with every field taken
    const arn = raw.record.slice(userAt + nameFields, userAt + extra + 2).join(",");
    if (/^arn:[a-z0-9-]+:iam::\d{12}:user\//.test(arn) && arn.endsWith(`/${name}`)) fits.push({ name, arn });
  }
  const [fit] = fits;
  if (!fit || fits.length > 1) return raw;
  warnings.push(
    `${source}, line ${raw.info.lines}: the user name ${quoteExcerpt(fit.name)} holds commas but is not quoted (RFC 4180): read from the ARN, which ends with it`,
  );
  return {
    record: [...raw.record.slice(0, userAt), fit.name, fit.arn, ...raw.record.slice(userAt + extra + 2)],
    info: raw.info,
  };
}

/** The columns of each access key slot (names built once, not per row). */
const KEY_COLUMNS = {
  1: {
    active: "access_key_1_active",
    lastRotated: "access_key_1_last_rotated",
    lastUsedDate: "access_key_1_last_used_date",
    lastUsedRegion: "access_key_1_last_used_region",
    lastUsedService: "access_key_1_last_used_service",
  },
  2: {
    active: "access_key_2_active",
    lastRotated: "access_key_2_last_rotated",
    lastUsedDate: "access_key_2_last_used_date",
    lastUsedRegion: "access_key_2_last_used_region",
    lastUsedService: "access_key_2_last_used_service",
  },
} as const;

function readRow(
  raw: RawRecord,
  positions: ColumnPositions,
  layout: ReportLayout,
  width: number,
  source: string,
): CredentialReportRow {
  const line = raw.info.lines;
  if (raw.record.length !== width) {
    throw new CredentialReportFormatError(
      source,
      line,
      Math.min(raw.record.length, width) + 1,
      `expected ${width} fields like the header, found ${raw.record.length}`,
    );
  }
  const at = (name: ColumnName): CellPosition => ({
    source,
    line,
    column: positions[name] + 1,
    columnName: name,
  });
  const cell = (name: ColumnName): string => raw.record[positions[name]] ?? "";
  // The cells as IAM writes them are read here; anything else (and its error, with the cell's position)
  // goes to the cell parsers.
  const bool = (name: ColumnName): boolean => {
    const text = cell(name);
    return text === "true" ? true : text === "false" ? false : parseStrictBooleanCell(text, at(name));
  };
  const time = (name: ColumnName): ReportTime => {
    const text = cell(name);
    return text === "N/A" ? NOT_APPLICABLE : (plainTime(text) ?? parseTimeCell(text, at(name)));
  };
  const freeText = (name: ColumnName): ReportText => parseTextCell(cell(name), () => at(name));

  const user = cell("user");
  const arn = cell("arn");
  if (user === "")
    throw new CredentialReportFormatError(
      source,
      line,
      at("user").column,
      "user: expected a user name, found an empty cell",
    );
  // Before any pattern reads them: a cell beyond IAM's limits is no user of AWS's report (and would be
  // copied into every finding and output of the user).
  if (user.length > MAX_USER_NAME)
    throw new CredentialReportFormatError(
      source,
      line,
      at("user").column,
      `user: expected an IAM user name of at most ${MAX_USER_NAME} characters, found ${user.length}: ${quoteExcerpt(user)}`,
    );
  if (arn.length > MAX_ARN)
    throw new CredentialReportFormatError(
      source,
      line,
      at("arn").column,
      `arn: expected an ARN of at most ${MAX_ARN} characters, found ${arn.length}: ${quoteExcerpt(arn)}`,
    );
  if (!arn.startsWith("arn:")) {
    throw new CredentialReportFormatError(
      source,
      line,
      at("arn").column,
      `arn: expected an ARN, found ${quoteExcerpt(arn)}`,
    );
  }
  const disagreement = identityProblem(user, arn);
  if (disagreement !== undefined)
    throw new CredentialReportFormatError(source, line, at("arn").column, disagreement);

  const keySlot = (slot: 1 | 2): AccessKeySlot => {
    const names = KEY_COLUMNS[slot];
    const hasLastUsed = layout === "22-column";
    return {
      slot,
      active: bool(names.active),
      lastRotated: time(names.lastRotated),
      lastUsedDate: hasLastUsed ? time(names.lastUsedDate) : null,
      lastUsedRegion: hasLastUsed ? freeText(names.lastUsedRegion) : null,
      lastUsedService: hasLastUsed ? freeText(names.lastUsedService) : null,
    };
  };
  const certSlot = (slot: 1 | 2): CertificateSlot => ({
    slot,
    active: bool(slot === 1 ? "cert_1_active" : "cert_2_active"),
    lastRotated: time(slot === 1 ? "cert_1_last_rotated" : "cert_2_last_rotated"),
  });

  return {
    line,
    user,
    arn,
    isRoot: user === ROOT_USER_NAME, // its ARN agrees (checked above)
    userCreationTime: time("user_creation_time"),
    passwordEnabled: parseBooleanCell(cell("password_enabled"), at("password_enabled"), [
      "not_supported",
      "N/A",
    ]),
    passwordLastUsed: time("password_last_used"),
    passwordLastChanged: time("password_last_changed"),
    passwordNextRotation: time("password_next_rotation"),
    mfaActive: bool("mfa_active"),
    accessKeys: [keySlot(1), keySlot(2)],
    certificates: [certSlot(1), certSlot(2)],
  };
}

/**
 * Unknown column names for the warning: a plain name as written (`future_column`), any other quoted and
 * cut ({@link quoteExcerpt}), and empty names (a header ending with a comma) said to be empty.
 */
function shownColumns(names: readonly string[]): string {
  const empty = names.filter((name) => name === "").length;
  const shown = [...new Set(names)]
    .filter((name) => name !== "")
    .map((name) => (/^[\w.-]{1,120}$/.test(name) ? name : quoteExcerpt(name)));
  if (empty === 1) shown.push('"" (an empty column name)');
  if (empty > 1) shown.push(`"" (${empty} empty column names)`);
  return shown.join(", ");
}
