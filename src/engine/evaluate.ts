/**
 * Runs rules over a snapshot, and owns data presence: before a rule runs, each dataset it requires (and
 * what those depend on) is checked. Collection failed → one ERROR finding naming each failed API,
 * account and missing permission (per region for a region that failed, the other regions judged); not
 * collected → one MANUAL finding saying what was not collected. A rule that throws yields one ERROR
 * finding, and so does a rule that judges nothing while an optional dataset it reads failed. None of
 * these stops the other rules. Live scans, snapshot files and credential report files are handled alike.
 */

import { CONCEPTS, FRAMEWORKS, type Framework, frameworkMappingsForRule } from "../frameworks/index.js";
import type { FrameworkMappings } from "../model/finding.js";
import { accountResource, buildFinding, type Finding } from "../model/finding.js";
import type { AnyRule } from "../rules/types.js";
import { collectedDatasets } from "../snapshot/collected.js";
import {
  accountWideFailures,
  collectionErrorEvidence,
  collectionErrorVerdict,
} from "../snapshot/collection-errors.js";
import {
  actionsFor,
  type DatasetName,
  datasetDefinition,
  withDependencies,
} from "../snapshot/datasets/index.js";
import type { CollectionError, Snapshot } from "../snapshot/types.js";

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /**
   * The catalogs whose requirement numbers findings carry (`frameworks`). Default: every catalog
   * cloudpatrol ships. A caller may add its own (a made-up or newer version) without touching a rule.
   */
  readonly catalogs?: readonly Framework[];
  /** Parameter overrides per rule id, merged over each rule's defaults. */
  readonly params?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

function errorFinding(
  rule: AnyRule,
  snapshot: Snapshot,
  statusExtended: string,
  evidence: Record<string, unknown>,
): Finding {
  return buildFinding(rule, snapshot, {
    status: "ERROR",
    ...accountResource(snapshot),
    identity: ["account"],
    statusExtended,
    evidence,
  });
}

/**
 * One ERROR finding per region whose data the rule needs but could not be read there, on the account
 * in that region (uid identity: account and region).
 */
function regionalErrorFindings(
  rule: AnyRule,
  snapshot: Snapshot,
  errors: readonly CollectionError[],
): Finding[] {
  const byRegion = new Map<string, CollectionError[]>();
  for (const error of errors) {
    const region = error.region as string;
    byRegion.set(region, [...(byRegion.get(region) ?? []), error]);
  }
  return [...byRegion].map(([region, failed]) =>
    buildFinding(rule, snapshot, {
      status: "ERROR",
      ...accountResource(snapshot),
      identity: ["account", region],
      region,
      statusExtended: `Could not judge account ${snapshot.accountId} in ${region}: ${failed.map((error) => error.message).join(" ")}`,
      evidence: { region, ...collectionErrorEvidence(failed) },
    }),
  );
}

/**
 * Runs one rule; never throws. Account-wide data sets the rule needs that are missing make the rule
 * one ERROR finding naming every failure, with the account's uid (except an access error of a rule
 * with `judgesMissingPermission`: the rule judges it, e.g. MANUAL); a regional data set missing in
 * some regions only adds one ERROR finding per such region, and the rule judges the regions that were
 * read; missing in every region asked, those ERROR findings are all (the rule is not called on nothing).
 */
export function evaluateRule(rule: AnyRule, snapshot: Snapshot, options: EvaluateOptions = {}): Finding[] {
  return withFrameworks(judgeRule(rule, snapshot, options), rule.id, options.catalogs);
}

function judgeRule(rule: AnyRule, snapshot: Snapshot, options: EvaluateOptions): Finding[] {
  const needed = withDependencies(rule.requires);
  const failed = snapshot.errors.filter((error) => needed.includes(error.dataset as DatasetName));
  // A rule that judges a missing permission itself (judgesMissingPermission) reads that error in evaluate().
  const missing = failed.filter(
    (error) =>
      error.region === undefined && !(rule.judgesMissingPermission && error.missingPermission !== undefined),
  );
  const regional = failed.filter((error) => error.region !== undefined);
  if (missing.length > 0) {
    // One finding for every failure, as one per region below: a finding each would share one uid.
    return [buildFinding(rule, snapshot, collectionErrorVerdict(snapshot, missing))];
  }
  const collected = collectedDatasets(snapshot);
  const notCollected = needed.filter(
    (name) => !collected.has(name) && !failed.some((error) => error.dataset === name),
  );
  if (notCollected.length > 0) return [notCollectedFinding(rule, snapshot, notCollected)];
  const params = { ...rule.defaults, ...(options.params?.[rule.id] ?? {}) };
  const unread = noRegionRead(rule, snapshot, needed, regional);
  if (unread) return [unread];
  // A regional data set that failed in every region it was asked in: the rule would judge an empty one
  // ("no trail in the regions read" FAIL, "no bucket" PASS); the ERROR findings of the regions are all.
  if (failedEverywhere(snapshot, needed, regional)) return regionalErrorFindings(rule, snapshot, regional);
  try {
    const judged = rule.evaluate(snapshot, params);
    // An optional dataset that failed and a rule that judged nothing: the failure, never silence.
    if (judged.length === 0) {
      const optionalFailed = accountWideFailures(snapshot, rule.optional ?? []);
      if (optionalFailed.length > 0)
        return [buildFinding(rule, snapshot, collectionErrorVerdict(snapshot, optionalFailed))];
    }
    // No region failed (every report-based rule): the rule's own array, not a copy of it.
    return regional.length === 0 ? judged : [...judged, ...regionalErrorFindings(rule, snapshot, regional)];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return [
      errorFinding(
        rule,
        snapshot,
        `The rule ${rule.id} failed on account ${snapshot.accountId}: ${message}`,
        { error: message },
      ),
    ];
  }
}

