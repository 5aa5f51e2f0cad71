/**
 * CIS 3.10 / 3.11 (cloudtrail_s3_dataevents_write_enabled / _read_enabled) over literal datasets: classic
 * data resources for all buckets (`arn:aws:s3`, `arn:aws:s3:::`) with ReadWriteType matching, per-bucket
 * values (not all buckets), advanced selectors with readOnly matching and resources.ARN narrowing, only
 * multi-region logging trails, the partition respected.
 */
import {
  CloudTrailClient,
  CreateTrailCommand,
  PutEventSelectorsCommand,
  StartLoggingCommand,
} from "@aws-sdk/client-cloudtrail";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import type { Status } from "../../../src/model/finding.js";
import { rule as read } from "../../../src/rules/cloudtrail/cloudtrail_s3_dataevents_read_enabled.js";
import { rule as write } from "../../../src/rules/cloudtrail/cloudtrail_s3_dataevents_write_enabled.js";
import type { TrailEventSelectors, TrailListing } from "../../../src/snapshot/datasets/cloudtrail.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";
import { collectInRegions } from "../../support/collect-regions.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, motoClientConfig } from "../../support/moto.js";
import { ACCOUNT, ALL_MANAGEMENT, AT, advanced, field, trail, trailSnapshot } from "./trail-fixtures.js";

const MAIN_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;

function s3Classic(readWriteType: string, values: string[]): TrailEventSelectors {
  return {
    classic: [{ ...ALL_MANAGEMENT, readWriteType, dataResources: [{ type: "AWS::S3::Object", values }] }],
    advanced: null,
  };
}

/** `snapshot` with the account's buckets (`s3.buckets`) named. */
function withBuckets(snapshot: Snapshot, names: readonly string[]): Snapshot {
  return {
    ...snapshot,
    accountDatasets: {
      ...snapshot.accountDatasets,
      "s3.buckets": names.map((name) => ({
        name,
        arn: `arn:${snapshot.partition}:s3:::${name}`,
        creationDate: null,
        region: "us-east-1",
        regionSource: "ListBuckets" as const,
        regionError: null,
      })),
    },
    collected: [...(snapshot.collected ?? []), "s3.buckets"],
  };
}

/** [write status, read status] for one trail with `selectors` (and `overrides`). */
function verdicts(
  selectors: TrailEventSelectors,
  overrides: Partial<TrailListing> = {},
  partition = "aws",
  buckets?: readonly string[],
): Status[] {
  const plain = {
    ...trailSnapshot({ "us-east-1": [trail({ eventSelectors: selectors, ...overrides })] }),
    partition,
  };
  const snapshot = buckets ? withBuckets(plain, buckets) : plain;
  return [write, read].map((rule) => evaluateRule(rule, snapshot)[0]?.status as Status);
}

