/**
 * CIS v1.5.0 4.16 (securityhub_hub_enabled): one finding per enabled region from DescribeHub. Literal
 * datasets (PASS, FAIL, a failed region → ERROR there only, not collected → MANUAL); live against moto
 * (two regions enabled, two not); AccessDenied in one region through our proxy in front of moto (ERROR,
 * never FAIL; exact requests per region); offline from the snapshot file, the same findings.
 */
import { EnableSecurityHubCommand, SecurityHubClient } from "@aws-sdk/client-securityhub";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scan, scanAccount } from "../../../src/app/scan.js";
import { createClients } from "../../../src/aws/clients.js";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule } from "../../../src/rules/securityhub/securityhub_hub_enabled.js";
import type { SecurityHubHub } from "../../../src/snapshot/datasets/securityhub.js";
import { parseSnapshot, serializeSnapshot } from "../../../src/snapshot/file.js";
import type { CollectionError, Snapshot } from "../../../src/snapshot/types.js";
import { describeWithMoto, MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, motoClientConfig } from "../../support/moto.js";
import { type MotoProxy, startMotoProxy } from "../../support/moto-proxy.js";

const ACCOUNT = "111122223333";
const AT = new Date("2024-03-02T12:00:00Z");

function snapshot(hubs: Record<string, SecurityHubHub>, errors: CollectionError[] = []): Snapshot {
  const regions = [...Object.keys(hubs), ...errors.flatMap((e) => (e.region ? [e.region] : []))].sort();
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
    datasets: { "securityhub.hub": new Map(Object.entries(hubs)) },
    collected: ["ec2.regions", "securityhub.hub"],
  };
}

const ON: SecurityHubHub = {
  enabled: true,
  hubArn: "arn:aws:securityhub:eu-west-1:111122223333:hub/default",
  subscribedAt: "2024-01-02T03:04:05.000Z",
  autoEnableControls: true,
  notEnabledMessage: null,
};
const OFF: SecurityHubHub = {
  enabled: false,
  hubArn: null,
  subscribedAt: null,
  autoEnableControls: null,
  notEnabledMessage: "InvalidAccessException: Account 111122223333 is not subscribed to AWS Security Hub",
};

describe("securityhub_hub_enabled over literal datasets", () => {
  it("PASS where a hub exists, FAIL where the account is not subscribed; one finding per region", () => {
    const findings = evaluateRule(rule, snapshot({ "eu-west-1": ON, "us-east-1": OFF }));
    expect(findings.map((f) => [f.region, f.status, f.statusExtended, f.evidence])).toEqual([
      [
        "eu-west-1",
        "PASS",
        "Security Hub is enabled in eu-west-1 (since 2024-01-02T03:04:05.000Z).",
        {
          region: "eu-west-1",
          enabled: true,
          hubArn: "arn:aws:securityhub:eu-west-1:111122223333:hub/default",
          subscribedAt: "2024-01-02T03:04:05.000Z",
          autoEnableControls: true,
          source: "securityhub:DescribeHub",
        },
      ],
      [
        "us-east-1",
        "FAIL",
        "Security Hub is not enabled in us-east-1: DescribeHub says the account is not subscribed there.",
        {
          region: "us-east-1",
          enabled: false,
          describeHub: "InvalidAccessException: Account 111122223333 is not subscribed to AWS Security Hub",
          source: "securityhub:DescribeHub",
        },
      ],
    ]);
    expect(findings.map((f) => f.uid)).toEqual([
      findingUid(ACCOUNT, rule.id, ["account", "eu-west-1"]),
      findingUid(ACCOUNT, rule.id, ["account", "us-east-1"]),
    ]);
    expect(findings.map((f) => f.frameworks?.cis_v150)).toEqual([["4.16"], ["4.16"]]);
    expect(findings[0]?.frameworks?.cis_v600).toEqual(["5.16"]);
    expect(findings[0]?.frameworks?.cis_v140).toBeUndefined();
  });

  it("a region whose DescribeHub was denied → ERROR there only (same uid), never FAIL", () => {
    const denied: CollectionError = {
      dataset: "securityhub.hub",
      api: "securityhub:DescribeHub",
      code: "AccessDeniedException",
      message:
        "securityhub:DescribeHub failed in eu-west-1 for account 111122223333: AccessDeniedException: denied.",
      missingPermission: "securityhub:DescribeHub",
      region: "eu-west-1",
    };
    const findings = evaluateRule(rule, snapshot({ "us-east-1": ON }, [denied]));
    expect(findings.map((f) => [f.region, f.status, f.uid])).toEqual([
      ["us-east-1", "PASS", findingUid(ACCOUNT, rule.id, ["account", "us-east-1"])],
      ["eu-west-1", "ERROR", findingUid(ACCOUNT, rule.id, ["account", "eu-west-1"])],
    ]);
    expect(findings[1]?.evidence).toMatchObject({ missingPermission: "securityhub:DescribeHub" });
  });

  it("not collected → one MANUAL naming the dataset and DescribeHub", () => {
    const findings = evaluateRule(rule, {
      accountId: ACCOUNT,
      partition: "aws",
      collectedAt: AT,
      source: "aws",
      errors: [],
      collected: ["iam.credentialReport"],
    });
    expect(findings.map((f) => [f.status, f.evidence.notCollected, f.evidence.apis])).toEqual([
      ["MANUAL", ["ec2.regions", "securityhub.hub"], ["ec2:DescribeRegions", "securityhub:DescribeHub"]],
    ]);
  });
});

