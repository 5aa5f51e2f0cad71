/**
 * The rule registry: every rule cloudpatrol knows, by id.
 */
import { rule as iamPolicyNoFullAdminAttached } from "./iam_policy_no_full_admin_attached.js";
import { rule as iamRoleSupportAccessAttached } from "./iam_role_support_access_attached.js";
import { rule as iamServerCertificateNotExpired } from "./iam_server_certificate_not_expired.js";
import { rule as iamUserManagedCentrally } from "./iam_user_managed_centrally.js";
import { rule as iamUserNoAccessKeyAtSetup } from "./iam_user_no_access_key_at_setup.js";
import { rule as iamUserNoDirectPolicies } from "./iam_user_no_direct_policies.js";
import type { AnyRule } from "./types.js";

/** All rules, in report order. */
export const RULES: readonly AnyRule[] = [
  iamUserNoAccessKeyAtSetup,
  iamUserNoDirectPolicies,
  iamPolicyNoFullAdminAttached,
  iamRoleSupportAccessAttached,
  iamServerCertificateNotExpired,
  iamUserManagedCentrally,
];

/** The rule with this id, or undefined. */
export function findRule(id: string): AnyRule | undefined {
  return RULES.find((rule) => rule.id === id);
}
