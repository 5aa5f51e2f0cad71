/**
 * CIS AWS Foundations Benchmark v1.4.0, v1.5.0 4.1 (Automated), v2.0.0, v3.0.0 4.1: "Ensure a log metric filter and alarm exist for unauthorized API calls".
 *
 * Audit (every version): a multi-region trail that is logging and records all management events sends to
 * a CloudWatch Logs log group; a metric filter on that group catches unauthorized API calls; an alarm in the group's
 * region watches the filter's metric, with its actions enabled and an SNS topic among them; the topic has
 * a confirmed subscription. These versions print their pattern with every term joined by `||` (`errorCode` terms or `sourceIPAddress != delivery.logs.amazonaws.com` or `eventName != HeadBucket`), which as written matches almost every event; the intended `&&` form (printed from v4.0.0) is accepted too, and the finding says which of the two the filter matched.
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
  id: "cloudwatch_alarm_unauthorized_api_v140",
  title: "A metric filter and alarm notify a confirmed subscriber of unauthorized API calls (v1.4.0–v3.0.0)",
  severity: "low",
  what: "unauthorized API calls",
  requirement: METRIC_FILTER_REQUIREMENTS.unauthorizedApiCallsV140,

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
