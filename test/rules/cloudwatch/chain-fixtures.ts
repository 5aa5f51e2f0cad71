/**
 * Literal monitoring-chain data (snapshot fixtures) for states moto cannot produce: subscriptions pending
 * confirmation, log groups and topics of other accounts, metric-math alarms, deleted topics, trails of
 * another account, failed regions.
 */

import type { TrailListing } from "../../../src/snapshot/datasets/cloudtrail.js";
import type {
  LogGroupMetricFilters,
  MetricAlarm,
  RegionAlarms,
  TopicSubscriptions,
} from "../../../src/snapshot/datasets/monitoring.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";
import { ACCOUNT, AT, trail } from "../cloudtrail/trail-fixtures.js";

export { ACCOUNT, AT, trail };

export const REGION = "us-east-1";
export const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:cloudtrail:*`;
export const TOPIC_ARN = `arn:aws:sns:${REGION}:${ACCOUNT}:security-alerts`;

/** A metric filter publishing CISBenchmark/<metric>. */
export function filter(filterName: string, filterPattern: string, metric = filterName) {
  return {
    filterName,
    filterPattern,
    metricTransformations: [{ metricName: metric, metricNamespace: "CISBenchmark" }],
  };
}

/** The `logs.metricFilters` entry of the `cloudtrail` log group. */
export function group(
  filters: LogGroupMetricFilters["filters"],
  overrides: Partial<LogGroupMetricFilters> = {},
): LogGroupMetricFilters {
  return {
    logGroupName: "cloudtrail",
    logGroupArn: LOG_GROUP_ARN,
    trailArns: [`arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/main`],
    filters,
    error: null,
    ...overrides,
  };
}

/** An alarm on CISBenchmark/<metric> notifying TOPIC_ARN. */
export function alarm(metric: string, overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  return {
    alarmName: `${metric}-alarm`,
    alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${metric}-alarm`,
    actionsEnabled: true,
    alarmActions: [TOPIC_ARN],
    metrics: [{ metricName: metric, namespace: "CISBenchmark" }],
    metricMath: false,
    stateValue: "OK",
    ...overrides,
  };
}

/** TOPIC_ARN with one confirmed email subscription (or what `subscriptions` says). */
export function topic(
  subscriptions: TopicSubscriptions["subscriptions"] = [
    { subscriptionArn: `${TOPIC_ARN}:0b4e2c1a-1111-2222-3333-444455556666`, protocol: "email" },
  ],
  overrides: Partial<TopicSubscriptions> = {},
): TopicSubscriptions {
  return { topicArn: TOPIC_ARN, subscriptions, error: null, ...overrides };
}

/** A snapshot of the chain in one region (us-east-1). */
export function chainSnapshot(parts: {
  trails?: readonly TrailListing[];
  groups?: readonly LogGroupMetricFilters[];
  alarms?: RegionAlarms;
  topics?: readonly TopicSubscriptions[];
  errors?: CollectionError[];
}): Snapshot {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: AT,
    source: "aws",
    errors: parts.errors ?? [],
    regional: {
      regions: [{ regionName: REGION, optInStatus: "opt-in-not-required" }],
      enabledRegions: [REGION],
    },
    datasets: {
      "cloudtrail.trails": new Map([[REGION, parts.trails ?? [trail()]]]),
      "logs.metricFilters": new Map([[REGION, parts.groups ?? []]]),
      "cloudwatch.alarms": new Map([[REGION, parts.alarms ?? { read: true, alarms: [] }]]),
      "sns.topicSubscriptions": new Map([[REGION, parts.topics ?? []]]),
    },
    collected: [
      "ec2.regions",
      "cloudtrail.trails",
      "logs.metricFilters",
      "cloudwatch.alarms",
      "sns.topicSubscriptions",
    ],
  };
}
