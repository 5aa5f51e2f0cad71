/**
 * CIS 3.10 / 3.11 (cloudtrail_s3_dataevents_write_enabled / _read_enabled) over literal datasets: classic
 * data resources for all buckets (`arn:aws:s3`, `arn:aws:s3:::`) with ReadWriteType matching, per-bucket
 * values (not all buckets), advanced selectors with readOnly matching and resources.ARN narrowing, only
 * multi-region logging trails, the partition respected.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import type { Status } from "../../../src/model/finding.js";
import { rule as read } from "../../../src/rules/cloudtrail/cloudtrail_s3_dataevents_read_enabled.js";
import { rule as write } from "../../../src/rules/cloudtrail/cloudtrail_s3_dataevents_write_enabled.js";
import type { TrailEventSelectors, TrailListing } from "../../../src/snapshot/datasets/cloudtrail.js";
import { ACCOUNT, ALL_MANAGEMENT, advanced, field, trail, trailSnapshot } from "./trail-fixtures.js";

const MAIN_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;

function s3Classic(readWriteType: string, values: string[]): TrailEventSelectors {
  return {
    classic: [{ ...ALL_MANAGEMENT, readWriteType, dataResources: [{ type: "AWS::S3::Object", values }] }],
    advanced: null,
  };
}

/** [write status, read status] for one trail with `selectors` (and `overrides`). */
function verdicts(
  selectors: TrailEventSelectors,
  overrides: Partial<TrailListing> = {},
  partition = "aws",
): Status[] {
  const snapshot = {
    ...trailSnapshot({ "us-east-1": [trail({ eventSelectors: selectors, ...overrides })] }),
    partition,
  };
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

  it("classic per-bucket values are some buckets only: FAIL, naming them", () => {
    const snapshot = trailSnapshot({
      "us-east-1": [
        trail({ eventSelectors: s3Classic("All", ["arn:aws:s3:::payroll/", "arn:aws:s3:::logs/"]) }),
      ],
    });
    const [finding] = evaluateRule(read, snapshot);
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      `No multi-region, logging trail of account ${ACCOUNT} logs S3 object-level read events of every bucket: trail main (${MAIN_ARN}, home region us-east-1): its selectors log S3 object read events for some buckets only (classic selector 1: ReadWriteType All, AWS::S3::Object arn:aws:s3:::payroll/, arn:aws:s3:::logs/).`,
    );
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
    expect(verdicts(s3(field("resources.ARN", [], { startsWith: ["arn:aws:s3:::payroll/"] })))).toEqual([
      "FAIL",
      "FAIL",
    ]);
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
