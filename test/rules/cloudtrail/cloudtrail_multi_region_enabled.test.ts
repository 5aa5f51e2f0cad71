/**
 * CIS 3.1 (cloudtrail_multi_region_enabled) over literal datasets: one account finding; classic and
 * advanced selectors; a data-events-only advanced selector does not count; an organization trail of the
 * management account counts for a member (evidence says so) or, refused, leaves the verdict MANUAL;
 * shadow copies are one trail; a denied region is that region's ERROR while the others are judged.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule } from "../../../src/rules/cloudtrail/cloudtrail_multi_region_enabled.js";
import { ACCOUNT, advanced, deniedTrails, field, shadowOf, trail, trailSnapshot } from "./trail-fixtures.js";

const MAIN_ARN = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/main`;

describe("cloudtrail_multi_region_enabled", () => {
  it("PASS: a multi-region, logging trail with IncludeManagementEvents true / ReadWriteType All, seen in three regions, is one trail", () => {
    const main = trail();
    const findings = evaluateRule(
      rule,
      trailSnapshot({
        "us-east-1": [main],
        "eu-west-1": [shadowOf(main)],
        "ap-southeast-2": [shadowOf(main)],
      }),
    );
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding).toMatchObject({
      status: "PASS",
      region: "global",
      resourceType: "AWS::::Account",
      uid: findingUid(ACCOUNT, rule.id, ["account"]),
      statusExtended: `Account ${ACCOUNT} has a multi-region trail logging all management events: trail main (${MAIN_ARN}, home region us-east-1).`,
    });
    expect(finding?.evidence.qualifyingTrails).toEqual([MAIN_ARN]);
    expect(finding?.evidence.trails).toEqual([
      {
        trailArn: MAIN_ARN,
        trailName: "main",
        homeRegion: "us-east-1",
        ownerAccountId: ACCOUNT,
        otherAccount: false,
        isOrganizationTrail: false,
        isMultiRegionTrail: true,
        listedIn: ["ap-southeast-2", "eu-west-1", "us-east-1"],
        homeRegionRead: true,
        isLogging: true,
        latestDeliveryTime: "2026-12-07T08:55:00Z",
        latestCloudWatchLogsDeliveryTime: "2026-12-07T08:00:00Z",
        latestCloudWatchLogsDeliveryError: null,
        eventSelectors: main.eventSelectors,
        eventSelectorsError: null,
        managementEvents: {
          read: true,
          write: true,
          excludedSources: [],
          matchedSelectors: ["classic selector 1: IncludeManagementEvents true, ReadWriteType All"],
        },
        decision: "yes",
        reasons: [],
      },
    ]);
  });

  it("PASS: advanced selectors with an eventCategory Management selector and no readOnly field", () => {
    const [finding] = evaluateRule(
      rule,
      trailSnapshot({
        "us-east-1": [
          trail({
            eventSelectors: {
              classic: null,
              advanced: [advanced("Management events selector", field("eventCategory", ["Management"]))],
            },
          }),
        ],
      }),
    );
    expect(finding?.status).toBe("PASS");
    expect(
      (finding?.evidence.trails as { managementEvents: unknown }[] | undefined)?.[0]?.managementEvents,
    ).toEqual({
      read: true,
      write: true,
      excludedSources: [],
      matchedSelectors: [
        "advanced selector 1 (Management events selector): eventCategory Management, no readOnly field",
      ],
    });
  });

  it("FAIL: a multi-region, logging trail whose only advanced selector is for S3 data events", () => {
    const [finding] = evaluateRule(
      rule,
      trailSnapshot({
        "us-east-1": [
          trail({
            eventSelectors: {
              classic: null,
              advanced: [
                advanced(
                  "S3",
                  field("eventCategory", ["Data"]),
                  field("resources.type", ["AWS::S3::Object"]),
                ),
              ],
            },
          }),
        ],
      }),
    );
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      `No trail of account ${ACCOUNT} is multi-region, logging and capturing all management events: trail main (${MAIN_ARN}, home region us-east-1): its event selectors log no management events.`,
    );
  });

  it("FAIL with every trail's reasons: a single-region trail, a stopped one, a read-only one, one excluding KMS events", () => {
    const status = trail().status as NonNullable<ReturnType<typeof trail>["status"]>;
    const findings = evaluateRule(
      rule,
      trailSnapshot({
        "eu-west-1": [trail({ name: "local", homeRegion: "eu-west-1", isMultiRegionTrail: false })],
        "us-east-1": [
          trail({ name: "stopped", status: { ...status, isLogging: false } }),
          trail({
            name: "reads",
            eventSelectors: {
              classic: [
                {
                  readWriteType: "ReadOnly",
                  includeManagementEvents: true,
                  excludeManagementEventSources: [],
                  dataResources: [],
                },
              ],
              advanced: null,
            },
          }),
          trail({
            name: "nokms",
            eventSelectors: {
              classic: [
                {
                  readWriteType: "All",
                  includeManagementEvents: true,
                  excludeManagementEventSources: ["kms.amazonaws.com"],
                  dataResources: [],
                },
              ],
              advanced: null,
            },
          }),
        ],
      }),
    );
    expect(findings.map((f) => f.status)).toEqual(["FAIL"]);
    expect(findings[0]?.statusExtended).toBe(
      `No trail of account ${ACCOUNT} is multi-region, logging and capturing all management events: ` +
        `trail local (arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/local, home region eu-west-1): it is not multi-region (IsMultiRegionTrail false). ` +
        `trail nokms (arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/nokms, home region us-east-1): its event selectors leave out management events of kms.amazonaws.com. ` +
        `trail reads (arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/reads, home region us-east-1): its event selectors log read-only management events only (write ones are left out). ` +
        `trail stopped (arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/stopped, home region us-east-1): it is not logging (GetTrailStatus IsLogging false).`,
    );
  });

  it("PASS from a member account: the management account's organization trail counts, and the evidence says whose it is", () => {
    const org = trail({ name: "org", ownerAccountId: "999988887777", isOrganizationTrail: true });
    const [finding] = evaluateRule(rule, trailSnapshot({ "us-east-1": [org], "eu-west-1": [shadowOf(org)] }));
    expect(finding?.status).toBe("PASS");
    expect(finding?.statusExtended).toBe(
      `Account ${ACCOUNT} has a multi-region trail logging all management events: trail org (arn:aws:cloudtrail:us-east-1:999988887777:trail/org, home region us-east-1, an organization trail owned by account 999988887777) — it logs this member account's events too.`,
    );
    expect((finding?.evidence.trails as Record<string, unknown>[] | undefined)?.[0]).toMatchObject({
      ownerAccountId: "999988887777",
      otherAccount: true,
      isOrganizationTrail: true,
      decision: "yes",
    });
  });

  it("MANUAL: the only multi-region trail is another account's organization trail that refused GetTrailStatus and GetEventSelectors", () => {
    const refused = { code: "TrailNotFoundException", message: "TrailNotFoundException: Unknown trail" };
    const org = trail({
      name: "org",
      ownerAccountId: "999988887777",
      isOrganizationTrail: true,
      status: null,
      statusError: refused,
      eventSelectors: null,
      eventSelectorsError: refused,
    });
    const [finding] = evaluateRule(rule, trailSnapshot({ "us-east-1": [org] }));
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toBe(
      `No trail of account ${ACCOUNT} is known to be multi-region, logging and capturing all management events, but trail org (arn:aws:cloudtrail:us-east-1:999988887777:trail/org, home region us-east-1, an organization trail owned by account 999988887777) could not be judged: GetTrailStatus failed (TrailNotFoundException); GetEventSelectors failed (TrailNotFoundException). Check it with aws cloudtrail get-trail-status and get-event-selectors in the account that owns it.`,
    );
    expect((finding?.evidence.trails as Record<string, unknown>[] | undefined)?.[0]).toMatchObject({
      isLogging: null,
      statusError: "TrailNotFoundException: TrailNotFoundException: Unknown trail",
      eventSelectorsError: "TrailNotFoundException: TrailNotFoundException: Unknown trail",
      decision: "unknown",
    });
  });

  it("FAIL when no region lists a trail", () => {
    const [finding] = evaluateRule(rule, trailSnapshot({ "eu-west-1": [], "us-east-1": [] }));
    expect(finding).toMatchObject({
      status: "FAIL",
      statusExtended: `No trail of account ${ACCOUNT} is multi-region, logging and capturing all management events: it has no trail in the regions read.`,
      evidence: { trails: [], qualifyingTrails: [] },
    });
  });

  it("the home region denied: its ERROR, and the trail seen only as a shadow copy elsewhere leaves the verdict MANUAL", () => {
    const findings = evaluateRule(
      rule,
      trailSnapshot({ "eu-west-1": [shadowOf(trail())] }, [deniedTrails("us-east-1")]),
    );
    expect(findings.map((f) => [f.status, f.region])).toEqual([
      ["MANUAL", "global"],
      ["ERROR", "us-east-1"],
    ]);
    expect(findings[0]?.statusExtended).toContain(
      "could not be judged: its home region us-east-1 was not read, so its status and selectors are unknown",
    );
    expect(findings[1]?.evidence).toMatchObject({
      api: "cloudtrail:DescribeTrails",
      missingPermission: "cloudtrail:DescribeTrails",
    });
  });
});
