/**
 * Start-up benchmark (prints figures; not a test): `npm run build && node --import tsx bench/startup.ts`.
 *
 * Runs, interleaved (one of each per round, so that load from other processes touches every command
 * alike), the built CLI (dist/cli/main.js) and `node -e 0`: `--help`, `scan --help`, and an offline
 * scan of the bundled example (`scan --credential-report examples/credential-report.csv --no-history
 * --output json`). Prints the median wall time of each and its ratio to `node -e 0` (goals: --help and
 * scan --help ≤ 2×, the offline scan ≤ 2×), and the modules each loads (counted in one more run).
 *
 * `-- --rounds N` (default 15); `-- --cli DIR` benchmarks another build (a checkout's root) beside this one.
 */
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const ROOT = resolve(import.meta.dirname, "..");

const { values } = parseArgs({
  options: { rounds: { type: "string", default: "15" }, cli: { type: "string", multiple: true } },
});
const ROUNDS = Number(values.rounds);
const BUILDS = [ROOT, ...(values.cli ?? []).map((dir) => resolve(dir))];

/** Lists the modules a run loads on stderr (`LOADED <url>` lines). */
const COUNTER = join(ROOT, "test/support/loaded-modules.mjs");

interface Case {
  readonly label: string;
  readonly args: (build: string) => string[];
}

const EXAMPLE = join(ROOT, "examples/credential-report.csv");
const CASES: Case[] = [
  { label: "node -e 0", args: () => ["-e", "0"] },
  { label: "--help", args: (build) => [join(build, "dist/cli/main.js"), "--help"] },
  { label: "scan --help", args: (build) => [join(build, "dist/cli/main.js"), "scan", "--help"] },
  {
    label: "offline example scan",
    args: (build) => [
      join(build, "dist/cli/main.js"),
      "scan",
      "--credential-report",
      EXAMPLE,
      "--no-history",
      "--output",
      "json",
    ],
  },
];

function run(args: string[], count = false): { ms: number; modules: number | undefined } {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, count ? ["--import", COUNTER, ...args] : args, {
    cwd: tmpdir(),
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const ms = performance.now() - t0;
  const modules = count ? new Set((result.stderr ?? "").match(/^LOADED .*$/gm) ?? []).size : undefined;
  if (result.status !== 0 && result.status !== 3) throw new Error(`${args.join(" ")}: exit ${result.status}`);
  return { ms, modules };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

const runs = new Map<string, number[]>();
const key = (build: string, label: string) => `${build}\u0000${label}`;
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const build of BUILDS) {
    for (const c of CASES) {
      const { ms } = run(c.args(build));
      // Round 0 warms the file system cache; not counted.
      if (round > 0) runs.set(key(build, c.label), [...(runs.get(key(build, c.label)) ?? []), ms]);
    }
  }
}
const baseline = median(runs.get(key(ROOT, "node -e 0")) ?? []);
console.log(`## Start-up, median of ${ROUNDS} interleaved runs (node ${process.version})`);
for (const build of BUILDS) {
  console.log(`\n${build}`);
  for (const c of CASES) {
    const ms = median(runs.get(key(build, c.label)) ?? []);
    const modules = c.label === "node -e 0" ? undefined : run(c.args(build), true).modules;
    console.log(
      `${c.label.padEnd(22)} ${ms.toFixed(0).padStart(5)} ms  ${(ms / baseline).toFixed(2).padStart(5)}× node -e 0${modules !== undefined ? `  ${modules} modules` : ""}${c.label === "node -e 0" ? "" : "  (goal ≤ 2×)"}`,
    );
  }
}
