/**
 * The monitoring chain over snapshot fixtures: every step where it can break (evidence says which), the
 * MANUAL cases (another account), metric-math alarms, pending subscriptions, version differences (4.1
 * v1.4.0–v3.0.0 literal text, 4.10 v5.0.0 ModifySecurityGroupRules), and failed regions.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import type { MetricTransformation } from "../../../src/rules/cloudwatch/alarm-fires.js";
import { rule as cloudtrailChanges } from "../../../src/rules/cloudwatch/cloudwatch_alarm_cloudtrail_changes.js";
import { rule as iamPolicyChanges } from "../../../src/rules/cloudwatch/cloudwatch_alarm_iam_policy_changes.js";
import { rule as rootUsage } from "../../../src/rules/cloudwatch/cloudwatch_alarm_root_usage.js";
import { rule as securityGroup } from "../../../src/rules/cloudwatch/cloudwatch_alarm_security_group.js";
import { rule as securityGroupV500 } from "../../../src/rules/cloudwatch/cloudwatch_alarm_security_group_v500.js";
import { rule as unauthorized } from "../../../src/rules/cloudwatch/cloudwatch_alarm_unauthorized_api.js";
import { rule as unauthorizedV140 } from "../../../src/rules/cloudwatch/cloudwatch_alarm_unauthorized_api_v140.js";
import type { MetricAlarm } from "../../../src/snapshot/datasets/monitoring.js";
import {
  ACCOUNT,
  alarm,
  chainSnapshot,
  filter,
  group,
  LOG_GROUP_ARN,
  TOPIC_ARN,
  topic,
  trail,
} from "./chain-fixtures.js";

const TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const CLOUDTRAIL_PATTERN =
  "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }";
const ROOT_PATTERN =
  '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }';
const SG_V150 =
  "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }";

/** A complete chain for the CloudTrail-changes requirement, with `changes` applied. */
function complete(changes: Parameters<typeof chainSnapshot>[0] = {}) {
  return chainSnapshot({
    groups: [group([filter("CloudTrailConfigChanges", CLOUDTRAIL_PATTERN)])],
    alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges")] },
    topics: [topic()],
    ...changes,
  });
}

