/**
 * Where a JSON document is broken, for error messages that name the line and column like the CSV
 * parser's. `JSON.parse` (V8) reports an offset ("... in JSON at position 14"), or the end of the text
 * ("Unexpected end of JSON input"), or neither: Node 20's V8 says `Unexpected token 'u', "user,arn…"
 * is not valid JSON` with an excerpt and no offset. For that last kind the offset is where V8's
 * excerpt lies in the text ({@link excerptOffset}: a substring search, no parse), or, when the excerpt
 * does not tell, the one `JSON.parse` itself finds over the text's prefixes ({@link firstRefusedOffset}).
 */
import { escapeTerminal } from "./escape.js";

/**
 * A JSON syntax error: 1-based line and column (in UTF-16 units), and the reason — V8's without the
 * offset, `Unexpected token 'u'`, or `Incomplete literal 'tru' (expected true)` — with its control
 * characters escaped (`\u000a`).
 */
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
    // No offset: V8's message quotes the text around the error (the user's data, never shown): it is
    // looked up in the text to find the place.
    at = excerptOffset(text, message) ?? firstRefusedOffset(text);
    const literal = truncatedLiteral(text, at);
    const refused = text.codePointAt(at);
    if (literal !== undefined) {
      reason = `Incomplete literal '${text.slice(literal.start, at)}' (expected ${literal.word})`;
      at = literal.start;
    } else {
      reason = refused === undefined ? message : `Unexpected token '${String.fromCodePoint(refused)}'`;
    }
  }
  // The reason may quote the text (a refused newline or ESC, V8's excerpt): shown, never obeyed.
  reason = escapeTerminal(reason);
  let line = 1;
  let lineStart = 0;
  for (
    let newline = text.indexOf("\n");
    newline !== -1 && newline < at;
    newline = text.indexOf("\n", newline + 1)
  ) {
    line += 1;
    lineStart = newline + 1;
  }
  return { line, column: at - lineStart + 1, reason };
}

const LITERALS = ["true", "false", "null"] as const;

/**
 * The literal cut short before offset `at` (`"c": tru` then a newline, comma or bracket): V8 refuses
 * the character after it, where the error is the literal. Undefined when the letters before `at` are
 * no proper beginning of `true`, `false` or `null`, or the refused character is a letter or digit
 * (`trux`: that character is the error).
 */
function truncatedLiteral(text: string, at: number): { start: number; word: string } | undefined {
  if (isWordCharacter(text.charCodeAt(at))) return undefined;
  let start = at;
  while (start > 0 && isWordCharacter(text.charCodeAt(start - 1))) start -= 1;
  const letters = text.slice(start, at);
  const word = LITERALS.find((literal) => letters.length < literal.length && literal.startsWith(letters));
  return letters === "" || word === undefined ? undefined : { start, word };
}

/** ASCII letters and digits (NaN, past the end, is none). */
function isWordCharacter(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** Characters V8 quotes on each side of the refused one (`kMaxContextCharacters`). */
const CONTEXT = 10;

/**
 * V8's excerpt in a message without an offset: `Unexpected token 'u', ..."xt, "a": u}, "b""... is not
 * valid JSON` quotes the refused character (one UTF-16 unit) and the text around it: {@link CONTEXT}
 * characters on each side (`...` where it cut), or the whole text when it is short. Undefined for
 * any other message.
 */
function v8Excerpt(
  message: string,
): { token: string; excerpt: string; cutBefore: boolean; cutAfter: boolean } | undefined {
  const head = "Unexpected token '";
  const tail = " is not valid JSON";
  if (
    !message.startsWith(head) ||
    !message.endsWith(tail) ||
    message.slice(head.length + 1, head.length + 4) !== "', "
  )
    return undefined;
  let quoted = message.slice(head.length + 4, -tail.length);
  const cutBefore = quoted.startsWith('..."');
  const cutAfter = quoted.endsWith('"...');
  quoted = quoted.slice(cutBefore ? 3 : 0, cutAfter ? -3 : undefined);
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return undefined;
  return { token: message.charAt(head.length), excerpt: quoted.slice(1, -1), cutBefore, cutAfter };
}

/**
 * The offset of the refused character, from where V8's excerpt lies in `text`: at the start (the
 * character is {@link CONTEXT} before the excerpt's end), at the end ({@link CONTEXT} after its start),
 * or in between (where the excerpt occurs with the refused character {@link CONTEXT} into it; if it
 * occurs more than once, the first that `JSON.parse` refuses). Undefined when the message has no
 * excerpt, quotes the whole (short) text, or does not match the text.
 */
function excerptOffset(text: string, message: string): number | undefined {
  const quoted = v8Excerpt(message);
  if (quoted === undefined) return undefined;
  const { token, excerpt, cutBefore, cutAfter } = quoted;
  const candidates: number[] = [];
  if (!cutBefore && cutAfter) {
    if (text.startsWith(excerpt)) candidates.push(excerpt.length - CONTEXT);
  } else if (cutBefore && !cutAfter) {
    if (text.endsWith(excerpt)) candidates.push(text.length - excerpt.length + CONTEXT);
  } else if (cutBefore && cutAfter) {
    for (let found = text.indexOf(excerpt); found !== -1; found = text.indexOf(excerpt, found + 1))
      candidates.push(found + CONTEXT);
  }
  const matching = candidates.filter((offset) => offset >= 0 && text.charAt(offset) === token);
  if (matching.length <= 1) return matching[0];
  // The same excerpt earlier in the text (within a string, say): the first candidate refused.
  let valid = -1; // matching[valid] is accepted (-1: none tried)
  let refused = matching.length - 1; // matching[refused] is refused; V8 refused one of them
  while (refused - valid > 1) {
    const middle = Math.floor((valid + refused) / 2);
    if (refusesWithin(text.slice(0, (matching[middle] as number) + 1))) refused = middle;
    else valid = middle;
  }
  return matching[refused];
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
