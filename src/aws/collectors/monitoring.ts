/**
 * Collectors of the CIS monitoring chain (`snapshot/datasets/monitoring.ts`), each reading only where the
 * previous link leads:
 *
 * - `logs.metricFilters`: in each region, one DescribeMetricFilters (paginated by `nextToken`) per log
 *   group of this account in this region that a qualifying trail sends to. No call elsewhere.
 * - `cloudwatch.alarms`: in each region holding such a log group with at least one metric filter,
 *   DescribeAlarms for metric alarms, every page (100 per page), keeping what decides whether an alarm can
 *   fire on a filter's metric: its dimensions, statistic, threshold, comparison, periods and metric-math
 *   queries, and units (the filters keep their metric value, default value, dimensions and unit). DescribeAlarms rather than
 *   DescribeAlarmsForMetric: one call per 100 alarms of the region against one call per filter metric (15
 *   or more for the CIS filters), and metric-math alarms, which DescribeAlarmsForMetric does not return,
 *   are included.
 * - `sns.topicSubscriptions`: in each region, one ListSubscriptionsByTopic (paginated) per SNS topic of
 *   this account and region in the actions of an alarm of that region on a metric one of those filters
 *   publishes (name and namespace). Topics of other accounts are not read (the rules say MANUAL).
 *
 * A log group or topic deleted since the trail or alarm was set up (ResourceNotFoundException, NotFound)
 * is recorded on it; any other error fails the region (the engine reports it as ERROR).
 *
 * Sources: Amazon CloudWatch Logs API Reference, DescribeMetricFilters; Amazon CloudWatch API Reference,
 * DescribeAlarms; Amazon SNS API Reference, ListSubscriptionsByTopic.
 */
import { chainTopics } from "../../rules/cloudwatch/chain-topics.js";
import { monitoredLogGroups } from "../../rules/cloudwatch/monitored-log-groups.js";
import type {
  LogGroupMetricFilters,
  MetricAlarm,
  TopicSubscriptions,
} from "../../snapshot/datasets/monitoring.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import { awsErrorCode, describeAwsError } from "../errors.js";
import { regionalClients, regionalCollector } from "./types.js";

export const metricFilters = regionalCollector({
  dataset: "logs.metricFilters",
  async collect(context, region) {
    const groups = monitoredLogGroups(
      { datasets: context.draft.datasets, accountId: context.accountId },
      region,
    );
    if (groups.length === 0) return [];
    const client = await regionalClients(context).cloudWatchLogs(region);
    const { paginateDescribeMetricFilters } = await import("@aws-sdk/client-cloudwatch-logs");
    const read: LogGroupMetricFilters[] = [];
    for (const { logGroup, trailArns } of groups) {
      const filters: LogGroupMetricFilters["filters"][number][] = [];
      try {
        // DescribeMetricFilters also matches by prefix when only a name is given: keep this group's own.
        for await (const page of paginateDescribeMetricFilters({ client }, { logGroupName: logGroup.name }))
          for (const filter of page.metricFilters ?? [])
            if (filter.logGroupName === undefined || filter.logGroupName === logGroup.name)
              filters.push({
                filterName: filter.filterName ?? "",
                filterPattern: filter.filterPattern ?? "",
                metricTransformations: (filter.metricTransformations ?? []).map((transformation) => ({
                  metricName: transformation.metricName ?? "",
                  metricNamespace: transformation.metricNamespace ?? "",
                  metricValue: transformation.metricValue ?? "",
                  defaultValue: transformation.defaultValue ?? null,
                  dimensions: Object.entries(transformation.dimensions ?? {}).map(([name, value]) => ({
                    name,
                    value,
                  })),
                  unit: transformation.unit ?? null,
                })),
              });
        read.push({
          logGroupName: logGroup.name,
          logGroupArn: logGroup.arn,
          trailArns,
          filters,
          error: null,
        });
      } catch (error) {
        if (awsErrorCode(error) !== "ResourceNotFoundException") throw error;
        read.push({
          logGroupName: logGroup.name,
          logGroupArn: logGroup.arn,
          trailArns,
          filters: [],
          error: { code: "ResourceNotFoundException", message: describeAwsError(error) },
        });
      }
    }
    return read;
  },
});

/** CloudWatch `Dimensions` as name/value pairs. */
function dimensionPairs(
  dimensions: readonly { Name?: string; Value?: string }[] | undefined,
): { name: string; value: string }[] {
  return (dimensions ?? []).map((dimension) => ({
    name: dimension.Name ?? "",
    value: dimension.Value ?? "",
  }));
}

