/**
 * The benchmark catalogs and the lookups over them: frameworks by id, requirements by number, and which
 * requirements each rule decides (the `frameworks` a finding carries).
 */
import { InputError } from "../model/errors.js";
import { quoteExcerpt } from "../model/escape.js";
import { cisV120 } from "./cis_v120.js";
import { cisV130 } from "./cis_v130.js";
import { cisV140 } from "./cis_v140.js";
import { cisV150 } from "./cis_v150.js";
import { cisV200 } from "./cis_v200.js";
import { cisV300 } from "./cis_v300.js";
import { cisV400 } from "./cis_v400.js";
import { cisV500 } from "./cis_v500.js";
import { cisV600 } from "./cis_v600.js";
import { FRAMEWORK_IDS, type Framework, type FrameworkId, type Requirement } from "./types.js";

export { CONCEPTS, type ConceptInfo } from "./concepts.js";
export * from "./types.js";

/** Every catalog, in version order. */
export const FRAMEWORKS: readonly Framework[] = [
  cisV120,
  cisV130,
  cisV140,
  cisV150,
  cisV200,
  cisV300,
  cisV400,
  cisV500,
  cisV600,
];

/** The framework a bare requirement number (`1.11`) refers to. */
export const DEFAULT_FRAMEWORK: FrameworkId = "cis_v150";

/** True when `id` names a known framework. */
export function isFrameworkId(id: string): id is FrameworkId {
  return (FRAMEWORK_IDS as readonly string[]).includes(id);
}

/** The framework with this id, or undefined. */
export function findFramework(id: string): Framework | undefined {
  return FRAMEWORKS.find((framework) => framework.id === id);
}

/** The framework with this id; an unknown id is an {@link InputError} that lists the known ones. */
export function getFramework(id: string): Framework {
  const framework = findFramework(id);
  if (!framework) {
    throw new InputError(`Unknown framework ${quoteExcerpt(id)}; known: ${FRAMEWORK_IDS.join(", ")}.`);
  }
  return framework;
}

/** The requirement `requirementId` of `frameworkId`, or undefined. */
export function findRequirement(frameworkId: string, requirementId: string): Requirement | undefined {
  return findFramework(frameworkId)?.requirements.find((requirement) => requirement.id === requirementId);
}

/** A requirement with the framework it belongs to. */
export interface RequirementRef {
  readonly framework: Framework;
  readonly requirement: Requirement;
}

/**
 * Resolves `cis_v150:1.11` (or a bare `1.11`, read in `defaultFramework`) to its requirement.
 * Returns undefined when the text does not look like a requirement reference; throws {@link InputError}
 * when it does but names an unknown framework or requirement.
 */
export function resolveRequirement(
  text: string,
  defaultFramework: string = DEFAULT_FRAMEWORK,
): RequirementRef | undefined {
  const match = /^(?:([a-z0-9_]+):)?(\d+(?:\.\d+)+)$/.exec(text.trim());
  if (!match) return undefined;
  const framework = getFramework(match[1] ?? defaultFramework);
  const id = match[2] as string;
  const requirement = framework.requirements.find((candidate) => candidate.id === id);
  if (!requirement) {
    // A bare number may be another version's: 2.10 is v6.0.0's (the old 1.11).
    const elsewhere = match[1]
      ? []
      : FRAMEWORKS.filter((other) => other.requirements.some((candidate) => candidate.id === id));
    const hint =
      elsewhere.length > 0
        ? ` Did you mean ${elsewhere.map((other) => `${other.id}:${id}`).join(", ")}?`
        : "";
    throw new InputError(
      `${framework.id} has no requirement ${id} in its catalog (it covers ${coverage(framework)}).${hint}`,
    );
  }
  return { framework, requirement };
}

/** The first and last number of each section: `1.1–1.21, 2.1.1–2.4.1, 3.1–3.11, 4.1–4.16, 5.1–5.5`. */
function coverage(framework: Framework): string {
  return framework.sections
    .map((section) => framework.requirements.filter((requirement) => requirement.section === section))
    .filter((requirements) => requirements.length > 0)
    .map((requirements) => `${requirements[0]?.id}–${requirements.at(-1)?.id}`)
    .join(", ");
}

/** Every requirement, in every framework, that `ruleId` decides (framework order, then benchmark order). */
export function requirementsForRule(
  ruleId: string,
  frameworks: readonly Framework[] = FRAMEWORKS,
): RequirementRef[] {
  return [...(requirementsByRule(frameworks).get(ruleId) ?? [])];
}

/** Rule id → its requirements, per list of catalogs: built in one pass over the catalogs, once. */
const RULE_INDEXES = new WeakMap<readonly Framework[], Map<string, RequirementRef[]>>();

function requirementsByRule(frameworks: readonly Framework[]): Map<string, RequirementRef[]> {
  let index = RULE_INDEXES.get(frameworks);
  if (index) return index;
  index = new Map();
  for (const framework of frameworks)
    for (const requirement of framework.requirements)
      for (const ruleId of new Set(requirement.ruleIds)) {
        const refs = index.get(ruleId) ?? [];
        refs.push({ framework, requirement });
        index.set(ruleId, refs);
      }
  RULE_INDEXES.set(frameworks, index);
  return index;
}

/**
 * Framework id → requirement ids that `ruleId` decides, from the catalogs (the shape findings carry).
 * The catalogs are the only place this mapping lives: rules carry none.
 * @param frameworks - the catalogs to read; default every catalog cloudpatrol ships.
 */
export function frameworkMappingsForRule(
  ruleId: string,
  frameworks: readonly Framework[] = FRAMEWORKS,
): Record<string, string[]> {
  const mappings: Record<string, string[]> = {};
  for (const { framework, requirement } of requirementsForRule(ruleId, frameworks)) {
    const ids = mappings[framework.id] ?? [];
    ids.push(requirement.id);
    mappings[framework.id] = ids;
  }
  return mappings;
}

/** Framework id → requirement ids of every requirement with this concept (for MANUAL findings). */
export function frameworkMappingsForConcept(concept: Requirement["concept"]): Record<string, string[]> {
  const mappings: Record<string, string[]> = {};
  for (const framework of FRAMEWORKS) {
    const ids = framework.requirements
      .filter((requirement) => requirement.concept === concept)
      .map((requirement) => requirement.id);
    if (ids.length > 0) mappings[framework.id] = ids;
  }
  return mappings;
}
