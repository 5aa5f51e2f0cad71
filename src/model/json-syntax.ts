/**
 * Where a JSON document is broken, for error messages that name the line and column like the CSV
 * parser's. `JSON.parse` (V8) reports an offset ("... in JSON at position 14") or none ("Unexpected end
 * of JSON input", which is the end of the text).
 */

/** A JSON syntax error: 1-based line and column, and V8's reason without the offset. */
export interface JsonSyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/** Locates the `JSON.parse` error `error` in `text`. */
export function jsonSyntaxProblem(text: string, error: unknown): JsonSyntaxProblem {
  const message = error instanceof Error ? error.message : String(error);
  const offset = /at position (\d+)/.exec(message);
  const at = offset ? Math.min(Number(offset[1]), text.length) : text.length;
  const before = text.slice(0, at);
  const line = before.split("\n").length;
  const column = at - (before.lastIndexOf("\n") + 1) + 1;
  const reason = message.replace(/\s+(?:in JSON\s+)?at position \d+.*$/, "").trim();
  return { line, column, reason };
}
