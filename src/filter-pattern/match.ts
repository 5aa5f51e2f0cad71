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

function compare(condition: Comparison, resolved: Resolved): boolean {
  if (!resolved.found) return false;
  const actual = resolved.value;
  const { op, value } = condition;
  if (op === "=" || op === "!=") {
    let equal: boolean;
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

/** True when one condition holds for the event. */
export function conditionHolds(condition: Condition, event: unknown): boolean {
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
 * True when the pattern matches the event (a parsed JSON object such as one CloudTrail record).
 *
 * @example matchesEvent(parsed, { eventName: "ConsoleLogin", additionalEventData: { MFAUsed: "No" } })
 */
export function matchesEvent(expression: Expression, event: unknown): boolean {
  switch (expression.kind) {
    case "and":
      return expression.operands.every((operand) => matchesEvent(operand, event));
    case "or":
      return expression.operands.some((operand) => matchesEvent(operand, event));
    default:
      return conditionHolds(expression, event);
  }
}
