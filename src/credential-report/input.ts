/**
 * Turns the bytes of a `--credential-report` input into a parsed report. Accepts:
 * - raw CSV, as downloaded from the IAM console or decoded from the API;
 * - the JSON printed by `aws iam get-credential-report` (`Content` base64-encoded, decoded exactly once);
 * - a recorded SDK response whose `Content` is already text (optionally wrapped as `{ "data": {...} }`).
 */

import { CredentialReportFormatError, InputError } from "../model/errors.js";
import { excerpt, quoteExcerpt } from "../model/escape.js";
import { INPUT_LIMITS, readInputFile } from "../model/input-file.js";
import { jsonSyntaxProblem } from "../model/json-syntax.js";
import { parseIsoTime } from "../model/time.js";
import { type ParseOptions, parseCredentialReportCsv } from "./parse.js";
import type { CredentialReport } from "./types.js";

const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}\s*$/;

/** True when `text` looks like the start of credential report CSV (a header beginning `user,`). */
function looksLikeCsv(text: string): boolean {
  return /^\s*"?user"?\s*,/.test(text.replace(/^\uFEFF/, ""));
}

/**
 * Checks that text decoded from a report's `Content` is credential report CSV.
 * @throws {@link CredentialReportFormatError} when it is base64 again (the content was encoded twice)
 *   or anything else that is not a report.
 */
export function requireReportCsv(text: string, source: string): string {
  if (looksLikeCsv(text)) return text;
  const compact = text.trim();
  if (
    compact !== "" &&
    BASE64.test(compact) &&
    looksLikeCsv(Buffer.from(compact, "base64").toString("utf8"))
  ) {
    throw new CredentialReportFormatError(
      source,
      undefined,
      undefined,
      "Content is base64-encoded twice: decoded once it is still base64, not CSV; refusing to decode it again",
    );
  }
  throw new CredentialReportFormatError(
    source,
    undefined,
    undefined,
    "Content is not credential report CSV (expected a header starting with user,arn,...)",
  );
}

/**
 * Decodes the base64 `Content` printed by `aws iam get-credential-report` exactly once. Content that is
 * already CSV text (a recorded SDK response) is taken as is.
 * @throws {@link CredentialReportFormatError} when it is not base64 of a report, or is encoded twice.
 */
export function decodeReportContent(content: string, source: string): string {
  if (looksLikeCsv(content)) return content;
  const compact = content.trim();
  if (!BASE64.test(compact)) {
    throw new CredentialReportFormatError(
      source,
      undefined,
      undefined,
      "Content is neither credential report CSV nor base64",
    );
  }
  return requireReportCsv(Buffer.from(compact, "base64").toString("utf8"), source);
}

/** `GeneratedTime` as the AWS CLI prints it (ISO string) or as a recorded botocore datetime object. */
function readGeneratedTime(value: unknown, source: string): Date | undefined {
  if (value === undefined || value === null) return undefined;
  let text: string | undefined;
  if (typeof value === "string") {
    text = value;
  } else if (typeof value === "object") {
    const parts = value as Record<string, unknown>;
    const nums = ["year", "month", "day", "hour", "minute", "second"].map((key) => parts[key]);
    if (nums.every((n) => Number.isInteger(n) && (n as number) >= 0)) {
      const [year, ...rest] = (nums as number[]).map((n) => String(n).padStart(2, "0"));
      const [month, day, hour, minute, second] = rest;
      text = `${(year as string).padStart(4, "0")}-${month}-${day}T${hour}:${minute}:${second}Z`;
    }
  }
  if (text !== undefined) {
    const parsed = parseIsoTime(text);
    if (parsed.ok) return parsed.date;
    if (!parsed.problem.startsWith("expected"))
      throw new CredentialReportFormatError(
        source,
        undefined,
        undefined,
        `GeneratedTime: ${quoteExcerpt(text)} is not a real time: ${parsed.problem}`,
      );
  }
  throw new CredentialReportFormatError(
    source,
    undefined,
    undefined,
    `GeneratedTime: expected an ISO 8601 time, found ${typeof value === "string" ? quoteExcerpt(value) : excerpt(JSON.stringify(value) ?? String(value))}`,
  );
}

