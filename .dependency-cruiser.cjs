/**
 * The layer rule of DESIGN.md ("Layout and layers"), enforced in `npm test`:
 *   cli, lambda → app → report, remediation, store → engine, aws → rules, frameworks → snapshot
 *   → credential-report → model, filter-pattern
 * A folder of src/ imports only from folders on lower levels (type imports included); folders side by
 * side on one level do not import each other. `src/index.ts` (the library entry) may import anything.
 * Every folder of src/ must be one of these: a new folder fails the `not-in-layout` rule.
 */
const LEVELS = [
  ["cli", "lambda"],
  ["app"],
  ["report", "remediation", "store"],
  ["engine", "aws"],
  ["rules", "frameworks"],
  ["snapshot"],
  ["credential-report"],
  // filter-pattern: the CloudWatch Logs filter-pattern engine, a leaf beside model (imports nothing of ours).
  ["model", "filter-pattern"],
];

const folders = LEVELS.flat();
const below = (level) => LEVELS.slice(level + 1).flat();

/** For each folder: it may import itself and any folder on a lower level, nothing else in src/. */
const layerRules = LEVELS.flatMap((group, level) =>
  group.map((folder) => ({
    name: `layer-${folder}`,
    comment: `${folder} may import only ${below(level).join(", ") || "nothing else"} (DESIGN.md, Layout and layers)`,
    severity: "error",
    from: { path: `^src/${folder}/` },
    to: {
      path: "^src/",
      pathNot: [`^src/${folder}/`, ...below(level).map((lower) => `^src/${lower}/`)],
    },
  })),
);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "not-in-layout",
      comment: "every file of src/ lies in a folder of DESIGN.md's layout (or is src/index.ts)",
      severity: "error",
      from: {},
      to: { path: "^src/", pathNot: [`^src/(${folders.join("|")})/`, "^src/index\\.ts$"] },
    },
    {
      name: "not-in-layout-source",
      comment: "every file of src/ lies in a folder of DESIGN.md's layout (or is src/index.ts)",
      severity: "error",
      from: { path: "^src/", pathNot: [`^src/(${folders.join("|")})/`, "^src/index\\.ts$"] },
      to: {},
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