describe("the chain, step by step (4.5 CloudTrail changes)", () => {
  it("PASS: trail → log group → filter → metric → alarm → topic → confirmed subscriber, each named", () => {
    const [finding, ...rest] = evaluateRule(cloudtrailChanges, complete());
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      status: "PASS",
      region: "global",
      resourceType: "AWS::::Account",
      uid: findingUid(ACCOUNT, cloudtrailChanges.id, ["account"]),
      statusExtended: `A metric filter and alarm for CloudTrail configuration changes notify a confirmed subscriber: trail ${TRAIL_ARN} → ${LOG_GROUP_ARN} → filter "CloudTrailConfigChanges" (as printed) → CISBenchmark/CloudTrailConfigChanges → alarm arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:CloudTrailConfigChanges-alarm → ${TOPIC_ARN} (1 confirmed subscription(s): email).`,
    });
    expect(finding?.frameworks).toMatchObject({ cis_v120: ["3.5"], cis_v150: ["4.5"], cis_v600: ["5.5"] });
    expect(finding?.evidence).toMatchObject({
      trails: [{ trailArn: TRAIL_ARN, qualifies: "yes", logGroupArn: LOG_GROUP_ARN }],
      metricFilters: [
        {
          logGroupArn: LOG_GROUP_ARN,
          filterName: "CloudTrailConfigChanges",
          satisfies: true,
          form: "as printed",
          metrics: ["CISBenchmark/CloudTrailConfigChanges"],
        },
      ],
      topics: [{ topicArn: TOPIC_ARN, confirmed: ["email"], pending: [] }],
    });
  });

  it("FAIL at 'no qualifying trail': a trail that is not logging, even with a correct filter on its log group", () => {
    const snapshot = complete({
      trails: [
        trail({
          status: {
            ...(trail().status as NonNullable<ReturnType<typeof trail>["status"]>),
            isLogging: false,
          },
        }),
      ],
    });
    const [finding] = evaluateRule(cloudtrailChanges, snapshot);
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("no qualifying trail");
    expect(finding?.statusExtended).toBe(
      "No multi-region trail that is logging and records all management events exists (1 trail(s), none qualifying), so nothing alarms on CloudTrail configuration changes.",
    );
    expect(finding?.evidence.trails).toEqual([
      {
        trailArn: TRAIL_ARN,
        qualifies: "no",
        reasons: ["it is not logging (GetTrailStatus IsLogging false)"],
        logGroupArn: LOG_GROUP_ARN,
      },
    ]);
    // The correct filter on its log group is not looked at.
    expect(finding?.evidence.metricFilters).toEqual([]);
  });

  it("FAIL at 'no qualifying trail': a single-region trail", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({ trails: [trail({ isMultiRegionTrail: false })] }),
    );
    expect([finding?.status, finding?.evidence.brokenAt]).toEqual(["FAIL", "no qualifying trail"]);
  });

  it("FAIL at 'trail without log group'", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({ trails: [trail({ cloudWatchLogsLogGroupArn: null })] }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("trail without log group");
    expect(finding?.statusExtended).toBe(
      `Nothing alarms on CloudTrail configuration changes: the chain breaks at "trail without log group": qualifying trail ${TRAIL_ARN} sends no logs to CloudWatch Logs.`,
    );
  });

  it("FAIL at 'trail without log group' when the named log group no longer exists", () => {
    const snapshot = complete({
      groups: [group([], { error: { code: "ResourceNotFoundException", message: "gone" } })],
    });
    const [finding] = evaluateRule(cloudtrailChanges, snapshot);
    expect(finding?.evidence.paths).toEqual([
      `FAIL (trail without log group): qualifying trail ${TRAIL_ARN} names log group ${LOG_GROUP_ARN}, which does not exist (ResourceNotFoundException)`,
    ]);
  });

  it("FAIL at 'no metric filter covering the requirement', naming the event the filter misses", () => {
    const pattern = CLOUDTRAIL_PATTERN.replace(" || ($.eventName = StopLogging)", "");
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({ groups: [group([filter("CloudTrailConfigChanges", pattern)])] }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("no metric filter covering the requirement");
    expect(finding?.evidence.metricFilters).toEqual([
      {
        logGroupArn: LOG_GROUP_ARN,
        filterName: "CloudTrailConfigChanges",
        filterPattern: pattern,
        satisfies: false,
        form: 'closest form: "as printed"',
        missingEvents: ["StopLogging"],
        metrics: ["CISBenchmark/CloudTrailConfigChanges"],
      },
    ]);
  });

  it("FAIL at 'no metric filter covering the requirement': an over-broad filter is said to match more than the requirement, naming the near miss", () => {
    const broad = filter("IAMPolicy", "{ $.eventSource = iam.amazonaws.com }", "IAMPolicyChanges");
    const snapshot = (filters: ReturnType<typeof filter>[]) =>
      chainSnapshot({
        groups: [group(filters)],
        alarms: { read: true, alarms: [alarm("IAMPolicyChanges")] },
        topics: [topic()],
      });
    const [alone] = evaluateRule(iamPolicyChanges, snapshot([broad]));
    expect(alone?.status).toBe("FAIL");
    expect(alone?.statusExtended).toBe(
      `Nothing alarms on IAM policy changes: the chain breaks at "no metric filter covering the requirement": no metric filter of ${LOG_GROUP_ARN} (trail ${TRAIL_ARN}) counts for IAM policy changes: metric filter "IAMPolicy" matches more than the requirement: besides IAM policy changes, also a successful iam:ListPolicies (and 6 more in the evidence's alsoMatches).`,
    );
    const [two] = evaluateRule(
      iamPolicyChanges,
      snapshot([broad, filter("Other", "{ $.eventName = CreatePolicy }", "Other")]),
    );
    expect(two?.evidence.paths).toEqual([
      `FAIL (no metric filter covering the requirement): no metric filter of ${LOG_GROUP_ARN} (trail ${TRAIL_ARN}) counts for IAM policy changes: metric filter "IAMPolicy" matches more than the requirement: besides IAM policy changes, also a successful iam:ListPolicies (and 6 more in the evidence's alsoMatches); the other 1 metric filter(s) do not satisfy the requirement`,
    ]);
    // Filters that only miss events keep the sentence that they do not catch the events.
    const [missing] = evaluateRule(
      iamPolicyChanges,
      snapshot([filter("Other", "{ $.eventName = CreatePolicy }", "Other")]),
    );
    expect(missing?.evidence.paths).toEqual([
      `FAIL (no metric filter covering the requirement): none of the 1 metric filter(s) of ${LOG_GROUP_ARN} (trail ${TRAIL_ARN}) catches IAM policy changes`,
    ]);
  });

  it("FAIL at 'filter without alarm': an alarm on the same metric name in another namespace does not count", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: {
          read: true,
          alarms: [
            alarm("CloudTrailConfigChanges", {
              metrics: [{ metricName: "CloudTrailConfigChanges", namespace: "LogMetrics" }],
            }),
          ],
        },
      }),
    );
    expect(finding?.evidence.brokenAt).toBe("filter without alarm");
    expect(finding?.statusExtended).toContain(
      'metric filter "CloudTrailConfigChanges" on ' +
        `${LOG_GROUP_ARN} (as printed) publishes CISBenchmark/CloudTrailConfigChanges, but no alarm in us-east-1 watches it`,
    );
  });

  it("FAIL at 'alarm without an actions-enabled SNS action': actions disabled, or only a Lambda action", () => {
    const disabled = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges", { actionsEnabled: false })] },
      }),
    )[0];
    expect(disabled?.evidence.brokenAt).toBe("alarm without an actions-enabled SNS action");
    expect(disabled?.statusExtended).toContain("has its actions disabled");
    const lambda = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:notify`;
    const lambdaOnly = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges", { alarmActions: [lambda] })] },
      }),
    )[0];
    expect(lambdaOnly?.evidence.brokenAt).toBe("alarm without an actions-enabled SNS action");
    expect(lambdaOnly?.statusExtended).toContain(`notifies no SNS topic (its actions: ${lambda})`);
  });

  it("FAIL at 'topic without a confirmed subscriber': PendingConfirmation is not confirmed; a deleted topic neither", () => {
    const pending = evaluateRule(
      cloudtrailChanges,
      complete({ topics: [topic([{ subscriptionArn: "PendingConfirmation", protocol: "email" }])] }),
    )[0];
    expect(pending?.status).toBe("FAIL");
    expect(pending?.evidence.brokenAt).toBe("topic without a confirmed subscriber");
    expect(pending?.statusExtended).toContain(
      `notifies ${TOPIC_ARN}, which has no confirmed subscription (1 pending confirmation)`,
    );
    expect(pending?.evidence.topics).toEqual([{ topicArn: TOPIC_ARN, confirmed: [], pending: ["email"] }]);
    const deleted = evaluateRule(
      cloudtrailChanges,
      complete({ topics: [topic([], { error: { code: "NotFound", message: "Topic does not exist" } })] }),
    )[0];
    expect(deleted?.statusExtended).toContain(`notifies ${TOPIC_ARN}, which does not exist (NotFound)`);
  });

  it("FAIL at 'topic without a confirmed subscriber': a Deleted subscription is called deleted, not pending", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        topics: [
          topic([
            { subscriptionArn: "Deleted", protocol: "email" },
            { subscriptionArn: "PendingConfirmation", protocol: "https" },
          ]),
        ],
      }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("topic without a confirmed subscriber");
    expect(finding?.evidence.paths).toEqual([
      `FAIL (topic without a confirmed subscriber): alarm arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:CloudTrailConfigChanges-alarm notifies ${TOPIC_ARN}, which has no confirmed subscription (1 pending confirmation, 1 deleted)`,
    ]);
    expect(finding?.evidence.topics).toEqual([
      { topicArn: TOPIC_ARN, confirmed: [], pending: ["https"], deleted: ["email"] },
    ]);
    const deletedOnly = evaluateRule(
      cloudtrailChanges,
      complete({ topics: [topic([{ subscriptionArn: "Deleted", protocol: "email" }])] }),
    )[0];
    expect(deletedOnly?.statusExtended).toContain(
      `notifies ${TOPIC_ARN}, which has no confirmed subscription (1 deleted).`,
    );
  });

  it("FAIL at 'alarm without an actions-enabled SNS action': a topic in another region is never notified (CloudWatch publishes only to its own region)", () => {
    const west = `arn:aws:sns:eu-west-1:${ACCOUNT}:security-alerts`;
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges", { alarmActions: [west] })] },
        topics: [topic(undefined, { topicArn: west })],
      }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("alarm without an actions-enabled SNS action");
    expect(finding?.evidence.paths).toEqual([
      `FAIL (alarm without an actions-enabled SNS action): alarm arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:CloudTrailConfigChanges-alarm in us-east-1 names ${west}, a topic in eu-west-1: a CloudWatch alarm notifies SNS topics of its own region only, so nobody is notified`,
    ]);
    // Another account's topic in another region: the region alone decides, FAIL rather than MANUAL.
    const central = "arn:aws:sns:eu-west-1:444455556666:central-alerts";
    const other = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges", { alarmActions: [central] })] },
      }),
    )[0];
    expect([other?.status, other?.evidence.brokenAt]).toEqual([
      "FAIL",
      "alarm without an actions-enabled SNS action",
    ]);
    // A same-region topic beside it still passes.
    const both = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: {
          read: true,
          alarms: [alarm("CloudTrailConfigChanges", { alarmActions: [west, TOPIC_ARN] })],
        },
      }),
    )[0];
    expect(both?.status).toBe("PASS");
  });

  it("the furthest step wins when paths break at different steps (two filters, one alarmed without subscriber)", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [group([filter("A", CLOUDTRAIL_PATTERN), filter("B", CLOUDTRAIL_PATTERN)])],
        alarms: { read: true, alarms: [alarm("B")] },
        topics: [topic([])],
      }),
    );
    expect(finding?.evidence.brokenAt).toBe("topic without a confirmed subscriber");
    expect(finding?.evidence.paths).toHaveLength(2);
  });
});

describe("whether the alarm can fire on the filter's metric (4.5 CloudTrail changes)", () => {
  const ALARM = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:CloudTrailConfigChanges-alarm`;
  /** The filter's one transformation as collected today: value 1, no default, no dimensions. */
  const published: MetricTransformation = {
    metricName: "CloudTrailConfigChanges",
    metricNamespace: "CISBenchmark",
    metricValue: "1",
    defaultValue: null,
    dimensions: [],
  };
  /** The alarm as collected today: Sum >= 1 over 300 s, 1 of 1 period, no dimensions. */
  const collected: Partial<MetricAlarm> = {
    dimensions: [],
    statistic: "Sum",
    period: 300,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    evaluationPeriods: 1,
    datapointsToAlarm: null,
    queries: [],
  };
  function judged(transformation: Partial<typeof published>, alarms: Partial<Parameters<typeof alarm>[1]>[]) {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [
          group([
            {
              ...filter("CloudTrailConfigChanges", CLOUDTRAIL_PATTERN),
              metricTransformations: [{ ...published, ...transformation }],
            },
          ]),
        ],
        alarms: {
          read: true,
          alarms: alarms.map((overrides, index) =>
            alarm("CloudTrailConfigChanges", {
              ...collected,
              ...overrides,
              ...(index > 0 ? { alarmName: `second-${index}`, alarmArn: `${ALARM}-${index}` } : {}),
            }),
          ),
        },
      }),
    );
    return finding;
  }

  it("PASS with the condition in the evidence when one event reaches the threshold", () => {
    const finding = judged({}, [{}]);
    expect(finding?.status).toBe("PASS");
    expect(finding?.evidence.alarms).toEqual([
      {
        alarmArn: ALARM,
        metric: "CISBenchmark/CloudTrailConfigChanges",
        fires: "yes",
        condition: "Sum >= 1 over 300 s (1 of 1 period(s))",
        actionsEnabled: true,
        alarmActions: [TOPIC_ARN],
      },
    ]);
  });

  it("an older snapshot without dimensions, values or thresholds judges by namespace and name, as before", () => {
    const finding = evaluateRule(cloudtrailChanges, complete())[0];
    expect(finding?.status).toBe("PASS");
    expect(finding?.evidence.alarms).toEqual([
      {
        alarmArn: ALARM,
        metric: "CISBenchmark/CloudTrailConfigChanges",
        fires: "yes",
        actionsEnabled: true,
        alarmActions: [TOPIC_ARN],
      },
    ]);
  });

  it("MANUAL: a metric-math alarm from an older snapshot, which does not hold its queries", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: {
          read: true,
          alarms: [
            alarm("Anything", {
              metricMath: true,
              metrics: [
                { metricName: "CloudTrailConfigChanges", namespace: "CISBenchmark" },
                { metricName: "Other", namespace: "CISBenchmark" },
              ],
            }),
          ],
        },
      }),
    );
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.evidence.alarms).toMatchObject([
      { fires: "check by hand", metricMath: true, actionsEnabled: true },
    ]);
    expect(finding?.statusExtended).toContain(
      `alarm arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:Anything-alarm is a metric-math alarm whose queries this snapshot does not hold: check by hand that it fires on the metric; the rest of the path holds: trail `,
    );
  });

  it("PASS: a metric-math alarm whose one returned query is the filter's metric (Sum) is judged as a direct alarm", () => {
    const finding = judged({}, [
      {
        metricMath: true,
        statistic: null,
        period: null,
        queries: [
          {
            id: "m1",
            expression: null,
            returnData: true,
            metricStat: {
              metricName: "CloudTrailConfigChanges",
              namespace: "CISBenchmark",
              dimensions: [],
              stat: "Sum",
              period: 60,
            },
          },
        ],
      },
    ]);
    expect(finding?.status).toBe("PASS");
    expect(finding?.evidence.alarms).toMatchObject([
      { fires: "yes", metricMath: true, condition: "Sum >= 1 over 60 s (1 of 1 period(s))" },
    ]);
  });

  it("MANUAL: the alarm watches one value's stream of a filter with dimensions", () => {
    const finding = judged({ dimensions: [{ name: "user", value: "$.userIdentity.arn" }] }, [
      { dimensions: [{ name: "user", value: `arn:aws:iam::${ACCOUNT}:root` }] },
    ]);
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.evidence.alarms).toMatchObject([
      {
        fires: "check by hand",
        why: `alarm ${ALARM} watches only the stream user=arn:aws:iam::${ACCOUNT}:root, and the filter publishes one stream per value of user ($.userIdentity.arn): check by hand that the events to alarm on all carry that value`,
      },
    ]);
  });

  it("MANUAL: a threshold that several events in one period must reach", () => {
    const finding = judged({}, [{ threshold: 5 }]);
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toContain(
      `alarm ${ALARM} fires only when 5 matching events fall in one period (each matching event adds 1, Sum >= 5): check by hand that this is intended`,
    );
  });

  it("MANUAL: 2 breaching periods out of 3 needed", () => {
    const finding = judged({}, [{ evaluationPeriods: 3, datapointsToAlarm: 2 }]);
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.evidence.alarms).toMatchObject([
      {
        condition: "Sum >= 1 over 300 s (2 of 3 period(s))",
        why: `alarm ${ALARM} needs 2 breaching periods out of 3, and one event breaches one period: check by hand that it fires`,
      },
    ]);
  });

  it("MANUAL: an anomaly-detection comparison, a default value with Average, or a statistic such as tc90", () => {
    const band = judged({}, [{ comparisonOperator: "GreaterThanUpperThreshold", threshold: null }]);
    expect(band?.evidence.alarms).toMatchObject([
      {
        fires: "check by hand",
        why: `alarm ${ALARM} compares with GreaterThanUpperThreshold: check by hand that it fires on the metric`,
      },
    ]);
    const average = judged({ defaultValue: 0 }, [{ statistic: "Average" }]);
    expect(average?.evidence.alarms).toMatchObject([
      {
        fires: "check by hand",
        why: `the filter also publishes 0 for every log event that does not match: check by hand that alarm ${ALARM} (Average >= 1) fires on the matching ones`,
      },
    ]);
    expect(judged({ defaultValue: 0 }, [{}])?.status).toBe("PASS");
    expect(judged({}, [{ statistic: "tc90" }])?.evidence.alarms).toMatchObject([
      {
        fires: "check by hand",
        why: `alarm ${ALARM} uses the statistic tc90: check by hand that it fires on the metric`,
      },
    ]);
    expect(judged({}, [{ statistic: "p99" }])?.status).toBe("PASS");
  });

  it("FAIL at 'filter without alarm': Sum < 1, or Maximum >= 2 with value 1, never fires", () => {
    const below = judged({}, [{ comparisonOperator: "LessThanThreshold" }]);
    expect(below?.evidence.brokenAt).toBe("filter without alarm");
    expect(below?.evidence.paths).toEqual([
      `FAIL (filter without alarm): metric filter "CloudTrailConfigChanges" on ${LOG_GROUP_ARN} (as printed) publishes CISBenchmark/CloudTrailConfigChanges, but no alarm in us-east-1 can fire on it: alarm ${ALARM} never fires on it: each matching event adds 1, and Sum < 1 is never reached`,
    ]);
    const maximum = judged({}, [{ statistic: "Maximum", threshold: 2 }]);
    expect(maximum?.statusExtended).toContain(
      `alarm ${ALARM} never fires on it: each matching event publishes 1, and Maximum >= 2 is never reached`,
    );
  });

  it("PASS when one of two alarms on the metric can fire; the evidence says why the other cannot", () => {
    const finding = judged({}, [{ dimensions: [{ name: "InstanceId", value: "i-123" }] }, {}]);
    expect(finding?.status).toBe("PASS");
    expect(finding?.statusExtended).toContain(`→ alarm ${ALARM}-1 →`);
    expect(finding?.evidence.alarms).toMatchObject([
      {
        alarmArn: ALARM,
        fires: "no",
        why: `alarm ${ALARM} watches the stream with dimensions InstanceId=i-123, and the filter publishes the metric without dimensions`,
      },
      { alarmArn: `${ALARM}-1`, fires: "yes" },
    ]);
  });

  const NEVER_PUBLISHED =
    "CloudWatch keeps an alarm on a unit the metric is not published with in INSUFFICIENT_DATA";

  it("FAIL at 'filter without alarm': an alarm with a Unit the filter does not publish (none set: None) never fires, naming both units", () => {
    const seconds = judged({ unit: null }, [{ unit: "Seconds" }]);
    expect(seconds?.status).toBe("FAIL");
    expect(seconds?.evidence.brokenAt).toBe("filter without alarm");
    expect(seconds?.evidence.paths).toEqual([
      `FAIL (filter without alarm): metric filter "CloudTrailConfigChanges" on ${LOG_GROUP_ARN} (as printed) publishes CISBenchmark/CloudTrailConfigChanges, but no alarm in us-east-1 can fire on it: alarm ${ALARM} watches the metric in unit Seconds, and the filter publishes it in unit None (it sets no unit): ${NEVER_PUBLISHED}`,
    ]);
    expect(seconds?.evidence.alarms).toEqual([
      {
        alarmArn: ALARM,
        metric: "CISBenchmark/CloudTrailConfigChanges",
        fires: "no",
        why: `alarm ${ALARM} watches the metric in unit Seconds, and the filter publishes it in unit None (it sets no unit): ${NEVER_PUBLISHED}`,
        condition: "Sum >= 1 over 300 s (1 of 1 period(s))",
        alarmUnit: "Seconds",
        publishedUnit: "None",
        actionsEnabled: true,
        alarmActions: [TOPIC_ARN],
      },
    ]);
    // Count is not None either; and a filter publishing Count is not watched by an alarm on None.
    expect(judged({ unit: null }, [{ unit: "Count" }])?.evidence.alarms).toMatchObject([
      {
        fires: "no",
        why: `alarm ${ALARM} watches the metric in unit Count, and the filter publishes it in unit None (it sets no unit): ${NEVER_PUBLISHED}`,
      },
    ]);
    expect(judged({ unit: "Count" }, [{ unit: "None" }])?.evidence.alarms).toMatchObject([
      {
        fires: "no",
        why: `alarm ${ALARM} watches the metric in unit None, and the filter publishes it in unit Count: ${NEVER_PUBLISHED}`,
        alarmUnit: "None",
        publishedUnit: "Count",
      },
    ]);
  });

  it("PASS: an alarm without a Unit watches any unit; one with the filter's unit (None when it sets none) matches", () => {
    const anyUnit = judged({ unit: "Count" }, [{ unit: null }]);
    expect(anyUnit?.status).toBe("PASS");
    expect(anyUnit?.evidence.alarms).toEqual([
      {
        alarmArn: ALARM,
        metric: "CISBenchmark/CloudTrailConfigChanges",
        fires: "yes",
        condition: "Sum >= 1 over 300 s (1 of 1 period(s))",
        alarmUnit: null,
        publishedUnit: "Count",
        actionsEnabled: true,
        alarmActions: [TOPIC_ARN],
      },
    ]);
    expect(judged({ unit: "Count" }, [{ unit: "Count" }])?.status).toBe("PASS");
    const none = judged({ unit: null }, [{ unit: "None" }]);
    expect(none?.status).toBe("PASS");
    expect(none?.evidence.alarms).toMatchObject([{ fires: "yes", alarmUnit: "None", publishedUnit: "None" }]);
  });

  it("FAIL: a metric-math alarm whose MetricStat on the filter's metric has another unit never fires, returned or not", () => {
    const stat = (unit: string | null) => ({
      metricName: "CloudTrailConfigChanges",
      namespace: "CISBenchmark",
      dimensions: [],
      stat: "Sum",
      period: 300,
      unit,
    });
    const math = { metricMath: true, statistic: null, period: null };
    const direct = judged({ unit: null }, [
      { ...math, queries: [{ id: "m1", expression: null, returnData: true, metricStat: stat("Seconds") }] },
    ]);
    expect(direct?.status).toBe("FAIL");
    expect(direct?.evidence.alarms).toMatchObject([
      {
        fires: "no",
        why: `alarm ${ALARM} watches the metric in unit Seconds, and the filter publishes it in unit None (it sets no unit): ${NEVER_PUBLISHED}`,
        alarmUnit: "Seconds",
        publishedUnit: "None",
        metricMath: true,
      },
    ]);
    const expression = judged({ unit: null }, [
      {
        ...math,
        queries: [
          { id: "m1", expression: null, returnData: false, metricStat: stat("Seconds") },
          { id: "e1", expression: "m1 * 2", returnData: true, metricStat: null },
        ],
      },
    ]);
    expect(expression?.status).toBe("FAIL");
    expect(expression?.evidence.alarms).toMatchObject([
      {
        fires: "no",
        why: `alarm ${ALARM} reads the metric only in unit Seconds (m1), and the filter publishes it in unit None (it sets no unit): ${NEVER_PUBLISHED}`,
        publishedUnit: "None",
        expression: "e1 = m1 * 2",
      },
    ]);
    // The MetricStat's unit matches: the expression is still for a person to check.
    const matching = judged({ unit: null }, [
      {
        ...math,
        queries: [
          { id: "m1", expression: null, returnData: false, metricStat: stat("None") },
          { id: "e1", expression: "m1 * 2", returnData: true, metricStat: null },
        ],
      },
    ]);
    expect(matching?.status).toBe("MANUAL");
  });
});

