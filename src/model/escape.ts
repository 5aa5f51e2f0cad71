/**
 * Escaping of account data for terminals: user names and other values come from the account (or a
 * file) and must not be able to move the cursor, clear the screen or forge colours.
 */

/**
 * Characters that change how the text around them reads without showing themselves: the bidirectional
 * formatting characters (U+061C, U+200E/F, U+202A–E, U+2066–9: they can make a name read backwards, the
 * "Trojan Source" trick) and the invisible U+200B, U+2060 and U+FEFF (`\u200bzw` looks like `zw`). Not
 * the zero-width (non-)joiners U+200C/D, which scripts and emoji sequences need. A character class body.
 */
const HIDDEN = "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff";

/** C0/C1 control characters, line separators and {@link HIDDEN} characters. */
const TERMINAL_UNSAFE = new RegExp(`[\u0000-\u001f\u007f-\u009f\u2028\u2029${HIDDEN}]`, "g");

/**
 * Replaces C0/C1 control characters (ESC, CR, BEL, ...), line separators, the bidirectional formatting
 * characters and the invisible spaces ({@link HIDDEN}) with visible `\u001b`-style escapes.
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
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g,
    visibleEscape,
  );
}

/** `\u001b` for ESC: the character's code as a JSON-style escape. */
function visibleEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** The {@link HIDDEN} characters. */
const BIDI = new RegExp(`[${HIDDEN}]`, "g");

/**
 * Shows bidirectional formatting characters and invisible spaces ({@link HIDDEN}) as `[U+202E]` text,
 * for HTML, Markdown, CSV and JUnit: rendered, they would make a name read backwards ("Trojan Source")
 * or two names look the same; as text they are seen and harmless.
 */
export function showBidi(text: string): string {
  return text.replace(
    BIDI,
    (char) => `[U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}]`,
  );
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
