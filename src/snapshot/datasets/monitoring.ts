/**
 * The CIS monitoring chain's datasets, read only where the chain leads (CIS v1.2.0 3.x, v1.3.0–v5.0.0
 * 4.1–4.15, v6.0.0 5.1–5.15): qualifying CloudTrail trail (multi-region, logging, all management events;
 * `cloudtrail.trails`) → its CloudWatch Logs log group → that group's metric filters (in the group's
 * region) → the CloudWatch alarms of that region → the SNS topics in those alarms' actions → their
 * subscriptions.
 *
 * - `logs.metricFilters`: per region, DescribeMetricFilters for each log group of this account in this
 *   region that a qualifying trail sends to; never any other log group.
 * - `cloudwatch.alarms`: per region, DescribeAlarms (every page) where at least one such log group has a
 *   metric filter; not read (`read: false`) elsewhere.
 * - `sns.topicSubscriptions`: per region, ListSubscriptionsByTopic (every page) for each SNS topic of this
 *   account and region named in the actions of an alarm on a metric those filters publish.
 *
 * Sources: Amazon CloudWatch Logs API Reference, DescribeMetricFilters; Amazon CloudWatch API Reference,
 * DescribeAlarms (`MetricAlarms[]`: `MetricName`/`Namespace`, or `Metrics[].MetricStat.Metric` for
 * metric math); Amazon SNS API Reference, ListSubscriptionsByTopic (`SubscriptionArn` is
 * `PendingConfirmation` until the endpoint confirms).
 */
import type { z as zod } from "zod";
import { type DatasetValue, defineDataset } from "../dataset.js";
import { TRAIL_ARN_EMPTY } from "./cloudtrail.js";

/**
 * Metric dimensions as name/value pairs, in the order AWS gave them (a list, never an object keyed by
 * account data). For a metric filter the value is the log field it is read from (`$.userIdentity.arn`).
 */
const dimensionList = (z: typeof zod) =>
  z.array(z.looseObject({ name: z.string(), value: z.string() })).readonly();

/** An AWS error recorded on one resource instead of failing the region (a deleted log group or topic). */
const resourceError = (z: typeof zod) => z.looseObject({ code: z.string(), message: z.string() }).nullable();

/** The metric filters of the qualifying trails' log groups in one region. */
export const metricFilters = defineDataset({
  name: "logs.metricFilters",
  scope: "region",
  title: "the metric filters of the log groups qualifying CloudTrail trails send to",
  actions: ["logs:DescribeMetricFilters"],
  dependsOn: ["cloudtrail.trails"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          logGroupName: z.string(),
          /** The trail's `CloudWatchLogsLogGroupArn`. */
          logGroupArn: z.string(),
          /** The qualifying trails that send to it (ARNs, sorted). */
          trailArns: z.array(z.string().min(1, TRAIL_ARN_EMPTY)).readonly(),
          filters: z
            .array(
              z.looseObject({
                filterName: z.string(),
                filterPattern: z.string(),
                metricTransformations: z
                  .array(
                    z.looseObject({
                      metricName: z.string(),
                      metricNamespace: z.string(),
                      /**
                       * `metricValue`: what each matching event publishes, a number (`"1"`) or a log field
                       * (`$.field`). Absent in snapshots written before it was collected.
                       */
                      metricValue: z.string().optional(),
                      /** `defaultValue`: published for events that do not match (null: none). Absent likewise. */
                      defaultValue: z.number().nullable().optional(),
                      /** `dimensions` (name → log field); empty when none. Absent likewise. */
                      dimensions: dimensionList(z).optional(),
                      /**
                       * `unit` the metric is published with; null when the filter sets none (CloudWatch then
                       * records `None`). Absent likewise.
                       */
                      unit: z.string().nullable().optional(),
                    }),
                  )
                  .readonly(),
              }),
            )
            .readonly(),
          /** ResourceNotFoundException (the log group no longer exists), or null. */
          error: resourceError(z),
        }),
      )
      .readonly(),
});

/** The log groups read in one region, with their filters. */
export type LogGroupMetricFilters = DatasetValue<typeof metricFilters>[number];
/** One metric filter. */
export type MetricFilter = LogGroupMetricFilters["filters"][number];

