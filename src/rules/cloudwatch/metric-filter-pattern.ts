/**
 * Does one metric filter's pattern satisfy one monitoring requirement? Decided on the parsed patterns
 * (`src/filter-pattern/`), never on their text:
 *
 * 1. The filter must catch every event the prescribed pattern catches: each AND-term of the prescribed
 *    pattern (read as also requiring the requirement's `eventSource`, and, when its events are all named
 *    management write calls, `readOnly` false, `managementEvent` true and `eventCategory` "Management", as
 *    CloudTrail records every one of them) must be covered by a term of the filter. Spacing, quoting, term
 *    order, parentheses and extra event names change nothing.
 * 2. It must not be broader in a way the version forbids: it must not match an everyday event (see
 *    `baseline-events.ts`) or a near miss of the requirement (its `probes`, `near-miss-events.ts`: the
 *    service's other operations, other errors, the other sign-in outcome) that the prescribed pattern does
 *    not match. The v1.4.0–v3.0.0 printed 4.1 text matches those events itself, so a filter written that
 *    way passes for those versions only.
 *
 * A requirement may accept several forms (`variants`); the first the filter satisfies is reported. When
 * none is satisfied, the evidence names the required events (event names, or the term when it names
 * none) that the closest form misses — with the required conditions not caught and the filter's narrowing
 * ones when the filter names the event but is narrower — and the everyday events the filter also matches.
 *
 * A pattern in an account was accepted by AWS. When cloudpatrol cannot decide it — its parser cannot read
 * it (text and space-delimited patterns among them), a term holds a regular expression (never evaluated),
 * or it expands past 4,096 AND-terms — the judgement is undecided, with the reason, unless the verdict
 * holds whatever the unread part matches (a sure match of a near miss is too broad; a regex term bound to a
 * field no near miss matches does not widen the filter).
 */
import {
  type Condition,
  conditionImplies,
  conditionText,
  coveringTerm,
  type Expression,
  MAX_TERMS,
  matchesEvent,
  parseFilterPattern,
  type Term,
  TooManyTermsError,
  termText,
  toTerms,
} from "../../filter-pattern/index.js";
import { BASELINE_EVENTS } from "./baseline-events.js";
import type { MetricFilterRequirement, PrescribedVariant } from "./metric-filter-requirements.js";

/** The verdict on one pattern for one requirement. */
export interface PatternJudgement {
  /** True when the filter satisfies the requirement; false when it does not or cannot be judged. */
  readonly satisfied: boolean;
  /** The accepted form it satisfies (`label`), or the closest one when none. */
  readonly variant: string;
  /**
   * True when the filter is that form's printed text, up to spacing, quotes around values and
   * parentheses (the same tree, in the same order).
   */
  readonly asPrinted: boolean;
  /** Required events (event names, or terms) the filter does not catch, for the closest form. */
  readonly missing: readonly string[];
  /** Everyday events and near misses the filter matches that the form does not (descriptions). */
  readonly tooBroad: readonly string[];
  /**
   * Set when cloudpatrol cannot tell whether the filter satisfies the requirement (`satisfied` is then
   * false): why — its parser cannot read the pattern (the parse error), a term holds a regular expression,
   * or the pattern expands past 4,096 AND-terms.
   */
  readonly undecided?: string;
}

const EVENT_SOURCE = ["eventSource"];

/**
 * What CloudTrail records on every management write call (`readOnly` and `managementEvent` are JSON
 * booleans, so only `IS FALSE` / `IS TRUE` test them; `eventCategory` is a string).
 */
const MANAGEMENT_WRITE: readonly Condition[] = [
  { kind: "test", selector: { path: ["readOnly"], text: "$.readOnly" }, test: "IS FALSE" },
  { kind: "test", selector: { path: ["managementEvent"], text: "$.managementEvent" }, test: "IS TRUE" },
  {
    kind: "compare",
    selector: { path: ["eventCategory"], text: "$.eventCategory" },
    op: "=",
    value: { kind: "string", text: "Management", quoted: true },
  },
];

/** True when the condition names one event exactly (`$.eventName = CreateTrail`, no wildcard). */
function namesOneEvent(condition: Condition): boolean {
  return (
    condition.kind === "compare" &&
    condition.op === "=" &&
    condition.value.kind === "string" &&
    !condition.value.text.startsWith("*") &&
    !condition.value.text.endsWith("*") &&
    isEventName(condition)
  );
}