describe("MANUAL where the chain leaves the account", () => {
  it("an organization trail whose log group is in the management account", () => {
    const org = trail({
      ownerAccountId: "999988887777",
      isOrganizationTrail: true,
      cloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:999988887777:log-group:org-trail:*",
    });
    const [finding] = evaluateRule(cloudtrailChanges, chainSnapshot({ trails: [org] }));
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toContain(
      "sends to log group arn:aws:logs:us-east-1:999988887777:log-group:org-trail:* of account 999988887777: its metric filters, alarms and subscribers are audited in that account",
    );
  });

  it("an alarm notifying a topic of a central account", () => {
    const central = "arn:aws:sns:us-east-1:444455556666:central-alerts";
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges", { alarmActions: [central] })] },
      }),
    );
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toContain(`notifies ${central} of account 444455556666`);
  });

  it("but PASS when another path passes in this account", () => {
    const org = trail({
      name: "org",
      ownerAccountId: "999988887777",
      cloudWatchLogsLogGroupArn: "arn:aws:logs:us-east-1:999988887777:log-group:org-trail:*",
    });
    const [finding] = evaluateRule(cloudtrailChanges, complete({ trails: [org, trail()] }));
    expect(finding?.status).toBe("PASS");
  });
});

describe('"as printed" only for a filter written as printed', () => {
  it("a filter with the printed text (up to spacing, quotes and parentheses) is shown as printed", () => {
    const printed = `{${CLOUDTRAIL_PATTERN.replace("= CreateTrail)", '= "CreateTrail")').replaceAll(" ", "").slice(1, -1)}}`;
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({ groups: [group([filter("CloudTrailConfigChanges", printed)])] }),
    );
    expect(finding?.statusExtended).toContain('filter "CloudTrailConfigChanges" (as printed) →');
    expect(finding?.evidence.metricFilters).toMatchObject([{ satisfies: true, form: "as printed" }]);
  });

  it("another text that satisfies the form is not called printed", () => {
    const rewritten =
      "{ $.eventSource = cloudtrail.amazonaws.com && ($.eventName = StopLogging || $.eventName = StartLogging || $.eventName = DeleteTrail || $.eventName = UpdateTrail || $.eventName = CreateTrail) }";
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({ groups: [group([filter("CloudTrailConfigChanges", rewritten)])] }),
    );
    expect(finding?.status).toBe("PASS");
    expect(finding?.statusExtended).toContain(
      'filter "CloudTrailConfigChanges" (written otherwise, satisfies the form "as printed") →',
    );
    expect(finding?.statusExtended).not.toContain("(as printed)");
    expect(finding?.evidence.metricFilters).toMatchObject([
      { satisfies: true, form: 'written otherwise, satisfies the form "as printed"' },
    ]);
  });
});

