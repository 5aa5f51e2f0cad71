/**
 * CIS 3.2 (log file validation), 3.4 (CloudWatch Logs integration) and 3.7 (SSE-KMS) over literal
 * datasets: one finding per distinct trail in its home region, never per shadow copy; another account's
 * organization trail judged with its owner; 3.4 reads the last delivery time (older than one day → FAIL
 * with the time); no trail → one account FAIL.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule as cloudwatch } from "../../../src/rules/cloudtrail/cloudtrail_cloudwatch_logging_enabled.js";
import { rule as kms } from "../../../src/rules/cloudtrail/cloudtrail_kms_encryption_enabled.js";
import { rule as validation } from "../../../src/rules/cloudtrail/cloudtrail_log_file_validation_enabled.js";
import type { TrailListing } from "../../../src/snapshot/datasets/cloudtrail.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import { ACCOUNT, deniedTrails, shadowOf, trail, trailSnapshot } from "./trail-fixtures.js";

const MAIN_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
const STATUS = trail().status as NonNullable<TrailListing["status"]>;

/** main (multi-region, us-east-1, shadowed in two regions) and local (eu-west-1, everything off). */
function twoTrails(mainOverrides: Partial<TrailListing> = {}) {
  const main = trail(mainOverrides);
  const local = trail({
    name: "local",
    homeRegion: "eu-west-1",
    isMultiRegionTrail: false,
    logFileValidationEnabled: false,
    kmsKeyId: null,
    cloudWatchLogsLogGroupArn: null,
    cloudWatchLogsRoleArn: null,
  });
  return trailSnapshot({
    "ap-southeast-2": [shadowOf(main)],
    "eu-west-1": [shadowOf(main), local],
    "us-east-1": [main],
  });
}

describe("cloudtrail_log_file_validation_enabled (3.2)", () => {
  it("one finding per distinct trail, in its home region: PASS main (listed in three regions), FAIL local", () => {
    const findings = evaluateRule(validation, twoTrails());
    expect(findings.map((f) => [f.status, f.region, f.resourceType, f.resourceArn, f.uid])).toEqual([
      [
        "FAIL",
        "eu-west-1",
        "AWS::CloudTrail::Trail",
        `arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/local`,
        findingUid(ACCOUNT, validation.id, [`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/local`]),
      ],
      [
        "PASS",
        "us-east-1",
        "AWS::CloudTrail::Trail",
        MAIN_ARN,
        findingUid(ACCOUNT, validation.id, [MAIN_ARN]),
      ],
    ]);
    expect(findings[0]?.statusExtended).toBe(
      `Log file validation is disabled on trail local (arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/local, home region eu-west-1): its log files carry no signed digest, so a change to them cannot be detected.`,
    );
    expect(findings[1]?.evidence).toEqual({
      trailArn: MAIN_ARN,
      trailName: "main",
      homeRegion: "us-east-1",
      ownerAccountId: ACCOUNT,
      otherAccount: false,
      isOrganizationTrail: false,
      isMultiRegionTrail: true,
      listedIn: ["ap-southeast-2", "eu-west-1", "us-east-1"],
      homeRegionRead: true,
      logFileValidationEnabled: true,
      s3BucketName: "trail-logs",
      source: "cloudtrail:DescribeTrails",
    });
  });

  it("another account's organization trail is judged from its DescribeTrails fields, naming the owner", () => {
    const org = trail({
      name: "org",
      ownerAccountId: "999988887777",
      isOrganizationTrail: true,
      logFileValidationEnabled: false,
      status: null,
      statusError: { code: "AccessDeniedException", message: "denied" },
    });
    const [finding] = evaluateRule(validation, trailSnapshot({ "us-east-1": [org] }));
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toContain(
      "trail org (arn:aws:cloudtrail:us-east-1:999988887777:trail/org, home region us-east-1, an organization trail owned by account 999988887777)",
    );
  });

  it("no trail: one account FAIL", () => {
    const findings = evaluateRule(validation, trailSnapshot({ "us-east-1": [] }));
    expect(findings.map((f) => [f.status, f.resourceType, f.statusExtended])).toEqual([
      [
        "FAIL",
        "AWS::::Account",
        `Account ${ACCOUNT} has no CloudTrail trail in the regions read (us-east-1): no log file is validated (CIS 3.1 fails too).`,
      ],
    ]);
  });
});

