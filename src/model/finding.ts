/**
 * The Finding: rule × resource × verdict, and the helper rules use to build one.
 */
import { hash } from "node:crypto";
import { flatText } from "./flat-text.js";

/** Verdict of a finding. `muted` is a separate flag, never a status. */
export type Status = "PASS" | "FAIL" | "MANUAL" | "ERROR";

/** Severity as the CIS/Security Hub world names it. */
export type Severity = "critical" | "high" | "medium" | "low" | "informational";

/** Severities from most to least severe. */
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "informational"];

/** Framework id → requirement ids, e.g. `{ cis_v150: ["1.11"] }`. */
export type FrameworkMappings = Readonly<Record<string, readonly string[]>>;

/** Why a finding is muted: the mutelist entry that accepted the risk (see docs/mutelist.md). */
export interface MuteInfo {
  /** Why the risk is accepted (the entry's `Reason`). */
  readonly reason: string;
  /** Who accepted it (`Owner`), or null. */
  readonly owner: string | null;
  /** When the acceptance ends (`Expires`, ISO date or time), or null for never. */
  readonly expires: string | null;
  /** The entry that matched: `<account key>/<check key>` as written in the file. */
  readonly entry: string;
}

/** One finding, as written in the JSON output (see docs/json-output.md). */
export interface Finding {
  /** Stable id: same account, rule and resource (same key) → same uid in every run. */
  readonly uid: string;
  readonly ruleId: string;
  readonly status: Status;
  readonly muted: boolean;
  readonly severity: Severity;
  readonly accountId: string;
  /** `global` for IAM. */
  readonly region: string;
  /** CloudFormation-style type: `AWS::IAM::User`, `AWS::IAM::AccessKey`, `AWS::::Account`. */
  readonly resourceType: string;
  readonly resourceArn: string;
  readonly resourceName: string;
  /** One sentence a person can act on. */
  readonly statusExtended: string;
  /** The exact data that decided the verdict. JSON-safe values only. */
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly frameworks: FrameworkMappings;
  /** Present only on muted findings: the reason, owner and expiry of the accepted risk. */
  readonly mute?: MuteInfo;
  /** The resource's tags (key → value) when the collector read them; absent otherwise. */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Present when the scan was recorded in the history: start time (ISO 8601 UTC) of the first scan of
   * the same scope since which this finding has had this status (docs/history.md).
   */
  readonly firstSeen?: string;
}

/** What a rule says about one resource; {@link buildFinding} adds the rest. */
export interface Verdict {
  readonly status: Status;
  readonly resourceType: string;
  readonly resourceArn: string;
  readonly resourceName: string;
  /** Parts that identify the resource within the account, e.g. [userArn, keyCreatedAt]. */
  readonly identity: readonly string[];
  readonly statusExtended: string;
  readonly evidence: Readonly<Record<string, unknown>>;
  readonly region?: string;
}

/** The account a finding is about: a snapshot (or anything naming the account and its partition). */
export interface AccountRef {
  /** 12-digit AWS account id (`unknown` when an offline report names none). */
  readonly accountId: string;
  /** ARN partition: `aws`, `aws-us-gov`, `aws-cn`. */
  readonly partition: string;
}

/** The rule facts a finding carries. */
export interface FindingRuleInfo {
  readonly id: string;
  readonly severity: Severity;
}

/** `arn:<partition>:iam::<account>:root`: the resource of account-wide findings (and of the root user). */
export function accountArn(snapshot: AccountRef): string {
  return `arn:${snapshot.partition}:iam::${snapshot.accountId}:root`;
}

/** The resource of an account-wide finding: the account itself (`AWS::::Account`, its root ARN, its id). */
export function accountResource(account: AccountRef): {
  resourceType: "AWS::::Account";
  resourceArn: string;
  resourceName: string;
} {
  return {
    resourceType: "AWS::::Account",
    resourceArn: accountArn(account),
    resourceName: account.accountId,
  };
}

/**
 * Stable finding uid: `<ruleId>-<accountId>-<24 hex of SHA-256(account|rule|identity...)>`.
 * Never derived from list positions, so reordering a report changes nothing.
 */
export function findingUid(accountId: string, ruleId: string, identity: readonly string[]): string {
  // crypto.hash: the one-shot SHA-256 (Node 20.12+), a fraction of createHash's cost per finding.
  // The same text as joining [accountId, ruleId, ...identity] with U+001F, without the arrays.
  let text = `${accountId}\u001f${ruleId}`;
  for (const part of identity) text += `\u001f${part}`;
  const digest = hash("sha256", text, "hex");
  return flatText(`${ruleId}-${accountId}-${digest.slice(0, 24)}`);
}

/** The mappings of a finding before the engine adds the catalogs' (shared, frozen). */
export const NO_FRAMEWORKS: FrameworkMappings = Object.freeze({});

/** Completes a rule's verdict into a {@link Finding} for the snapshot's account. */
export function buildFinding(
  rule: FindingRuleInfo,
  snapshot: Pick<AccountRef, "accountId">,
  verdict: Verdict,
): Finding {
  return {
    uid: findingUid(snapshot.accountId, rule.id, verdict.identity),
    ruleId: rule.id,
    status: verdict.status,
    muted: false,
    severity: rule.severity,
    accountId: snapshot.accountId,
    region: verdict.region ?? "global",
    resourceType: verdict.resourceType,
    resourceArn: verdict.resourceArn,
    resourceName: verdict.resourceName,
    statusExtended: flatText(verdict.statusExtended),
    evidence: verdict.evidence,
    // The catalogs are the only mapping: the engine fills this in from them (engine/evaluate).
    frameworks: NO_FRAMEWORKS,
  };
}