export const alarms = regionalCollector({
  dataset: "cloudwatch.alarms",
  async collect(context, region) {
    const groups =
      regionalValues({ datasets: context.draft.datasets }, "logs.metricFilters").get(region) ?? [];
    if (!groups.some((group) => group.filters.length > 0)) return { read: false, alarms: [] };
    const client = await regionalClients(context).cloudWatch(region);
    const { paginateDescribeAlarms } = await import("@aws-sdk/client-cloudwatch");
    const found: MetricAlarm[] = [];
    for await (const page of paginateDescribeAlarms(
      { client },
      { AlarmTypes: ["MetricAlarm"], MaxRecords: 100 },
    ))
      for (const alarm of page.MetricAlarms ?? []) {
        const math = (alarm.Metrics ?? []).flatMap((query) =>
          query.MetricStat?.Metric?.MetricName
            ? [
                {
                  metricName: query.MetricStat.Metric.MetricName,
                  namespace: query.MetricStat.Metric.Namespace ?? "",
                },
              ]
            : [],
        );
        found.push({
          alarmName: alarm.AlarmName ?? "",
          alarmArn: alarm.AlarmArn ?? "",
          actionsEnabled: alarm.ActionsEnabled !== false,
          alarmActions: alarm.AlarmActions ?? [],
          metrics: alarm.MetricName
            ? [{ metricName: alarm.MetricName, namespace: alarm.Namespace ?? "" }, ...math]
            : math,
          metricMath: (alarm.Metrics ?? []).length > 0,
          stateValue: alarm.StateValue ?? null,
          dimensions: dimensionPairs(alarm.Dimensions),
          statistic: alarm.Statistic ?? alarm.ExtendedStatistic ?? null,
          period: alarm.Period ?? null,
          threshold: alarm.Threshold ?? null,
          comparisonOperator: alarm.ComparisonOperator ?? null,
          evaluationPeriods: alarm.EvaluationPeriods ?? null,
          datapointsToAlarm: alarm.DatapointsToAlarm ?? null,
          unit: alarm.Unit ?? null,
          queries: (alarm.Metrics ?? []).map((query) => ({
            id: query.Id ?? "",
            expression: query.Expression ?? null,
            // AWS's default for ReturnData is true.
            returnData: query.ReturnData !== false,
            metricStat: query.MetricStat?.Metric?.MetricName
              ? {
                  metricName: query.MetricStat.Metric.MetricName,
                  namespace: query.MetricStat.Metric.Namespace ?? "",
                  dimensions: dimensionPairs(query.MetricStat.Metric.Dimensions),
                  stat: query.MetricStat.Stat ?? "",
                  period: query.MetricStat.Period ?? null,
                  unit: query.MetricStat.Unit ?? null,
                }
              : null,
          })),
        });
      }
    return { read: true, alarms: found };
  },
});

export const topicSubscriptions = regionalCollector({
  dataset: "sns.topicSubscriptions",
  async collect(context, region) {
    const datasets = { datasets: context.draft.datasets };
    const groups = regionalValues(datasets, "logs.metricFilters").get(region) ?? [];
    const regionAlarms = regionalValues(datasets, "cloudwatch.alarms").get(region)?.alarms ?? [];
    const topics = chainTopics(groups, regionAlarms, region, context.accountId);
    if (topics.length === 0) return [];
    const client = await regionalClients(context).sns(region);
    const { paginateListSubscriptionsByTopic } = await import("@aws-sdk/client-sns");
    const read: TopicSubscriptions[] = [];
    for (const topicArn of topics) {
      const subscriptions: TopicSubscriptions["subscriptions"][number][] = [];
      try {
        for await (const page of paginateListSubscriptionsByTopic({ client }, { TopicArn: topicArn }))
          for (const subscription of page.Subscriptions ?? [])
            subscriptions.push({
              subscriptionArn: subscription.SubscriptionArn ?? "",
              protocol: subscription.Protocol ?? "",
            });
        read.push({ topicArn, subscriptions, error: null });
      } catch (error) {
        if (awsErrorCode(error) !== "NotFound" && awsErrorCode(error) !== "NotFoundException") throw error;
        read.push({
          topicArn,
          subscriptions: [],
          error: { code: "NotFound", message: describeAwsError(error) },
        });
      }
    }
    return read;
  },
});
