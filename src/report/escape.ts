/**
 * Escaping of account data for terminals: user names and other values come from the account (or a
 * file) and must not be able to move the cursor, clear the screen or forge colours.
 */

/** Replaces C0/C1 control characters (ESC, CR, BEL, ...) with visible `\u001b`-style escapes. */
export function escapeTerminal(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
