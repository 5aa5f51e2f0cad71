/**
 * Which SNS topics the monitoring chain leads to: those in the actions of an alarm on a metric that a
 * monitored log group's metric filter publishes (same namespace and name). Pure; the collector reads
 * exactly these topics' subscriptions.
 */
import type { LogGroupMetricFilters, MetricAlarm } from "../../snapshot/datasets/monitoring.js";

/** The fields of an SNS topic ARN (`arn:<partition>:sns:<region>:<account>:<name>`), or undefined. */
export function parseTopicArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const [prefix, , service, region, accountId, name] = arn.split(":");
  if (prefix !== "arn" || service !== "sns" || !region || !accountId || !name) return undefined;
  return { region, accountId, name };
}

/** A metric's key: namespace and name (a Map/Set key, never an object property). */
export function metricKey(namespace: string, name: string): string {
  return JSON.stringify([namespace, name]);
}

/** The SNS topics (ARNs, sorted) of this account in `region` that the chain's alarms of `region` notify. */
export function chainTopics(
  groups: readonly LogGroupMetricFilters[],
  regionAlarms: readonly MetricAlarm[],
  region: string,
  accountId: string,
): string[] {
  const metrics = new Set(
    groups.flatMap((group) =>
      group.filters.flatMap((filter) =>
        filter.metricTransformations.map((t) => metricKey(t.metricNamespace, t.metricName)),
      ),
    ),
  );
  const topics = new Set<string>();
  for (const alarm of regionAlarms) {
    if (!alarm.metrics.some((metric) => metrics.has(metricKey(metric.namespace, metric.metricName))))
      continue;
    for (const action of alarm.alarmActions) {
      const topic = parseTopicArn(action);
      if (topic && topic.region === region && topic.accountId === accountId) topics.add(action);
    }
  }
  return [...topics].sort();
}
