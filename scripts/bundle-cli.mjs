/**
 * The second half of `npm run build`: bundles the CLI (`src/cli/main.ts`) with esbuild into
 * `dist/cli/main.js` (over tsc's copy) plus `dist/cli/chunk-*.js`, one chunk per group of modules a
 * command loads on demand. Node then reads a few dozen files at start-up instead of a few hundred
 * modules (docs/performance.md, bench/startup.ts). Packages in node_modules stay outside the bundle
 * and load as before, only when used. tsc still type-checks and emits every module of `dist/` (the
 * library, the Lambda handlers); only the `cloudpatrol` bin is bundled.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = `${ROOT}dist/cli`;

// Chunk names carry a content hash: remove an earlier build's chunks so that none lingers.
for (const name of readdirSync(OUT)) if (name.startsWith("chunk-")) rmSync(`${OUT}/${name}`);

/** Packages bundled into the CLI: the ones an offline scan cannot avoid loading. */
const BUNDLED = new Set(["commander", "csv-parse", "csv-stringify", "picocolors"]);
const { dependencies } = JSON.parse(readFileSync(`${ROOT}package.json`, "utf8"));
const EXTERNAL = Object.keys(dependencies)
  .filter((name) => !BUNDLED.has(name))
  .flatMap((name) => [name, `${name}/*`]);

/**
 * Bundled CommonJS (commander) `require()`s Node's built-in modules, which an ES module bundle can only
 * do through a `require` made with `createRequire`, one per chunk (esbuild's banner). Instead each such
 * `require("node:x")` gets a one-line module returning `process.getBuiltinModule("node:x")` (Node ≥
 * 20.16; package.json asks for ≥ 20.19). `node:child_process` (2–3 ms to load, with net, dgram and the
 * streams), which commander needs only to run an executable subcommand (`spawn`; cloudpatrol has none),
 * loads when `spawn` is first called.
 */
const builtinsForCommonJs = {
  name: "builtins-for-commonjs",
  setup(build) {
    build.onResolve({ filter: /^node:/ }, (args) =>
      args.kind === "require-call" ? { path: args.path, namespace: "builtin" } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "builtin" }, (args) => ({
      contents:
        args.path === "node:child_process"
          ? 'module.exports = { spawn: (...args) => process.getBuiltinModule("node:child_process").spawn(...args) };'
          : `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
      loader: "js",
    }));
  },
};

await build({
  absWorkingDir: ROOT,
  entryPoints: ["src/cli/main.ts"],
  outdir: OUT,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Small pure-JavaScript packages every run loads go into the bundle; the rest (the AWS SDK, SQLite's
  // native module, esbuild, the YAML parser, ...) stay in node_modules and load only when used.
  external: EXTERNAL,
  plugins: [builtinsForCommonJs],
  chunkNames: "chunk-[hash]",
  allowOverwrite: true,
  // Less text for V8 to scan and compile at each start: whitespace and comments out, shorter syntax.
  // Identifiers keep their names (stack traces, `--debug`), and the linked source maps map to src/.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: "linked",
  logLevel: "warning",
});
