/**
 * The CIS 3.1 trail decision and the management-event coverage of classic and advanced selectors
 * (pure): every form AWS accepts, the peers' mistakes (data-only advanced selectors, ignored
 * IncludeManagementEvents, ignored readOnly), and what cannot be known.
 */
import { describe, expect, it } from "vitest";
import {
  capturesAllManagementEvents,
  cis31TrailDecision,
  managementEventCoverage,
} from "../../../src/rules/cloudtrail/trail-captures-management-events.js";
import { distinctTrails } from "../../../src/snapshot/cloudtrail-trails.js";
import type { TrailListing } from "../../../src/snapshot/datasets/cloudtrail.js";
import { ALL_MANAGEMENT, advanced, field, shadowOf, trail, trailSnapshot } from "./trail-fixtures.js";

const classic = (...selectors: Partial<typeof ALL_MANAGEMENT>[]) => ({
  classic: selectors.map((s) => ({ ...ALL_MANAGEMENT, ...s })),
  advanced: null,
});
const adv = (...selectors: ReturnType<typeof advanced>[]) => ({ classic: null, advanced: selectors });

describe("managementEventCoverage", () => {
  it("classic IncludeManagementEvents true + ReadWriteType All: all", () => {
    expect(managementEventCoverage(classic({}))).toEqual({
      read: true,
      write: true,
      excludedSources: [],
      all: true,
      matched: ["classic selector 1: IncludeManagementEvents true, ReadWriteType All"],
    });
  });

  it("classic ReadOnly or WriteOnly alone: not all; both together: all", () => {
    expect(managementEventCoverage(classic({ readWriteType: "WriteOnly" }))).toMatchObject({
      read: false,
      write: true,
      all: false,
    });
    expect(capturesAllManagementEvents(classic({ readWriteType: "ReadOnly" }))).toBe(false);
    expect(
      capturesAllManagementEvents(classic({ readWriteType: "ReadOnly" }, { readWriteType: "WriteOnly" })),
    ).toBe(true);
  });

  it("classic IncludeManagementEvents false (a data-events selector) logs no management event, whatever ReadWriteType says", () => {
    expect(
      managementEventCoverage(
        classic({
          includeManagementEvents: false,
          dataResources: [{ type: "AWS::S3::Object", values: ["arn:aws:s3"] }],
        }),
      ),
    ).toEqual({ read: false, write: false, excludedSources: [], all: false, matched: [] });
    expect(capturesAllManagementEvents(classic({ includeManagementEvents: null }))).toBe(false);
  });

  it("classic ExcludeManagementEventSources: not all, the sources named", () => {
    const coverage = managementEventCoverage(
      classic({ excludeManagementEventSources: ["rdsdata.amazonaws.com", "kms.amazonaws.com"] }),
    );
    expect(coverage).toMatchObject({
      read: true,
      write: true,
      all: false,
      excludedSources: ["kms.amazonaws.com", "rdsdata.amazonaws.com"],
    });
  });

  it("no selector at all (moto's new trail): nothing", () => {
    expect(capturesAllManagementEvents({ classic: [], advanced: null })).toBe(false);
  });

  it("advanced eventCategory Management without readOnly: all", () => {
    expect(
      managementEventCoverage(
        adv(advanced("Management events selector", field("eventCategory", ["Management"]))),
      ),
    ).toEqual({
      read: true,
      write: true,
      excludedSources: [],
      all: true,
      matched: [
        "advanced selector 1 (Management events selector): eventCategory Management, no readOnly field",
      ],
    });
  });

  it("advanced management selector with readOnly true: read only, not all; with a readOnly false twin: all", () => {
    const readOnly = advanced(null, field("eventCategory", ["Management"]), field("readOnly", ["true"]));
    const writeOnly = advanced(null, field("eventCategory", ["Management"]), field("readOnly", ["false"]));
    expect(managementEventCoverage(adv(readOnly))).toMatchObject({ read: true, write: false, all: false });
    expect(managementEventCoverage(adv(writeOnly)).matched).toEqual([
      "advanced selector 1: eventCategory Management, readOnly false",
    ]);
    expect(capturesAllManagementEvents(adv(readOnly, writeOnly))).toBe(true);
  });

  it("a data-events-only advanced selector (no readOnly) does not count (Steampipe's bug)", () => {
    const dataOnly = advanced(
      "all S3",
      field("eventCategory", ["Data"]),
      field("resources.type", ["AWS::S3::Object"]),
    );
    expect(managementEventCoverage(adv(dataOnly))).toEqual({
      read: false,
      write: false,
      excludedSources: [],
      all: false,
      matched: [],
    });
  });

  it("advanced management selector excluding an event source: not all", () => {
    const coverage = managementEventCoverage(
      adv(
        advanced(
          null,
          field("eventCategory", ["Management"]),
          field("eventSource", [], { notEquals: ["kms.amazonaws.com"] }),
        ),
      ),
    );
    expect(coverage).toMatchObject({
      all: false,
      excludedSources: ["eventSource NotEquals kms.amazonaws.com"],
    });
  });
});

describe("cis31TrailDecision", () => {
  const one = (listing: TrailListing, region = "us-east-1") =>
    distinctTrails(trailSnapshot({ [region]: [listing] }))[0] as NonNullable<
      ReturnType<typeof distinctTrails>[0]
    >;

  it("multi-region, logging, all management events: yes", () => {
    expect(cis31TrailDecision(one(trail()))).toMatchObject({ decision: "yes", reasons: [] });
  });

  it("single-region, not logging, write-only: no, with every reason", () => {
    const decision = cis31TrailDecision(
      one(
        trail({
          isMultiRegionTrail: false,
          status: { ...(trail().status as NonNullable<TrailListing["status"]>), isLogging: false },
          eventSelectors: classic({ readWriteType: "WriteOnly" }),
        }),
      ),
    );
    expect(decision).toMatchObject({
      decision: "no",
      reasons: [
        "it is not multi-region (IsMultiRegionTrail false)",
        "it is not logging (GetTrailStatus IsLogging false)",
        "its event selectors log write management events only (read-only ones are left out)",
      ],
    });
  });

  it("an organization trail of another account whose status is refused: unknown, saying why", () => {
    const org = trail({
      ownerAccountId: "999988887777",
      isOrganizationTrail: true,
      status: null,
      statusError: { code: "TrailNotFoundException", message: "not found" },
      eventSelectors: null,
      eventSelectorsError: { code: "TrailNotFoundException", message: "not found" },
    });
    expect(cis31TrailDecision(one(org))).toEqual({
      decision: "unknown",
      reasons: [
        "GetTrailStatus failed (TrailNotFoundException)",
        "GetEventSelectors failed (TrailNotFoundException)",
      ],
      coverage: null,
    });
  });

  it("only a shadow copy read (home region failed): unknown", () => {
    expect(cis31TrailDecision(one(shadowOf(trail()), "eu-west-1"))).toEqual({
      decision: "unknown",
      reasons: ["its home region us-east-1 was not read, so its status and selectors are unknown"],
      coverage: null,
    });
  });
});
