/**
 * Parser of CloudWatch Logs JSON filter patterns, written from the grammar in the Amazon CloudWatch Logs
 * User Guide ("Filter pattern syntax", JSON log events):
 *
 * ```
 * pattern    := "{" or "}"                       (whitespace allowed between any two tokens)
 * or         := and ( "||" and )*
 * and        := unary ( "&&" unary )*            (&& binds tighter than ||)
 * unary      := "(" or ")" | condition
 * condition  := selector op value
 *             | selector "IS" ( "NULL" | "TRUE" | "FALSE" )
 *             | selector "NOT" "EXISTS"
 * selector   := "$" ( "." name | "[" digits "]" )+     (the first step is a name: "$.a[0]", not "$[0]")
 * name       := [A-Za-z0-9_-]+
 * op         := "=" | "!=" | "<" | "<=" | ">" | ">="   ("<", "<=", ">", ">=" take numbers only)
 * value      := '"' ( char | '\"' | '\\' )* '"'      (quoted: any text)
 *             | "%" ( char | "\" char )* "%"          (a regular expression, with "=" and "!=" only)
 *             | unquoted                             (no whitespace, quotes, braces, parentheses, & | = ! < >)
 * number     := [+-]? digits ( "." digits )? ( [eE] [+-]? digits )?   (an unquoted value of that form)
 * ```
 *
 * What the grammar leaves out: text and space-delimited patterns (`ERROR`, `[ip, user, ...]`) are refused
 * with an error saying so — cloudpatrol judges CloudTrail JSON patterns only. A regular-expression value
 * (`%CreateTrail|UpdateTrail%`, any character but an unescaped `%` inside) is read as one token and kept
 * as text: it is never turned into a regular expression.
 */
import type { Comparison, Expression, Operator, PathStep, Selector, Test, Value } from "./ast.js";

/** Why a pattern could not be parsed: where (0-based character offset), what was expected, what was found. */
export interface FilterPatternError {
  /** 0-based offset in the pattern text of the token that does not fit. */
  readonly position: number;
  /** What the grammar allows there, e.g. `["&&", "||", "}"]`. */
  readonly expected: readonly string[];
  /** What is there instead, as written (`end of pattern` at the end). */
  readonly found: string;
  /** One sentence: `at 14: expected "=", "!=", … but found "=="`. */
  readonly message: string;
}

/** The outcome of {@link parseFilterPattern}: the tree, or the error. */
export type ParseResult =
  | { readonly ok: true; readonly expression: Expression }
  | { readonly ok: false; readonly error: FilterPatternError };

type TokenKind =
  | "{"
  | "}"
  | "("
  | ")"
  | "&&"
  | "||"
  | "op"
  | "selector"
  | "string"
  | "regex"
  | "word"
  | "end";

interface Token {
  readonly kind: TokenKind;
  /** The text as written (quotes included for strings). */
  readonly raw: string;
  /** Strings: the unescaped text. Regular expressions: the text between the `%`. Others: the raw text. */
  readonly text: string;
  readonly position: number;
}

/** Characters that end an unquoted value or word. */
const STOP = new Set([" ", "\t", "\n", "\r", "{", "}", "(", ")", '"', "&", "|", "=", "!", "<", ">"]);
const NAME_CHAR = /^[A-Za-z0-9_-]$/;
const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const MAX_LENGTH = 1024;

class ParseFailure extends Error {
  constructor(readonly detail: FilterPatternError) {
    super(detail.message);
  }
}

function fail(position: number, expected: readonly string[], found: string): never {
  const list = expected.map((item) =>
    item.startsWith("a ") || item.startsWith("the ") ? item : `"${item}"`,
  );
  const message = `at ${position}: expected ${list.join(", ")} but found ${found}`;
  throw new ParseFailure({ position, expected, found, message });
}

function describe(token: Token): string {
  return token.kind === "end" ? "end of pattern" : JSON.stringify(token.raw);
}

