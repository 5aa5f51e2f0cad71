/**
 * Evaluating a filter-pattern tree against one JSON log event (a CloudTrail record), with the semantics
 * of the AWS documentation ("Filter pattern syntax", JSON log events):
 *
 * - A selector walks object properties (own properties only) and array indexes; a step that does not
 *   exist makes the field absent.
 * - `=` / `!=` compare with a value node only: a string, or a number (compared as a number with a
 *   numeric literal, as its JSON text with a string). An absent field, `null`, a boolean, an object or an
 *   array makes both `=` and `!=` false ("the filter is not applied").
 * - `<`, `<=`, `>`, `>=` need a number in the event.
 * - `IS NULL`: present and null. `NOT EXISTS`: absent. `IS TRUE` / `IS FALSE`: the boolean.
 * - `&&` before `||`; parentheses group.
 * - A regular-expression value (`%…%`) is not evaluated: a comparison with one, on a field that holds a
 *   string or number, has no answer (`undefined`); `&&` and `||` then answer in three-valued logic (a
 *   false operand of `&&` or a true operand of `||` decides, otherwise the answer is `undefined`).
 */
import type { Comparison, Condition, Expression, Selector } from "./ast.js";
import { wildcardMatches, wildcardValue } from "./wildcard.js";

/** What a selector finds in an event: nothing, or a value (possibly null). */
export type Resolved = { readonly found: false } | { readonly found: true; readonly value: unknown };

const ABSENT: Resolved = { found: false };

/** Follows a selector's path through a parsed JSON event. */
export function resolveSelector(event: unknown, selector: Selector): Resolved {
  let current: unknown = event;
  for (const step of selector.path) {
    if (typeof step === "number") {
      if (!Array.isArray(current) || step >= current.length) return ABSENT;
      current = current[step];
    } else {
      if (current === null || typeof current !== "object" || Array.isArray(current)) return ABSENT;
      if (!Object.hasOwn(current, step)) return ABSENT;
      current = (current as Record<string, unknown>)[step];
    }
  }
  return { found: true, value: current };
}

function compare(condition: Comparison, resolved: Resolved): boolean | undefined {
  if (!resolved.found) return false;
  const actual = resolved.value;
  const { op, value } = condition;
  if (op === "=" || op === "!=") {
    let equal: boolean;
    if (value.kind === "regex")
      return typeof actual === "string" || typeof actual === "number" ? undefined : false;
    if (typeof actual === "number" && value.kind === "number") equal = actual === value.value;
    else if (typeof actual === "string" || typeof actual === "number") {
      const text = typeof actual === "string" ? actual : JSON.stringify(actual);
      equal = wildcardMatches(wildcardValue(value.text), text);
    } else return false;
    return op === "=" ? equal : !equal;
  }
  if (typeof actual !== "number" || value.kind !== "number") return false;
  switch (op) {
    case "<":
      return actual < value.value;
    case "<=":
      return actual <= value.value;
    case ">":
      return actual > value.value;
    default:
      return actual >= value.value;
  }
}

/**
 * True when one condition holds for the event; `undefined` when that depends on a regular expression,
 * which is not evaluated.
 */
export function conditionHolds(condition: Condition, event: unknown): boolean | undefined {
  const resolved = resolveSelector(event, condition.selector);
  if (condition.kind === "compare") return compare(condition, resolved);
  switch (condition.test) {
    case "NOT EXISTS":
      return !resolved.found;
    case "IS NULL":
      return resolved.found && resolved.value === null;
    case "IS TRUE":
      return resolved.found && resolved.value === true;
    default:
      return resolved.found && resolved.value === false;
  }
}

/**
 * True when the pattern matches the event (a parsed JSON object such as one CloudTrail record), false
 * when it does not, `undefined` when the answer depends on a regular expression (never evaluated).
 *
 * @example matchesEvent(parsed, { eventName: "ConsoleLogin", additionalEventData: { MFAUsed: "No" } })
 */
export function matchesEvent(expression: Expression, event: unknown): boolean | undefined {
  switch (expression.kind) {
    case "and": {
      let answer: boolean | undefined = true;
      for (const operand of expression.operands) {
        const holds = matchesEvent(operand, event);
        if (holds === false) return false;
        if (holds === undefined) answer = undefined;
      }
      return answer;
    }
    case "or": {
      let answer: boolean | undefined = false;
      for (const operand of expression.operands) {
        const holds = matchesEvent(operand, event);
        if (holds === true) return true;
        if (holds === undefined) answer = undefined;
      }
      return answer;
    }
    default:
      return conditionHolds(expression, event);
  }
}
