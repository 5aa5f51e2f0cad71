/**
 * A logging scan (every logging rule) against our fakes: EC2 (regions, VPCs, flow logs), CloudTrail, AWS
 * Config, KMS and S3 (the bucket list 3.10 / 3.11 read). Exact requests per region and per trail / key / VPC; AccessDenied in one region for
 * one service leaves that region an ERROR for that service's rules only; an organization trail of another
 * account refusing its status is recorded on the trail, not as a failed region; the snapshot file gives
 * the same findings offline.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scanAccount } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { RULES } from "../../src/rules/index.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { type FakeLogging, startFakeLogging } from "../support/fake-logging.js";
import { type FakeRegional, startFakeRegional } from "../support/fake-regional.js";
import { type FakeS3, startFakeS3 } from "../support/fake-s3.js";

const ACCOUNT = "123456789012";
const AT = new Date("2026-12-07T09:00:00Z");
/** The logging rules but the trail-bucket ones (3.3, 3.6: S3 reads, tested with moto and literal data). */
const LOGGING = RULES.filter(
  (rule) =>
    ["cloudtrail_", "config_", "kms_", "vpc_flow"].some((prefix) => rule.id.startsWith(prefix)) &&
    !rule.id.startsWith("cloudtrail_bucket_"),
);
const ENABLED = ["af-south-1", "ap-southeast-2", "eu-west-1", "us-east-1"];