/**
 * The prescribed pattern's AND-terms, each read with what every event it names carries: the requirement's
 * `eventSource`, and for management write calls `MANAGEMENT_WRITE` (only on terms naming one event).
 */
function prescribedTerms(variant: PrescribedVariant, requirement: MetricFilterRequirement): Term[] {
  const parsed = parseFilterPattern(variant.pattern);
  if (!parsed.ok) throw new Error(`prescribed pattern does not parse: ${parsed.error.message}`);
  const { eventSource, managementWrites } = requirement;
  const source: Condition | undefined = eventSource
    ? {
        kind: "compare",
        selector: { path: EVENT_SOURCE, text: "$.eventSource" },
        op: "=",
        value: { kind: "string", text: eventSource, quoted: false },
      }
    : undefined;
  return toTerms(parsed.expression).map((term) => {
    const withSource =
      source && !term.some((condition) => condition.selector.path.join(".") === "eventSource")
        ? [...term, source]
        : term;
    return managementWrites === true && term.some(namesOneEvent)
      ? [...withSource, ...MANAGEMENT_WRITE]
      : withSource;
  });
}

function isEventName(condition: Condition): boolean {
  return condition.selector.path.length === 1 && condition.selector.path[0] === "eventName";
}

function sameSelector(a: Condition, b: Condition): boolean {
  return a.selector.path.join("\u0000") === b.selector.path.join("\u0000");
}

/**
 * How a required term the filter does not cover is named in evidence. A term without an event name: its
 * text. Otherwise its event name; when a filter term catches that event name but is narrower, also what it
 * misses: the required conditions it does not catch (`with …`) and its own conditions that narrow it (`the
 * filter requires …`), from the filter term that comes closest (fewest narrowing conditions).
 */
function termName(term: Term, filterTerms: readonly Term[]): string {
  const name = term.find(
    (condition) => condition.kind === "compare" && condition.op === "=" && isEventName(condition),
  );
  if (name?.kind !== "compare") return termText(term);
  const narrowing = filterTerms
    .filter((filterTerm) =>
      filterTerm.every(
        (wanted) => !isEventName(wanted) || term.some((given) => conditionImplies(given, wanted)),
      ),
    )
    .map((filterTerm) =>
      filterTerm.filter((wanted) => !term.some((given) => conditionImplies(given, wanted))),
    )
    .sort((a, b) => a.length - b.length)[0];
  if (!narrowing || narrowing.length === 0) return name.value.text;
  const notCaught = term.filter(
    (given) => !isEventName(given) && narrowing.some((c) => sameSelector(c, given)),
  );
  return `${name.value.text}${notCaught.length > 0 ? ` with ${termText(notCaught)}` : ""} (the filter requires ${termText(narrowing)})`;
}

/** The conditions of a pattern that compare with a regular expression. */
function regexConditions(expression: Expression): Condition[] {
  if (expression.kind === "and" || expression.kind === "or")
    return expression.operands.flatMap(regexConditions);
  return expression.kind === "compare" && expression.value.kind === "regex" ? [expression] : [];
}

/** A filter term with its regular-expression conditions taken as holding (left out). */
function withoutRegexes(term: Term): Term {
  return term.filter((condition) => !(condition.kind === "compare" && condition.value.kind === "regex"));
}

/** The same tree, values compared without their quotes. */
function sameTree(a: Expression, b: Expression): boolean {
  const unquoted = (key: string, value: unknown) => (key === "quoted" ? undefined : value);
  return JSON.stringify(a, unquoted) === JSON.stringify(b, unquoted);
}

interface Trial {
  readonly form: { readonly variant: string; readonly asPrinted: boolean };
  readonly missing: string[];
  readonly tooBroad: string[];
  /** True when the verdict on this form depends on what cloudpatrol could not evaluate. */
  readonly unsure: boolean;
}

/**
 * `filterTerms` is undefined when the filter expands past {@link MAX_TERMS} terms; `unread` is true when
 * it holds a regular expression (its terms then cover nothing, and may catch anything).
 */
