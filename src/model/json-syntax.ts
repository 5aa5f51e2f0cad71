/**
 * Where a JSON document is broken, for error messages that name the line and column like the CSV
 * parser's. `JSON.parse` (V8) reports an offset ("... in JSON at position 14"), or the end of the text
 * ("Unexpected end of JSON input"), or neither: Node 20's V8 says `Unexpected token 'u', "user,arn…"
 * is not valid JSON` with an excerpt and no offset. For that last kind the offset is found with
 * `JSON.parse` itself ({@link firstRefusedOffset}).
 */

/** A JSON syntax error: 1-based line and column, and V8's reason without the offset. */
export interface JsonSyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

const END_OF_INPUT = "Unexpected end of JSON input";

/** A `JSON.parse` error's message, and the offset V8 gives in it ("at position 14"), if any. */
function v8Error(error: unknown): { message: string; offset: number | undefined } {
  const message = error instanceof Error ? error.message : String(error);
  const position = /at position (\d+)/.exec(message);
  return { message, offset: position ? Number(position[1]) : undefined };
}

/** Locates the `JSON.parse` error `error` in `text`. */
export function jsonSyntaxProblem(text: string, error: unknown): JsonSyntaxProblem {
  const { message, offset } = v8Error(error);
  let at: number;
  let reason: string;
  if (offset !== undefined) {
    at = Math.min(offset, text.length);
    reason = message.replace(/\s+(?:in JSON\s+)?at position \d+.*$/, "").trim();
  } else if (message.startsWith(END_OF_INPUT)) {
    at = text.length;
    reason = END_OF_INPUT;
  } else {
    // No offset: V8's message quotes the text around the error, which is the user's data, not a place.
    at = firstRefusedOffset(text);
    const refused = text.codePointAt(at);
    reason = refused === undefined ? message : `Unexpected token '${String.fromCodePoint(refused)}'`;
  }
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - (before.lastIndexOf("\n") + 1) + 1;
  return { line, column, reason };
}

/**
 * Whether `JSON.parse(prefix)` refuses a character of `prefix` itself, rather than running out of text
 * (a prefix of a JSON text that is valid so far parses, or fails at its end).
 */
function refusesWithin(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const { message, offset } = v8Error(error);
    if (message.startsWith(END_OF_INPUT)) return false;
    return offset === undefined || offset < prefix.length;
  }
}

/**
 * The offset of the first character `JSON.parse` refuses in `text` (which it refuses): every prefix
 * that ends before that character is valid so far, every prefix that holds it is refused within, so a
 * binary search over the prefixes finds it in about log2(length) parses (only when reporting an error).
 */
function firstRefusedOffset(text: string): number {
  let valid = 0; // the prefix of this length is valid so far
  let refused = text.length; // the prefix of this length is refused within
  while (refused - valid > 1) {
    const middle = Math.floor((valid + refused) / 2);
    if (refusesWithin(text.slice(0, middle))) refused = middle;
    else valid = middle;
  }
  return valid;
}
