/**
 * Shell-safe AWS CLI commands: rule remediation templates (`<user>`, `<access-key-id>` placeholders)
 * filled with real values, quoted for POSIX shells (sh, bash, zsh; bash and zsh for a value with a
 * control or hidden character).
 */

import { isTerminalSafe } from "./escape.js";

/** Characters that need no quoting anywhere in a word, in sh, bash and zsh. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes `value` as one shell word. Plain IAM names (`[A-Za-z0-9+=,.@_-]`) stay as they are; anything
 * else, and a word starting with `=` or `~` (zsh expands `=cmd`, every shell expands `~`), is wrapped in
 * single quotes with each `'` written as `'\''` (POSIX sh, bash, zsh). The empty string becomes `''`.
 * A value with a control or hidden character (ESC, a line break, U+202E: what the terminal and the
 * reports show as `\u202e`) is written in ANSI-C quotes with those characters as their UTF-8 bytes,
 * `\xHH` each (`$'bidi\xE2\x80\xAEgnp.exe'`, bash and zsh): the command shown is then the command that
 * runs in any locale (`\u202e` would stay the six characters `\u202E` under `LC_ALL=C`), and the
 * characters never reach the terminal raw.
 */
export function shellQuote(value: string): string {
  if (SAFE_WORD.test(value) && !/^[=~]/.test(value)) return value;
  if (isTerminalSafe(value)) return `'${value.replace(/'/g, `'\\''`)}'`;
  const inner = [...value]
    .map((char) =>
      char === "'" || char === "\\" ? `\\${char}` : isTerminalSafe(char) ? char : utf8Escape(char),
    )
    .join("");
  return `$'${inner}'`;
}

const UTF8 = new TextEncoder();

/** `\xE2\x80\xAE` for U+202E: the character's UTF-8 bytes as ANSI-C `\xHH` escapes, two hex digits each. */
function utf8Escape(char: string): string {
  return [...UTF8.encode(char)]
    .map((byte) => `\\x${byte.toString(16).toUpperCase().padStart(2, "0")}`)
    .join("");
}

/** Values for the placeholders of a command template; `undefined` leaves the placeholder in place. */
export interface CommandValues {
  /** Replaces `<user>`. */
  readonly user?: string;
  /** Replaces `<access-key-id>`. */
  readonly accessKeyId?: string;
}

const PLACEHOLDERS: Readonly<Record<string, keyof CommandValues>> = {
  "<user>": "user",
  "<access-key-id>": "accessKeyId",
};

/**
 * Fills a command template such as `aws iam update-access-key --access-key-id <access-key-id>
 * --user-name <user>`. Each value is shell-quoted. A value starting with `-` is attached to its option
 * as `--user-name=-x`, because the AWS CLI would read a separate `-x` as an option of its own.
 */
export function fillCommand(template: string, values: CommandValues): string {
  return template.replace(
    /(--[a-z0-9-]+ )?(<user>|<access-key-id>)/g,
    (match, option: string | undefined, name: string) => {
      const field = PLACEHOLDERS[name];
      const value = field === undefined ? undefined : values[field];
      if (value === undefined) return match;
      const quoted = shellQuote(value);
      if (option === undefined) return quoted;
      return value.startsWith("-") ? `${option.trimEnd()}=${quoted}` : `${option}${quoted}`;
    },
  );
}