let fake: FakeAws;
let regional: FakeRegional;
let logging: FakeLogging;
let s3: FakeS3;
beforeEach(async () => {
  fake = await startFakeAws();
  regional = await startFakeRegional();
  logging = await startFakeLogging();
  // The bucket list (ListBuckets), read for 3.10 / 3.11's per-bucket selectors.
  s3 = await startFakeS3({ accountId: ACCOUNT });
  s3.setListBucketRegion(true);
  s3.addBucket({ name: "trail-logs", region: "us-east-1" });
  vi.stubEnv("AWS_ENDPOINT_URL_S3", s3.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL", fake.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_EC2", regional.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_CLOUDTRAIL", logging.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_CONFIG_SERVICE", logging.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_KMS", logging.endpoint);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all([fake.close(), regional.close(), logging.close(), s3.close()]);
});

function seed(): void {
  // Regions: the fake's defaults (us-east-1, eu-west-1, ap-southeast-2, af-south-1 opted in; me-south-1 not).
  const main = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;
  logging.addTrail(
    {
      Name: "main",
      TrailARN: main,
      HomeRegion: "us-east-1",
      IsMultiRegionTrail: true,
      IsOrganizationTrail: false,
      LogFileValidationEnabled: true,
      S3BucketName: "trail-logs",
      KmsKeyId: `arn:aws:kms:us-east-1:${ACCOUNT}:key/1111`,
      CloudWatchLogsLogGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:trail:*`,
    },
    {
      status: { IsLogging: true, LatestCloudWatchLogsDeliveryTime: "2026-12-07T08:30:00Z" },
      advancedEventSelectors: [
        {
          Name: "Management events selector",
          FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }],
        },
      ],
    },
    ENABLED,
  );
  // The management account's organization trail: the member sees it everywhere, may not read its status.
  logging.addTrail(
    {
      Name: "org",
      TrailARN: "arn:aws:cloudtrail:eu-west-1:999988887777:trail/org",
      HomeRegion: "eu-west-1",
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      LogFileValidationEnabled: false,
      S3BucketName: "org-trail-logs",
    },
    { refuse: "TrailNotFoundException" },
    ENABLED,
  );
  logging.setConfig("us-east-1", {
    recorders: [
      { name: "default", recordingGroup: { allSupported: true, includeGlobalResourceTypes: true } },
    ],
    statuses: [{ name: "default", recording: true, lastStatus: "Success" }],
    channels: [{ name: "default", s3BucketName: "config-bucket" }],
  });
  logging.setConfig("af-south-1", {
    recorders: [
      { name: "default", recordingGroup: { allSupported: true, includeGlobalResourceTypes: false } },
    ],
    statuses: [{ name: "default", recording: true, lastStatus: "PENDING" }],
  });
  const key = (id: string, manager: string) => ({
    KeyId: id,
    Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`,
    KeyManager: manager,
    KeySpec: "SYMMETRIC_DEFAULT",
    KeyState: "Enabled",
    Origin: "AWS_KMS",
    Enabled: true,
  });
  logging.addKey("us-east-1", { metadata: key("k-rotating", "CUSTOMER"), rotation: true });
  logging.addKey("us-east-1", { metadata: key("k-aws", "AWS") });
  logging.addKey("us-east-1", { metadata: key("k-still", "CUSTOMER"), rotation: false });
  logging.setKeyPageSize(2);
  for (const region of ENABLED) regional.addVpc(region, { vpcId: `vpc-${region}`, isDefault: true });
  regional.addVpc("eu-west-1", { vpcId: "vpc-shared", ownerId: "999988887777" });
  regional.addFlowLog("eu-west-1", { flowLogId: "fl-1", resourceId: "vpc-eu-west-1" });
  // Denied: CloudTrail in ap-southeast-2, KMS in eu-west-1.
  logging.fail("DescribeTrails", "ap-southeast-2");
  logging.fail("ListKeys", "eu-west-1");
}

describe("a logging scan through the fakes", () => {
  it("exact calls per region and per trail/key/VPC; a denied region is an ERROR for its service's rules only", async () => {
    seed();
    const clients = createClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, { rules: LOGGING, collectedAt: AT });
    } finally {
      clients.destroy();
    }
    // Per region: DescribeTrails 1; Config 3; ListKeys 1 per page; DescribeVpcs 1; DescribeFlowLogs 1.
    // Per trail, in its home region only: GetTrailStatus 1, GetEventSelectors 1 (the org trail refuses both).
    // Per key: DescribeKey 1; GetKeyRotationStatus only for the two customer managed symmetric keys.
    expect(logging.counts()).toEqual({
      "af-south-1 cloudtrail:DescribeTrails": 1,
      "ap-southeast-2 cloudtrail:DescribeTrails": 1,
      "eu-west-1 cloudtrail:DescribeTrails": 1,
      "us-east-1 cloudtrail:DescribeTrails": 1,
      "us-east-1 cloudtrail:GetTrailStatus": 1,
      "us-east-1 cloudtrail:GetEventSelectors": 1,
      "eu-west-1 cloudtrail:GetTrailStatus": 1,
      "eu-west-1 cloudtrail:GetEventSelectors": 1,
      "af-south-1 config:DescribeConfigurationRecorders": 1,
      "af-south-1 config:DescribeConfigurationRecorderStatus": 1,
      "af-south-1 config:DescribeDeliveryChannels": 1,
      "ap-southeast-2 config:DescribeConfigurationRecorders": 1,
      "ap-southeast-2 config:DescribeConfigurationRecorderStatus": 1,
      "ap-southeast-2 config:DescribeDeliveryChannels": 1,
      "eu-west-1 config:DescribeConfigurationRecorders": 1,
      "eu-west-1 config:DescribeConfigurationRecorderStatus": 1,
      "eu-west-1 config:DescribeDeliveryChannels": 1,
      "us-east-1 config:DescribeConfigurationRecorders": 1,
      "us-east-1 config:DescribeConfigurationRecorderStatus": 1,
      "us-east-1 config:DescribeDeliveryChannels": 1,
      "af-south-1 kms:ListKeys": 1,
      "ap-southeast-2 kms:ListKeys": 1,
      "eu-west-1 kms:ListKeys": 1,
      "us-east-1 kms:ListKeys": 2,
      "us-east-1 kms:DescribeKey": 3,
      "us-east-1 kms:GetKeyRotationStatus": 2,
    });
    expect(regional.counts()).toEqual({
      "us-east-1 DescribeRegions": 1,
      ...Object.fromEntries(
        ENABLED.flatMap((r) => [
          [`${r} DescribeVpcs`, 1],
          [`${r} DescribeFlowLogs`, 1],
        ]),
      ),
    });
    expect(fake.counts()).toEqual({ GetCallerIdentity: 1 });
    // 3.10 / 3.11 read the bucket list (an optional dataset): one ListBuckets, BucketRegion in its answer.
    expect(s3.counts()).toEqual({ "us-east-1 ListBuckets": 1 });

    const verdicts = live.findings.map((f) => [f.ruleId, f.region, f.resourceName, f.status]);
    expect(verdicts).toEqual([
      // 3.1: main qualifies (advanced management selector); the org trail's refusal does not matter then.
      ["cloudtrail_multi_region_enabled", "global", ACCOUNT, "PASS"],
      ["cloudtrail_multi_region_enabled", "ap-southeast-2", ACCOUNT, "ERROR"],
      // 3.2 / 3.4 / 3.7: one finding per distinct trail, in its home region.
      ["cloudtrail_log_file_validation_enabled", "eu-west-1", "org", "FAIL"],
      ["cloudtrail_log_file_validation_enabled", "us-east-1", "main", "PASS"],
      ["cloudtrail_log_file_validation_enabled", "ap-southeast-2", ACCOUNT, "ERROR"],
      ["cloudtrail_cloudwatch_logging_enabled", "eu-west-1", "org", "FAIL"],
      ["cloudtrail_cloudwatch_logging_enabled", "us-east-1", "main", "PASS"],
      ["cloudtrail_cloudwatch_logging_enabled", "ap-southeast-2", ACCOUNT, "ERROR"],
      ["cloudtrail_kms_encryption_enabled", "eu-west-1", "org", "FAIL"],
      ["cloudtrail_kms_encryption_enabled", "us-east-1", "main", "PASS"],
      ["cloudtrail_kms_encryption_enabled", "ap-southeast-2", ACCOUNT, "ERROR"],
      // 3.10 / 3.11: main logs no S3 data events, and the org trail refused its selectors: MANUAL, not FAIL.
      ["cloudtrail_s3_dataevents_write_enabled", "global", ACCOUNT, "MANUAL"],
      ["cloudtrail_s3_dataevents_write_enabled", "ap-southeast-2", ACCOUNT, "ERROR"],
      ["cloudtrail_s3_dataevents_read_enabled", "global", ACCOUNT, "MANUAL"],
      ["cloudtrail_s3_dataevents_read_enabled", "ap-southeast-2", ACCOUNT, "ERROR"],
      // 3.5 in both forms.
      ["config_recorder_all_regions_enabled", "af-south-1", ACCOUNT, "FAIL"],
      ["config_recorder_all_regions_enabled", "ap-southeast-2", ACCOUNT, "FAIL"],
      ["config_recorder_all_regions_enabled", "eu-west-1", ACCOUNT, "FAIL"],
      ["config_recorder_all_regions_enabled", "us-east-1", ACCOUNT, "PASS"],
      ["config_recorder_all_regions_global_once", "af-south-1", ACCOUNT, "FAIL"],
      ["config_recorder_all_regions_global_once", "ap-southeast-2", ACCOUNT, "FAIL"],
      ["config_recorder_all_regions_global_once", "eu-west-1", ACCOUNT, "FAIL"],
      ["config_recorder_all_regions_global_once", "us-east-1", ACCOUNT, "PASS"],
      ["config_recorder_all_regions_global_once", "global", ACCOUNT, "PASS"],
      // 3.8: the customer managed symmetric keys; the AWS managed key is not judged; KMS denied in eu-west-1.
      ["kms_cmk_rotation_enabled", "us-east-1", "k-rotating", "PASS"],
      ["kms_cmk_rotation_enabled", "us-east-1", "k-still", "FAIL"],
      ["kms_cmk_rotation_enabled", "eu-west-1", ACCOUNT, "ERROR"],
      // 3.9: every owned VPC; the shared one is not judged.
      ["vpc_flow_logs_enabled", "af-south-1", "vpc-af-south-1", "FAIL"],
      ["vpc_flow_logs_enabled", "ap-southeast-2", "vpc-ap-southeast-2", "FAIL"],
      ["vpc_flow_logs_enabled", "eu-west-1", "vpc-eu-west-1", "PASS"],
      ["vpc_flow_logs_enabled", "us-east-1", "vpc-us-east-1", "FAIL"],
    ]);
    const org = live.findings.find(
      (f) => f.ruleId === "cloudtrail_cloudwatch_logging_enabled" && f.resourceName === "org",
    );
    expect(org?.statusExtended).toBe(
      "Trail org (arn:aws:cloudtrail:eu-west-1:999988887777:trail/org, home region eu-west-1, an organization trail owned by account 999988887777) is not integrated with CloudWatch Logs (no CloudWatchLogsLogGroupArn).",
    );
    const denied = live.findings.find((f) => f.ruleId === "kms_cmk_rotation_enabled" && f.status === "ERROR");
    expect(denied?.evidence).toMatchObject({
      api: "kms:ListKeys",
      missingPermission: "kms:ListKeys",
      region: "eu-west-1",
    });
    expect(live.snapshot.errors.map((e) => [e.dataset, e.region, e.code])).toEqual([
      ["cloudtrail.trails", "ap-southeast-2", "AccessDeniedException"],
      ["kms.keys", "eu-west-1", "AccessDeniedException"],
    ]);
    // The org trail's refusal is on the trail, not a failed region.
    const euTrails = live.snapshot.datasets?.["cloudtrail.trails"]?.get("eu-west-1");
    expect(euTrails?.find((t) => t.name === "org")).toMatchObject({
      status: null,
      statusError: { code: "TrailNotFoundException" },
      eventSelectorsError: { code: "TrailNotFoundException" },
    });
    // Offline from the snapshot file: the same findings, no AWS call.
    const offline = parseSnapshot(serializeSnapshot(live.snapshot), "snap.json");
    expect(evaluate(offline, LOGGING)).toEqual(live.findings);
  });

  it("throttling: DescribeTrails throttled twice in one region is retried and the region read; counted per attempt", async () => {
    seed();
    logging.fail("DescribeTrails", "eu-west-1", "ThrottlingException", 2);
    const clients = createClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 3,
      retryBaseMs: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, { rules: LOGGING, collectedAt: AT });
    } finally {
      clients.destroy();
    }
    expect(logging.counts()["eu-west-1 cloudtrail:DescribeTrails"]).toBe(3);
    expect(live.snapshot.errors.map((e) => [e.dataset, e.region, e.code])).toEqual([
      ["cloudtrail.trails", "ap-southeast-2", "AccessDeniedException"],
      ["kms.keys", "eu-west-1", "AccessDeniedException"],
    ]);
    expect(live.snapshot.datasets?.["cloudtrail.trails"]?.get("eu-west-1")?.map((t) => t.name)).toEqual([
      "main",
      "org",
    ]);
  });

  it("trails without a TrailARN in an answer: the region's DescribeTrails is an UnreadableResponse (never trails merged under one empty ARN)", async () => {
    seed();
    for (const name of ["first", "second"])
      logging.addTrail({ Name: name, HomeRegion: "eu-west-1", S3BucketName: `${name}-logs` } as never);
    const clients = createClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, { rules: LOGGING, collectedAt: AT });
    } finally {
      clients.destroy();
    }
    expect(live.snapshot.errors.map((e) => [e.dataset, e.region, e.api, e.code])).toEqual([
      ["cloudtrail.trails", "ap-southeast-2", "cloudtrail:DescribeTrails", "AccessDeniedException"],
      ["cloudtrail.trails", "eu-west-1", "cloudtrail:DescribeTrails", "UnreadableResponse"],
      ["kms.keys", "eu-west-1", "kms:ListKeys", "AccessDeniedException"],
    ]);
    expect(live.snapshot.errors[1]?.message).toBe(
      `cloudtrail:DescribeTrails failed in account ${ACCOUNT}: UnreadableResponse: trail 3 of the answer in eu-west-1 (Name "first") has no TrailARN, which AWS always sends: its status and selectors cannot be asked for, and trails without one cannot be told apart.`,
    );
    expect(live.snapshot.datasets?.["cloudtrail.trails"]?.has("eu-west-1")).toBe(false);
    expect(logging.counts()["eu-west-1 cloudtrail:GetTrailStatus"]).toBeUndefined();
    const validation = live.findings.filter((f) => f.ruleId === "cloudtrail_log_file_validation_enabled");
    // The organization trail homed in eu-west-1 is still judged from its listing in the other regions.
    expect(validation.map((f) => [f.status, f.region, f.resourceName])).toEqual([
      ["FAIL", "eu-west-1", "org"],
      ["PASS", "us-east-1", "main"],
      ["ERROR", "ap-southeast-2", ACCOUNT],
      ["ERROR", "eu-west-1", ACCOUNT],
    ]);
  });

  it("the calls do not grow with resources no rule reads: more trails elsewhere, AWS managed keys, shared VPCs", async () => {
    // 50 AWS managed keys cost 50 DescribeKey and no GetKeyRotationStatus; 10 shadow-only trails homed in a
    // region that is not enabled cost nothing beyond DescribeTrails.
    for (let i = 0; i < 50; i += 1)
      logging.addKey("us-east-1", {
        metadata: {
          KeyId: `aws-${i}`,
          Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/aws-${i}`,
          KeyManager: "AWS",
          KeySpec: "SYMMETRIC_DEFAULT",
          KeyState: "Enabled",
          Origin: "AWS_KMS",
        },
      });
    for (let i = 0; i < 10; i += 1)
      logging.addTrail(
        {
          Name: `far-${i}`,
          TrailARN: `arn:aws:cloudtrail:me-south-1:${ACCOUNT}:trail/far-${i}`,
          HomeRegion: "me-south-1",
          IsMultiRegionTrail: true,
        },
        {},
        ENABLED,
      );
    const clients = createClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    try {
      await scanAccount(clients, { rules: LOGGING, collectedAt: AT });
    } finally {
      clients.destroy();
    }
    const counts = logging.counts();
    expect(counts["us-east-1 kms:DescribeKey"]).toBe(50);
    expect(counts["us-east-1 kms:GetKeyRotationStatus"]).toBeUndefined();
    expect(
      Object.keys(counts).filter(
        (key) => key.includes("GetTrailStatus") || key.includes("GetEventSelectors"),
      ),
    ).toEqual([]);
    expect(Object.keys(counts).filter((key) => key.includes("logs:"))).toEqual([]);
  });
});
