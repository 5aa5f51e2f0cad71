/**
 * The account-wide finding of a per-region rule that found nothing to judge (no file system, no DB
 * instance, no VPC, no key in scope) in the regions read. Silence would look like a rule that did not run,
 * so the rule says it with one PASS on the account, but only when every enabled region was read: while a
 * region's read failed, what it holds is unknown, and the engine's ERROR finding for that region is the
 * verdict (no PASS beside it). An enabled region that holds no value and no error (a hand-edited snapshot)
 * gets one MANUAL finding naming it. Pure.
 */
import { accountResource, buildFinding, type Finding } from "../model/finding.js";
import type { RegionalDatasetName } from "../snapshot/datasets/index.js";
import { failedRegions, regionsNotRead } from "../snapshot/regional-values.js";
import type { Snapshot } from "../snapshot/types.js";
import type { Rule } from "./types.js";

/** What {@link nothingToJudge} says. */
export interface NothingToJudge {
  /** The regional datasets the rule judges from: each must have been read in every enabled region. */
  readonly datasets: readonly RegionalDatasetName[];
  /** The regions read (each dataset of `datasets` read there), for the sentence and evidence. */
  readonly regions: readonly string[];
  /** What there is none of, singular with its article: `EFS file system`, `DB instance`. */
  readonly noun: string;
  /** A clause after the sentence's `nothing to judge`, when the rule has more to say (`; 2 AWS managed keys`). */
  readonly more?: string;
  /** The evidence (counts, `regions`, the APIs read as `source`), as the rule orders it. */
  readonly evidence: Readonly<Record<string, unknown>>;
}

/**
 * One finding on the account when the rule judged no resource: PASS `Account <id> has no <noun> in the
 * <n> regions read: nothing to judge.` when every enabled region was read; nothing when a region's read
 * failed (the engine adds that region's ERROR finding); MANUAL naming the enabled regions that hold no
 * value without an error.
 *
 * @example
 * if (findings.length === 0) return nothingToJudge(rule, snapshot, {
 *   datasets: ["efs.fileSystems"], regions: [...byRegion.keys()], noun: "EFS file system",
 *   evidence: { fileSystems: 0, regions: [...byRegion.keys()], source: "elasticfilesystem:DescribeFileSystems" },
 * });
 */
export function nothingToJudge(
  rule: Pick<Rule, "id" | "severity">,
  snapshot: Snapshot,
  what: NothingToJudge,
): Finding[] {
  const unread = regionsNotRead(snapshot, what.datasets);
  const failed = failedRegions(snapshot, what.datasets);
  const base = { ...accountResource(snapshot), identity: ["account"] };
  const count = what.regions.length;
  const regionsRead = `${count} region${count === 1 ? "" : "s"} read`;
  if (unread.length === 0)
    return [
      buildFinding(rule, snapshot, {
        ...base,
        status: "PASS",
        statusExtended: `Account ${snapshot.accountId} has no ${what.noun} in the ${regionsRead}: nothing to judge${what.more ?? ""}.`,
        evidence: { ...what.evidence },
      }),
    ];
  const silent = unread.filter((region) => !failed.has(region));
  if (silent.length === 0) return [];
  return [
    buildFinding(rule, snapshot, {
      ...base,
      status: "MANUAL",
      statusExtended: `Account ${snapshot.accountId} has no ${what.noun} in the ${regionsRead}, but ${silent.join(", ")} ${silent.length === 1 ? "holds" : "hold"} no value of ${what.datasets.join(", ")} although enabled: check ${silent.length === 1 ? "that region" : "those regions"} by hand or scan again.`,
      evidence: {
        ...what.evidence,
        reason: "region-not-read",
        regionsNotRead: silent,
      },
    }),
  ];
}
