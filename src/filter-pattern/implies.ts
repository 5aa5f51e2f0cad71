/**
 * Deciding, on normalised patterns, whether one pattern matches every event another one matches.
 *
 * A term `p` (an AND of conditions) is covered by a pattern `F` (an OR of terms) when some term `f` of
 * `F` holds whenever `p` holds: every condition of `f` is implied by a condition of `p` on the same
 * selector. This is sound (a "covered" answer is always right) but not complete: an event set split
 * across several terms of `F` on a field `p` does not constrain is reported as not covered.
 *
 * One condition implies another (same selector) when:
 * - `= a` implies `= b` when every string `a` matches, `b` matches (`= AccessDenied` ⇒ `= AccessDenied*`);
 * - `= a` implies `!= b` when no string `a` matches is matched by `b` (an exact `a` that `b` does not match);
 * - `!= a` implies `!= b` when every string `b` matches, `a` matches too;
 * - numbers: `= n` implies `= n`, `!= m` (n ≠ m) and the comparisons `n` satisfies; equal comparisons imply each other;
 * - `IS NULL`, `NOT EXISTS`, `IS TRUE`, `IS FALSE` imply themselves;
 * - a comparison with a regular expression (`%…%`, never evaluated) implies nothing and is implied by
 *   nothing: a term holding one covers no required term.
 */
import type { Comparison, Condition, PathStep } from "./ast.js";
import type { Term } from "./normalise.js";
import { wildcardContains, wildcardValue } from "./wildcard.js";

function samePath(a: readonly PathStep[], b: readonly PathStep[]): boolean {
  return a.length === b.length && a.every((step, index) => step === b[index]);
}

function numberSatisfies(n: number, condition: Comparison): boolean {
  if (condition.value.kind !== "number") return false;
  const m = condition.value.value;
  switch (condition.op) {
    case "=":
      return n === m;
    case "!=":
      return n !== m;
    case "<":
      return n < m;
    case "<=":
      return n <= m;
    case ">":
      return n > m;
    default:
      return n >= m;
  }
}

function exact(text: string): boolean {
  const value = wildcardValue(text);
  return !value.anyBefore && !value.anyAfter;
}

/** True when `given` holding guarantees that `wanted` holds (both on the same selector). */
export function conditionImplies(given: Condition, wanted: Condition): boolean {
  if (!samePath(given.selector.path, wanted.selector.path)) return false;
  if (given.kind === "test" || wanted.kind === "test")
    return given.kind === "test" && wanted.kind === "test" && given.test === wanted.test;
  const g = given.value;
  const w = wanted.value;
  if (g.kind === "regex" || w.kind === "regex") return false;
  if (g.kind === "number" && w.kind === "number") {
    if (given.op === "=") return numberSatisfies(g.value, wanted);
    return given.op === wanted.op && g.value === w.value;
  }
  if (g.kind === "number" || w.kind === "number") {
    // A number compared with a string value: only the same literal text, same operator.
    return given.op === wanted.op && g.text === w.text && (given.op === "=" || given.op === "!=");
  }
  const gv = wildcardValue(g.text);
  const wv = wildcardValue(w.text);
  if (given.op === "=" && wanted.op === "=") return wildcardContains(wv, gv);
  if (given.op === "=" && wanted.op === "!=") return exact(g.text) && !wildcardContains(wv, gv);
  if (given.op === "!=" && wanted.op === "!=") return wildcardContains(gv, wv);
  return false;
}

/** True when every condition of `term` is implied by some condition of `given`. */
export function termImplies(given: Term, term: Term): boolean {
  return term.every((wanted) => given.some((condition) => conditionImplies(condition, wanted)));
}

/**
 * The term of `pattern` that covers `required` (holds whenever `required` holds), or undefined.
 */
export function coveringTerm(pattern: readonly Term[], required: Term): Term | undefined {
  return pattern.find((term) => termImplies(required, term));
}