describe("cloudtrail_s3_dataevents_write_enabled / _read_enabled", () => {
  it("classic arn:aws:s3 with ReadWriteType All: both PASS, naming the trail and the selector", () => {
    const snapshot = trailSnapshot({
      "us-east-1": [trail({ eventSelectors: s3Classic("All", ["arn:aws:s3"]) })],
    });
    const [finding] = evaluateRule(write, snapshot);
    expect(finding).toMatchObject({
      status: "PASS",
      resourceType: "AWS::::Account",
      statusExtended: `S3 object-level write events of every bucket are logged by trail main (${MAIN_ARN}, home region us-east-1).`,
      evidence: { eventKind: "write", qualifyingTrails: [MAIN_ARN] },
    });
    expect((finding?.evidence.trails as Record<string, unknown>[] | undefined)?.[0]?.s3ObjectEvents).toEqual({
      allBuckets: true,
      matchedSelectors: ["classic selector 1: ReadWriteType All, AWS::S3::Object arn:aws:s3"],
      partialSelectors: [],
    });
    expect(evaluateRule(read, snapshot)[0]?.status).toBe("PASS");
  });

  it("classic arn:aws:s3::: WriteOnly: write PASS, read FAIL; ReadOnly: the reverse", () => {
    expect(verdicts(s3Classic("WriteOnly", ["arn:aws:s3:::"]))).toEqual(["PASS", "FAIL"]);
    expect(verdicts(s3Classic("ReadOnly", ["arn:aws:s3:::"]))).toEqual(["FAIL", "PASS"]);
  });

  it("classic per-bucket values naming some of the account's buckets: FAIL, naming the selectors and the buckets left out", () => {
    const snapshot = withBuckets(
      trailSnapshot({
        "us-east-1": [
          trail({ eventSelectors: s3Classic("All", ["arn:aws:s3:::payroll/", "arn:aws:s3:::logs/"]) }),
        ],
      }),
      ["data", "logs", "payroll", "zeta"],
    );
    const [finding] = evaluateRule(read, snapshot);
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      `No multi-region, logging trail of account ${ACCOUNT} logs S3 object-level read events of every bucket: trail main (${MAIN_ARN}, home region us-east-1): its selectors log S3 object read events for some buckets only (classic selector 1: ReadWriteType All, AWS::S3::Object arn:aws:s3:::payroll/, arn:aws:s3:::logs/). Buckets whose object read events no such trail logs: data, zeta.`,
    );
    expect(finding?.evidence.bucketByBucket).toEqual({
      bucketList: "read",
      buckets: [
        { bucket: "data", loggedBy: [] },
        { bucket: "logs", loggedBy: [MAIN_ARN] },
        { bucket: "payroll", loggedBy: [MAIN_ARN] },
        { bucket: "zeta", loggedBy: [] },
      ],
      uncoveredBuckets: ["data", "zeta"],
    });
  });

  it("classic per-bucket values naming every bucket of the account (the trial's logs-bkt/data-bkt): both PASS, bucket by bucket", () => {
    const snapshot = withBuckets(
      trailSnapshot({
        "us-east-1": [
          trail({ eventSelectors: s3Classic("All", ["arn:aws:s3:::logs-bkt/", "arn:aws:s3:::data-bkt/"]) }),
        ],
      }),
      ["data-bkt", "logs-bkt"],
    );
    const [finding] = evaluateRule(write, snapshot);
    expect(finding).toMatchObject({
      status: "PASS",
      statusExtended: `S3 object-level write events of every bucket (2) are logged, bucket by bucket, by trail main (${MAIN_ARN}, home region us-east-1).`,
      evidence: {
        qualifyingTrails: [MAIN_ARN],
        bucketByBucket: {
          bucketList: "read",
          buckets: [
            { bucket: "data-bkt", loggedBy: [MAIN_ARN] },
            { bucket: "logs-bkt", loggedBy: [MAIN_ARN] },
          ],
          uncoveredBuckets: [],
        },
      },
    });
    expect(evaluateRule(read, snapshot)[0]?.status).toBe("PASS");
    // ReadWriteType WriteOnly: the write events of each bucket only.
    const writeOnly = withBuckets(
      trailSnapshot({
        "us-east-1": [
          trail({
            eventSelectors: s3Classic("WriteOnly", ["arn:aws:s3:::logs-bkt/", "arn:aws:s3:::data-bkt/"]),
          }),
        ],
      }),
      ["data-bkt", "logs-bkt"],
    );
    expect([write, read].map((rule) => evaluateRule(rule, writeOnly)[0]?.status)).toEqual(["PASS", "FAIL"]);
  });

  it("per bucket: a prefix inside a bucket does not cover it; two trails together cover the buckets; a trail that is not multi-region or not logging counts for none", () => {
    const buckets = ["data-bkt", "logs-bkt"];
    const prefixOnly = withBuckets(
      trailSnapshot({
        "us-east-1": [
          trail({
            eventSelectors: s3Classic("All", ["arn:aws:s3:::logs-bkt/", "arn:aws:s3:::data-bkt/in/"]),
          }),
        ],
      }),
      buckets,
    );
    const [partial] = evaluateRule(write, prefixOnly);
    expect([partial?.status, partial?.evidence.bucketByBucket]).toEqual([
      "FAIL",
      {
        bucketList: "read",
        buckets: [
          { bucket: "data-bkt", loggedBy: [] },
          { bucket: "logs-bkt", loggedBy: [MAIN_ARN] },
        ],
        uncoveredBuckets: ["data-bkt"],
      },
    ]);
    const other = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/other`;
    const twoTrails = withBuckets(
      trailSnapshot({
        "us-east-1": [
          trail({ eventSelectors: s3Classic("All", ["arn:aws:s3:::logs-bkt/"]) }),
          trail({ name: "other", eventSelectors: s3Classic("All", ["arn:aws:s3:::data-bkt/"]) }),
        ],
      }),
      buckets,
    );
    const [together] = evaluateRule(read, twoTrails);
    expect([together?.status, together?.evidence.qualifyingTrails]).toEqual(["PASS", [MAIN_ARN, other]]);
    const status = trail().status as NonNullable<TrailListing["status"]>;
    for (const overrides of [{ isMultiRegionTrail: false }, { status: { ...status, isLogging: false } }]) {
      const oneBad = withBuckets(
        trailSnapshot({
          "us-east-1": [
            trail({ eventSelectors: s3Classic("All", ["arn:aws:s3:::logs-bkt/"]) }),
            trail({
              name: "other",
              eventSelectors: s3Classic("All", ["arn:aws:s3:::data-bkt/"]),
              ...overrides,
            }),
          ],
        }),
        buckets,
      );
      const [finding] = evaluateRule(write, oneBad);
      expect([
        finding?.status,
        (finding?.evidence.bucketByBucket as { uncoveredBuckets: string[] } | undefined)?.uncoveredBuckets,
      ]).toEqual(["FAIL", ["data-bkt"]]);
    }
  });

  it("advanced resources.ARN StartsWith per bucket (and NotStartsWith of another bucket) covers those buckets; readOnly respected", () => {
    const selectors = (...arn: ReturnType<typeof field>[]): TrailEventSelectors => ({
      classic: null,
      advanced: [
        advanced("mgmt", field("eventCategory", ["Management"])),
        advanced(
          "s3w",
          field("eventCategory", ["Data"]),
          field("resources.type", ["AWS::S3::Object"]),
          field("readOnly", ["false"]),
          ...arn,
        ),
      ],
    });
    const judge = (sel: TrailEventSelectors) =>
      withBuckets(trailSnapshot({ "us-east-1": [trail({ eventSelectors: sel })] }), ["data-bkt", "logs-bkt"]);
    const both = judge(
      selectors(
        field("resources.ARN", [], { startsWith: ["arn:aws:s3:::logs-bkt/", "arn:aws:s3:::data-bkt/"] }),
      ),
    );
    expect([write, read].map((rule) => evaluateRule(rule, both)[0]?.status)).toEqual(["PASS", "FAIL"]);
    // A shorter prefix holds both buckets' objects.
    const short = judge(selectors(field("resources.ARN", [], { startsWith: ["arn:aws:s3:::"] })));
    expect(evaluateRule(write, short)[0]?.status).toBe("PASS");
    const prefix = judge(
      selectors(field("resources.ARN", [], { startsWith: ["arn:aws:s3:::d", "arn:aws:s3:::l"] })),
    );
    expect(evaluateRule(write, prefix)[0]?.status).toBe("PASS");
    // NotStartsWith a bucket leaves it out; NotStartsWith a prefix inside a bucket leaves part of it out.
    const notOne = judge(selectors(field("resources.ARN", [], { notStartsWith: ["arn:aws:s3:::zeta/"] })));
    expect(evaluateRule(write, notOne)[0]?.status).toBe("PASS");
    const notData = judge(
      selectors(field("resources.ARN", [], { notStartsWith: ["arn:aws:s3:::data-bkt/tmp/"] })),
    );
    const [finding] = evaluateRule(write, notData);
    expect([
      finding?.status,
      (finding?.evidence.bucketByBucket as { uncoveredBuckets: string[] } | undefined)?.uncoveredBuckets,
    ]).toEqual(["FAIL", ["data-bkt"]]);
    // Equals names objects, not buckets.
    const equals = judge(
      selectors(field("resources.ARN", ["arn:aws:s3:::logs-bkt/", "arn:aws:s3:::data-bkt/"])),
    );
    expect(evaluateRule(write, equals)[0]?.status).toBe("FAIL");
    // Another narrowing field (some callers only) covers no bucket.
    const callers = judge(
      selectors(
        field("resources.ARN", [], { startsWith: ["arn:aws:s3:::logs-bkt/", "arn:aws:s3:::data-bkt/"] }),
        field("userIdentity.arn", [], { notStartsWith: ["arn:aws:sts::"] }),
      ),
    );
    expect(evaluateRule(write, callers)[0]?.status).toBe("FAIL");
  });

  it("per-bucket selectors and the bucket list not collected: MANUAL; ListBuckets failed: ERROR naming it", () => {
    const base = trailSnapshot({
      "us-east-1": [trail({ eventSelectors: s3Classic("All", ["arn:aws:s3:::logs-bkt/"]) })],
    });
    const [manual] = evaluateRule(write, base);
    expect(manual?.status).toBe("MANUAL");
    expect(manual?.statusExtended).toBe(
      `No trail of account ${ACCOUNT} is known to log S3 object-level write events of every bucket, but trail main (${MAIN_ARN}, home region us-east-1) logs them for the buckets it names (classic selector 1: ReadWriteType All, AWS::S3::Object arn:aws:s3:::logs-bkt/) and the account's bucket list (s3.buckets) was not collected, so whether those are all its buckets is unknown. List them with aws s3api list-buckets.`,
    );
    expect(manual?.evidence.bucketByBucket).toEqual({
      bucketList: "not collected",
      buckets: null,
      uncoveredBuckets: null,
    });
    const denied: CollectionError = {
      dataset: "s3.buckets",
      api: "s3:ListBuckets",
      code: "AccessDenied",
      message: `s3:ListBuckets failed for account ${ACCOUNT}: AccessDenied: denied. The caller lacks the IAM permission s3:ListAllMyBuckets.`,
      missingPermission: "s3:ListAllMyBuckets",
    };
    const [error] = evaluateRule(write, { ...base, errors: [denied] });
    expect(error).toMatchObject({
      status: "ERROR",
      statusExtended: `Could not judge account ${ACCOUNT}: ${denied.message} Trail main (${MAIN_ARN}, home region us-east-1) logs S3 object-level write events for the buckets it names only, and without the bucket list whether those are all the account's buckets is unknown.`,
      evidence: {
        api: "s3:ListBuckets",
        errorCode: "AccessDenied",
        missingPermission: "s3:ListAllMyBuckets",
        dataset: "s3.buckets",
      },
    });
    // Without per-bucket selectors the bucket list is not needed: management events only FAIL as before.
    const [fail] = evaluateRule(write, { ...trailSnapshot({ "us-east-1": [trail()] }), errors: [denied] });
    expect(fail?.status).toBe("FAIL");
  });

  it("management events only: FAIL 'logs no S3 object events'", () => {
    const [finding] = evaluateRule(write, trailSnapshot({ "us-east-1": [trail()] }));
    expect(finding?.statusExtended).toBe(
      `No multi-region, logging trail of account ${ACCOUNT} logs S3 object-level write events of every bucket: trail main (${MAIN_ARN}, home region us-east-1): its selectors log no S3 object write events.`,
    );
  });

  it("advanced Data / AWS::S3::Object: no readOnly → both; readOnly false → write only; readOnly true → read only", () => {
    const s3 = (...more: ReturnType<typeof field>[]) => ({
      classic: null,
      advanced: [
        advanced("mgmt", field("eventCategory", ["Management"])),
        advanced(
          "s3",
          field("eventCategory", ["Data"]),
          field("resources.type", ["AWS::S3::Object"]),
          ...more,
        ),
      ],
    });
    expect(verdicts(s3())).toEqual(["PASS", "PASS"]);
    expect(verdicts(s3(field("readOnly", ["false"])))).toEqual(["PASS", "FAIL"]);
    expect(verdicts(s3(field("readOnly", ["true"])))).toEqual(["FAIL", "PASS"]);
    // resources.ARN StartsWith arn:aws:s3::: is every bucket; a bucket prefix narrows it.
    expect(verdicts(s3(field("resources.ARN", [], { startsWith: ["arn:aws:s3:::"] })))).toEqual([
      "PASS",
      "PASS",
    ]);
    expect(
      verdicts(s3(field("resources.ARN", [], { startsWith: ["arn:aws:s3:::payroll/"] })), {}, "aws", [
        "payroll",
        "web",
      ]),
    ).toEqual(["FAIL", "FAIL"]);
    // Another condition (only some callers' events) narrows it too.
    expect(verdicts(s3(field("userIdentity.arn", [], { notStartsWith: ["arn:aws:sts::"] })))).toEqual([
      "FAIL",
      "FAIL",
    ]);
    // A Lambda data-event selector is not S3.
    expect(
      verdicts({
        classic: null,
        advanced: [
          advanced(
            null,
            field("eventCategory", ["Data"]),
            field("resources.type", ["AWS::Lambda::Function"]),
          ),
        ],
      }),
    ).toEqual(["FAIL", "FAIL"]);
  });

  it("the narrowing is named in the evidence", () => {
    const snapshot = trailSnapshot({
      "us-east-1": [
        trail({
          eventSelectors: {
            classic: null,
            advanced: [
              advanced(
                "payroll",
                field("eventCategory", ["Data"]),
                field("resources.type", ["AWS::S3::Object"]),
                field("resources.ARN", [], { startsWith: ["arn:aws:s3:::payroll/"] }),
              ),
            ],
          },
        }),
      ],
    });
    const [finding] = evaluateRule(write, snapshot);
    expect((finding?.evidence.trails as Record<string, unknown>[] | undefined)?.[0]?.s3ObjectEvents).toEqual({
      allBuckets: false,
      matchedSelectors: [],
      partialSelectors: [
        "advanced selector 1 (payroll): narrowed by resources.ARN StartsWith arn:aws:s3:::payroll/",
      ],
    });
  });

  it("only multi-region, logging trails count", () => {
    const all = s3Classic("All", ["arn:aws:s3"]);
    expect(verdicts(all, { isMultiRegionTrail: false })).toEqual(["FAIL", "FAIL"]);
    const status = trail().status as NonNullable<TrailListing["status"]>;
    expect(verdicts(all, { status: { ...status, isLogging: false } })).toEqual(["FAIL", "FAIL"]);
  });

  it("the partition is respected: arn:aws:s3 is not every bucket of aws-us-gov", () => {
    expect(verdicts(s3Classic("All", ["arn:aws:s3"]), {}, "aws-us-gov")).toEqual(["FAIL", "FAIL"]);
    expect(verdicts(s3Classic("All", ["arn:aws-us-gov:s3"]), {}, "aws-us-gov")).toEqual(["PASS", "PASS"]);
  });

  it("MANUAL when the only multi-region trail's selectors were refused", () => {
    const [finding] = evaluateRule(
      write,
      trailSnapshot({
        "us-east-1": [
          trail({
            ownerAccountId: "999988887777",
            isOrganizationTrail: true,
            eventSelectors: null,
            eventSelectorsError: { code: "AccessDeniedException", message: "denied" },
          }),
        ],
      }),
    );
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toBe(
      `No trail of account ${ACCOUNT} is known to log S3 object-level write events of every bucket, but trail main (arn:aws:cloudtrail:us-east-1:999988887777:trail/main, home region us-east-1, an organization trail owned by account 999988887777) could not be judged: GetEventSelectors failed (AccessDeniedException).`,
    );
  });
});

