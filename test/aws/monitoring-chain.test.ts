/**
 * The monitoring chain's datasets and rules against moto (the real SDK v3), in two regions, behind our
 * counting proxy: only qualifying trails' log groups are read (one DescribeMetricFilters each, in the log
 * group's region), alarms once per region holding such a group, subscriptions once per topic; exact
 * requests per region. Then CIS v1.5.0 scanned live and offline from the collected snapshot: the same
 * monitoring-section findings (4.1–4.16).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  PutMetricFilterCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { EnableSecurityHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { CreateTopicCommand, SNSClient, SubscribeCommand } from "@aws-sdk/client-sns";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { scan, scanAccount } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { selectRules } from "../../src/engine/select.js";
import type { Finding } from "../../src/model/finding.js";
import { serializeSnapshot } from "../../src/snapshot/file.js";
import { collectInRegions } from "../support/collect-regions.js";
import {
  MOTO_ACCOUNT_ID as ACCOUNT,
  describeWithMoto,
  MOTO_CREDENTIALS,
  motoClientConfig,
} from "../support/moto.js";
import { type MotoProxy, startMotoProxy } from "../support/moto-proxy.js";

const REGIONS = ["eu-west-1", "us-east-1"];
const EAST_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:trail-east:*`;
const WEST_GROUP = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:trail-west:*`;
const SINGLE_GROUP = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:trail-single:*`;

// Filters written the CIS way and rewritten (spacing, quoting, order, extra parentheses).
const CLOUDTRAIL =
  "{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }";
const ROOT =
  "{$.eventType!=AwsServiceEvent&&$.userIdentity.invokedBy NOT EXISTS&&($.userIdentity.type=Root)}";
const IAM =
  '{ ($.eventName="DetachGroupPolicy")||($.eventName="AttachGroupPolicy")||($.eventName="DetachUserPolicy")||($.eventName="AttachUserPolicy")||($.eventName="DetachRolePolicy")||($.eventName="AttachRolePolicy")||($.eventName="DeletePolicyVersion")||($.eventName="CreatePolicyVersion")||($.eventName="DeletePolicy")||($.eventName="CreatePolicy")||($.eventName="PutUserPolicy")||($.eventName="PutRolePolicy")||($.eventName="PutGroupPolicy")||($.eventName="DeleteUserPolicy")||($.eventName="DeleteRolePolicy")||($.eventName="DeleteGroupPolicy") }';
const SG =
  "{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }";
const NACL_MISSING_ONE =
  "{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) }";

describeWithMoto("the monitoring chain against moto, two regions", (moto) => {
  let proxy: MotoProxy;
  const made: { destroy(): void }[] = [];
  function client<C extends { destroy(): void }>(
    make: new (config: ReturnType<typeof motoClientConfig>) => C,
    region: string,
  ): C {
    const created = new make(motoClientConfig(moto(), region));
    made.push(created);
    return created;
  }
  beforeEach(async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOTO_CREDENTIALS.secretAccessKey);
    proxy = await startMotoProxy(moto().endpoint);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    for (const made1 of made.splice(0)) made1.destroy();
    await proxy.close();
  });

  /** The bucket `trail-logs`, the log group `trail-east` and a multi-Region trail `east` logging to it. */
  async function eastTrail(): Promise<void> {
    await client(S3Client, "us-east-1").send(new CreateBucketCommand({ Bucket: "trail-logs" }));
    await client(CloudWatchLogsClient, "us-east-1").send(
      new CreateLogGroupCommand({ logGroupName: "trail-east" }),
    );
    await trail("us-east-1", "east", EAST_GROUP, true);
  }

  async function trail(
    region: string,
    name: string,
    logGroupArn: string,
    multiRegion: boolean,
  ): Promise<void> {
    const cloudtrail = client(CloudTrailClient, region);
    await cloudtrail.send(
      new CreateTrailCommand({
        Name: name,
        S3BucketName: "trail-logs",
        IsMultiRegionTrail: multiRegion,
        CloudWatchLogsLogGroupArn: logGroupArn,
        CloudWatchLogsRoleArn: `arn:aws:iam::${ACCOUNT}:role/cloudtrail-to-logs`,
      }),
    );
    await cloudtrail.send(
      new PutEventSelectorsCommand({
        TrailName: name,
        EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }],
      }),
    );
    await cloudtrail.send(new StartLoggingCommand({ Name: name }));
  }

  async function filter(region: string, group: string, name: string, pattern: string): Promise<void> {
    await client(CloudWatchLogsClient, region).send(
      new PutMetricFilterCommand({
        logGroupName: group,
        filterName: name,
        filterPattern: pattern,
        metricTransformations: [{ metricName: name, metricNamespace: "CISBenchmark", metricValue: "1" }],
      }),
    );
  }

  async function alarm(region: string, metric: string, topicArn: string): Promise<void> {
    await client(CloudWatchClient, region).send(
      new PutMetricAlarmCommand({
        AlarmName: `${metric}-alarm`,
        MetricName: metric,
        Namespace: "CISBenchmark",
        Statistic: "Sum",
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        AlarmActions: [topicArn],
      }),
    );
  }

  async function topic(region: string, name: string, subscribe: boolean): Promise<string> {
    const sns = client(SNSClient, region);
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: name }));
    if (subscribe)
      await sns.send(new SubscribeCommand({ TopicArn, Protocol: "email", Endpoint: "security@example.com" }));
    return TopicArn as string;
  }

  /**
   * us-east-1: a multi-region trail → trail-east (CloudTrail changes → alarm → subscribed topic; root usage →
   * alarm → topic without subscriber; NACL filter missing one event); a single-region trail → trail-single
   * with a correct VPC filter (never read). eu-west-1: a multi-region trail → trail-west (IAM policy →
   * alarm → subscribed topic; security groups without alarm). Security Hub on in eu-west-1 only.
   */
  async function seed(): Promise<void> {
    await client(S3Client, "us-east-1").send(new CreateBucketCommand({ Bucket: "trail-logs" }));
    for (const [region, group] of [
      ["us-east-1", "trail-east"],
      ["us-east-1", "trail-single"],
      ["eu-west-1", "trail-west"],
    ] as const)
      await client(CloudWatchLogsClient, region).send(new CreateLogGroupCommand({ logGroupName: group }));
    await trail("us-east-1", "east", EAST_GROUP, true);
    await trail("us-east-1", "single", SINGLE_GROUP, false);
    await trail("eu-west-1", "west", WEST_GROUP, true);
    await filter("us-east-1", "trail-east", "CloudTrailConfigChanges", CLOUDTRAIL);
    await filter("us-east-1", "trail-east", "RootAccountUsage", ROOT);
    await filter("us-east-1", "trail-east", "NACLChanges", NACL_MISSING_ONE);
    await filter("us-east-1", "trail-single", "VPCChanges", "{ $.eventName = *Vpc* && $.readOnly IS FALSE }");
    await filter("eu-west-1", "trail-west", "IAMPolicyChanges", IAM);
    await filter("eu-west-1", "trail-west", "SecurityGroupChanges", SG);
    const subscribed = await topic("us-east-1", "security-alerts", true);
    const silent = await topic("us-east-1", "nobody-listens", false);
    const west = await topic("eu-west-1", "security-alerts-west", true);
    await alarm("us-east-1", "CloudTrailConfigChanges", subscribed);
    await alarm("us-east-1", "RootAccountUsage", silent);
    await alarm("us-east-1", "NACLChanges", subscribed);
    await alarm("eu-west-1", "IAMPolicyChanges", west);
    await client(SecurityHubClient, "eu-west-1").send(new EnableSecurityHubCommand({}));
  }

  it("reads exactly the chain: the qualifying trails' log groups, alarms per region, subscriptions per topic", async () => {
    await seed();
    const { snapshot, calls } = await collectInRegions(proxy.endpoint, ["sns.topicSubscriptions"], REGIONS);
    expect(snapshot.errors).toEqual([]);
    const groups = snapshot.datasets?.["logs.metricFilters"];
    expect(
      groups
        ?.get("us-east-1")
        ?.map((g) => [g.logGroupName, g.trailArns, g.filters.map((f) => f.filterName).sort()]),
    ).toEqual([
      [
        "trail-east",
        [`arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/east`],
        ["CloudTrailConfigChanges", "NACLChanges", "RootAccountUsage"],
      ],
    ]);
    expect(
      groups?.get("eu-west-1")?.map((g) => [g.logGroupName, g.filters.map((f) => f.filterName).sort()]),
    ).toEqual([["trail-west", ["IAMPolicyChanges", "SecurityGroupChanges"]]]);
    const alarms = snapshot.datasets?.["cloudwatch.alarms"];
    expect(
      alarms
        ?.get("us-east-1")
        ?.alarms.map((a) => a.alarmName)
        .sort(),
    ).toEqual(["CloudTrailConfigChanges-alarm", "NACLChanges-alarm", "RootAccountUsage-alarm"]);
    const topics = snapshot.datasets?.["sns.topicSubscriptions"];
    expect(
      topics?.get("us-east-1")?.map((t) => [t.topicArn, t.subscriptions.map((s) => s.protocol)]),
    ).toEqual([
      [`arn:aws:sns:us-east-1:${ACCOUNT}:nobody-listens`, []],
      [`arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`, ["email"]],
    ]);
    expect(calls).toMatchObject({
      "logs:DescribeMetricFilters": 2,
      "cloudwatch:DescribeAlarms": 2,
      "sns:ListSubscriptionsByTopic": 3,
    });
    // Per region: one DescribeMetricFilters per qualifying log group (trail-single is never read), one
    // DescribeAlarms page, one ListSubscriptionsByTopic per topic the chain's alarms notify.
    expect(proxy.counts()).toEqual({
      "us-east-1 ec2:DescribeRegions": 1,
      "us-east-1 cloudtrail:DescribeTrails": 1,
      "eu-west-1 cloudtrail:DescribeTrails": 1,
      "us-east-1 cloudtrail:GetTrailStatus": 2,
      "us-east-1 cloudtrail:GetEventSelectors": 2,
      "eu-west-1 cloudtrail:GetTrailStatus": 1,
      "eu-west-1 cloudtrail:GetEventSelectors": 1,
      "us-east-1 logs:DescribeMetricFilters": 1,
      "eu-west-1 logs:DescribeMetricFilters": 1,
      "us-east-1 cloudwatch:DescribeAlarms": 1,
      "eu-west-1 cloudwatch:DescribeAlarms": 1,
      "us-east-1 sns:ListSubscriptionsByTopic": 2,
      "eu-west-1 sns:ListSubscriptionsByTopic": 1,
    });
  });

  it("scan --framework cis_v150: live and offline from the collected snapshot give the same 4.1–4.16 findings", async () => {
    await seed();
    const selection = selectRules({ framework: "cis_v150" });
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: proxy.endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, { rules: selection.rules, regions: REGIONS });
    } finally {
      clients.destroy();
    }
    const monitoring = (findings: readonly Finding[]) =>
      findings
        .filter((f) => f.frameworks.cis_v150?.some((n) => n.startsWith("4.")))
        .map((f) => [f.frameworks.cis_v150?.[0], f.region, f.status, f.ruleId, f.statusExtended]);
    const verdicts = monitoring(live.findings).map(
      ([number, region, status]) => `${number} ${region} ${status}`,
    );
    expect(verdicts.sort()).toEqual(
      [
        "4.1 global FAIL",
        "4.2 global FAIL",
        "4.3 global FAIL",
        "4.4 global PASS",
        "4.5 global PASS",
        "4.6 global FAIL",
        "4.7 global FAIL",
        "4.8 global FAIL",
        "4.9 global FAIL",
        "4.10 global FAIL",
        "4.11 global FAIL",
        "4.12 global FAIL",
        "4.13 global FAIL",
        "4.14 global FAIL",
        "4.15 global FAIL",
        "4.16 eu-west-1 PASS",
        "4.16 us-east-1 FAIL",
      ].sort(),
    );
    const byNumber = new Map(live.findings.map((f) => [f.frameworks.cis_v150?.[0], f]));
    expect(byNumber.get("4.3")?.evidence.brokenAt).toBe("topic without a confirmed subscriber");
    expect(byNumber.get("4.10")?.evidence.brokenAt).toBe("filter without alarm");
    expect(byNumber.get("4.11")?.evidence.brokenAt).toBe("no metric filter covering the requirement");
    expect(byNumber.get("4.11")?.evidence.metricFilters).toContainEqual(
      expect.objectContaining({ filterName: "NACLChanges", missingEvents: ["ReplaceNetworkAclAssociation"] }),
    );
    // The correct VPC filter sits on the single-region trail's log group: never read, FAIL says so.
    expect(byNumber.get("4.14")?.evidence.brokenAt).toBe("no metric filter covering the requirement");
    expect(JSON.stringify(byNumber.get("4.14")?.evidence)).not.toContain('trail-single:*","filterName');
    expect(byNumber.get("4.4")?.statusExtended).toContain(`→ ${WEST_GROUP} → filter "IAMPolicyChanges"`);

    const dir = mkdtempSync(join(tmpdir(), "cloudpatrol-monitoring-"));
    try {
      const file = join(dir, "snapshot.json");
      writeFileSync(file, serializeSnapshot(live.snapshot));
      const offline = await scan({
        snapshotPath: file,
        rules: selection.rules,
        ...(selection.framework ? { manualFramework: selection.framework } : {}),
      });
      expect(monitoring(offline.findings)).toEqual(monitoring(live.findings));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /**
   * One root-usage chain in us-east-1 (trail → trail-east → filter → alarm → subscribed topic), with the
   * filter's metric transformation and the alarm changed as a case says; then cloudwatch_alarm_root_usage.
   */
  async function rootChain(change: {
    metricValue?: string;
    filterDimensions?: Record<string, string>;
    filterUnit?: "Count" | "Seconds";
    alarm?: Partial<ConstructorParameters<typeof PutMetricAlarmCommand>[0]>;
    topicRegion?: string;
  }): Promise<Finding> {
    await eastTrail();
    await client(CloudWatchLogsClient, "us-east-1").send(
      new PutMetricFilterCommand({
        logGroupName: "trail-east",
        filterName: "RootAccountUsage",
        filterPattern: ROOT,
        metricTransformations: [
          {
            metricName: "RootAccountUsage",
            metricNamespace: "CISBenchmark",
            metricValue: change.metricValue ?? "1",
            ...(change.filterDimensions ? { dimensions: change.filterDimensions } : {}),
            ...(change.filterUnit ? { unit: change.filterUnit } : {}),
          },
        ],
      }),
    );
    const topicArn = await topic(change.topicRegion ?? "us-east-1", "security-alerts", true);
    await client(CloudWatchClient, "us-east-1").send(
      new PutMetricAlarmCommand({
        AlarmName: "RootAccountUsage-alarm",
        MetricName: "RootAccountUsage",
        Namespace: "CISBenchmark",
        Statistic: "Sum",
        Period: 300,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        AlarmActions: [topicArn],
        ...change.alarm,
      }),
    );
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: proxy.endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      maxAttempts: 1,
    });
    try {
      const { findings } = await scanAccount(clients, {
        rules: selectRules({ ruleIds: ["cloudwatch_alarm_root_usage"] }).rules,
        regions: REGIONS,
      });
      expect(findings).toHaveLength(1);
      return findings[0] as Finding;
    } finally {
      clients.destroy();
    }
  }

  const ALARM_ARN = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:RootAccountUsage-alarm`;

  it("an alarm that can fire on the filter's metric completes the chain (PASS)", async () => {
    const finding = await rootChain({});
    expect(finding.status).toBe("PASS");
    expect(finding.evidence.alarms).toEqual([
      {
        alarmArn: ALARM_ARN,
        metric: "CISBenchmark/RootAccountUsage",
        fires: "yes",
        condition: "Sum >= 1 over 300 s (1 of 1 period(s))",
        alarmUnit: null,
        publishedUnit: "None",
        actionsEnabled: true,
        alarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`],
      },
    ]);
  });

  it("an alarm with a Unit the filter does not publish (Seconds, Count against None) never fires: FAIL at 'filter without alarm'", async () => {
    const finding = await rootChain({ alarm: { Unit: "Seconds" } });
    expect(finding.status).toBe("FAIL");
    expect(finding.evidence.brokenAt).toBe("filter without alarm");
    const why = `alarm ${ALARM_ARN} watches the metric in unit Seconds, and the filter publishes it in unit None (it sets no unit): CloudWatch keeps an alarm on a unit the metric is not published with in INSUFFICIENT_DATA`;
    expect(finding.evidence.paths).toEqual([
      `FAIL (filter without alarm): metric filter "RootAccountUsage" on ${EAST_GROUP} (written otherwise, satisfies the form "as printed") publishes CISBenchmark/RootAccountUsage, but no alarm in us-east-1 can fire on it: ${why}`,
    ]);
    expect(finding.evidence.alarms).toEqual([
      {
        alarmArn: ALARM_ARN,
        metric: "CISBenchmark/RootAccountUsage",
        fires: "no",
        why,
        condition: "Sum >= 1 over 300 s (1 of 1 period(s))",
        alarmUnit: "Seconds",
        publishedUnit: "None",
        actionsEnabled: true,
        alarmActions: [`arn:aws:sns:us-east-1:${ACCOUNT}:security-alerts`],
      },
    ]);
  });

  it("an alarm with Unit Count on a filter that sets none (the trial's 4.5 alarm): FAIL at 'filter without alarm'", async () => {
    const none = await rootChain({ alarm: { Unit: "Count" } });
    expect(none.status).toBe("FAIL");
    expect(none.evidence.alarms).toMatchObject([{ fires: "no", alarmUnit: "Count", publishedUnit: "None" }]);
  });

  it("an alarm with the Unit the filter publishes (Count) completes the chain (PASS)", async () => {
    const finding = await rootChain({ filterUnit: "Count", alarm: { Unit: "Count" } });
    expect(finding.status).toBe("PASS");
    expect(finding.evidence.alarms).toMatchObject([
      { alarmArn: ALARM_ARN, fires: "yes", alarmUnit: "Count", publishedUnit: "Count" },
    ]);
  });

  it("an alarm with a dimension the filter does not publish watches another metric stream: FAIL at 'filter without alarm'", async () => {
    const finding = await rootChain({ alarm: { Dimensions: [{ Name: "InstanceId", Value: "i-123" }] } });
    expect(finding.status).toBe("FAIL");
    expect(finding.evidence.brokenAt).toBe("filter without alarm");
    expect(finding.evidence.paths).toEqual([
      `FAIL (filter without alarm): metric filter "RootAccountUsage" on ${EAST_GROUP} (written otherwise, satisfies the form "as printed") publishes CISBenchmark/RootAccountUsage, but no alarm in us-east-1 can fire on it: alarm ${ALARM_ARN} watches the stream with dimensions InstanceId=i-123, and the filter publishes the metric without dimensions`,
    ]);
    expect(finding.evidence.alarms).toMatchObject([{ alarmArn: ALARM_ARN, fires: "no" }]);
  });

  it("a filter publishing dimensions and an alarm without them: FAIL at 'filter without alarm'", async () => {
    const finding = await rootChain({ filterDimensions: { user: "$.userIdentity.arn" } });
    expect(finding.evidence.brokenAt).toBe("filter without alarm");
    expect(finding.statusExtended).toContain(
      `alarm ${ALARM_ARN} watches the stream without dimensions, and the filter publishes one stream per value of user ($.userIdentity.arn)`,
    );
  });

  it("a metric-math alarm whose expression ignores the metric (m1 * 0): MANUAL with the expression, not PASS", async () => {
    const finding = await rootChain({
      alarm: {
        MetricName: undefined,
        Namespace: undefined,
        Statistic: undefined,
        Period: undefined,
        Metrics: [
          {
            Id: "m1",
            MetricStat: {
              Metric: { Namespace: "CISBenchmark", MetricName: "RootAccountUsage" },
              Period: 300,
              Stat: "Sum",
            },
            ReturnData: false,
          },
          { Id: "e1", Expression: "m1 * 0", ReturnData: true },
        ],
      },
    });
    expect(finding.status).toBe("MANUAL");
    expect(finding.statusExtended).toContain(
      `alarm ${ALARM_ARN} alarms on the metric-math expression e1 = m1 * 0 (m1 = CISBenchmark/RootAccountUsage Sum): check by hand that it fires on the metric`,
    );
    expect(finding.evidence.alarms).toMatchObject([
      {
        alarmArn: ALARM_ARN,
        fires: "check by hand",
        condition: "e1 >= 1 (1 of 1 period(s))",
        metricMath: true,
        expression: "e1 = m1 * 0",
      },
    ]);
  });

  it("a filter whose metric value is 0 never reaches Sum >= 1: FAIL at 'filter without alarm'", async () => {
    const finding = await rootChain({ metricValue: "0" });
    expect(finding.evidence.brokenAt).toBe("filter without alarm");
    expect(finding.statusExtended).toContain(
      `alarm ${ALARM_ARN} never fires on it: each matching event adds 0, and Sum >= 1 is never reached`,
    );
  });

  it("a metric value taken from the event ($.field): MANUAL", async () => {
    const finding = await rootChain({ metricValue: "$.requestParameters.count" });
    expect(finding.status).toBe("MANUAL");
    expect(finding.statusExtended).toContain(
      `the filter publishes the value of $.requestParameters.count for each matching event: check by hand that alarm ${ALARM_ARN} (Sum >= 1) fires on it`,
    );
  });

  it("an alarm action naming a topic in another region: FAIL, nobody is notified", async () => {
    const finding = await rootChain({ topicRegion: "eu-west-1" });
    expect(finding.status).toBe("FAIL");
    expect(finding.evidence.brokenAt).toBe("alarm without an actions-enabled SNS action");
    expect(finding.statusExtended).toContain(
      `names arn:aws:sns:eu-west-1:${ACCOUNT}:security-alerts, a topic in eu-west-1: a CloudWatch alarm notifies SNS topics of its own region only`,
    );
  });

  it("AccessDenied on DescribeMetricFilters in one region → ERROR for that region, never a FAIL; the other region's chain judged", async () => {
    await seed();
    proxy.deny("logs:DescribeMetricFilters", "eu-west-1");
    const rules = selectRules({
      ruleIds: ["cloudwatch_alarm_cloudtrail_changes", "cloudwatch_alarm_iam_policy_changes"],
    }).rules;
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: proxy.endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, { rules, regions: REGIONS });
    } finally {
      clients.destroy();
    }
    expect(live.findings.map((f) => [f.ruleId, f.region, f.status])).toEqual([
      ["cloudwatch_alarm_iam_policy_changes", "eu-west-1", "ERROR"],
      ["cloudwatch_alarm_cloudtrail_changes", "global", "PASS"],
      ["cloudwatch_alarm_cloudtrail_changes", "eu-west-1", "ERROR"],
    ]);
    expect(live.findings[0]?.evidence).toMatchObject({
      api: "logs:DescribeMetricFilters",
      missingPermission: "logs:DescribeMetricFilters",
      region: "eu-west-1",
    });
    // Denied once; nothing further read in eu-west-1 (no filters known there: no DescribeAlarms).
    expect(proxy.counts()["eu-west-1 logs:DescribeMetricFilters"]).toBe(1);
    expect(proxy.counts()["eu-west-1 cloudwatch:DescribeAlarms"]).toBeUndefined();
    expect(proxy.counts()["us-east-1 cloudwatch:DescribeAlarms"]).toBe(1);
  });

  /** Scans us-east-1 with one rule; its one finding. */
  async function judge(ruleId: string): Promise<Finding> {
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: proxy.endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      maxAttempts: 1,
    });
    try {
      const live = await scanAccount(clients, {
        rules: selectRules({ ruleIds: [ruleId] }).rules,
        regions: ["us-east-1"],
      });
      expect(live.findings).toHaveLength(1);
      return live.findings[0] as Finding;
    } finally {
      clients.destroy();
    }
  }

  it("filters AWS accepted: an over-broad one FAILs naming the near miss; a regular-expression one makes it MANUAL", async () => {
    await eastTrail();
    const subscribed = await topic("us-east-1", "security-alerts", true);
    await filter(
      "us-east-1",
      "trail-east",
      "KMSKeyChanges",
      "{ $.eventSource = kms.amazonaws.com && $.eventName != DescribeKey }",
    );
    await alarm("us-east-1", "KMSKeyChanges", subscribed);
    const kms = await judge("cloudwatch_alarm_cmk_disable_or_delete");
    expect(kms.status).toBe("FAIL");
    expect(kms.evidence.brokenAt).toBe("no metric filter covering the requirement");
    expect(kms.evidence.metricFilters).toEqual([
      expect.objectContaining({
        filterName: "KMSKeyChanges",
        satisfies: false,
        form: 'closest form: "as printed"',
        alsoMatches: [
          "a throttled kms:Decrypt (ThrottlingException: Rate exceeded)",
          "a successful kms:Encrypt",
          "a successful kms:Decrypt",
          "a successful kms:GenerateDataKey",
          "a successful kms:ReEncrypt",
          "a successful kms:ListKeys",
          "a successful kms:GetKeyPolicy",
        ],
      }),
    ]);

    // A valid AWS pattern with a regular expression, on the chain's log group, alarmed and subscribed.
    const regex = "{ $.eventName = %CreateTrail|UpdateTrail|DeleteTrail|StartLogging|StopLogging% }";
    await filter("us-east-1", "trail-east", "CloudTrailConfigChanges", regex);
    await alarm("us-east-1", "CloudTrailConfigChanges", subscribed);
    const trailChanges = await judge("cloudwatch_alarm_cloudtrail_changes");
    expect(trailChanges.status).toBe("MANUAL");
    expect(trailChanges.evidence.brokenAt).toBeUndefined();
    expect(trailChanges.evidence.metricFilters).toContainEqual(
      expect.objectContaining({
        filterName: "CloudTrailConfigChanges",
        filterPattern: regex,
        satisfies: false,
        form: "not judged",
        notJudged: `it holds a regular expression, which cloudpatrol does not evaluate: ${regex.slice(2, -2)}`,
      }),
    );
    expect(trailChanges.statusExtended).toContain(
      `metric filter "CloudTrailConfigChanges" on ${EAST_GROUP} cannot be judged by cloudpatrol`,
    );
  });

  it("4.8 Put*/Delete* and 4.15 without its eventSource clause, alarmed and subscribed: FAIL naming the object writes and the IAM calls", async () => {
    await eastTrail();
    const subscribed = await topic("us-east-1", "security-alerts", true);
    await filter(
      "us-east-1",
      "trail-east",
      "S3BucketPolicyChanges",
      "{ ($.eventSource = s3.amazonaws.com) && (($.eventName = Put*) || ($.eventName = Delete*)) }",
    );
    await alarm("us-east-1", "S3BucketPolicyChanges", subscribed);
    const s3 = await judge("cloudwatch_alarm_s3_bucket_policy");
    expect(s3.status).toBe("FAIL");
    expect(s3.evidence.brokenAt).toBe("no metric filter covering the requirement");
    expect(s3.evidence.metricFilters).toEqual([
      expect.objectContaining({
        filterName: "S3BucketPolicyChanges",
        satisfies: false,
        form: 'closest form: "as printed"',
        alsoMatches: [
          "a successful s3:PutObject (a data event)",
          "a successful s3:DeleteObject (a data event)",
          "a successful s3:PutBucketTagging",
          "a successful s3:DeleteBucketTagging",
          "a successful s3:DeleteBucket",
          "a successful s3:PutBucketVersioning",
          "a successful s3:PutBucketWebsite",
          "a successful s3:DeleteBucketWebsite",
        ],
      }),
    ]);

    const names = [
      "AcceptHandshake",
      "AttachPolicy",
      "CreateAccount",
      "CreateOrganizationalUnit",
      "CreatePolicy",
      "DeclineHandshake",
      "DeleteOrganization",
      "DeleteOrganizationalUnit",
      "DeletePolicy",
      "DetachPolicy",
      "DisablePolicyType",
      "EnablePolicyType",
      "InviteAccountToOrganization",
      "LeaveOrganization",
      "MoveAccount",
      "RemoveAccountFromOrganization",
      "UpdatePolicy",
      "UpdateOrganizationalUnit",
    ];
    await filter(
      "us-east-1",
      "trail-east",
      "OrganizationsChanges",
      `{ ${names.map((name) => `($.eventName = ${name})`).join(" || ")} }`,
    );
    await alarm("us-east-1", "OrganizationsChanges", subscribed);
    const organizations = await judge("cloudwatch_alarm_organizations");
    expect(organizations.status).toBe("FAIL");
    expect(organizations.evidence.brokenAt).toBe("no metric filter covering the requirement");
    expect(organizations.evidence.metricFilters).toContainEqual(
      expect.objectContaining({
        filterName: "OrganizationsChanges",
        satisfies: false,
        form: 'closest form: "as printed"',
        alsoMatches: ["a successful iam:CreatePolicy", "a successful iam:DeletePolicy"],
      }),
    );
  });

  it("4.5 with $.readOnly IS FALSE, alarmed and subscribed: PASS; 4.7 with $.readOnly = false (a string against the boolean): FAIL naming both", async () => {
    await eastTrail();
    const subscribed = await topic("us-east-1", "security-alerts", true);
    await filter(
      "us-east-1",
      "trail-east",
      "CloudTrailConfigChanges",
      "{ ($.readOnly IS FALSE) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }",
    );
    await alarm("us-east-1", "CloudTrailConfigChanges", subscribed);
    const trailChanges = await judge("cloudwatch_alarm_cloudtrail_changes");
    expect(trailChanges.status).toBe("PASS");
    expect(trailChanges.evidence.metricFilters).toEqual([
      expect.objectContaining({
        filterName: "CloudTrailConfigChanges",
        satisfies: true,
        form: 'written otherwise, satisfies the form "as printed"',
      }),
    ]);

    await filter(
      "us-east-1",
      "trail-east",
      "KMSKeyChanges",
      "{ ($.eventSource = kms.amazonaws.com) && ($.readOnly = false) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }",
    );
    await alarm("us-east-1", "KMSKeyChanges", subscribed);
    const kms = await judge("cloudwatch_alarm_cmk_disable_or_delete");
    expect(kms.status).toBe("FAIL");
    expect(kms.evidence.brokenAt).toBe("no metric filter covering the requirement");
    expect(kms.evidence.metricFilters).toContainEqual(
      expect.objectContaining({
        filterName: "KMSKeyChanges",
        satisfies: false,
        missingEvents: [
          'DisableKey with $.readOnly IS FALSE (the filter requires $.readOnly = "false")',
          'ScheduleKeyDeletion with $.readOnly IS FALSE (the filter requires $.readOnly = "false")',
        ],
      }),
    );
  });

  it("a regular-expression filter is followed down the chain: FAIL where its path breaks, MANUAL once it would complete, PASS beside a complete chain", async () => {
    await eastTrail();
    const subscribed = await topic("us-east-1", "security-alerts", true);
    const silent = await topic("us-east-1", "nobody-listens", false);
    const regex = "{ $.eventName = %CreateTrail|UpdateTrail|DeleteTrail|StartLogging|StopLogging% }";
    const notJudged = `not judged: it holds a regular expression, which cloudpatrol does not evaluate: ${regex.slice(2, -2)}`;
    await filter("us-east-1", "trail-east", "TrailChangesRegex", regex);

    // No alarm on its metric: the path breaks at the step a judged filter's would.
    const noAlarm = await judge("cloudwatch_alarm_cloudtrail_changes");
    expect(noAlarm.status).toBe("FAIL");
    expect(noAlarm.evidence.brokenAt).toBe("filter without alarm");
    expect(noAlarm.evidence.paths).toEqual([
      `FAIL (filter without alarm): metric filter "TrailChangesRegex" on ${EAST_GROUP} (${notJudged}) publishes CISBenchmark/TrailChangesRegex, but no alarm in us-east-1 watches it`,
    ]);

    // An alarm notifying a topic nobody subscribed to.
    await alarm("us-east-1", "TrailChangesRegex", silent);
    const alarmArn = `arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:TrailChangesRegex-alarm`;
    const noSubscriber = await judge("cloudwatch_alarm_cloudtrail_changes");
    expect(noSubscriber.status).toBe("FAIL");
    expect(noSubscriber.evidence.brokenAt).toBe("topic without a confirmed subscriber");
    expect(noSubscriber.evidence.paths).toEqual([
      `FAIL (topic without a confirmed subscriber): alarm ${alarmArn} notifies ${silent}, which has no confirmed subscription, after metric filter "TrailChangesRegex" on ${EAST_GROUP} (${notJudged})`,
    ]);

    // The alarm, updated to notify a subscribed topic: the path would complete, so a person must check the filter.
    await alarm("us-east-1", "TrailChangesRegex", subscribed);
    const complete = await judge("cloudwatch_alarm_cloudtrail_changes");
    expect(complete.status).toBe("MANUAL");
    expect(complete.evidence.brokenAt).toBeUndefined();
    const toCheck = `metric filter "TrailChangesRegex" on ${EAST_GROUP} cannot be judged by cloudpatrol (${notJudged.slice("not judged: ".length)}): check by hand whether it catches CloudTrail configuration changes and nothing broader; the rest of the path holds: trail arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/east → ${EAST_GROUP} → filter "TrailChangesRegex" (not judged) → CISBenchmark/TrailChangesRegex → alarm ${alarmArn} → ${subscribed} (1 confirmed subscription(s): email)`;
    expect(complete.evidence.paths).toEqual([`MANUAL: ${toCheck}`]);
    expect(complete.statusExtended).toBe(
      `A chain for CloudTrail configuration changes reaches a confirmed subscriber, but cloudpatrol cannot decide every step of it: ${toCheck}.`,
    );

    // Beside a complete chain through a filter written the CIS way: PASS.
    await filter("us-east-1", "trail-east", "CloudTrailConfigChanges", CLOUDTRAIL);
    await alarm("us-east-1", "CloudTrailConfigChanges", subscribed);
    const beside = await judge("cloudwatch_alarm_cloudtrail_changes");
    expect(beside.status).toBe("PASS");
    expect(beside.statusExtended).toContain(
      `→ ${EAST_GROUP} → filter "CloudTrailConfigChanges" (as printed) →`,
    );
  });
});