function parseJsonInput(text: string, source: string): CredentialReport {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const problem = jsonSyntaxProblem(text, error);
    throw new CredentialReportFormatError(
      source,
      problem.line,
      problem.column,
      `not valid JSON: ${problem.reason}`,
      { cause: error },
    );
  }
  if (Array.isArray(document))
    throw new CredentialReportFormatError(
      source,
      undefined,
      undefined,
      'a JSON array, not a credential report: expected the CSV or the JSON object "aws iam get-credential-report" prints',
    );
  const outer = (typeof document === "object" && document !== null ? document : {}) as Record<
    string,
    unknown
  >;
  const response = (typeof outer.data === "object" && outer.data !== null ? outer.data : outer) as Record<
    string,
    unknown
  >;
  if (typeof response.Content !== "string") {
    throw new CredentialReportFormatError(
      source,
      undefined,
      undefined,
      'expected the JSON of "aws iam get-credential-report" with a "Content" string',
    );
  }
  if (response.ReportFormat !== undefined && response.ReportFormat !== "text/csv") {
    throw new CredentialReportFormatError(
      source,
      undefined,
      undefined,
      `ReportFormat: expected text/csv, found ${JSON.stringify(response.ReportFormat)}`,
    );
  }
  const csv = decodeReportContent(response.Content, source);
  return parseCredentialReportCsv(csv, {
    source: `${source} (Content)`,
    generatedAt: readGeneratedTime(response.GeneratedTime, source),
  });
}

/**
 * Parses credential report input text of either accepted kind (CSV or GetCredentialReport JSON).
 * @throws {@link CredentialReportFormatError} (an {@link InputError}) for anything else.
 */
export function parseCredentialReportInput(text: string, options: ParseOptions = {}): CredentialReport {
  const source = options.source ?? "credential report";
  const body = text.replace(/^\uFEFF/, "");
  if (/^\s*[{[]/.test(body)) return parseJsonInput(body, source);
  return parseCredentialReportCsv(body, options);
}

/**
 * Most rows a credential report file may have: twice IAM's quota of 5,000 users per account (a hard
 * limit, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html) plus the root row.
 * Far larger files are not one account's report, and judging them would exhaust memory.
 */
export const MAX_REPORT_ROWS = 10_001;

/**
 * Most bytes a credential report file may have: a row of the 22-column report is some 300 bytes (a
 * 64-character name and a 512-character path make it under 1.5 KiB), base64 adds a third. Checked
 * before reading, so a huge file is refused at once instead of after parsing.
 */
export const MAX_REPORT_BYTES = INPUT_LIMITS["credential report"];

/**
 * Reads and parses `--credential-report PATH` (`-` reads standard input).
 * @throws {@link InputError} when the file cannot be read, is not a credential report, lists no
 *   principal at all (a real report always has the `<root_account>` row), or more than
 *   {@link MAX_REPORT_ROWS}.
 */
export async function readCredentialReportFile(path: string): Promise<CredentialReport> {
  const source = path === "-" ? "stdin" : path;
  let text: string;
  try {
    text = await readInputFile(path, { kind: "credential report", maxBytes: MAX_REPORT_BYTES });
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    throw new InputError(`${source}: cannot read the credential report (${code})`, { cause: error });
  }
  const report = parseCredentialReportInput(text, { source });
  if (report.rows.length > MAX_REPORT_ROWS) {
    throw new InputError(
      `${source}: the credential report lists ${report.rows.length} principals, but IAM allows at most 5,000 users in one account: not one account's report (at most ${MAX_REPORT_ROWS} rows are accepted).`,
    );
  }
  if (report.rows.length === 0) {
    throw new InputError(
      `${source}: the credential report lists no principal at all, not even <root_account> (AWS always writes that row): not a complete report, nothing to judge.`,
    );
  }
  return report;
}
