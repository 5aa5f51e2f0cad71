/**
 * The rules a recorded scan's scope ran, for `diff` across scopes: its `--rule` ids, its framework's
 * rules, or every rule, as `scan` selects them now.
 */
import { selectRules } from "../../engine/select.js";
import type { Scope } from "./types.js";

/**
 * The ids of the rules a scan of this scope runs, or undefined when this cloudpatrol cannot tell (a
 * framework or rule id it does not know: the scan was recorded by another version).
 */
export function rulesOfScope(scope: Scope): ReadonlySet<string> | undefined {
  try {
    const selection = selectRules({
      framework: scope.framework ?? undefined,
      ruleIds: scope.rules ?? undefined,
    });
    return new Set(selection.rules.map((rule) => rule.id));
  } catch {
    return undefined;
  }
}