function tryVariant(
  filter: Expression,
  filterTerms: readonly Term[] | undefined,
  unread: boolean,
  requirement: MetricFilterRequirement,
  variant: PrescribedVariant,
): Trial {
  const parsed = parseFilterPattern(variant.pattern);
  if (!parsed.ok) throw new Error(`prescribed pattern does not parse: ${parsed.error.message}`);
  const notCovered = filterTerms
    ? prescribedTerms(variant, requirement).filter((term) => coveringTerm(filterTerms, term) === undefined)
    : [];
  // Required terms the filter misses whatever its regular expressions match (each taken as matching):
  // with one of them the verdict holds (not satisfied), and only they are named.
  const assumingRegexes = filterTerms?.map(withoutRegexes) ?? [];
  const surelyMissing = unread
    ? notCovered.filter((term) => coveringTerm(assumingRegexes, term) === undefined)
    : notCovered;
  const missing = (surelyMissing.length > 0 ? surelyMissing : notCovered).map((term) =>
    termName(term, filterTerms ?? []),
  );
  const tooBroad: string[] = [];
  let unsureBroad = false;
  for (const { description, event } of [...BASELINE_EVENTS, ...requirement.probes]) {
    if (matchesEvent(parsed.expression, event)) continue;
    const matched = matchesEvent(filter, event);
    if (matched === true) tooBroad.push(description);
    else if (matched === undefined) unsureBroad = true;
  }
  // Sure: too broad for a near miss it surely matches; or missing events whatever its regexes match.
  const unsure =
    tooBroad.length === 0 &&
    surelyMissing.length === 0 &&
    (filterTerms === undefined || unsureBroad || (unread && notCovered.length > 0));
  return {
    form: { variant: variant.label, asPrinted: sameTree(filter, parsed.expression) },
    missing: [...new Set(missing)],
    tooBroad,
    unsure,
  };
}

/**
 * Judges one filter pattern against one requirement. Pure. A pattern cloudpatrol cannot decide (see the
 * header) is not satisfied and carries the reason in `undecided`.
 */
export function judgePattern(pattern: string, requirement: MetricFilterRequirement): PatternJudgement {
  const first = requirement.variants[0];
  if (!first) throw new Error("a requirement needs at least one prescribed pattern");
  // Not satisfied, and why cloudpatrol cannot decide (see the header).
  const undecided = (reason: string): PatternJudgement => ({
    satisfied: false,
    variant: first.label,
    asPrinted: false,
    missing: [],
    tooBroad: [],
    undecided: reason,
  });
  const parsed = parseFilterPattern(pattern);
  if (!parsed.ok) return undecided(`cloudpatrol's parser cannot read it: ${parsed.error.message}`);
  let filterTerms: Term[] | undefined;
  try {
    filterTerms = toTerms(parsed.expression);
  } catch (error) {
    if (!(error instanceof TooManyTermsError)) throw error;
  }
  const regexes = regexConditions(parsed.expression);
  const trials = requirement.variants.map((variant) =>
    tryVariant(parsed.expression, filterTerms, regexes.length > 0, requirement, variant),
  );
  const passed = trials.find(
    (trial) => !trial.unsure && trial.missing.length === 0 && trial.tooBroad.length === 0,
  );
  if (passed) return { satisfied: true, ...passed.form, missing: [], tooBroad: [] };
  if (trials.some((trial) => trial.unsure))
    return undecided(
      filterTerms === undefined
        ? `it expands to more than ${MAX_TERMS} AND-terms, more than cloudpatrol compares`
        : `it holds a regular expression, which cloudpatrol does not evaluate: ${regexes.map(conditionText).join("; ")}`,
    );
  const closest = [...trials].sort(
    (a, b) => a.missing.length + a.tooBroad.length - (b.missing.length + b.tooBroad.length),
  )[0] as Trial;
  return { satisfied: false, ...closest.form, missing: closest.missing, tooBroad: closest.tooBroad };
}

/**
 * How evidence names the form a judged filter relates to: the form's label ("as printed") only when the
 * filter is that text; "written otherwise, satisfies the form …" when it satisfies it in other words;
 * "closest form: …" when it satisfies none; "not judged" when cloudpatrol cannot decide.
 */
export function formNote(judgement: PatternJudgement): string {
  if (judgement.undecided !== undefined) return "not judged";
  if (!judgement.satisfied) return `closest form: "${judgement.variant}"`;
  return judgement.asPrinted
    ? judgement.variant
    : `written otherwise, satisfies the form "${judgement.variant}"`;
}