/** Whether a regional data set the rule needs failed and was read in no region at all. */
function failedEverywhere(
  snapshot: Snapshot,
  needed: readonly DatasetName[],
  regionalErrors: readonly CollectionError[],
): boolean {
  return needed.some(
    (name) =>
      datasetDefinition(name).scope === "region" &&
      regionalErrors.some((error) => error.dataset === name) &&
      (snapshot.datasets?.[name as keyof NonNullable<Snapshot["datasets"]>]?.size ?? 0) === 0,
  );
}

/**
 * One MANUAL finding for a per-region rule that has no region to judge: its regional datasets were
 * collected in no region and failed in none (`--regions` named no enabled region, or a snapshot without
 * any region's value). Silence would read as "nothing wrong".
 */
function noRegionRead(
  rule: AnyRule,
  snapshot: Snapshot,
  needed: readonly DatasetName[],
  regionalErrors: readonly CollectionError[],
): Finding | undefined {
  const regionalNeeds = needed.filter((name) => datasetDefinition(name).scope === "region");
  if (regionalNeeds.length === 0 || regionalErrors.length > 0) return undefined;
  const read = regionalNeeds.some(
    (name) => (snapshot.datasets?.[name as keyof NonNullable<Snapshot["datasets"]>]?.size ?? 0) > 0,
  );
  if (read) return undefined;
  const enabled = snapshot.regional?.enabledRegions ?? [];
  return buildFinding(rule, snapshot, {
    status: "MANUAL",
    ...accountResource(snapshot),
    identity: ["no-region"],
    statusExtended: `${rule.title}: not judged for account ${snapshot.accountId}: no region was read (${enabled.length === 0 ? "no enabled region was asked for: check --regions against the account's enabled regions" : `the enabled regions ${enabled.join(", ")} hold no value of ${regionalNeeds.join(", ")}`}); check every enabled region by hand (audit steps in the evidence) or scan again.`,
    evidence: {
      reason: "no-region-read",
      datasets: [...regionalNeeds],
      enabledRegions: [...enabled],
      source: snapshot.source,
      auditSteps: auditStepsOf(rule),
    },
  });
}

/** How a person checks what the rule decides, from the concepts whose rules include it. */
function auditStepsOf(rule: AnyRule): string[] {
  const concept = Object.values(CONCEPTS).find((info) => info.ruleIds.includes(rule.id));
  return concept ? [...concept.auditSteps] : [];
}

/**
 * One MANUAL finding for a rule whose datasets the snapshot does not hold (a credential report file
 * holds no policies or regions; a snapshot collected for other rules lacks this rule's data): silence
 * would read as "nothing wrong".
 */
function notCollectedFinding(rule: AnyRule, snapshot: Snapshot, needs: readonly DatasetName[]): Finding {
  const apis = actionsFor(needs);
  const where =
    snapshot.source === "credential-report-file"
      ? `not judged offline for account ${snapshot.accountId}: it needs ${needs.join(", ")}, which a credential report file does not hold; run a live scan (${apis.join(", ")}).`
      : `not judged for account ${snapshot.accountId}: it needs ${needs.join(", ")}, which ${needs.length === 1 ? "was" : "were"} not collected (a snapshot collected for other rules, or --regions left no region); collect with this rule or run a live scan (${apis.join(", ")}).`;
  return buildFinding(rule, snapshot, {
    status: "MANUAL",
    ...accountResource(snapshot),
    identity: ["not-collected"],
    statusExtended: `${rule.title}: ${where}`,
    evidence: {
      reason: "not-collected",
      notCollected: [...needs],
      apis,
      source: snapshot.source,
      auditSteps: auditStepsOf(rule),
    },
  });
}

const shippedMappings = new Map<string, FrameworkMappings>();

/**
 * Framework id → requirement ids `ruleId` decides, read from the catalogs (once per rule for the
 * shipped catalogs: the object is shared by every finding of the rule, and frozen).
 */
export function frameworksOfRule(ruleId: string, catalogs?: readonly Framework[]): FrameworkMappings {
  if (catalogs && catalogs !== FRAMEWORKS) return frameworkMappingsForRule(ruleId, catalogs);
  let mappings = shippedMappings.get(ruleId);
  if (!mappings) {
    mappings = Object.freeze(frameworkMappingsForRule(ruleId));
    shippedMappings.set(ruleId, mappings);
  }
  return mappings;
}

/** The rule's findings with the requirement numbers the catalogs give the rule. */
export function withFrameworks(
  findings: readonly Finding[],
  ruleId: string,
  catalogs?: readonly Framework[],
): Finding[] {
  const frameworks = frameworksOfRule(ruleId, catalogs);
  const stamped: Finding[] = new Array(findings.length);
  for (let index = 0; index < findings.length; index++) {
    const finding = findings[index] as Finding;
    // A rule's findings are its own fresh objects: the shared, frozen mappings are set on them in place
    // (the key already exists, so the keys keep their order) instead of copying every finding. A frozen
    // finding is copied as before.
    if (Object.isFrozen(finding)) stamped[index] = { ...finding, frameworks };
    else {
      (finding as { frameworks: FrameworkMappings }).frameworks = frameworks;
      stamped[index] = finding;
    }
  }
  return stamped;
}

/** Runs every rule over the snapshot, in order. Pure: no I/O, no clock. */
export function evaluate(
  snapshot: Snapshot,
  rules: readonly AnyRule[],
  options: EvaluateOptions = {},
): Finding[] {
  return rules.flatMap((rule) => evaluateRule(rule, snapshot, options));
}
