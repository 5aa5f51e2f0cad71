/**
 * MANUAL findings: one per account for each requirement of a framework that no rule decides, naming the
 * requirement and carrying the audit steps (our words) as evidence, so a compliance view lists every
 * requirement and a person knows what is left to check by hand.
 */
import { CONCEPTS, type Framework, frameworkMappingsForConcept, getFramework } from "../frameworks/index.js";
import type { Requirement } from "../frameworks/types.js";
import { accountResource, buildFinding, type Finding } from "../model/finding.js";
import { RULES } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";
import type { Snapshot } from "../snapshot/types.js";

/** The rule id of the MANUAL finding of a concept: `manual_contact_details`. Stable across versions. */
export function manualRuleId(concept: Requirement["concept"]): string {
  return `manual_${concept}`;
}

/** The requirements of `framework` that no rule in `registry` decides, in benchmark order. */
export function manualRequirements(
  framework: Framework,
  registry: readonly AnyRule[] = RULES,
): Requirement[] {
  const known = new Set(registry.map((rule) => rule.id));
  return framework.requirements.filter((requirement) => !requirement.ruleIds.some((id) => known.has(id)));
}

/** The one sentence of a MANUAL finding. */
export function manualStatusExtended(
  framework: Framework,
  requirement: Requirement,
  accountId: string,
): string {
  const why =
    requirement.assessment === "Manual"
      ? "the benchmark assesses it manually"
      : "cloudpatrol has no rule for it yet";
  return `${framework.shortName} ${requirement.id} "${requirement.title}" needs a manual check in account ${accountId}: ${why}; follow the audit steps in the evidence.`;
}

/**
 * One MANUAL finding per requirement of `framework` that no rule decides, for the snapshot's account.
 * Resource `AWS::::Account`; uid stable per account and concept (the same in every CIS version).
 */
export function manualFindings(
  snapshot: Pick<Snapshot, "accountId" | "partition">,
  framework: Framework | string,
  registry: readonly AnyRule[] = RULES,
): Finding[] {
  const catalog = typeof framework === "string" ? getFramework(framework) : framework;
  return manualRequirements(catalog, registry).map((requirement) => {
    const concept = CONCEPTS[requirement.concept];
    const finding = buildFinding(
      { id: manualRuleId(requirement.concept), severity: concept.severity },
      snapshot,
      {
        status: "MANUAL",
        ...accountResource(snapshot),
        identity: ["account"],
        statusExtended: manualStatusExtended(catalog, requirement, snapshot.accountId),
        evidence: {
          framework: catalog.id,
          requirement: requirement.id,
          title: requirement.title,
          profile: requirement.profile,
          assessment: requirement.assessment,
          reason: requirement.assessment === "Manual" ? "manual-requirement" : "no-rule-yet",
          auditSteps: [...requirement.auditSteps],
        },
      },
    );
    return { ...finding, frameworks: frameworkMappingsForConcept(requirement.concept) };
  });
}
