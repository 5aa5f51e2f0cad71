/**
 * Normalisation of a filter-pattern tree to disjunctive normal form: an OR of terms, each term an AND of
 * conditions. `(A || B) && C` becomes `[A, C] || [B, C]`. Two patterns that differ only in whitespace,
 * quoting of plain values, term order or parentheses have the same terms (up to order).
 */
import type { Condition, Expression } from "./ast.js";

/** One term: conditions that must all hold. */
export type Term = readonly Condition[];

/** Most terms a pattern may expand to; more is refused (a pattern of 1024 characters needs far fewer). */
export const MAX_TERMS = 4096;

/** Thrown when a pattern expands to more than {@link MAX_TERMS} terms. */
export class TooManyTermsError extends Error {
  constructor() {
    super(`the pattern expands to more than ${MAX_TERMS} AND-terms`);
    this.name = "TooManyTermsError";
  }
}

/**
 * The pattern as an OR of AND-terms. Throws {@link TooManyTermsError} past {@link MAX_TERMS} terms.
 */
export function toTerms(expression: Expression): Term[] {
  switch (expression.kind) {
    case "or": {
      const terms = expression.operands.flatMap((operand) => toTerms(operand));
      if (terms.length > MAX_TERMS) throw new TooManyTermsError();
      return terms;
    }
    case "and": {
      let terms: Term[] = [[]];
      for (const operand of expression.operands) {
        const right = toTerms(operand);
        if (terms.length * right.length > MAX_TERMS) throw new TooManyTermsError();
        terms = terms.flatMap((left) => right.map((term) => [...left, ...term]));
      }
      return terms;
    }
    default:
      return [[expression]];
  }
}

/**
 * A condition written back in one canonical form (`$.eventName = "ConsoleLogin"`, a regular expression as
 * `%…%`), for evidence.
 */
export function conditionText(condition: Condition): string {
  if (condition.kind === "test") return `${condition.selector.text} ${condition.test}`;
  const value =
    condition.value.kind === "number"
      ? condition.value.text
      : condition.value.kind === "regex"
        ? `%${condition.value.text}%`
        : JSON.stringify(condition.value.text);
  return `${condition.selector.text} ${condition.op} ${value}`;
}

/** A term written back: its conditions joined by ` && `. */
export function termText(term: Term): string {
  return term.map(conditionText).join(" && ");
}
