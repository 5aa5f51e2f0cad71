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
  // Bundled CommonJS (commander) calls require() for Node's built-in modules.
  banner: {
    js: 'import { createRequire as __bundleRequire } from "node:module";\nconst require = __bundleRequire(import.meta.url);',
  },
  chunkNames: "chunk-[hash]",
  allowOverwrite: true,
  sourcemap: "linked",
  logLevel: "warning",
});
