/**
 * Rule parameters from command-line values, by parameter name: a value applies to every selected rule
 * whose defaults have a parameter of that name (`--setup-window-seconds` → `setupWindowSeconds`), so the
 * CLI names no rule.
 */
import type { AnyRule } from "../rules/types.js";

/** Rule id → parameter overrides, for each rule in `rules` that has a parameter named in `values`. */
export function paramsFor(
  rules: readonly AnyRule[],
  values: Readonly<Record<string, unknown>>,
): Record<string, Record<string, unknown>> {
  const params: Record<string, Record<string, unknown>> = {};
  for (const rule of rules) {
    const own = Object.entries(values).filter(
      ([name, value]) => value !== undefined && Object.hasOwn(rule.defaults, name),
    );
    if (own.length > 0) params[rule.id] = Object.fromEntries(own);
  }
  return params;
}
