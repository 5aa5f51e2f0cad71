/**
 * Credential report benchmark (prints figures; not a test):
 * `node --import tsx bench/credential-report.ts [-- --users 5000 --rounds 7 --before DIR]`.
 *
 * A generated report of U users (bench/report-generator.ts) is (a) parsed by papaparse into arrays of
 * strings (the issue's baseline: a fast, quote-aware CSV parser; a dev dependency) and, for scale, split
 * into arrays (lines on "\n", fields on ","), which no CSV parser that reads quotes beats; and (b) parsed
 * by cloudpatrol and judged by every
 * report-based rule (the rules a credential report file alone decides: every dataset they need is in
 * a snapshot made from the report). Each runs in its own child process, interleaved, so that peak
 * memory (maxRSS) is each one's own (the built dist/: run `npm run build` first); printed: median time and maxRSS of each, and the ratios (goals:
 * time ≤ 10×, maxRSS ≤ 2× the baseline). `--before DIR` runs a second build (a checkout's root,
 * with its dist/ built) beside this one.
 */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateReport } from "./report-generator.js";

const ROOT = resolve(import.meta.dirname, "..");

interface Figures {
  ms: number;
  maxRssMiB: number;
  findings: number;
}

/**
 * The child (plain JavaScript, no TypeScript loader, so that maxRSS is the work's own): runs one case
 * `RUNS` times over the file (JIT warm-up) and prints the best time and the peak RSS as JSON.
 */
const CHILD = `
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
const [kind, file, root, runs] = process.argv.slice(1);
const text = readFileSync(file, "utf8");
let work;
if (kind === "split") {
  work = () => text.split("\\n").map((line) => line.split(",")).length;
} else if (kind === "papaparse") {
  const { default: Papa } = await import("papaparse");
  work = () => Papa.parse(text, { skipEmptyLines: true }).data.length;
} else {
  const load = (path) => import(join(root, "dist", path));
  const { parseCredentialReportCsv } = await load("credential-report/parse.js");
  const { snapshotFromReport } = await load("snapshot/from-report.js");
  const { evaluate } = await load("engine/evaluate.js");
  const { RULES } = await load("rules/index.js");
  const { collectedDatasets } = await load("snapshot/collected.js");
  const { withDependencies } = await load("snapshot/datasets/index.js");
  const at = new Date("2026-12-01T12:00:00Z");
  const held = collectedDatasets(snapshotFromReport(parseCredentialReportCsv(text.slice(0, text.indexOf("\\n"))), at));
  // The report-based rules: every dataset they need is in a snapshot made from the report.
  const rules = RULES.filter((rule) => withDependencies(rule.requires).every((name) => held.has(name)));
  work = () => evaluate(snapshotFromReport(parseCredentialReportCsv(text, { source: "bench" }), at), rules).length;
}
let best = Infinity;
let findings = 0;
for (let run = 0; run < Number(runs); run++) {
  const t0 = performance.now();
  findings = work();
  best = Math.min(best, performance.now() - t0);
}
process.stdout.write(JSON.stringify({ ms: best, maxRssMiB: process.resourceUsage().maxRSS / 1024, findings }) + "\\n");
`;

function runChild(kind: string, file: string, root: string, runs: number): Figures {
  const result = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", CHILD, kind, file, root, String(runs)],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  if (result.status !== 0) throw new Error(`child ${kind} exited ${result.status}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as Figures;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "5000" },
      rounds: { type: "string", default: "7" },
      before: { type: "string" },
    },
  });
  const users = Number(values.users);
  const rounds = Number(values.rounds);
  const file = join(tmpdir(), `cloudpatrol-bench-report-${users}.csv`);
  const text = generateReport(users);
  writeFileSync(file, text);
  const cases: [string, string, string][] = [
    ["baseline: papaparse into arrays", "papaparse", ROOT],
    ["split into arrays", "split", ROOT],
    ["cloudpatrol: parse + report rules", "cloudpatrol", ROOT],
    ...(values.before
      ? [["before: parse + report rules", "cloudpatrol", resolve(values.before)] as [string, string, string]]
      : []),
  ];
  const results = new Map<string, Figures[]>();
  for (let round = 0; round < rounds; round++) {
    for (const [label, kind, root] of cases) {
      // Each child runs its case 3 times (JIT warm-up) and reports the best: one figure per round.
      results.set(label, [...(results.get(label) ?? []), runChild(kind, file, root, 3)]);
    }
  }
  console.log(
    `## Credential report of ${users.toLocaleString("en-US")} users (${(text.length / 2 ** 20).toFixed(1)} MiB), medians of ${rounds} interleaved rounds`,
  );
  const base = results.get("baseline: papaparse into arrays") ?? [];
  const baseMs = median(base.map((f) => f.ms));
  const baseRss = median(base.map((f) => f.maxRssMiB));
  for (const [label] of cases) {
    const figures = results.get(label) ?? [];
    const ms = median(figures.map((f) => f.ms));
    const rss = median(figures.map((f) => f.maxRssMiB));
    console.log(
      `${label.padEnd(36)} ${ms.toFixed(1).padStart(8)} ms ${(ms / baseMs).toFixed(1).padStart(6)}×   maxRSS ${rss.toFixed(0).padStart(5)} MiB ${(rss / baseRss).toFixed(2).padStart(5)}×${figures[0]?.findings ? `   ${figures[0].findings} findings` : ""}`,
    );
  }
  console.log("goals: time ≤ 10× and maxRSS ≤ 2× the baseline (papaparse)");
}

await main();