describe("cloudtrail_kms_encryption_enabled (3.7)", () => {
  it("PASS with the key, FAIL without, per distinct trail", () => {
    const findings = evaluateRule(kms, twoTrails());
    expect(findings.map((f) => [f.status, f.resourceName, f.evidence.kmsKeyId])).toEqual([
      ["FAIL", "local", null],
      ["PASS", "main", `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`],
    ]);
    expect(findings[0]?.statusExtended).toBe(
      `The log files of trail local (arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/local, home region eu-west-1) are not encrypted with a KMS key (no KmsKeyId): only the bucket's S3-managed encryption protects them.`,
    );
  });
});

describe("cloudtrail_cloudwatch_logging_enabled (3.4)", () => {
  it("PASS: a log group and a delivery within the day; FAIL: no log group", () => {
    const findings = evaluateRule(cloudwatch, twoTrails());
    expect(findings.map((f) => [f.status, f.resourceName, f.statusExtended])).toEqual([
      [
        "FAIL",
        "local",
        `Trail local (arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/local, home region eu-west-1) is not integrated with CloudWatch Logs (no CloudWatchLogsLogGroupArn).`,
      ],
      [
        "PASS",
        "main",
        `Trail main (${MAIN_ARN}, home region us-east-1) delivers to CloudWatch Logs group arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail:*; last delivery 2026-12-07T08:00:00Z.`,
      ],
    ]);
    expect(findings[1]?.evidence).toMatchObject({
      cloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail:*`,
      isLogging: true,
      latestCloudWatchLogsDeliveryTime: "2026-12-07T08:00:00Z",
      collectedAt: "2026-12-07T09:00:00Z",
      maxDeliveryAgeHours: 24,
    });
  });

  it("FAIL: last delivery more than a day before the scan, with the time and the delivery error", () => {
    const [finding] = evaluateRule(
      cloudwatch,
      trailSnapshot({
        "us-east-1": [
          trail({
            status: {
              ...STATUS,
              latestCloudWatchLogsDeliveryTime: new Date("2026-12-05T08:59:59Z"),
              latestCloudWatchLogsDeliveryError: "AccessDenied",
            },
          }),
        ],
      }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      `Trail main (${MAIN_ARN}, home region us-east-1) names log group arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail:* but last delivered to it at 2026-12-05T08:59:59Z, 2 days before the scan (more than one day) (last delivery error: AccessDenied).`,
    );
    expect(finding?.evidence).toMatchObject({
      latestCloudWatchLogsDeliveryTime: "2026-12-05T08:59:59Z",
      latestCloudWatchLogsDeliveryError: "AccessDenied",
    });
  });

  it("exactly 24 hours old passes; one second more fails", () => {
    const at = (time: string) =>
      evaluateRule(
        cloudwatch,
        trailSnapshot({
          "us-east-1": [trail({ status: { ...STATUS, latestCloudWatchLogsDeliveryTime: new Date(time) } })],
        }),
      )[0]?.status;
    expect(at("2026-12-06T09:00:00Z")).toBe("PASS");
    expect(at("2026-12-06T08:59:59Z")).toBe("FAIL");
  });

  it("a delivery time after the scan: within the 5-minute clock-skew tolerance PASS; beyond it (year 2999 too) MANUAL, not evidence of delivery", () => {
    const judge = (time: string) =>
      evaluateRule(
        cloudwatch,
        trailSnapshot({
          "us-east-1": [trail({ status: { ...STATUS, latestCloudWatchLogsDeliveryTime: new Date(time) } })],
        }),
      )[0];
    expect(judge("2026-12-07T09:05:00Z")?.status).toBe("PASS");
    expect(judge("2026-12-07T09:05:01Z")?.status).toBe("MANUAL");
    const future = judge("2999-01-01T00:00:00Z");
    expect(future?.status).toBe("MANUAL");
    expect(future?.statusExtended).toBe(
      `Trail main (${MAIN_ARN}, home region us-east-1) names log group arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail:*, but its LatestCloudWatchLogsDeliveryTime 2999-01-01T00:00:00Z is after the scan started (2026-12-07T09:00:00Z) by more than the 5-minute clock-skew tolerance: not evidence of a delivery. Check this machine's clock and LatestCloudWatchLogsDeliveryTime with aws cloudtrail get-trail-status.`,
    );
    expect(future?.evidence).toMatchObject({
      latestCloudWatchLogsDeliveryTime: "2999-01-01T00:00:00Z",
      collectedAt: "2026-12-07T09:00:00Z",
      maxClockSkewMinutes: 5,
      reason: "delivery-time-after-scan",
    });
  });

  it("FAIL: a log group but no delivery ever recorded", () => {
    const [finding] = evaluateRule(
      cloudwatch,
      trailSnapshot({
        "us-east-1": [trail({ status: { ...STATUS, latestCloudWatchLogsDeliveryTime: null } })],
      }),
    );
    expect(finding?.statusExtended).toBe(
      `Trail main (${MAIN_ARN}, home region us-east-1) names log group arn:aws:logs:us-east-1:${ACCOUNT}:log-group:cloudtrail:* but has never delivered to it (no LatestCloudWatchLogsDeliveryTime).`,
    );
    expect(finding?.status).toBe("FAIL");
  });

  it("MANUAL: another account's organization trail whose status is refused; and a trail whose home region was not read", () => {
    const org = trail({
      name: "org",
      ownerAccountId: "999988887777",
      isOrganizationTrail: true,
      status: null,
      statusError: { code: "AccessDeniedException", message: "denied" },
    });
    const elsewhere = trail({ name: "far", homeRegion: "ap-southeast-2" });
    const findings = evaluateRule(cloudwatch, trailSnapshot({ "us-east-1": [org, shadowOf(elsewhere)] }));
    expect(findings.map((f) => [f.status, f.region, f.statusExtended])).toEqual([
      [
        "MANUAL",
        "ap-southeast-2",
        `Trail far (arn:aws:cloudtrail:ap-southeast-2:${ACCOUNT}:trail/far, home region ap-southeast-2) sends to arn:aws:logs:ap-southeast-2:${ACCOUNT}:log-group:cloudtrail:*, but when it last delivered there is unknown: its home region ap-southeast-2 was not read. Check LatestCloudWatchLogsDeliveryTime with aws cloudtrail get-trail-status.`,
      ],
      [
        "MANUAL",
        "us-east-1",
        "Trail org (arn:aws:cloudtrail:us-east-1:999988887777:trail/org, home region us-east-1, an organization trail owned by account 999988887777) sends to arn:aws:logs:us-east-1:999988887777:log-group:cloudtrail:*, but when it last delivered there is unknown: GetTrailStatus failed (AccessDeniedException). Check LatestCloudWatchLogsDeliveryTime with aws cloudtrail get-trail-status in account 999988887777.",
      ],
    ]);
    expect(findings[1]?.evidence).toMatchObject({
      isLogging: null,
      statusError: "AccessDeniedException: denied",
    });
  });
});

describe("DescribeTrails failed in every region read", () => {
  it("each trail rule gives the regions' ERROR findings only, never 'no trail in the regions read ()' FAIL", () => {
    const snapshot = trailSnapshot({}, [deniedTrails("eu-west-1"), deniedTrails("us-east-1")]);
    for (const rule of [validation, kms, cloudwatch]) {
      expect(evaluateRule(rule, snapshot).map((f) => [f.status, f.region, f.evidence.errorCode])).toEqual([
        ["ERROR", "eu-west-1", "AccessDeniedException"],
        ["ERROR", "us-east-1", "AccessDeniedException"],
      ]);
    }
    // One region read (with no trail), the other failed: that region's ERROR beside the FAIL of the region read.
    const partly = trailSnapshot({ "eu-west-1": [] }, [deniedTrails("us-east-1")]);
    expect(evaluateRule(validation, partly).map((f) => [f.status, f.region])).toEqual([
      ["FAIL", "global"],
      ["ERROR", "us-east-1"],
    ]);
  });
});

describe("a snapshot file whose trail has an empty TrailARN", () => {
  it("is refused with the field's path (two trails with an empty ARN would merge into one)", () => {
    const text = serializeSnapshot(
      trailSnapshot({ "us-east-1": [trail(), trail({ name: "second", trailArn: "" })] }),
    );
    expect(() => parseSnapshot(text, "x.json")).toThrow(
      "x.json: not a cloudpatrol snapshot (version 2): snapshot.datasets.cloudtrail.trails.us-east-1.1.trailArn: an empty TrailARN (AWS names every trail by its ARN; trails without one cannot be told apart)",
    );
  });
});
