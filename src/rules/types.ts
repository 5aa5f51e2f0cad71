/**
 * The shape of a rule: the metadata a reader needs first, then one pure function over the snapshot.
 */
import type { Finding, Severity } from "../model/finding.js";
import type { Dataset, Snapshot } from "../snapshot/types.js";

/** How to fix what the rule finds, for people and for pipelines. */
export interface Remediation {
  /** Numbered console steps. */
  readonly console: readonly string[];
  /** AWS CLI commands with `<placeholders>`: all of them, for the rule's documentation. */
  readonly cli: readonly string[];
  /**
   * For a rule judging several kinds of credential (a console password and access keys): the commands
   * that fix a finding of each resource type, so that a finding about a key never suggests deleting the
   * user's password. Absent: every command of `cli` applies to every finding.
   */
  readonly cliByResourceType?: Readonly<Partial<Record<string, readonly string[]>>>;
  /** Infrastructure-as-code snippets. */
  readonly iac: { readonly cloudformation: string; readonly terraform: string };
}

/** The CLI commands that fix a finding of `resourceType` (see {@link Remediation.cliByResourceType}). */
export function cliCommandsFor(remediation: Remediation, resourceType: string): readonly string[] {
  const byType = remediation.cliByResourceType;
  return byType && Object.hasOwn(byType, resourceType) ? (byType[resourceType] ?? []) : remediation.cli;
}

/** One rule. `P` is its parameter object; `defaults` gives every parameter a value. */
export interface Rule<P extends object = Record<string, never>> {
  /** snake_case `<service>_<resource>_<condition>`. */
  readonly id: string;
  /**
   * Other tools' ids of the same check (Prowler's), accepted in a mutelist's `Checks` as this rule.
   * Default none.
   */
  readonly aliases?: readonly string[];
  readonly title: string;
  readonly severity: Severity;
  /** The resource types its findings are about. */
  readonly resourceTypes: readonly string[];
  readonly description: string;
  readonly rationale: string;
  readonly remediation: Remediation;
  readonly references: readonly string[];
  /**
   * The datasets it needs (`snapshot/datasets/`). The engine checks each (and what it depends on, per
   * region for regional ones) before calling `evaluate`: a dataset not collected gives one MANUAL
   * finding saying so, a failed one an ERROR finding naming the API, account, region and permission,
   * and a region that failed an ERROR finding for that region while the others are judged.
   */
  readonly requires: readonly Dataset[];
  /**
   * Datasets it reads when they are there and judges without otherwise (the IAM API's fresh view of
   * users refines the credential report's). Collected with the rule; never a reason for MANUAL. One that
   * failed (account-wide) while the rule judged nothing gives the engine's ERROR finding naming it: a rule
   * that cannot judge without it and judges MANUAL otherwise reads the failure itself (`snapshot.errors`).
   */
  readonly optional?: readonly Dataset[];
  /**
   * The users whose report-based verdict must be re-checked through the IAM API before it is reported
   * (dataset `iam.userCredentials`), from a snapshot that holds the credential report. Pure.
   */
  recheckUsers?(snapshot: Snapshot, params: P): Iterable<string>;
  /**
   * True when the rule judges, itself, a data set it needs that could not be read for lack of permission
   * (a `snapshot.errors` entry with `missingPermission`), e.g. as MANUAL with the console audit steps: the
   * engine then calls `evaluate`, which finds the error in `snapshot.errors`, instead of making its ERROR
   * finding. Any other collection error still gives the engine's ERROR. Default false.
   */
  readonly judgesMissingPermission?: boolean;
  /** CloudTrail events that can change its verdict (for event-driven monitoring). */
  readonly cloudTrailEvents: readonly string[];
  readonly defaults: P;
  /** Pure: no I/O, no clock. */
  evaluate(snapshot: Snapshot, params: P): Finding[];
}

/** A rule whose parameter type has been erased, for registries and the engine. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds rules with different parameter types
export type AnyRule = Rule<any>;