/** Splits the pattern into tokens. Linear in the pattern's length. */
function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === " " || c === "\t" || c === "\n" || c === "\r") {
      i += 1;
      continue;
    }
    const start = i;
    const two = pattern.slice(i, i + 2);
    if (c === "{" || c === "}" || c === "(" || c === ")") {
      tokens.push({ kind: c, raw: c, text: c, position: start });
      i += 1;
    } else if (two === "&&" || two === "||") {
      tokens.push({ kind: two, raw: two, text: two, position: start });
      i += 2;
    } else if (two === "!=" || two === "<=" || two === ">=") {
      tokens.push({ kind: "op", raw: two, text: two, position: start });
      i += 2;
    } else if (c === "=" || c === "<" || c === ">") {
      // "==" is not an operator: the second "=" is left to fail where a value is expected.
      tokens.push({ kind: "op", raw: c, text: c, position: start });
      i += 1;
    } else if (c === '"') {
      let text = "";
      i += 1;
      let closed = false;
      while (i < pattern.length) {
        const d = pattern.charAt(i);
        if (d === "\\" && i + 1 < pattern.length) {
          text += pattern.charAt(i + 1);
          i += 2;
        } else if (d === '"') {
          closed = true;
          i += 1;
          break;
        } else {
          text += d;
          i += 1;
        }
      }
      if (!closed) fail(pattern.length, ['the closing "'], "end of pattern");
      tokens.push({ kind: "string", raw: pattern.slice(start, i), text, position: start });
    } else if (c === "%") {
      // A regular expression runs to the next "%" not escaped by "\"; "|", "=", "{", "}" inside are its own.
      i += 1;
      let closed = false;
      while (i < pattern.length) {
        const d = pattern.charAt(i);
        if (d === "\\" && i + 1 < pattern.length) i += 2;
        else if (d === "%") {
          closed = true;
          i += 1;
          break;
        } else i += 1;
      }
      if (!closed) fail(pattern.length, ["the closing %"], "end of pattern");
      const raw = pattern.slice(start, i);
      tokens.push({ kind: "regex", raw, text: raw.slice(1, -1), position: start });
    } else if (c === "&" || c === "|" || c === "!") {
      fail(
        start,
        c === "!" ? ["!="] : [c === "&" ? "&&" : "||"],
        JSON.stringify(pattern.slice(start, start + 2)),
      );
    } else {
      while (i < pattern.length && !STOP.has(pattern.charAt(i))) i += 1;
      const raw = pattern.slice(start, i);
      tokens.push({ kind: raw.startsWith("$") ? "selector" : "word", raw, text: raw, position: start });
    }
  }
  tokens.push({ kind: "end", raw: "", text: "", position: pattern.length });
  return tokens;
}

