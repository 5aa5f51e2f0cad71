/**
 * The remediators, registered by the id of the rule whose FAIL findings they act on. `remediate` scans
 * with exactly these rules (and so collects only their datasets), then asks each rule's remediator for
 * its plan. Adding a remediator: one module that names its rule, one line here.
 */
import { planDeactivation, REMEDIATED_RULE } from "./plan.js";
import type { RemediationPlan } from "./types.js";

/** Plans the changes for a rule's findings. Pure: no I/O, no clock. */
export type Planner = typeof planDeactivation;

/** Rule id → the planner of its remediation. */
export const REMEDIATORS: ReadonlyMap<string, Planner> = new Map([[REMEDIATED_RULE, planDeactivation]]);

/** True when `ruleId` has a remediator. */
export function isRemediated(ruleId: string): boolean {
  return REMEDIATORS.has(ruleId);
}

/** The plan every remediator makes of `findings` (today one remediator: one plan). */
export function planRemediation(...args: Parameters<Planner>): RemediationPlan {
  const plans = [...REMEDIATORS.values()].map((plan) => plan(...args));
  const [first, ...rest] = plans;
  if (!first) return { kind: "deactivate", actions: [], skipped: [] };
  return {
    ...first,
    actions: [...first.actions, ...rest.flatMap((plan) => plan.actions)],
    skipped: [...first.skipped, ...rest.flatMap((plan) => plan.skipped)],
  };
}
