/**
 * Escaping of account data for terminals: user names and other values come from the account (or a
 * file) and must not be able to move the cursor, clear the screen or forge colours.
 */

/**
 * Characters that change how the text around them reads without showing themselves: Unicode's
 * Default_Ignorable_Code_Point property, which holds the bidirectional formatting characters (U+061C,
 * U+200E/F, U+202A–E, U+2066–9: they can make a name read backwards, the "Trojan Source" trick), the
 * invisible U+200B, U+2060–4, U+FEFF, the soft hyphen U+00AD (`shy\u00adx` looks like `shyx`), U+034F,
 * U+180E, the Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and the tag characters U+E0000–E007F.
 * Not the zero-width (non-)joiners U+200C/D nor the variation selectors (U+FE00–FE0F, the Mongolian
 * U+180B–D and U+180F, the ideographic U+E0100–E01EF), which scripts, names and emoji sequences need.
 * A character class for a `v`-flag regular expression (a set difference).
 */
const HIDDEN =
  "[\\p{Default_Ignorable_Code_Point}--[\\u200c\\u200d\\ufe00-\\ufe0f\\u180b-\\u180d\\u180f\\u{e0100}-\\u{e01ef}]]";

/**
 * A character other than printable ASCII, tab, LF and CR: text without one has nothing
 * {@link escapeControlsKeepingLines} or {@link showBidi} change (most of a report's text), so they
 * return it after this one cheap test instead of a pass of their larger patterns.
 */
const NOT_PLAIN = /[^\t\n\r\x20-\x7e]/;

/**
 * Whether `text` holds only printable ASCII, tab, LF and CR: then {@link escapeControlsKeepingLines} and
 * {@link showBidi} leave it as it is (only {@link escapeTerminal} changes its tab and line breaks).
 */
export function isPlainText(text: string): boolean {
  return !NOT_PLAIN.test(text);
}

/** C0/C1 control characters, DEL, line separators and {@link HIDDEN} characters. */
const TERMINAL_UNSAFE = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${HIDDEN}]`, "gv");

/**
 * Replaces C0/C1 control characters (ESC, CR, BEL, ...), DEL, line separators, the bidirectional
 * formatting characters and the other invisible characters ({@link HIDDEN}) with visible `\u001b`-style
 * escapes. A character outside the Basic Multilingual Plane (a tag character, U+E0041) is written as
 * its UTF-16 surrogate pair, `\udb40\udc41`, as JSON writes it: `JSON.parse` reads every escape back.
 */
export function escapeTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, visibleEscape);
}

/** Whether {@link escapeTerminal} would leave `text` as it is (no control or hidden character). */
export function isTerminalSafe(text: string): boolean {
  TERMINAL_UNSAFE.lastIndex = 0;
  return !TERMINAL_UNSAFE.test(text);
}

/**
 * Replaces the control characters that drive a terminal (C0 other than tab, LF and CR; DEL; C1, e.g. ESC
 * and BEL of an ANSI sequence) with visible `\u001b`-style escapes, keeping tab and line breaks: for
 * formats whose cells may hold them (CSV quotes them), where `cat` must still not recolour a terminal.
 */
export function escapeControlsKeepingLines(text: string): string {
  if (isPlainText(text)) return text;
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g,
    visibleEscape,
  );
}

/**
 * `\u001b` for ESC: the character's UTF-16 code units as JSON-style escapes (two, a surrogate pair,
 * for a character outside the Basic Multilingual Plane).
 */
function visibleEscape(char: string): string {
  let escaped = "";
  for (let i = 0; i < char.length; i++) {
    escaped += `\\u${char.charCodeAt(i).toString(16).padStart(4, "0")}`;
  }
  return escaped;
}

/** DEL, C1 control characters, line separators and the {@link HIDDEN} characters. */
const SHOWN = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${HIDDEN}]`, "gv");

/**
 * Shows bidirectional formatting characters and the other invisible characters ({@link HIDDEN}), DEL,
 * C1 control characters and the line separators U+2028/9 as `[U+202E]` text (`[U+E0041]` for a tag
 * character: one code point), for HTML, Markdown, CSV and JUnit: rendered, they would make a name read
 * backwards ("Trojan Source"), two names look the same, or end a line that the format keeps whole; as
 * text they are seen and harmless. C0 control characters are left to each format.
 */
export function showBidi(text: string): string {
  if (isPlainText(text)) return text;
  return text.replace(
    SHOWN,
    (char) => `[U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}]`,
  );
}

/**
 * JSON text (as JSON.stringify writes it) with DEL, C1 control characters, the line separators and the
 * {@link HIDDEN} characters (bidirectional formatting, invisible) written as `\u202e`-style escapes:
 * the same JSON value (`JSON.parse` reads it back unchanged), but `cat` of the file cannot have a
 * terminal obey a C1 control or show a name backwards. JSON.stringify escapes only C0 characters;
 * outside strings JSON text holds none of these characters, so the whole text can be passed.
 */
export function escapeJsonText(json: string): string {
  if (isPlainText(json)) return json;
  return json.replace(SHOWN, visibleEscape);
}

/**
 * `value` as a command's JSON output: `JSON.stringify(value, null, 2)` escaped by {@link escapeJsonText},
 * ending with a newline.
 */
export function jsonOutput(value: unknown): string {
  return `${escapeJsonText(JSON.stringify(value, null, 2))}\n`;
}

/** Characters of a value an error message quotes before it cuts the value short. */
const EXCERPT_CHARS = 120;

/**
 * `text` quoted for an error message (`JSON.stringify`: control characters escaped). A value longer
 * than `max` characters is cut there, with `…` and its length after the quotes: `"AAAA…" (5242880
 * characters)`, so that a huge bad cell cannot fill the terminal.
 */
export function quoteExcerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(`${text.slice(0, max)}…`)} (${text.length} characters)`;
}

/** `text` (already escaped, e.g. JSON) cut after `max` characters as {@link quoteExcerpt} cuts. */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length} characters)`;
}