/** Parses a selector's text (`$.a.b[0]`) into steps, or fails at the offending character. */
function parseSelector(token: Token): Selector {
  const text = token.raw;
  const path: PathStep[] = [];
  let i = 1;
  while (i < text.length) {
    const c = text.charAt(i);
    if (c === ".") {
      let j = i + 1;
      while (j < text.length && NAME_CHAR.test(text.charAt(j))) j += 1;
      if (j === i + 1)
        fail(
          token.position + j,
          ["a property name"],
          JSON.stringify(text.slice(j, j + 1) || "end of selector"),
        );
      path.push(text.slice(i + 1, j));
      i = j;
    } else if (c === "[") {
      if (path.length === 0) fail(token.position + i, ["."], JSON.stringify("["));
      let j = i + 1;
      while (j < text.length && text.charAt(j) >= "0" && text.charAt(j) <= "9") j += 1;
      if (j === i + 1 || text.charAt(j) !== "]")
        fail(
          token.position + j,
          j === i + 1 ? ["an array index"] : ["]"],
          JSON.stringify(text.charAt(j) || "end of selector"),
        );
      path.push(Number(text.slice(i + 1, j)));
      i = j + 1;
    } else {
      fail(token.position + i, path.length === 0 ? ["."] : [".", "["], JSON.stringify(c));
    }
  }
  if (path.length === 0) fail(token.position + 1, ["."], "end of selector");
  return { path, text };
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== "end") this.index += 1;
    return token;
  }

  private expect(kind: TokenKind, expected: readonly string[]): Token {
    const token = this.peek();
    if (token.kind !== kind) fail(token.position, expected, describe(token));
    return this.next();
  }

  pattern(): Expression {
    const first = this.peek();
    if (first.kind !== "{")
      fail(first.position, ["{"], `${describe(first)} (only JSON filter patterns, in braces, are judged)`);
    this.next();
    const expression = this.or(["}"]);
    this.expect("}", ["&&", "||", "}"]);
    const rest = this.peek();
    if (rest.kind !== "end") fail(rest.position, ["end of pattern"], describe(rest));
    return expression;
  }

  /** `closers`: the tokens that may follow this expression (for error messages). */
  private or(closers: readonly string[]): Expression {
    const operands = [this.and(closers)];
    while (this.peek().kind === "||") {
      this.next();
      operands.push(this.and(closers));
    }
    return join("or", operands);
  }

  private and(closers: readonly string[]): Expression {
    const operands = [this.unary()];
    while (this.peek().kind === "&&") {
      this.next();
      operands.push(this.unary());
    }
    const after = this.peek();
    if (after.kind !== "||" && !closers.includes(after.kind))
      fail(after.position, ["&&", "||", ...closers], describe(after));
    return join("and", operands);
  }

  private unary(): Expression {
    const token = this.peek();
    if (token.kind === "(") {
      this.next();
      const inner = this.or([")"]);
      this.expect(")", ["&&", "||", ")"]);
      return inner;
    }
    if (token.kind !== "selector") fail(token.position, ["(", "a selector ($.field)"], describe(token));
    return this.condition();
  }

  private condition(): Comparison | Test {
    const selector = parseSelector(this.next());
    const token = this.peek();
    if (token.kind === "word" && token.text === "IS") {
      this.next();
      const what = this.peek();
      if (what.kind === "word" && (what.text === "NULL" || what.text === "TRUE" || what.text === "FALSE")) {
        this.next();
        return { kind: "test", selector, test: `IS ${what.text}` };
      }
      fail(what.position, ["NULL", "TRUE", "FALSE"], describe(what));
    }
    if (token.kind === "word" && token.text === "NOT") {
      this.next();
      const what = this.peek();
      if (what.kind === "word" && what.text === "EXISTS") {
        this.next();
        return { kind: "test", selector, test: "NOT EXISTS" };
      }
      fail(what.position, ["EXISTS"], describe(what));
    }
    if (token.kind !== "op")
      fail(token.position, ["=", "!=", "<", "<=", ">", ">=", "IS", "NOT"], describe(token));
    const op = this.next().text as Operator;
    const valueToken = this.peek();
    if (valueToken.kind !== "string" && valueToken.kind !== "regex" && valueToken.kind !== "word")
      fail(valueToken.position, ["a value"], describe(valueToken));
    this.next();
    const value = toValue(valueToken);
    if (op !== "=" && op !== "!=" && value.kind !== "number")
      fail(valueToken.position, ["a number"], describe(valueToken));
    return { kind: "compare", selector, op, value };
  }
}

function toValue(token: Token): Value {
  if (token.kind === "string") return { kind: "string", text: token.text, quoted: true };
  if (token.kind === "regex") return { kind: "regex", text: token.text };
  if (NUMBER.test(token.text)) return { kind: "number", value: Number(token.text), text: token.text };
  return { kind: "string", text: token.text, quoted: false };
}

function join(kind: "and" | "or", operands: Expression[]): Expression {
  if (operands.length === 1) return operands[0] as Expression;
  // Flatten chains of one operator: (a && b) && c is and(a, b, c).
  const flat = operands.flatMap((operand) => (operand.kind === kind ? operand.operands : [operand]));
  return { kind, operands: flat };
}

/**
 * Parses a CloudWatch Logs JSON filter pattern (a metric filter's `filterPattern`) into its tree.
 * Never throws: an invalid, text or space-delimited pattern gives `{ ok: false, error }` naming the
 * 0-based position, the tokens expected there and what was found. Patterns longer than 1024 characters
 * (the PutMetricFilter limit) are refused.
 *
 * @example parseFilterPattern('{ $.eventName = "ConsoleLogin" }')
 *   // → { ok: true, expression: { kind: "compare", selector: { path: ["eventName"], … }, op: "=", … } }
 */
export function parseFilterPattern(pattern: string): ParseResult {
  try {
    if (pattern.length > MAX_LENGTH)
      fail(MAX_LENGTH, ["at most 1024 characters"], `${pattern.length} characters`);
    return { ok: true, expression: new Parser(tokenize(pattern)).pattern() };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, error: error.detail };
    throw error;
  }
}
