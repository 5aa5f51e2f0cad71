/**
 * The monitoring section's rules (CIS v1.5.0 4.1–4.16 and their other versions), for the tests that list
 * every rule or count the requirements rules decide: one place to keep them.
 */
import { frameworkMappingsForRule } from "../../src/frameworks/index.js";

/** The monitoring rules, in registry order (v1.5.0 order first, then the other versions' rules). */
export const MONITORING_IDS: readonly string[] = [
  "cloudwatch_alarm_unauthorized_api_v140",
  "cloudwatch_alarm_console_no_mfa_v140",
  "cloudwatch_alarm_root_usage",
  "cloudwatch_alarm_iam_policy_changes",
  "cloudwatch_alarm_cloudtrail_changes",
  "cloudwatch_alarm_console_auth_failures",
  "cloudwatch_alarm_cmk_disable_or_delete",
  "cloudwatch_alarm_s3_bucket_policy",
  "cloudwatch_alarm_config_changes",
  "cloudwatch_alarm_security_group",
  "cloudwatch_alarm_nacl_changes",
  "cloudwatch_alarm_network_gateway",
  "cloudwatch_alarm_route_table",
  "cloudwatch_alarm_vpc_changes",
  "cloudwatch_alarm_organizations",
  "securityhub_hub_enabled",
  "cloudwatch_alarm_unauthorized_api",
  "cloudwatch_alarm_console_no_mfa",
  "cloudwatch_alarm_security_group_v500",
];

/** The rules among them that a catalog points at. */
export function monitoringIdsIn(framework: string): string[] {
  return MONITORING_IDS.filter((id) => (frameworkMappingsForRule(id) as Record<string, unknown>)[framework]);
}

/** The cis_v150 requirement numbers the monitoring rules decide, in benchmark order. */
export const MONITORING_V150_NUMBERS: readonly string[] = MONITORING_IDS.flatMap(
  (id) => (frameworkMappingsForRule(id) as Record<string, readonly string[] | undefined>).cis_v150 ?? [],
).sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1]));

/** [cis_v150 number, rule id] of each monitoring rule v1.5.0 lists. */
export const MONITORING_V150_RULES: readonly (readonly [string, string])[] = MONITORING_IDS.flatMap((id) =>
  ((frameworkMappingsForRule(id) as Record<string, readonly string[] | undefined>).cis_v150 ?? []).map(
    (number) => [number, id] as const,
  ),
);
