import { describe, expect, it } from "vitest";
import { chainTopics, parseTopicArn } from "../../../src/rules/cloudwatch/chain-topics.js";
import { isConfirmed } from "../../../src/rules/cloudwatch/metric-filter-chain.js";
import { monitoredLogGroups, parseLogGroupArn } from "../../../src/rules/cloudwatch/monitored-log-groups.js";
import { trailSnapshot } from "../cloudtrail/trail-fixtures.js";
import { ACCOUNT, alarm, filter, group, TOPIC_ARN, trail } from "./chain-fixtures.js";

describe("the chain's links", () => {
  it("reads log group ARNs (name, region, account) and refuses other ARNs", () => {
    expect(
      parseLogGroupArn("arn:aws:logs:eu-west-1:111122223333:log-group:aws-cloudtrail-logs-1/x_y.z#1:*"),
    ).toEqual({
      arn: "arn:aws:logs:eu-west-1:111122223333:log-group:aws-cloudtrail-logs-1/x_y.z#1:*",
      name: "aws-cloudtrail-logs-1/x_y.z#1",
      region: "eu-west-1",
      accountId: "111122223333",
    });
    expect(parseLogGroupArn("arn:aws-us-gov:logs:us-gov-west-1:111122223333:log-group:ct")).toMatchObject({
      name: "ct",
      region: "us-gov-west-1",
    });
    expect(parseLogGroupArn("arn:aws:s3:::bucket")).toBeUndefined();
    expect(parseLogGroupArn("not an arn")).toBeUndefined();
  });

  it("reads SNS topic ARNs and refuses Lambda, SSM and Auto Scaling actions", () => {
    expect(parseTopicArn(TOPIC_ARN)).toEqual({
      region: "us-east-1",
      accountId: ACCOUNT,
      name: "security-alerts",
    });
    expect(parseTopicArn(`arn:aws:lambda:us-east-1:${ACCOUNT}:function:f`)).toBeUndefined();
    expect(
      parseTopicArn("arn:aws:swf:us-east-1:111122223333:action/actions/AWS_EC2.InstanceId.Stop/1.0"),
    ).toBeUndefined();
  });

  it("a subscription is confirmed when its ARN is an ARN", () => {
    expect(isConfirmed(`${TOPIC_ARN}:0b4e2c1a-1111-2222-3333-444455556666`)).toBe(true);
    expect(isConfirmed("PendingConfirmation")).toBe(false);
    expect(isConfirmed("Deleted")).toBe(false);
  });

  it("reads only the log groups of qualifying trails of this account, in the region asked, once each", () => {
    const main = trail();
    const second = trail({ name: "second" }); // same log group as main
    const single = trail({
      name: "single",
      isMultiRegionTrail: false,
      cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:single:*`,
    });
    const west = trail({ name: "west", homeRegion: "eu-west-1" });
    const foreign = trail({ name: "org", ownerAccountId: "999988887777" });
    const snapshot = trailSnapshot({ "us-east-1": [main, second, single, foreign], "eu-west-1": [west] });
    expect(monitoredLogGroups(snapshot, "us-east-1")).toEqual([
      {
        logGroup: {
          arn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail:*`,
          name: "cloudtrail",
          region: "us-east-1",
          accountId: ACCOUNT,
        },
        trailArns: [main.trailArn, second.trailArn].sort(),
      },
    ]);
    expect(monitoredLogGroups(snapshot, "eu-west-1").map((g) => g.logGroup.arn)).toEqual([
      `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:cloudtrail:*`,
    ]);
    expect(monitoredLogGroups(snapshot, "ap-southeast-2")).toEqual([]);
  });

  it("leads to the topics of this account and region that alarms on a filter's metric notify", () => {
    const groups = [group([filter("A", "{ $.a = 1 }"), filter("B", "{ $.b = 1 }")])];
    const other = `arn:aws:sns:us-east-1:999988887777:central`;
    const elsewhere = `arn:aws:sns:eu-west-1:${ACCOUNT}:west`;
    const unrelated = `arn:aws:sns:us-east-1:${ACCOUNT}:unrelated`;
    const topics = chainTopics(
      groups,
      [
        alarm("A", { alarmActions: [TOPIC_ARN, other, elsewhere] }),
        alarm("B", { alarmActions: [TOPIC_ARN] }),
        alarm("C", { alarmActions: [unrelated] }),
        alarm("A", {
          alarmName: "ns",
          metrics: [{ metricName: "A", namespace: "Other" }],
          alarmActions: [unrelated],
        }),
      ],
      "us-east-1",
      ACCOUNT,
    );
    expect(topics).toEqual([TOPIC_ARN]);
  });
});
