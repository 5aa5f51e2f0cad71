/**
 * The first links of the CIS monitoring chain, from the snapshot's trails: which trails qualify
 * (multi-region, logging, all management events: the CIS 3.1 decision, `cis31TrailDecision`) and the
 * CloudWatch Logs log groups they send to. Pure; used by the collectors (to read only these log groups)
 * and by the rules (to say where the chain broke).
 */
import { type DistinctTrail, distinctTrails } from "../../snapshot/cloudtrail-trails.js";
import type { Snapshot } from "../../snapshot/types.js";
import {
  type Cis31TrailDecision,
  cis31TrailDecision,
} from "../cloudtrail/trail-captures-management-events.js";

/** A log group named by a trail's `CloudWatchLogsLogGroupArn`. */
export interface LogGroupRef {
  /** The ARN as the trail gives it (`arn:aws:logs:<region>:<account>:log-group:<name>:*`). */
  readonly arn: string;
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
}

/** A trail and what the chain needs of it. */
export interface ChainTrail {
  readonly trail: DistinctTrail;
  readonly decision: Cis31TrailDecision;
  /** Its log group, or null when it sends none to CloudWatch Logs (or the ARN cannot be read). */
  readonly logGroup: LogGroupRef | null;
}

/** Reads a log group ARN; undefined when it is not one. */
export function parseLogGroupArn(arn: string): LogGroupRef | undefined {
  const parts = arn.split(":");
  if (parts.length < 7 || parts[0] !== "arn" || parts[2] !== "logs" || parts[5] !== "log-group")
    return undefined;
  const [, , , region = "", accountId = "", , name = ""] = parts;
  if (!region || !accountId || !name) return undefined;
  return { arn, name, region, accountId };
}

/** Every distinct trail with its CIS 3.1 decision and log group (sorted by trail ARN). */
export function chainTrails(snapshot: Pick<Snapshot, "datasets" | "accountId">): ChainTrail[] {
  return distinctTrails(snapshot).map((trail) => ({
    trail,
    decision: cis31TrailDecision(trail),
    logGroup: trail.cloudWatchLogsLogGroupArn
      ? (parseLogGroupArn(trail.cloudWatchLogsLogGroupArn) ?? null)
      : null,
  }));
}

/**
 * The log groups of this account that qualifying trails send to, in `region` (each once, with the
 * trails that send to it): exactly the groups whose metric filters are read.
 */
export function monitoredLogGroups(
  snapshot: Pick<Snapshot, "datasets" | "accountId">,
  region: string,
): { readonly logGroup: LogGroupRef; readonly trailArns: readonly string[] }[] {
  const byName = new Map<string, { logGroup: LogGroupRef; trailArns: string[] }>();
  for (const { trail, decision, logGroup } of chainTrails(snapshot)) {
    if (decision.decision !== "yes" || !logGroup) continue;
    if (logGroup.region !== region || logGroup.accountId !== snapshot.accountId) continue;
    const seen = byName.get(logGroup.name);
    if (seen) seen.trailArns.push(trail.trailArn);
    else byName.set(logGroup.name, { logGroup, trailArns: [trail.trailArn] });
  }
  return [...byName.values()]
    .map(({ logGroup, trailArns }) => ({ logGroup, trailArns: [...trailArns].sort() }))
    .sort((a, b) => a.logGroup.name.localeCompare(b.logGroup.name));
}
