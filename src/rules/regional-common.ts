/**
 * What the two per-region rules (1.18 instance profiles, 1.20 Access Analyzer) share: the regions they
 * may judge, and the MANUAL finding for a snapshot that holds no regional data (an offline credential
 * report file cannot say anything about EC2 or Access Analyzer).
 */
import { accountArn, buildFinding, type Finding, type FindingRuleInfo } from "../model/finding.js";
import type { RegionalDataset } from "../snapshot/regional.js";
import type { Snapshot } from "../snapshot/types.js";

/** Regions whose `dataset` could not be read: the engine reports them as ERROR findings. */
export function failedRegions(snapshot: Snapshot, dataset: RegionalDataset): Set<string> {
  return new Set(
    snapshot.errors
      .filter((error) => error.dataset === dataset && error.region !== undefined)
      .map((error) => error.region as string),
  );
}

/** One MANUAL finding for the account: this snapshot has no per-region data to judge. */
export function notCollectedFinding(
  rule: FindingRuleInfo,
  snapshot: Snapshot,
  what: string,
  auditSteps: readonly string[],
): Finding {
  return buildFinding(rule, snapshot, {
    status: "MANUAL",
    resourceType: "AWS::::Account",
    resourceArn: accountArn(snapshot),
    resourceName: snapshot.accountId,
    identity: ["account"],
    statusExtended: `No ${what} for account ${snapshot.accountId}: ${snapshot.source === "credential-report-file" ? "a credential report file does not hold it" : "this snapshot was saved without it"}; run a live scan, or check every enabled region by hand (audit steps in the evidence).`,
    evidence: { reason: "not-collected", source: snapshot.source, auditSteps: [...auditSteps] },
  });
}
