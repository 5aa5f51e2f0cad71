/**
 * CIS AWS Foundations Benchmark v1.2.0 3.1 (Scored), v1.3.0 4.1, v4.0.0 4.1, v5.0.0 4.1, v6.0.0 5.1: "Ensure a log metric filter and alarm exist for unauthorized API calls" (v4.0.0+: "…are monitored").
 *
 * Audit (every version): a multi-region trail that is logging and records all management events sends to
 * a CloudWatch Logs log group; a metric filter on that group catches unauthorized API calls; an alarm in the group's
 * region watches the filter's metric, with its actions enabled and an SNS topic among them; the topic has
 * a confirmed subscription. The filter must catch every call failing with an `errorCode` ending in UnauthorizedOperation or starting with AccessDenied; the two-term form of v1.2.0/v1.3.0 and the v4.0.0 `&&` form (which leaves out CloudWatch Logs delivery and HeadBucket) are both accepted. A filter that also matches ordinary successful calls (as the v1.4.0–v3.0.0 printed text does) is not: that version's own rule accepts it.
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
  id: "cloudwatch_alarm_unauthorized_api",
  title: "A metric filter and alarm notify a confirmed subscriber of unauthorized API calls",
  severity: "low",
  what: "unauthorized API calls",
  requirement: METRIC_FILTER_REQUIREMENTS.unauthorizedApiCalls,
  remediationPattern: METRIC_FILTER_REQUIREMENTS.unauthorizedApiCalls.variants[1].pattern,
  metricName: "UnauthorizedAPICalls",
  description:
    "Checks that unauthorized API calls raise a CloudWatch alarm that reaches a person: a qualifying trail's log group has a " +
    "metric filter catching them, an alarm watches the filter's metric and notifies an SNS topic with a " +
    "confirmed subscriber.",
  rationale:
    "Alarming on unauthorized API calls shortens the time between a change or an attack and someone noticing it; a filter " +
    "without an alarm, an alarm without a subscriber, or a filter on a log group no complete trail feeds " +
    "notifies nobody.",
});
