/**
 * The shape shared by the CIS metric-filter rules (one file per requirement under `rules/cloudwatch/`):
 * the same chain (`metric-filter-chain.ts`), the same data, and remediation written from the
 * requirement's pattern: console steps, AWS CLI commands that create the filter, metric, alarm, topic and
 * subscription, and CloudFormation and Terraform snippets.
 */
import type { Finding, Severity } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { CHAIN_DATASETS, judgeChain } from "./metric-filter-chain.js";
import type { MetricFilterRequirement } from "./metric-filter-requirements.js";

/** What differs between the metric-filter rules. */
export interface MetricFilterRuleSpec {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** The events, as a phrase: "unauthorized API calls". */
  readonly what: string;
  readonly requirement: MetricFilterRequirement;
  /** The pattern the remediation creates (default: the first accepted form). */
  readonly remediationPattern?: string;
  /** The metric the remediation creates, in namespace `CISBenchmark`: `UnauthorizedAPICalls`. */
  readonly metricName: string;
  readonly description: string;
  readonly rationale: string;
}

const NAMESPACE = "CISBenchmark";

/** CloudTrail events that change any link of the chain. */
const CHAIN_EVENTS = [
  "CreateTrail",
  "UpdateTrail",
  "DeleteTrail",
  "StartLogging",
  "StopLogging",
  "PutEventSelectors",
  "PutMetricFilter",
  "DeleteMetricFilter",
  "DeleteLogGroup",
  "PutMetricAlarm",
  "DeleteAlarms",
  "EnableAlarmActions",
  "DisableAlarmActions",
  "Subscribe",
  "ConfirmSubscription",
  "Unsubscribe",
  "DeleteTopic",
];

function hclString(text: string): string {
  return JSON.stringify(text).replaceAll("${", "$${").replaceAll("%{", "%%{");
}

/** Builds one metric-filter rule. */
export function metricFilterRule(spec: MetricFilterRuleSpec): Rule {
  const pattern = spec.remediationPattern ?? spec.requirement.variants[0]?.pattern ?? "";
  const metric = spec.metricName;
  const rule: Rule = {
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    resourceTypes: ["AWS::::Account"],
    description: spec.description,
    rationale: spec.rationale,
    remediation: {
      console: [
        "In the CloudTrail console, make sure a multi-region trail that is logging and records all management events (read and write) sends its events to a CloudWatch Logs log group (Trails → the trail → CloudWatch Logs → Edit).",
        `In the CloudWatch console, open Log groups → that log group → Metric filters → Create metric filter, and enter the filter pattern ${pattern}`,
        `Name the filter and the metric ${metric}, namespace ${NAMESPACE}, metric value 1; create the filter.`,
        `Select the new metric filter and choose Create alarm: statistic Sum, period 5 minutes, threshold greater than or equal to 1; in Notification, send to an SNS topic (new or existing) with the security team's address.`,
        "Open the confirmation email SNS sends to that address and confirm the subscription (a subscription pending confirmation notifies nobody).",
      ],
      cli: [
        "aws cloudtrail describe-trails --query 'trailList[?IsMultiRegionTrail].[TrailARN,CloudWatchLogsLogGroupArn]'",
        `aws logs put-metric-filter --region <log-group-region> --log-group-name <log-group> --filter-name ${metric} --metric-transformations metricName=${metric},metricNamespace=${NAMESPACE},metricValue=1 --filter-pattern '${pattern}'`,
        "aws sns create-topic --region <log-group-region> --name <topic-name>",
        "aws sns subscribe --region <log-group-region> --topic-arn <topic-arn> --protocol email --notification-endpoint <security-team-address>",
        `aws cloudwatch put-metric-alarm --region <log-group-region> --alarm-name ${metric} --metric-name ${metric} --namespace ${NAMESPACE} --statistic Sum --period 300 --evaluation-periods 1 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions <topic-arn>`,
        "aws sns list-subscriptions-by-topic --region <log-group-region> --topic-arn <topic-arn>   # the SubscriptionArn must not be PendingConfirmation",
      ],
      iac: {
        cloudformation: [
          "# In the region of the trail's log group.",
          "Parameters:",
          "  TrailLogGroupName: { Type: String }",
          "  AlertEmail: { Type: String }",
          "Resources:",
          "  AlertTopic:",
          "    Type: AWS::SNS::Topic",
          "    Properties:",
          "      Subscription:",
          "        - { Protocol: email, Endpoint: !Ref AlertEmail }   # confirm the email SNS sends",
          `  ${metric}Filter:`,
          "    Type: AWS::Logs::MetricFilter",
          "    Properties:",
          "      LogGroupName: !Ref TrailLogGroupName",
          `      FilterPattern: '${pattern}'`,
          "      MetricTransformations:",
          `        - { MetricName: ${metric}, MetricNamespace: ${NAMESPACE}, MetricValue: "1" }`,
          `  ${metric}Alarm:`,
          "    Type: AWS::CloudWatch::Alarm",
          "    Properties:",
          `      AlarmName: ${metric}`,
          `      MetricName: ${metric}`,
          `      Namespace: ${NAMESPACE}`,
          "      Statistic: Sum",
          "      Period: 300",
          "      EvaluationPeriods: 1",
          "      Threshold: 1",
          "      ComparisonOperator: GreaterThanOrEqualToThreshold",
          "      TreatMissingData: notBreaching",
          "      AlarmActions: [!Ref AlertTopic]",
        ].join("\n"),
        terraform: [
          'resource "aws_sns_topic" "alerts" { name = "cis-alerts" }',
          'resource "aws_sns_topic_subscription" "alerts_email" {',
          "  topic_arn = aws_sns_topic.alerts.arn",
          '  protocol  = "email"',
          "  endpoint  = var.alert_email   # confirm the email SNS sends",
          "}",
          `resource "aws_cloudwatch_log_metric_filter" "${metric}" {`,
          `  name           = "${metric}"`,
          "  log_group_name = var.trail_log_group_name",
          `  pattern        = ${hclString(pattern)}`,
          "  metric_transformation {",
          `    name      = "${metric}"`,
          `    namespace = "${NAMESPACE}"`,
          '    value     = "1"',
          "  }",
          "}",
          `resource "aws_cloudwatch_metric_alarm" "${metric}" {`,
          `  alarm_name          = "${metric}"`,
          `  metric_name         = "${metric}"`,
          `  namespace           = "${NAMESPACE}"`,
          '  statistic           = "Sum"',
          "  period              = 300",
          "  evaluation_periods  = 1",
          "  threshold           = 1",
          '  comparison_operator = "GreaterThanOrEqualToThreshold"',
          '  treat_missing_data  = "notBreaching"',
          "  alarm_actions       = [aws_sns_topic.alerts.arn]",
          "}",
        ].join("\n"),
      },
    },
    references: [
      "https://www.cisecurity.org/benchmark/amazon_web_services",
      "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html",
      "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html",
      "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html",
    ],
    requires: [...CHAIN_DATASETS],
    cloudTrailEvents: CHAIN_EVENTS,
    defaults: {},
    evaluate(snapshot: Snapshot): Finding[] {
      return judgeChain(rule, snapshot, spec.requirement, spec.what);
    },
  };
  return rule;
}