describeWithMoto("securityhub_hub_enabled against moto (the real SDK v3)", (moto) => {
  let proxy: MotoProxy;
  beforeEach(async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOTO_CREDENTIALS.secretAccessKey);
    proxy = await startMotoProxy(moto().endpoint);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await proxy.close();
  });

  async function enable(region: string): Promise<void> {
    const client = new SecurityHubClient(motoClientConfig(moto(), region));
    try {
      await client.send(new EnableSecurityHubCommand({}));
    } finally {
      client.destroy();
    }
  }

  const REGIONS = ["eu-west-1", "us-east-1", "ap-southeast-2", "sa-east-1"];

  it("two regions enabled: PASS there, FAIL in the others; one DescribeHub per region", async () => {
    await enable("eu-west-1");
    await enable("us-east-1");
    const result = await scan({
      connection: { region: "us-east-1", endpointUrl: proxy.endpoint, maxAttempts: 1 },
      rules: [rule],
      regions: REGIONS,
    });
    expect(result.findings.map((f) => [f.region, f.status, f.accountId])).toEqual([
      ["ap-southeast-2", "FAIL", MOTO_ACCOUNT_ID],
      ["eu-west-1", "PASS", MOTO_ACCOUNT_ID],
      ["sa-east-1", "FAIL", MOTO_ACCOUNT_ID],
      ["us-east-1", "PASS", MOTO_ACCOUNT_ID],
    ]);
    expect(result.findings[1]?.evidence).toMatchObject({
      enabled: true,
      hubArn: `arn:aws:securityhub:eu-west-1:${MOTO_ACCOUNT_ID}:hub/default`,
    });
    expect(result.findings[0]?.evidence.describeHub).toContain("not subscribed");
    expect(result.scan.accounts[0]?.apiCalls).toEqual({
      "sts:GetCallerIdentity": 1,
      "ec2:DescribeRegions": 1,
      "securityhub:DescribeHub": 4,
    });
    expect(proxy.counts()).toEqual({
      "us-east-1 sts:GetCallerIdentity": 1,
      "us-east-1 ec2:DescribeRegions": 1,
      "ap-southeast-2 securityhub:DescribeHub": 1,
      "eu-west-1 securityhub:DescribeHub": 1,
      "sa-east-1 securityhub:DescribeHub": 1,
      "us-east-1 securityhub:DescribeHub": 1,
    });
  });

  it("AccessDenied in one region → ERROR there (not FAIL), the others judged; offline the same findings", async () => {
    await enable("us-east-1");
    proxy.deny("securityhub:DescribeHub", "eu-west-1");
    const clients = createClients({
      region: "us-east-1",
      endpointUrl: proxy.endpoint,
      credentials: { ...MOTO_CREDENTIALS },
      maxAttempts: 1,
    });
    let live: Awaited<ReturnType<typeof scanAccount>>;
    try {
      live = await scanAccount(clients, { rules: [rule], collectedAt: AT, regions: REGIONS });
    } finally {
      clients.destroy();
    }
    expect(live.findings.map((f) => [f.region, f.status])).toEqual([
      ["ap-southeast-2", "FAIL"],
      ["sa-east-1", "FAIL"],
      ["us-east-1", "PASS"],
      ["eu-west-1", "ERROR"],
    ]);
    expect(live.findings[3]?.evidence).toMatchObject({
      api: "securityhub:DescribeHub",
      errorCode: "AccessDeniedException",
      missingPermission: "securityhub:DescribeHub",
    });
    expect(proxy.counts()["eu-west-1 securityhub:DescribeHub"]).toBe(1);
    const offline = parseSnapshot(serializeSnapshot(live.snapshot), "snap.json");
    expect(evaluateRule(rule, offline)).toEqual(live.findings);
  });
});
