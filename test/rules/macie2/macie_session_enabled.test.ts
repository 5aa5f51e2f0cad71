/**
 * CIS v1.5.0 2.1.4 / v2.0.0+ 2.1.3 (macie_session_enabled, Manual): one MANUAL finding per region with
 * whether Macie is enabled. Through our fake (moto's Macie answers dates the SDK cannot read): enabled in
 * one region, not enabled in another ("Macie is not enabled" is a value), denied in a third (that region's
 * ERROR); exact requests; offline the same findings.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scanAccount } from "../../../src/app/scan.js";
import { createClients } from "../../../src/aws/clients.js";
import { evaluate } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule } from "../../../src/rules/macie2/macie_session_enabled.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import { type FakeS3, startFakeS3 } from "../../support/fake-s3.js";

describe("macie_session_enabled through our fake", () => {
  let fake: FakeS3;
  beforeEach(async () => {
    fake = await startFakeS3();
  });
  afterEach(async () => {
    await fake.close();
  });

  it("MANUAL per region with Macie's status; not enabled is evidence, a denied region is that region's ERROR", async () => {
    fake.setMacie("us-east-1", "ENABLED");
    fake.deny("GetMacieSession", "ap-southeast-2");
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: fake.endpoint,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, { rules: [rule], collectedAt: new Date("2026-03-02T12:00:00Z") });
      expect(clients.apiCalls()).toEqual({
        "sts:GetCallerIdentity": 1,
        "ec2:DescribeRegions": 1,
        "macie2:GetMacieSession": 3,
      });
    } finally {
      clients.destroy();
    }
    expect(fake.counts()).toEqual({
      GetCallerIdentity: 1,
      "us-east-1 DescribeRegions": 1,
      "us-east-1 GetMacieSession": 1,
      "eu-west-1 GetMacieSession": 1,
      "ap-southeast-2 GetMacieSession": 1,
    });
    expect(live.findings.map((f) => [f.region, f.status, f.uid])).toEqual([
      ["eu-west-1", "MANUAL", findingUid(fake.accountId, rule.id, ["account", "eu-west-1"])],
      ["us-east-1", "MANUAL", findingUid(fake.accountId, rule.id, ["account", "us-east-1"])],
      ["ap-southeast-2", "ERROR", findingUid(fake.accountId, rule.id, ["account", "ap-southeast-2"])],
    ]);
    const [west, east, sydney] = live.findings;
    expect(west?.statusExtended).toBe(
      "Amazon Macie is not enabled in eu-west-1: no Macie discovery classifies S3 data there. CIS assesses this requirement by hand: check that the buckets' data is discovered, classified and secured (Macie jobs or automated discovery, or another tool).",
    );
    expect(west?.evidence).toMatchObject({
      region: "eu-west-1",
      macieEnabled: false,
      macieStatus: null,
      notEnabledMessage: "Macie is not enabled.",
      source: "macie2:GetMacieSession",
    });
    expect(east?.statusExtended).toBe(
      "Amazon Macie is enabled in us-east-1 (since 2025-01-02T03:04:05.000Z). CIS assesses this requirement by hand: check that the buckets' data is discovered, classified and secured (Macie jobs or automated discovery, or another tool).",
    );
    expect(east?.evidence).toMatchObject({
      macieEnabled: true,
      macieStatus: "ENABLED",
      createdAt: "2025-01-02T03:04:05.000Z",
      updatedAt: "2025-02-03T04:05:06.000Z",
      findingPublishingFrequency: "SIX_HOURS",
      notEnabledMessage: null,
    });
    expect(east?.evidence.reviewSteps).toHaveLength(3);
    expect(sydney?.evidence).toMatchObject({
      region: "ap-southeast-2",
      api: "macie2:GetMacieSession",
      errorCode: "AccessDeniedException",
      missingPermission: "macie2:GetMacieSession",
    });
    const offline = parseSnapshot(serializeSnapshot(live.snapshot), "snap.json");
    expect(evaluate(offline, [rule])).toEqual(live.findings);
  });

  it("a paused Macie says so", async () => {
    fake.setRegions(["eu-west-1"]);
    fake.setMacie("eu-west-1", "PAUSED");
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: fake.endpoint,
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    try {
      const { findings } = await scanAccount(clients, { rules: [rule] });
      expect(findings.map((f) => [f.status, f.statusExtended.split(".")[0], f.evidence.macieStatus])).toEqual(
        [["MANUAL", "Amazon Macie is paused in eu-west-1 (since 2025-01-02T03:04:05", "PAUSED"]],
      );
    } finally {
      clients.destroy();
    }
  });
});
