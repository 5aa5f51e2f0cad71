/**
 * CIS "Ensure AWS Config is enabled in all regions" over literal datasets, in both forms:
 * config_recorder_all_regions_enabled (v1.2.0–v4.0.0: global types in every region) and
 * config_recorder_all_regions_global_once (v5.0.0 on: global types in one region). Status
 * compared case-insensitively; service-linked recorders and exclusion strategies handled; a region that
 * failed is its ERROR; the catalogs map each rule to its versions.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { getFramework } from "../../../src/frameworks/index.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule as upToV4 } from "../../../src/rules/config/config_recorder_all_regions_enabled.js";
import { rule as fromV5 } from "../../../src/rules/config/config_recorder_all_regions_global_once.js";
import type { ConfigRecording } from "../../../src/snapshot/datasets/config.js";
import { narrowToRegions } from "../../../src/snapshot/regional-values.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";

const ACCOUNT = "111122223333";
const AT = new Date("2026-12-07T09:00:00Z");

type Recorder = ConfigRecording["recorders"][number];
type RecorderStatus = ConfigRecording["statuses"][number];

function recorder(overrides: Partial<Recorder> = {}): Recorder {
  return {
    name: "default",
    arn: null,
    roleArn: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    allSupported: true,
    includeGlobalResourceTypes: true,
    resourceTypes: [],
    exclusionResourceTypes: [],
    recordingStrategy: "ALL_SUPPORTED_RESOURCE_TYPES",
    recordingScope: null,
    servicePrincipal: null,
    ...overrides,
  };
}

function status(overrides: Partial<RecorderStatus> = {}): RecorderStatus {
  return {
    name: "default",
    arn: null,
    recording: true,
    lastStatus: "SUCCESS",
    lastErrorCode: null,
    lastErrorMessage: null,
    lastStartTime: new Date("2026-01-01T00:00:00Z"),
    lastStatusChangeTime: new Date("2026-12-07T08:00:00Z"),
    servicePrincipal: null,
    ...overrides,
  };
}

function setup(recorders: Recorder[], statuses: RecorderStatus[]): ConfigRecording {
  return {
    recorders,
    statuses,
    deliveryChannels:
      recorders.length > 0
        ? [{ name: "default", s3BucketName: "config-bucket", snsTopicArn: null, s3KmsKeyArn: null }]
        : [],
  };
}

const GOOD = setup([recorder()], [status()]);
const NO_GLOBAL = setup([recorder({ includeGlobalResourceTypes: false })], [status()]);
const NONE = setup([], []);

function snapshot(byRegion: Record<string, ConfigRecording>, errors: CollectionError[] = []): Snapshot {
  const regions = [...Object.keys(byRegion), ...errors.flatMap((e) => (e.region ? [e.region] : []))].sort();
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: AT,
    source: "aws",
    errors,
    regional: {
      regions: regions.map((regionName) => ({ regionName, optInStatus: "opt-in-not-required" })),
      enabledRegions: regions,
    },
    datasets: {
      "config.recorders": new Map(Object.entries(byRegion).sort(([a], [b]) => a.localeCompare(b))),
    },
    collected: ["ec2.regions", "config.recorders"],
  };
}

const DENIED: CollectionError = {
  dataset: "config.recorders",
  api: "config:DescribeConfigurationRecorders",
  code: "AccessDeniedException",
  message:
    "config:DescribeConfigurationRecorders failed in ap-southeast-2 for account 111122223333: AccessDeniedException: denied. The caller lacks the IAM permission config:DescribeConfigurationRecorders in ap-southeast-2.",
  missingPermission: "config:DescribeConfigurationRecorders",
  region: "ap-southeast-2",
};

describe("config_recorder_all_regions_enabled (v1.2.0–v4.0.0)", () => {
  it("PASS with all types, global types, recording and SUCCESS; FAIL without global types; FAIL without a recorder", () => {
    const findings = evaluateRule(
      upToV4,
      snapshot({ "eu-west-1": NO_GLOBAL, "sa-east-1": NONE, "us-east-1": GOOD }),
    );
    expect(findings.map((f) => [f.region, f.status, f.statusExtended])).toEqual([
      [
        "eu-west-1",
        "FAIL",
        "AWS Config is not fully enabled in eu-west-1: recorder default does not include global resource types (includeGlobalResourceTypes false).",
      ],
      ["sa-east-1", "FAIL", "AWS Config is not enabled in sa-east-1: no configuration recorder."],
      [
        "us-east-1",
        "PASS",
        "AWS Config recorder default in us-east-1 records all supported resource types including global ones, is recording, and its last status is SUCCESS.",
      ],
    ]);
    expect(findings.map((f) => f.uid)).toEqual(
      ["eu-west-1", "sa-east-1", "us-east-1"].map((region) =>
        findingUid(ACCOUNT, upToV4.id, ["account", region]),
      ),
    );
    expect(findings[2]?.evidence).toMatchObject({
      region: "us-east-1",
      recorders: [
        {
          name: "default",
          allSupported: true,
          includeGlobalResourceTypes: true,
          serviceLinked: false,
          recordsAllSupported: true,
        },
      ],
      statuses: [
        {
          name: "default",
          recording: true,
          lastStatus: "SUCCESS",
          lastStatusChangeTime: "2026-12-07T08:00:00Z",
        },
      ],
      deliveryChannels: [{ name: "default", s3BucketName: "config-bucket" }],
      globalResourceTypesRequiredIn: "every region",
    });
  });

  it("lastStatus is compared case-insensitively (the SDK's Success, the CLI's SUCCESS); PENDING and FAILURE fail with the error", () => {
    const verdict = (s: RecorderStatus) =>
      evaluateRule(upToV4, snapshot({ "us-east-1": setup([recorder()], [s]) }))[0];
    expect(verdict(status({ lastStatus: "Success" }))?.status).toBe("PASS");
    expect(verdict(status({ lastStatus: "success" }))?.status).toBe("PASS");
    expect(verdict(status({ lastStatus: "PENDING" }))?.statusExtended).toBe(
      "AWS Config is not fully enabled in us-east-1: recorder default's last status is PENDING, not SUCCESS.",
    );
    expect(
      verdict(
        status({
          lastStatus: "Failure",
          lastErrorCode: "NoSuchBucket",
          lastErrorMessage: "The bucket is gone",
        }),
      )?.statusExtended,
    ).toBe(
      "AWS Config is not fully enabled in us-east-1: recorder default's last status is Failure, not SUCCESS (NoSuchBucket: The bucket is gone).",
    );
    expect(verdict(status({ recording: false }))?.statusExtended).toBe(
      "AWS Config is not fully enabled in us-east-1: recorder default is not recording.",
    );
  });

  it("a recorder that excludes resource types, or lists some only, does not record all supported types", () => {
    const excluding = setup(
      [
        recorder({
          allSupported: false,
          exclusionResourceTypes: ["AWS::EC2::Instance"],
          recordingStrategy: "EXCLUSION_BY_RESOURCE_TYPES",
        }),
      ],
      [status()],
    );
    const including = setup(
      [
        recorder({
          allSupported: false,
          resourceTypes: ["AWS::S3::Bucket"],
          recordingStrategy: "INCLUSION_BY_RESOURCE_TYPES",
        }),
      ],
      [status()],
    );
    const findings = evaluateRule(upToV4, snapshot({ "eu-west-1": excluding, "us-east-1": including }));
    expect(findings.map((f) => f.statusExtended)).toEqual([
      "AWS Config is not fully enabled in eu-west-1: recorder default does not record all supported resource types (recordingStrategy EXCLUSION_BY_RESOURCE_TYPES).",
      "AWS Config is not fully enabled in us-east-1: recorder default does not record all supported resource types (recordingStrategy INCLUSION_BY_RESOURCE_TYPES).",
    ]);
  });

  it("a service-linked recorder does not count, and the sentence says it was not counted", () => {
    const linked = recorder({
      name: "AWSConfigurationRecorderForSecurityHub",
      arn: `arn:aws:config:us-east-1:${ACCOUNT}:configuration-recorder/AWSConfigurationRecorderForSecurityHub/abc`,
      recordingScope: "INTERNAL",
      servicePrincipal: "securityhub.amazonaws.com",
    });
    const linkedStatus = status({
      name: "AWSConfigurationRecorderForSecurityHub",
      arn: linked.arn,
      servicePrincipal: "securityhub.amazonaws.com",
    });
    const [alone] = evaluateRule(upToV4, snapshot({ "us-east-1": setup([linked], [linkedStatus]) }));
    expect(alone?.status).toBe("FAIL");
    expect(alone?.statusExtended).toBe(
      "AWS Config is not enabled in us-east-1: no configuration recorder (1 service-linked recorder not counted).",
    );
    expect((alone?.evidence.recorders as { serviceLinked: boolean }[] | undefined)?.[0]?.serviceLinked).toBe(
      true,
    );
    const [beside] = evaluateRule(
      upToV4,
      snapshot({ "us-east-1": setup([linked, recorder()], [linkedStatus, status()]) }),
    );
    expect(beside?.status).toBe("PASS");
  });

  it("a region whose Config could not be read is its ERROR; the others are judged", () => {
    const findings = evaluateRule(upToV4, snapshot({ "us-east-1": GOOD }, [DENIED]));
    expect(findings.map((f) => [f.region, f.status])).toEqual([
      ["us-east-1", "PASS"],
      ["ap-southeast-2", "ERROR"],
    ]);
    expect(findings[1]?.evidence).toMatchObject({
      missingPermission: "config:DescribeConfigurationRecorders",
    });
  });
});

describe("config_recorder_all_regions_global_once (v5.0.0 on)", () => {
  it("global types in one region are enough: every region PASSes on its own, and the account's global-types finding PASSes", () => {
    const findings = evaluateRule(fromV5, snapshot({ "eu-west-1": NO_GLOBAL, "us-east-1": GOOD }));
    expect(findings.map((f) => [f.region, f.status, f.statusExtended])).toEqual([
      [
        "eu-west-1",
        "PASS",
        "AWS Config recorder default in eu-west-1 records all supported resource types, is recording, and its last status is SUCCESS.",
      ],
      [
        "us-east-1",
        "PASS",
        "AWS Config recorder default in us-east-1 records all supported resource types, is recording, and its last status is SUCCESS.",
      ],
      [
        "global",
        "PASS",
        "Global resource types are recorded by AWS Config in us-east-1 (recorder default: includeGlobalResourceTypes true, recording, last status SUCCESS).",
      ],
    ]);
    expect(findings[2]).toMatchObject({
      uid: findingUid(ACCOUNT, fromV5.id, ["account", "global-resource-types"]),
      evidence: {
        recordersIncludingGlobalResourceTypes: [
          { region: "us-east-1", recorder: "default", recording: true, lastStatus: "SUCCESS", counted: true },
        ],
        required: "includeGlobalResourceTypes true, recording true, lastStatus SUCCESS",
        regionsRead: ["eu-west-1", "us-east-1"],
        regionsNotRead: [],
      },
    });
    // The earlier versions' rule fails eu-west-1 on the same data.
    expect(
      evaluateRule(upToV4, snapshot({ "eu-west-1": NO_GLOBAL, "us-east-1": GOOD })).map((f) => f.status),
    ).toEqual(["FAIL", "PASS"]);
  });

  it("no region records global types: the account finding FAILs; with a region unread it is MANUAL", () => {
    const failed = evaluateRule(fromV5, snapshot({ "eu-west-1": NO_GLOBAL, "us-east-1": NO_GLOBAL }));
    expect(failed.at(-1)).toMatchObject({
      status: "FAIL",
      region: "global",
      statusExtended: `No recording AWS Config recorder of account ${ACCOUNT} includes global resource types (includeGlobalResourceTypes) in any enabled region: IAM users, roles and policies are not recorded.`,
    });
    const partial = evaluateRule(fromV5, snapshot({ "us-east-1": NO_GLOBAL }, [DENIED]));
    expect(partial.map((f) => [f.region, f.status])).toEqual([
      ["us-east-1", "PASS"],
      ["global", "MANUAL"],
      ["ap-southeast-2", "ERROR"],
    ]);
    expect(partial[1]?.statusExtended).toBe(
      "No AWS Config recorder that includes global resource types is recording with last status SUCCESS in the regions read (us-east-1); ap-southeast-2 could not be read: check includeGlobalResourceTypes and the recorder status there with aws configservice describe-configuration-recorders and describe-configuration-recorder-status.",
    );
  });

  it("global types recorded only in a region --regions left out: MANUAL naming the regions left out, not FAIL", () => {
    // What `scan --regions eu-west-1` judges of a snapshot whose us-east-1 recorder holds the global types.
    const full = snapshot({ "ap-south-1": NO_GLOBAL, "eu-west-1": NO_GLOBAL, "us-east-1": GOOD });
    const findings = evaluateRule(fromV5, narrowToRegions(full, ["eu-west-1"]));
    expect(findings.map((f) => [f.region, f.status])).toEqual([
      ["eu-west-1", "PASS"],
      ["global", "MANUAL"],
    ]);
    expect(findings[1]?.statusExtended).toBe(
      "No AWS Config recorder that includes global resource types is recording with last status SUCCESS in the regions read (eu-west-1); ap-south-1, us-east-1 were left out of this scan (--regions): check includeGlobalResourceTypes and the recorder status there with aws configservice describe-configuration-recorders and describe-configuration-recorder-status, or scan again with them in --regions.",
    );
    expect(findings[1]?.evidence).toMatchObject({
      recordersIncludingGlobalResourceTypes: [],
      regionsRead: ["eu-west-1"],
      regionsNotRead: [],
      regionsNotScanned: ["ap-south-1", "us-east-1"],
    });
    // One region left out, one that failed: each named as such.
    const both = evaluateRule(
      fromV5,
      narrowToRegions(snapshot({ "eu-west-1": NO_GLOBAL, "us-east-1": GOOD }, [DENIED]), [
        "ap-southeast-2",
        "eu-west-1",
      ]),
    );
    expect(both.find((f) => f.region === "global")?.statusExtended).toBe(
      "No AWS Config recorder that includes global resource types is recording with last status SUCCESS in the regions read (eu-west-1); ap-southeast-2 could not be read; us-east-1 was left out of this scan (--regions): check includeGlobalResourceTypes and the recorder status there with aws configservice describe-configuration-recorders and describe-configuration-recorder-status, or scan again with them in --regions.",
    );
  });

  it("a listed region that is not enabled (not-opted-in) is not left out: FAIL when every enabled region was read", () => {
    const base = snapshot({ "us-east-1": NO_GLOBAL });
    const withOptOut: Snapshot = {
      ...base,
      regional: {
        regions: [
          { regionName: "af-south-1", optInStatus: "not-opted-in" },
          { regionName: "us-east-1", optInStatus: "opt-in-not-required" },
        ],
        enabledRegions: ["us-east-1"],
      },
    };
    const global = evaluateRule(fromV5, withOptOut).at(-1);
    expect(global).toMatchObject({
      status: "FAIL",
      statusExtended: `No recording AWS Config recorder of account ${ACCOUNT} includes global resource types (includeGlobalResourceTypes) in any enabled region: IAM users, roles and policies are not recorded.`,
      evidence: { regionsNotRead: [], regionsNotScanned: [] },
    });
  });

  it("the recorder of global types must be recording with last status SUCCESS, as each region's: PENDING or stopped does not count (FAIL, naming it)", () => {
    const pending = setup([recorder()], [status({ lastStatus: "PENDING" })]);
    const stopped = setup([recorder()], [status({ recording: false })]);
    const findings = evaluateRule(fromV5, snapshot({ "eu-west-1": stopped, "us-east-1": pending }));
    expect(findings.map((f) => [f.region, f.status])).toEqual([
      ["eu-west-1", "FAIL"],
      ["us-east-1", "FAIL"],
      ["global", "FAIL"],
    ]);
    expect(findings[2]?.statusExtended).toBe(
      `No AWS Config recorder of account ${ACCOUNT} that includes global resource types (includeGlobalResourceTypes) is recording with last status SUCCESS in any enabled region (default in eu-west-1: not recording, last status SUCCESS; default in us-east-1: recording, last status PENDING): IAM users, roles and policies are not reliably recorded.`,
    );
    expect(findings[2]?.evidence).toMatchObject({
      recordersIncludingGlobalResourceTypes: [
        { region: "eu-west-1", recorder: "default", recording: false, lastStatus: "SUCCESS", counted: false },
        { region: "us-east-1", recorder: "default", recording: true, lastStatus: "PENDING", counted: false },
      ],
    });
  });

  it("a region still needs all supported types, recording and SUCCESS", () => {
    const findings = evaluateRule(
      fromV5,
      snapshot({
        "us-east-1": setup(
          [recorder({ allSupported: false, recordingStrategy: null })],
          [status({ lastStatus: "PENDING" })],
        ),
      }),
    );
    expect(findings[0]?.statusExtended).toBe(
      "AWS Config is not fully enabled in us-east-1: recorder default does not record all supported resource types (allSupported false); recorder default's last status is PENDING, not SUCCESS.",
    );
  });
});

describe("the catalogs", () => {
  it("map the every-region rule to v1.2.0–v4.0.0 and the one-region rule to v5.0.0 and v6.0.0", () => {
    const rulesOf = (framework: Parameters<typeof getFramework>[0], id: string) =>
      getFramework(framework).requirements.find((r) => r.id === id)?.ruleIds;
    expect(rulesOf("cis_v120", "2.5")).toEqual([upToV4.id]);
    expect(rulesOf("cis_v150", "3.5")).toEqual([upToV4.id]);
    expect(rulesOf("cis_v400", "3.3")).toEqual([upToV4.id]);
    expect(rulesOf("cis_v500", "3.3")).toEqual([fromV5.id]);
    expect(rulesOf("cis_v600", "4.3")).toEqual([fromV5.id]);
  });
});
