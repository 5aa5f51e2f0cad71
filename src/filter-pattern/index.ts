/**
 * The CloudWatch Logs JSON filter-pattern engine: parse a metric filter's pattern, evaluate it against a
 * JSON event, normalise it to an OR of AND-terms, and decide whether one pattern covers another.
 * No AWS imports and no imports from the rest of cloudpatrol: any layer may use it.
 */
export type { Comparison, Condition, Expression, Operator, PathStep, Selector, Test, Value } from "./ast.js";
export { conditionImplies, coveringTerm, termImplies } from "./implies.js";
export { conditionHolds, matchesEvent, type Resolved, resolveSelector } from "./match.js";
export { conditionText, MAX_TERMS, type Term, TooManyTermsError, termText, toTerms } from "./normalise.js";
export { type FilterPatternError, type ParseResult, parseFilterPattern } from "./parse.js";
export { type WildcardValue, wildcardContains, wildcardMatches, wildcardValue } from "./wildcard.js";
