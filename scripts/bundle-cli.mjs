/**
 * The second half of `npm run build`: bundles the CLI (`src/cli/main.ts`) with rolldown into
 * `dist/cli/main.js` (over tsc's copy) plus `dist/cli/chunk-*.js`. Node then reads a handful of files
 * at start-up instead of a few hundred modules (docs/performance.md, bench/startup.ts). Packages in
 * node_modules stay outside the bundle and load as before, only when used. tsc still type-checks and
 * emits every module of `dist/` (the library, the Lambda handlers); only the `cloudpatrol` bin is bundled.
 *
 * Chunks follow the steps of a run, not the sets of importers: each ES module file costs Node ~0.3 ms
 * to resolve, read and link, and splitting by importers (esbuild's only way) cut an offline scan into
 * 38 files, most of them a few hundred bytes shared by a different set of commands. Here every module
 * goes into the chunk of the first step that loads it: {@link STEPS}.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { rolldown } from "rolldown";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = `${ROOT}dist/cli`;

// Chunk names carry a content hash: remove an earlier build's chunks so that none lingers.
for (const name of readdirSync(OUT)) if (name.startsWith("chunk-")) rmSync(`${OUT}/${name}`);

/** Packages bundled into the CLI: the ones an offline scan cannot avoid loading. */
const BUNDLED = new Set(["commander", "csv-parse", "csv-stringify", "ipaddr.js", "picocolors"]);
const { dependencies } = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));
const EXTERNAL = Object.keys(dependencies).filter((name) => !BUNDLED.has(name));

/**
 * True for an import the bundle leaves to Node: a built-in module (except those commander requires:
 * {@link builtinsForCommonJs}) or an unbundled package.
 */
function isExternal(id, importer) {
  if (id.startsWith("\0builtin:")) return false;
  if (id.startsWith("node:")) return !isCommander(importer);
  return EXTERNAL.some((name) => id === name || id.startsWith(`${name}/`));
}

/** True for a module of commander (bundled CommonJS). */
function isCommander(id) {
  return id?.includes("/node_modules/commander/") === true;
}

/**
 * The steps of a run, in order, each a module the previous one imports on demand: the bin (`--help`,
 * `--version`), the `scan` command's definition (`scan --help`), the scan itself. A module statically
 * reachable from a step goes into that step's chunk (the first such step), so that an offline scan
 * loads eight files (the three steps' modules, their three chunks, `scan-run-shared` below and the
 * bundler's helpers). Other modules (the other commands, the live scan's AWS code, the mutelist) are
 * split as the bundler does by default, and load only when used as before.
 */
const STEPS = [
  ["cli", "src/cli/main.ts"],
  ["scan", "src/cli/scan.ts"],
  ["scan-run", "src/cli/scan-run.ts"],
].map(([name, path]) => [name, `${ROOT}${path}`]);

/** The rules' index: a command that imports it judges findings, and loads the scan's chunk anyway. */
const RULES = `${ROOT}src/rules/index.ts`;

/** Module id → the step whose chunk holds it, computed from the module graph on first use. */
let stepOf;

/** The modules `root` imports statically, directly or not (itself included), within the bundle. */
function staticClosure(root, context) {
  const seen = new Set();
  const stack = [root];
  while (stack.length > 0) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    const info = context.getModuleInfo(id);
    if (!info || info.isExternal) continue;
    seen.add(id);
    stack.push(...info.importedIds);
  }
  return seen;
}

/**
 * The chunk of module `id` (rolldown's group name), or null for the default. A step's own module stays
 * in its entry chunk: main.ts awaits at top level (the command it loads), and a chunk that held it and
 * were imported by the command's chunk would never finish loading. Of the scan's modules, those that a
 * command which judges nothing (`history`, `diff`, `journal`, `deploy`: no rule in its static imports)
 * also imports go into a small chunk of their own (`scan-run-shared`), so that such a command does not
 * load the rules, catalogs and formats with them.
 */
function chunkOfStep(id, context) {
  if (!stepOf) {
    stepOf = new Map();
    for (const [name, root] of STEPS)
      for (const module of staticClosure(root, context)) if (!stepOf.has(module)) stepOf.set(module, name);
    for (const [, root] of STEPS) stepOf.delete(root);
    const commands = context.getModuleInfo(STEPS[0][1]).dynamicallyImportedIds;
    for (const command of commands) {
      const closure = staticClosure(command, context);
      if (closure.has(RULES)) continue;
      for (const module of closure)
        if (stepOf.get(module) === "scan-run") stepOf.set(module, "scan-run-shared");
    }
  }
  return stepOf.get(id) ?? null;
}

/**
 * Bundled CommonJS (commander) `require()`s Node's built-in modules, which an ES module bundle can only
 * do through a `require` made with `createRequire`. Instead each such `require("node:x")` gets a
 * one-line module returning `process.getBuiltinModule("node:x")` (Node ≥ 20.16; package.json asks for
 * ≥ 20.19). `node:child_process` (2–3 ms to load, with net, dgram and the streams), which commander
 * needs only to run an executable subcommand (`spawn`; cloudpatrol has none), loads when `spawn` is
 * first called.
 */
const builtinsForCommonJs = {
  name: "builtins-for-commonjs",
  resolveId(source, importer) {
    if (source.startsWith("node:") && isCommander(importer)) return `\0builtin:${source}`;
    return null;
  },
  load(id) {
    if (!id.startsWith("\0builtin:")) return null;
    const name = id.slice("\0builtin:".length);
    return name === "node:child_process"
      ? 'module.exports = { spawn: (...args) => process.getBuiltinModule("node:child_process").spawn(...args) };'
      : `module.exports = process.getBuiltinModule(${JSON.stringify(name)});`;
  },
};

const bundle = await rolldown({
  cwd: ROOT,
  input: { main: `${ROOT}src/cli/main.ts` },
  platform: "node",
  // Small pure-JavaScript packages every run loads go into the bundle; the rest (the AWS SDK, SQLite's
  // native module, esbuild, the YAML parser, ...) stay in node_modules and load only when used.
  external: isExternal,
  plugins: [builtinsForCommonJs],
  transform: { target: "node20" },
  logLevel: "warn",
});
await bundle.write({
  dir: OUT,
  format: "esm",
  entryFileNames: "[name].js",
  chunkFileNames: "chunk-[hash].js",
  // One group per chunk, earlier steps first: a group also takes the modules its modules import (unless
  // an earlier group has them), so `scan-run-shared` must come before `scan-run`.
  codeSplitting: {
    groups: ["cli", "scan", "scan-run-shared", "scan-run"].map((group, index, groups) => ({
      name: (id, context) => (chunkOfStep(id, context) === group ? group : null),
      debugName: group,
      priority: groups.length - index,
    })),
  },
  // Less text for V8 to scan and compile at each start: no whitespace, no comments. Identifiers keep
  // their names (stack traces, `--debug`), and the linked source maps map to src/.
  minify: { compress: false, mangle: false, codegen: { removeWhitespace: true } },
  comments: false,
  sourcemap: true,
});
await bundle.close();
