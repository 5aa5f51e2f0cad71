/**
 * CIS AWS Foundations Benchmark v1.2.0 3.14 (Scored), v1.3.0–v5.0.0 4.14, v6.0.0 5.14: "Ensure a log metric filter and alarm exist for VPC changes".
 *
 * Audit (every version): a multi-region trail that is logging and records all management events sends to
 * a CloudWatch Logs log group; a metric filter on that group catches VPC changes; an alarm in the group's
 * region watches the filter's metric, with its actions enabled and an SNS topic among them; the topic has
 * a confirmed subscription. The filter must catch the eleven VPC calls (Create/DeleteVpc, ModifyVpcAttribute, Accept/Create/Delete/RejectVpcPeeringConnection, Attach/DetachClassicLinkVpc, Disable/EnableVpcClassicLink).
 * One finding for the account: PASS, FAIL naming the step where the chain breaks, or MANUAL when it leads
 * into another account (`metric-filter-chain.ts`). Filter patterns are judged parsed, never as text
 * (`metric-filter-pattern.ts`, docs/filter-patterns.md).
 *
 * Sources: CIS AWS Foundations Benchmark audit procedures; Amazon CloudWatch Logs User Guide, "Filter
 * pattern syntax"; AWS CloudTrail User Guide, "Creating CloudWatch alarms for CloudTrail events".
 */
import { METRIC_FILTER_REQUIREMENTS } from "./metric-filter-requirements.js";
import { metricFilterRule } from "./metric-filter-rule.js";

/** The rule. */
export const rule = metricFilterRule({
  id: "cloudwatch_alarm_vpc_changes",
  title: "A metric filter and alarm notify a confirmed subscriber of VPC changes",
  severity: "low",
  what: "VPC changes",
  requirement: METRIC_FILTER_REQUIREMENTS.vpcChanges,

  metricName: "VPCChanges",
  description:
    "Checks that VPC changes raise a CloudWatch alarm that reaches a person: a qualifying trail's log group has a " +
    "metric filter catching them, an alarm watches the filter's metric and notifies an SNS topic with a " +
    "confirmed subscriber.",
  rationale:
    "Alarming on VPC changes shortens the time between a change or an attack and someone noticing it; a filter " +
    "without an alarm, an alarm without a subscriber, or a filter on a log group no complete trail feeds " +
    "notifies nobody.",
});
