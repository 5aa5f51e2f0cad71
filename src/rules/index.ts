/**
 * The rule registry: every rule cloudpatrol knows, by id.
 */
import { rule as iamUserNoAccessKeyAtSetup } from "./iam_user_no_access_key_at_setup.js";
import type { AnyRule } from "./types.js";

/** All rules, in report order. */
export const RULES: readonly AnyRule[] = [iamUserNoAccessKeyAtSetup];

/** The rule with this id, or undefined. */
export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
