/**
 * Framework names and requirement facts for the compliance views (compliance CSV, HTML, ASFF
 * `RelatedRequirements`), looked up in the benchmark catalogs of `src/frameworks/`.
 */
import { FRAMEWORKS, findFramework, findRequirement } from "../frameworks/index.js";

/** A benchmark version: `cis_v150` → CIS AWS Foundations Benchmark v1.5.0. */
export interface FrameworkInfo {
  readonly id: string;
  /** Full name: `CIS AWS Foundations Benchmark v1.5.0`. */
  readonly name: string;
  /** The short name Security Hub uses in `RelatedRequirements`: `CIS AWS Foundations v1.5.0`. */
  readonly shortName: string;
  readonly version: string;
}

/** What a benchmark says about one of its requirements. */
export interface RequirementInfo {
  readonly title: string;
  /** `Level 1` or `Level 2`. */
  readonly profile: string;
  readonly assessment: "Automated" | "Manual";
  /** The benchmark section it belongs to: `Identity and Access Management`. */
  readonly section: string;
}

/** The framework's info; an unknown id gets a neutral entry named after the id. */
export function frameworkInfo(id: string): FrameworkInfo {
  const framework = findFramework(id);
  return framework
    ? { id: framework.id, name: framework.name, shortName: framework.shortName, version: framework.version }
    : { id, name: id, shortName: id, version: "" };
}

/** What the catalog says about `requirement` of `framework`, or undefined. */
export function requirementInfo(framework: string, requirement: string): RequirementInfo | undefined {
  const found = findRequirement(framework, requirement);
  return found
    ? { title: found.title, profile: found.profile, assessment: found.assessment, section: found.section }
    : undefined;
}

/** Sorts framework ids in catalog order (unknown ids last, alphabetically). */
export function sortFrameworks(ids: Iterable<string>): string[] {
  const order: string[] = FRAMEWORKS.map((framework) => framework.id);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Compares two requirement ids number by number: 1.2 < 1.10 < 2.1. Absent ids sort last. */
export function compareRequirements(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  const left = a.split(".").map(Number);
  const right = b.split(".").map(Number);
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? -1) - (right[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
