/**
 * The fast path of reading credential report CSV: a report as IAM writes it (and as most files hold
 * it) quotes nothing and holds no blank, tab or other character outside printable ASCII, so its
 * records are its lines split at commas. For such text {@link plainRecords} gives exactly what
 * csv-parse gives with the options parse.ts uses (bom, info, relax_column_count, relax_quotes,
 * skip_empty_lines, trim) at a fraction of the time and memory; for any other text (quotes, blanks, mixed line ends,
 * non-ASCII) it gives undefined and csv-parse reads the text. test/credential-report/records.test.ts
 * compares the two.
 */

/** One CSV record and the line it is on (1-based; blank lines counted). */
export interface PlainRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

/** Printable ASCII but `"`, and LF: text of which every line is a plain record. */
const PLAIN_LF = /^[\x21\x23-\x7e\n]*$/;
/** The same with CRLF line ends (and no lone CR or LF). */
const PLAIN_CRLF = /^(?:[\x21\x23-\x7e]|\r\n)*$/;

/**
 * The records of `text` when it needs no CSV parser (see the module comment), else undefined.
 * A UTF-8 BOM at the start is dropped, empty lines are skipped (their numbers still counted).
 */
export function plainRecords(text: string): PlainRecord[] | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let newline: string;
  if (PLAIN_LF.test(body)) newline = "\n";
  else if (PLAIN_CRLF.test(body)) newline = "\r\n";
  else return undefined;
  const records: PlainRecord[] = [];
  const lines = body.split(newline);
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    if (line !== "") records.push({ record: line.split(","), info: { lines: index + 1 } });
  }
  return records;
}