/** The CloudWatch metric alarms of one region (where the chain needs them). */
export const alarms = defineDataset({
  name: "cloudwatch.alarms",
  scope: "region",
  title: "the CloudWatch alarms of the regions holding a monitored log group",
  actions: ["cloudwatch:DescribeAlarms"],
  dependsOn: ["logs.metricFilters"],
  stored: "datasets",
  schema: (z) =>
    z.looseObject({
      /** False when no monitored log group of this region has a metric filter: DescribeAlarms was not called. */
      read: z.boolean(),
      alarms: z
        .array(
          z.looseObject({
            alarmName: z.string(),
            alarmArn: z.string(),
            actionsEnabled: z.boolean(),
            /** `AlarmActions` (ARNs: SNS topics, Lambda functions, SSM, Auto Scaling...). */
            alarmActions: z.array(z.string()).readonly(),
            /**
             * The metrics the alarm watches: its `MetricName`/`Namespace`, or, for a metric-math alarm, every
             * `Metrics[].MetricStat.Metric`.
             */
            metrics: z.array(z.looseObject({ metricName: z.string(), namespace: z.string() })).readonly(),
            /** True for a metric-math alarm (`Metrics[]`). */
            metricMath: z.boolean(),
            /**
             * The alarm's `Dimensions` (empty when none; unused by metric-math alarms). This and the fields
             * below are absent in snapshots written before they were collected: the chain then judges the
             * alarm by its metric's namespace and name alone.
             */
            dimensions: dimensionList(z).optional(),
            /** `Statistic`, else `ExtendedStatistic` (`p99`), else null (metric math). */
            statistic: z.string().nullable().optional(),
            /** `Period` in seconds, or null. */
            period: z.number().nullable().optional(),
            /** `Threshold`, or null (anomaly detection alarms compare with a band instead). */
            threshold: z.number().nullable().optional(),
            /** `ComparisonOperator` (`GreaterThanOrEqualToThreshold`...), or null. */
            comparisonOperator: z.string().nullable().optional(),
            /** `EvaluationPeriods`, or null. */
            evaluationPeriods: z.number().nullable().optional(),
            /** `DatapointsToAlarm` (null: as many as `EvaluationPeriods`). */
            datapointsToAlarm: z.number().nullable().optional(),
            /**
             * `Unit` (null: none, the alarm reads data of any unit). Absent in snapshots written before it was
             * collected: the unit is then not judged.
             */
            unit: z.string().nullable().optional(),
            /** A metric-math alarm's `Metrics[]`: each query's id, expression or metric, and `ReturnData`. */
            queries: z
              .array(
                z.looseObject({
                  id: z.string(),
                  /** `Expression`, or null for a `MetricStat` query. */
                  expression: z.string().nullable(),
                  /** `ReturnData` (AWS's default, true, when omitted): the one query the alarm compares. */
                  returnData: z.boolean(),
                  /** `MetricStat`'s metric and `Stat`, or null for an expression. */
                  metricStat: z
                    .looseObject({
                      metricName: z.string(),
                      namespace: z.string(),
                      dimensions: dimensionList(z),
                      stat: z.string(),
                      period: z.number().nullable(),
                      /** `Unit` (null: none). Absent in snapshots written before it was collected. */
                      unit: z.string().nullable().optional(),
                    })
                    .nullable(),
                }),
              )
              .readonly()
              .optional(),
            /** `StateValue`: `OK`, `ALARM`, `INSUFFICIENT_DATA` (evidence). */
            stateValue: z.string().nullable(),
          }),
        )
        .readonly(),
    }),
});

/** The alarms of one region. */
export type RegionAlarms = DatasetValue<typeof alarms>;
/** One metric alarm. */
export type MetricAlarm = RegionAlarms["alarms"][number];

/** The subscriptions of the SNS topics the chain's alarms notify, in one region. */
export const topicSubscriptions = defineDataset({
  name: "sns.topicSubscriptions",
  scope: "region",
  title: "the subscriptions of the SNS topics the monitoring alarms notify",
  actions: ["sns:ListSubscriptionsByTopic"],
  dependsOn: ["cloudwatch.alarms"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          topicArn: z.string(),
          subscriptions: z
            .array(
              z.looseObject({
                /** An ARN once confirmed; `PendingConfirmation` (or `Deleted`) otherwise. */
                subscriptionArn: z.string(),
                /** `email`, `https`, `sqs`, `lambda`, `sms`... (the endpoint itself is not kept). */
                protocol: z.string(),
              }),
            )
            .readonly(),
          /** NotFound (the topic no longer exists), or null. */
          error: resourceError(z),
        }),
      )
      .readonly(),
});

/** The topics read in one region. */
export type TopicSubscriptions = DatasetValue<typeof topicSubscriptions>[number];