describe("a filter cloudpatrol cannot judge (AWS accepted it) is followed down the chain like any other", () => {
  const REGEX = "{ $.eventName = %CreateTrail|UpdateTrail|DeleteTrail|StartLogging|StopLogging% }";
  const REASON =
    "it holds a regular expression, which cloudpatrol does not evaluate: $.eventName = %CreateTrail|UpdateTrail|DeleteTrail|StartLogging|StopLogging%";
  const ALARM = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:CloudTrailConfigChanges-alarm`;
  const REST_OF_PATH = `trail ${TRAIL_ARN} → ${LOG_GROUP_ARN} → filter "TrailChanges" (not judged) → CISBenchmark/CloudTrailConfigChanges → alarm ${ALARM} → ${TOPIC_ARN} (1 confirmed subscription(s): email)`;
  /** The regex filter on the metric the complete chain's alarm watches, with `changes` applied. */
  function regexChain(changes: Parameters<typeof chainSnapshot>[0] = {}) {
    return complete({
      groups: [group([filter("TrailChanges", REGEX, "CloudTrailConfigChanges")])],
      ...changes,
    });
  }

  it("a regular expression whose path would complete: MANUAL naming the filter, the reason and the rest of the path", () => {
    const [finding] = evaluateRule(cloudtrailChanges, regexChain());
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.evidence.brokenAt).toBeUndefined();
    expect(finding?.evidence.paths).toEqual([
      `MANUAL: metric filter "TrailChanges" on ${LOG_GROUP_ARN} cannot be judged by cloudpatrol (${REASON}): check by hand whether it catches CloudTrail configuration changes and nothing broader; the rest of the path holds: ${REST_OF_PATH}`,
    ]);
    expect(finding?.evidence.metricFilters).toEqual([
      {
        logGroupArn: LOG_GROUP_ARN,
        filterName: "TrailChanges",
        filterPattern: REGEX,
        satisfies: false,
        form: "not judged",
        notJudged: REASON,
        metrics: ["CISBenchmark/CloudTrailConfigChanges"],
      },
    ]);
  });

  it("a regular expression without an alarm on its metric: FAIL at 'filter without alarm', the path keeping why it was not judged", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({ groups: [group([filter("TrailChanges", REGEX)])] }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("filter without alarm");
    const path = `metric filter "TrailChanges" on ${LOG_GROUP_ARN} (not judged: ${REASON}) publishes CISBenchmark/TrailChanges, but no alarm in us-east-1 watches it`;
    expect(finding?.evidence.paths).toEqual([`FAIL (filter without alarm): ${path}`]);
    expect(finding?.statusExtended).toBe(
      `Nothing alarms on CloudTrail configuration changes: the chain breaks at "filter without alarm": ${path}.`,
    );
    expect(finding?.evidence.metricFilters).toMatchObject([
      { filterName: "TrailChanges", satisfies: false, form: "not judged", notJudged: REASON },
    ]);
  });

  it("a regular expression whose only alarm cannot fire: FAIL at 'filter without alarm'", () => {
    const transformation = {
      metricName: "CloudTrailConfigChanges",
      metricNamespace: "CISBenchmark",
      metricValue: "1",
      defaultValue: null,
      dimensions: [],
    };
    const [finding] = evaluateRule(
      cloudtrailChanges,
      regexChain({
        groups: [group([{ ...filter("TrailChanges", REGEX), metricTransformations: [transformation] }])],
        alarms: {
          read: true,
          alarms: [
            alarm("CloudTrailConfigChanges", { dimensions: [{ name: "InstanceId", value: "i-123" }] }),
          ],
        },
      }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("filter without alarm");
    expect(finding?.evidence.paths).toEqual([
      `FAIL (filter without alarm): metric filter "TrailChanges" on ${LOG_GROUP_ARN} (not judged: ${REASON}) publishes CISBenchmark/CloudTrailConfigChanges, but no alarm in us-east-1 can fire on it: alarm ${ALARM} watches the stream with dimensions InstanceId=i-123, and the filter publishes the metric without dimensions`,
    ]);
  });

  it("a regular expression whose alarm has its actions disabled: FAIL at 'alarm without an actions-enabled SNS action'", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      regexChain({
        alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges", { actionsEnabled: false })] },
      }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("alarm without an actions-enabled SNS action");
    expect(finding?.evidence.paths).toEqual([
      `FAIL (alarm without an actions-enabled SNS action): alarm ${ALARM} on CISBenchmark/CloudTrailConfigChanges has its actions disabled, after metric filter "TrailChanges" on ${LOG_GROUP_ARN} (not judged: ${REASON})`,
    ]);
  });

  it("a regular expression whose topic has no confirmed subscriber: FAIL at 'topic without a confirmed subscriber'", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      regexChain({ topics: [topic([{ subscriptionArn: "PendingConfirmation", protocol: "email" }])] }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("topic without a confirmed subscriber");
    expect(finding?.evidence.paths).toEqual([
      `FAIL (topic without a confirmed subscriber): alarm ${ALARM} notifies ${TOPIC_ARN}, which has no confirmed subscription (1 pending confirmation), after metric filter "TrailChanges" on ${LOG_GROUP_ARN} (not judged: ${REASON})`,
    ]);
    expect(finding?.evidence.topics).toEqual([{ topicArn: TOPIC_ARN, confirmed: [], pending: ["email"] }]);
  });

  it("a regular expression whose path ends MANUAL for another reason (a topic of a central account): MANUAL", () => {
    const central = "arn:aws:sns:us-east-1:444455556666:central-alerts";
    const [finding] = evaluateRule(
      cloudtrailChanges,
      regexChain({
        alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges", { alarmActions: [central] })] },
      }),
    );
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.evidence.paths).toEqual([
      `MANUAL: alarm ${ALARM} notifies ${central} of account 444455556666: its subscribers are audited there, after metric filter "TrailChanges" on ${LOG_GROUP_ARN} (not judged: ${REASON})`,
    ]);
  });

  it("a regular expression and an alarm to check by hand on one path: MANUAL naming both", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      regexChain({
        alarms: {
          read: true,
          alarms: [alarm("CloudTrailConfigChanges", { evaluationPeriods: 3, datapointsToAlarm: 2 })],
        },
      }),
    );
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.evidence.paths).toEqual([
      `MANUAL: metric filter "TrailChanges" on ${LOG_GROUP_ARN} cannot be judged by cloudpatrol (${REASON}): check by hand whether it catches CloudTrail configuration changes and nothing broader; alarm ${ALARM} needs 2 breaching periods out of 3, and one event breaches one period: check by hand that it fires; the rest of the path holds: ${REST_OF_PATH}`,
    ]);
  });

  it("a text pattern, and a pattern past 4,096 AND-terms, on the alarmed metric: MANUAL", () => {
    const expanding = `{ ${Array.from({ length: 13 }, (_, i) => `($.f${i} = a || $.f${i} = b)`).join(" && ")} }`;
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [
          group([
            filter("Text", "?CreateTrail ?DeleteTrail", "CloudTrailConfigChanges"),
            filter("Big", expanding, "CloudTrailConfigChanges"),
          ]),
        ],
      }),
    );
    expect(finding?.status).toBe("MANUAL");
    const reports = (finding?.evidence.metricFilters ?? []) as { notJudged?: string }[];
    expect(reports.map((report) => report.notJudged)).toEqual([
      'cloudpatrol\'s parser cannot read it: at 0: expected "{" but found "?CreateTrail" (only JSON filter patterns, in braces, are judged)',
      "it expands to more than 4096 AND-terms, more than cloudpatrol compares",
    ]);
    expect(finding?.evidence.paths).toHaveLength(2);
  });

  it("a text pattern without an alarm: FAIL, not MANUAL", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({ groups: [group([filter("Text", "?CreateTrail ?DeleteTrail")])] }),
    );
    expect([finding?.status, finding?.evidence.brokenAt]).toEqual(["FAIL", "filter without alarm"]);
  });

  it("PASS when another filter of the log group completes the chain", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [
          group([
            filter("TrailChanges", REGEX, "Other"),
            filter("CloudTrailConfigChanges", CLOUDTRAIL_PATTERN),
          ]),
        ],
      }),
    );
    expect(finding?.status).toBe("PASS");
  });

  it("PASS beside a passing chain even when the regular expression's own path would complete", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [
          group([
            filter("TrailChanges", REGEX, "CloudTrailConfigChanges"),
            filter("CloudTrailConfigChanges", CLOUDTRAIL_PATTERN),
          ]),
        ],
      }),
    );
    expect(finding?.status).toBe("PASS");
    expect(finding?.statusExtended).toContain('→ filter "CloudTrailConfigChanges" (as printed) →');
  });

  it("MANUAL when the filter judged satisfying breaks later and an undecided one's path would complete", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [
          group([
            filter("TrailChanges", REGEX, "CloudTrailConfigChanges"),
            filter("Printed", CLOUDTRAIL_PATTERN, "NoAlarmOnThis"),
          ]),
        ],
      }),
    );
    expect(finding?.status).toBe("MANUAL");
  });

  it("FAIL at the furthest step when both the satisfying filter and the undecided one break", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [
          group([
            filter("TrailChanges", REGEX, "RegexMetric"),
            filter("Printed", CLOUDTRAIL_PATTERN, "CloudTrailConfigChanges"),
          ]),
        ],
        topics: [topic([])],
      }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("topic without a confirmed subscriber");
    expect(finding?.evidence.paths).toEqual([
      `FAIL (filter without alarm): metric filter "TrailChanges" on ${LOG_GROUP_ARN} (not judged: it holds a regular expression, which cloudpatrol does not evaluate: $.eventName = %CreateTrail|UpdateTrail|DeleteTrail|StartLogging|StopLogging%) publishes CISBenchmark/RegexMetric, but no alarm in us-east-1 watches it`,
      `FAIL (topic without a confirmed subscriber): alarm ${ALARM} notifies ${TOPIC_ARN}, which has no confirmed subscription`,
    ]);
  });

  it("FAIL when a regular expression does not matter: the filter is too broad whatever it matches", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [group([filter("CloudTrailConfigChanges", "{ $.eventName = * || $.eventName = %^Get% }")])],
      }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.brokenAt).toBe("no metric filter covering the requirement");
  });
});

describe("the MANUAL sentence says what a person must check, or what cannot be followed", () => {
  const REGEX = "{ $.eventName = %CreateTrail|UpdateTrail|DeleteTrail|StartLogging|StopLogging% }";
  const REASON =
    "it holds a regular expression, which cloudpatrol does not evaluate: $.eventName = %CreateTrail|UpdateTrail|DeleteTrail|StartLogging|StopLogging%";
  const ALARM = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:CloudTrailConfigChanges-alarm`;
  const CENTRAL = "arn:aws:sns:us-east-1:444455556666:central-alerts";
  const path = (filterText: string) =>
    `trail ${TRAIL_ARN} → ${LOG_GROUP_ARN} → filter ${filterText} → CISBenchmark/CloudTrailConfigChanges → alarm ${ALARM} → ${TOPIC_ARN} (1 confirmed subscription(s): email)`;

  it("a filter cloudpatrol cannot judge: the chain exists, the filter and why it was not judged are named", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({ groups: [group([filter("TrailChanges", REGEX, "CloudTrailConfigChanges")])] }),
    );
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toBe(
      `A chain for CloudTrail configuration changes reaches a confirmed subscriber, but cloudpatrol cannot decide every step of it: metric filter "TrailChanges" on ${LOG_GROUP_ARN} cannot be judged by cloudpatrol (${REASON}): check by hand whether it catches CloudTrail configuration changes and nothing broader; the rest of the path holds: ${path('"TrailChanges" (not judged)')}.`,
    );
    expect(finding?.statusExtended).not.toContain("No chain");
  });

  it("an alarm to check by hand: the alarm and the check are named", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: {
          read: true,
          alarms: [alarm("CloudTrailConfigChanges", { evaluationPeriods: 3, datapointsToAlarm: 2 })],
        },
      }),
    );
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toBe(
      `A chain for CloudTrail configuration changes reaches a confirmed subscriber, but cloudpatrol cannot decide every step of it: alarm ${ALARM} needs 2 breaching periods out of 3, and one event breaches one period: check by hand that it fires; the rest of the path holds: ${path('"CloudTrailConfigChanges" (as printed)')}.`,
    );
    expect(finding?.statusExtended).not.toContain("cannot be followed from here");
  });

  it("a topic of a central account: part of the chain cannot be followed from here", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        alarms: { read: true, alarms: [alarm("CloudTrailConfigChanges", { alarmActions: [CENTRAL] })] },
      }),
    );
    expect(finding?.statusExtended).toBe(
      `No chain in this account alarms on CloudTrail configuration changes, and part of it cannot be followed from here: alarm ${ALARM} notifies ${CENTRAL} of account 444455556666: its subscribers are audited there.`,
    );
  });

  it("both: what to check and what cannot be followed, each said as such", () => {
    const [finding] = evaluateRule(
      cloudtrailChanges,
      complete({
        groups: [
          group([
            filter("TrailChanges", REGEX, "CloudTrailConfigChanges"),
            filter("Printed", CLOUDTRAIL_PATTERN, "Central"),
          ]),
        ],
        alarms: {
          read: true,
          alarms: [alarm("CloudTrailConfigChanges"), alarm("Central", { alarmActions: [CENTRAL] })],
        },
      }),
    );
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toBe(
      `No chain for CloudTrail configuration changes is confirmed: one reaches a confirmed subscriber, but cloudpatrol cannot decide every step of it: metric filter "TrailChanges" on ${LOG_GROUP_ARN} cannot be judged by cloudpatrol (${REASON}): check by hand whether it catches CloudTrail configuration changes and nothing broader; the rest of the path holds: ${path('"TrailChanges" (not judged)')}; and part of one cannot be followed from here: alarm arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:Central-alarm notifies ${CENTRAL} of account 444455556666: its subscribers are audited there.`,
    );
  });
});

