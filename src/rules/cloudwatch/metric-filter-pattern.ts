/**
 * Does one metric filter's pattern satisfy one monitoring requirement? Decided on the parsed patterns
 * (`src/filter-pattern/`), never on their text:
 *
 * 1. The filter must catch every event the prescribed pattern catches: each AND-term of the prescribed
 *    pattern (read as also requiring the requirement's `eventSource`) must be covered by a term of the
 *    filter. Spacing, quoting, term order, parentheses and extra event names change nothing.
 * 2. It must not be broader in a way the version forbids: it must not match an everyday event (see
 *    `baseline-events.ts`) or a near miss of the requirement (its `probes`, `near-miss-events.ts`: the
 *    service's other operations, other errors, the other sign-in outcome) that the prescribed pattern does
 *    not match. The v1.4.0–v3.0.0 printed 4.1 text matches those events itself, so a filter written that
 *    way passes for those versions only.
 *
 * A requirement may accept several forms (`variants`); the first the filter satisfies is reported. When
 * none is satisfied, the evidence names the required events (event names, or the term when it names
 * none) that the closest form misses, and the everyday events the filter also matches.
 */
import {
  type Condition,
  coveringTerm,
  type Expression,
  matchesEvent,
  parseFilterPattern,
  type Term,
  termText,
  toTerms,
} from "../../filter-pattern/index.js";
import { BASELINE_EVENTS } from "./baseline-events.js";
import type { MetricFilterRequirement, PrescribedVariant } from "./metric-filter-requirements.js";

/** The verdict on one pattern for one requirement. */
export interface PatternJudgement {
  readonly satisfied: boolean;
  /** The accepted form it satisfies (`label`), or the closest one when none. */
  readonly variant: string;
  /** Required events (event names, or terms) the filter does not catch, for the closest form. */
  readonly missing: readonly string[];
  /** Everyday events and near misses the filter matches that the form does not (descriptions). */
  readonly tooBroad: readonly string[];
  /** Why the pattern could not be judged (a syntax error with its position), or undefined. */
  readonly error?: string;
}

const EVENT_SOURCE = ["eventSource"];

function prescribedTerms(variant: PrescribedVariant, eventSource: string | undefined): Term[] {
  const parsed = parseFilterPattern(variant.pattern);
  if (!parsed.ok) throw new Error(`prescribed pattern does not parse: ${parsed.error.message}`);
  const terms = toTerms(parsed.expression);
  if (!eventSource) return terms;
  const source: Condition = {
    kind: "compare",
    selector: { path: EVENT_SOURCE, text: "$.eventSource" },
    op: "=",
    value: { kind: "string", text: eventSource, quoted: false },
  };
  return terms.map((term) =>
    term.some((condition) => condition.selector.path.join(".") === "eventSource") ? term : [...term, source],
  );
}

/** How a missing term is named in evidence: its event name when it has one, else its text. */
function termName(term: Term): string {
  const name = term.find(
    (condition) =>
      condition.kind === "compare" &&
      condition.op === "=" &&
      condition.selector.path.length === 1 &&
      condition.selector.path[0] === "eventName",
  );
  return name?.kind === "compare" ? name.value.text : termText(term);
}

interface Trial {
  readonly variant: string;
  readonly missing: string[];
  readonly tooBroad: string[];
}

function tryVariant(
  filter: Expression,
  filterTerms: readonly Term[],
  requirement: MetricFilterRequirement,
  variant: PrescribedVariant,
): Trial {
  const parsed = parseFilterPattern(variant.pattern);
  if (!parsed.ok) throw new Error(`prescribed pattern does not parse: ${parsed.error.message}`);
  const missing = prescribedTerms(variant, requirement.eventSource)
    .filter((term) => coveringTerm(filterTerms, term) === undefined)
    .map(termName);
  const tooBroad = [...BASELINE_EVENTS, ...requirement.probes]
    .filter(({ event }) => matchesEvent(filter, event) && !matchesEvent(parsed.expression, event))
    .map(({ description }) => description);
  return { variant: variant.label, missing: [...new Set(missing)], tooBroad };
}

/**
 * Judges one filter pattern against one requirement. Pure. An unparseable pattern (or a text, space-
 * delimited or regular-expression one) is not satisfied, with the parse error in `error`.
 */
export function judgePattern(pattern: string, requirement: MetricFilterRequirement): PatternJudgement {
  const first = requirement.variants[0];
  if (!first) throw new Error("a requirement needs at least one prescribed pattern");
  const parsed = parseFilterPattern(pattern);
  if (!parsed.ok)
    return { satisfied: false, variant: first.label, missing: [], tooBroad: [], error: parsed.error.message };
  let filterTerms: Term[];
  try {
    filterTerms = toTerms(parsed.expression);
  } catch (error) {
    return {
      satisfied: false,
      variant: first.label,
      missing: [],
      tooBroad: [],
      error: (error as Error).message,
    };
  }
  const trials = requirement.variants.map((variant) =>
    tryVariant(parsed.expression, filterTerms, requirement, variant),
  );
  const passed = trials.find((trial) => trial.missing.length === 0 && trial.tooBroad.length === 0);
  if (passed) return { satisfied: true, ...passed };
  const closest = [...trials].sort(
    (a, b) => a.missing.length + a.tooBroad.length - (b.missing.length + b.tooBroad.length),
  )[0] as Trial;
  return { satisfied: false, ...closest };
}