describeWithMoto("cloudtrail_s3_dataevents_* against moto", (moto) => {
  it("a multi-region logging trail whose classic selectors name the account's two buckets one by one: 3.10 and 3.11 PASS, live and offline", async () => {
    const s3 = new S3Client(motoClientConfig(moto(), "us-east-1"));
    const trails = new CloudTrailClient(motoClientConfig(moto(), "us-east-1"));
    try {
      for (const bucket of ["logs-bkt", "data-bkt"])
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await trails.send(
        new CreateTrailCommand({ Name: "main", S3BucketName: "logs-bkt", IsMultiRegionTrail: true }),
      );
      await trails.send(
        new PutEventSelectorsCommand({
          TrailName: "main",
          EventSelectors: [
            {
              ReadWriteType: "All",
              IncludeManagementEvents: true,
              DataResources: [
                { Type: "AWS::S3::Object", Values: ["arn:aws:s3:::logs-bkt/", "arn:aws:s3:::data-bkt/"] },
              ],
            },
          ],
        }),
      );
      await trails.send(new StartLoggingCommand({ Name: "main" }));
    } finally {
      s3.destroy();
      trails.destroy();
    }
    const { snapshot: live } = await collectInRegions(
      moto().endpoint,
      ["cloudtrail.trails", "s3.buckets"],
      ["us-east-1"],
      {
        collectedAt: AT,
      },
    );
    const trailArn = `arn:aws:cloudtrail:us-east-1:${MOTO_ACCOUNT_ID}:trail/main`;
    const findings = [...evaluateRule(write, live), ...evaluateRule(read, live)];
    expect(findings.map((f) => [f.ruleId, f.status])).toEqual([
      [write.id, "PASS"],
      [read.id, "PASS"],
    ]);
    expect(findings[0]?.evidence.bucketByBucket).toEqual({
      bucketList: "read",
      buckets: [
        { bucket: "data-bkt", loggedBy: [trailArn] },
        { bucket: "logs-bkt", loggedBy: [trailArn] },
      ],
      uncoveredBuckets: [],
    });
    const offline = parseSnapshot(serializeSnapshot(live), "snap.json");
    expect([...evaluateRule(write, offline), ...evaluateRule(read, offline)]).toEqual(findings);
  });
});
