/**
 * Framework names and requirement titles for the compliance views (compliance CSV, HTML, ASFF
 * `RelatedRequirements`). A stop-gap until the benchmark catalogs (`src/frameworks/`) exist: only data,
 * looked up by framework id and requirement id, so a catalog can replace this file without touching the
 * reporters.
 */

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
}

const CIS_VERSIONS: readonly [string, string][] = [
  ["cis_v120", "1.2.0"],
  ["cis_v130", "1.3.0"],
  ["cis_v140", "1.4.0"],
  ["cis_v150", "1.5.0"],
  ["cis_v200", "2.0.0"],
  ["cis_v300", "3.0.0"],
  ["cis_v400", "4.0.0"],
  ["cis_v500", "5.0.0"],
  ["cis_v600", "6.0.0"],
];

/** Known frameworks by id, in version order. */
export const FRAMEWORKS: Readonly<Record<string, FrameworkInfo>> = Object.fromEntries(
  CIS_VERSIONS.map(([id, version]) => [
    id,
    {
      id,
      name: `CIS AWS Foundations Benchmark v${version}`,
      shortName: `CIS AWS Foundations v${version}`,
      version,
    },
  ]),
);

/**
 * Requirement facts by framework id, then requirement id. Only entries checked against the benchmark
 * text are listed; a requirement missing here is shown with its id alone.
 */
export const REQUIREMENTS: Readonly<Record<string, Readonly<Record<string, RequirementInfo>>>> = {
  cis_v150: {
    "1.11": {
      title:
        "Do not setup access keys during initial user setup for all IAM users that have a console password",
      profile: "Level 1",
      assessment: "Automated",
    },
  },
};

/** The framework's info; an unknown id gets a neutral entry named after the id. */
export function frameworkInfo(id: string): FrameworkInfo {
  return FRAMEWORKS[id] ?? { id, name: id, shortName: id, version: "" };
}

/** What the table knows about `requirement` of `framework`, or undefined. */
export function requirementInfo(framework: string, requirement: string): RequirementInfo | undefined {
  return REQUIREMENTS[framework]?.[requirement];
}

/** Sorts framework ids in catalog order (unknown ids last, alphabetically). */
export function sortFrameworks(ids: Iterable<string>): string[] {
  const order = Object.keys(FRAMEWORKS);
  const rank = (id: string) => (order.includes(id) ? order.indexOf(id) : order.length);
  return [...new Set(ids)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