describe("failed regions", () => {
  it("no FAIL on top of the engine's ERROR when a chain dataset failed in a region", () => {
    const snapshot = complete({
      alarms: { read: true, alarms: [] },
      errors: [
        {
          dataset: "sns.topicSubscriptions",
          api: "sns:ListSubscriptionsByTopic",
          code: "AuthorizationError",
          message: "denied",
          missingPermission: "sns:ListSubscriptionsByTopic",
          region: "eu-west-1",
        },
      ],
    });
    const findings = evaluateRule(cloudtrailChanges, {
      ...snapshot,
      regional: {
        regions: [
          { regionName: "eu-west-1", optInStatus: "opt-in-not-required" },
          { regionName: "us-east-1", optInStatus: "opt-in-not-required" },
        ],
        enabledRegions: ["eu-west-1", "us-east-1"],
      },
    });
    expect(findings.map((f) => [f.status, f.region])).toEqual([["ERROR", "eu-west-1"]]);
  });
});

describe("what differs between versions", () => {
  const literalOr =
    '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress != "delivery.logs.amazonaws.com") || ($.eventName != "HeadBucket") }';

  function unauthorizedChain(pattern: string) {
    return chainSnapshot({
      groups: [group([filter("UnauthorizedAPICalls", pattern)])],
      alarms: { read: true, alarms: [alarm("UnauthorizedAPICalls")] },
      topics: [topic()],
    });
  }

  it("4.1: the v1.4.0–v3.0.0 printed || text passes those versions only, and says so", () => {
    const v140 = evaluateRule(unauthorizedV140, unauthorizedChain(literalOr))[0];
    expect(v140?.status).toBe("PASS");
    expect(v140?.statusExtended).toContain("(as printed in v1.4.0–v3.0.0 (every term joined by ||))");
    expect(v140?.frameworks).toEqual({
      cis_v140: ["4.1"],
      cis_v150: ["4.1"],
      cis_v200: ["4.1"],
      cis_v300: ["4.1"],
    });
    const other = evaluateRule(unauthorized, unauthorizedChain(literalOr))[0];
    expect(other?.status).toBe("FAIL");
    expect(other?.evidence.metricFilters).toMatchObject([
      { satisfies: false, alsoMatches: expect.arrayContaining(["a successful ec2:DescribeInstances"]) },
    ]);
    expect(other?.frameworks).toEqual({
      cis_v120: ["3.1"],
      cis_v130: ["4.1"],
      cis_v400: ["4.1"],
      cis_v500: ["4.1"],
      cis_v600: ["5.1"],
    });
  });

  it("4.1: the intended && form passes every version", () => {
    const and =
      '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")) }';
    expect(evaluateRule(unauthorized, unauthorizedChain(and))[0]?.status).toBe("PASS");
    const v140 = evaluateRule(unauthorizedV140, unauthorizedChain(and))[0];
    expect(v140?.status).toBe("PASS");
    expect(v140?.statusExtended).toContain("(the intended form (&&, as printed from v4.0.0))");
  });

  it("4.10: a v1.5.0 filter passes v1.2.0–v4.0.0 and fails v5.0.0+ naming ModifySecurityGroupRules", () => {
    const snapshot = chainSnapshot({
      groups: [group([filter("SecurityGroupChanges", SG_V150)])],
      alarms: { read: true, alarms: [alarm("SecurityGroupChanges")] },
      topics: [topic()],
    });
    expect(evaluateRule(securityGroup, snapshot)[0]?.status).toBe("PASS");
    const v500 = evaluateRule(securityGroupV500, snapshot)[0];
    expect(v500?.status).toBe("FAIL");
    expect(v500?.evidence.metricFilters).toMatchObject([{ missingEvents: ["ModifySecurityGroupRules"] }]);
    expect(v500?.frameworks).toEqual({ cis_v500: ["4.10"], cis_v600: ["5.10"] });
  });

  it("4.3 root usage: order, spacing and quotes do not matter", () => {
    const rewritten =
      "{$.eventType!=AwsServiceEvent&&$.userIdentity.invokedBy NOT EXISTS&&($.userIdentity.type=Root)}";
    for (const pattern of [ROOT_PATTERN, rewritten]) {
      const snapshot = chainSnapshot({
        groups: [group([filter("RootAccountUsage", pattern)])],
        alarms: { read: true, alarms: [alarm("RootAccountUsage")] },
        topics: [topic()],
      });
      expect(evaluateRule(rootUsage, snapshot)[0]?.status).toBe("PASS");
    }
  });
});
