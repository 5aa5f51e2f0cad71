/**
 * Which rules a scan runs: all of them, those of one framework (`--framework cis_v150`), or named ones
 * (`--rule ID`, repeatable). Unknown ids are input errors (exit 2), never silently empty scans.
 */

import { type Framework, getFramework } from "../frameworks/index.js";
import { InputError } from "../model/errors.js";
import { quoteExcerpt } from "../model/escape.js";
import { RULES } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";

/** What the user asked for. */
export interface SelectOptions {
  /** A framework id (`cis_v150`). */
  readonly framework?: string | undefined;
  /** Rule ids; with a framework, each must decide a requirement of it. */
  readonly ruleIds?: readonly string[] | undefined;
}

/** The rules to run and, with `--framework`, the catalog to report against. */
export interface Selection {
  /** In registry order, no duplicates. */
  readonly rules: readonly AnyRule[];
  /** The framework asked for, or undefined. */
  readonly framework: Framework | undefined;
  /**
   * True when the scan covers a whole framework (a framework and no `--rule`): the caller then adds
   * `manualFindings(snapshot, framework)` for the requirements no rule decides.
   */
  readonly includeManual: boolean;
}

/**
 * Picks rules. No options → every rule (the per-region ones included: they call every enabled region).
 * `framework` → the rules its
 * catalog points at. `ruleIds` → those rules (each must exist; with a framework, each must belong to it).
 */
export function selectRules(options: SelectOptions = {}, registry: readonly AnyRule[] = RULES): Selection {
  const framework = options.framework === undefined ? undefined : getFramework(options.framework);
  const wanted = options.ruleIds && options.ruleIds.length > 0 ? [...new Set(options.ruleIds)] : undefined;
  const known = new Set(registry.map((rule) => rule.id));
  const unknown = (wanted ?? []).filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const list = unknown.map((id) => quoteExcerpt(id)).join(", ");
    throw new InputError(
      `Unknown rule ${list}; known: ${registry.map((rule) => rule.id).join(", ")} (see cloudpatrol rules list).`,
    );
  }
  const inFramework = framework
    ? new Set(framework.requirements.flatMap((requirement) => requirement.ruleIds))
    : undefined;
  if (wanted && inFramework) {
    const outside = wanted.filter((id) => !inFramework.has(id));
    if (outside.length > 0) {
      throw new InputError(
        `Rule ${outside.join(", ")} decides no requirement of ${framework?.id}; drop --framework or pick rules from cloudpatrol rules list --framework ${framework?.id}.`,
      );
    }
  }
  const rules = registry.filter(
    (rule) =>
      (wanted === undefined || wanted.includes(rule.id)) &&
      (inFramework === undefined || inFramework.has(rule.id)),
  );
  return { rules, framework, includeManual: framework !== undefined && wanted === undefined };
}
