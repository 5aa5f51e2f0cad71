/**
 * Credential report benchmark (prints figures; not a test):
 * `node --import tsx bench/credential-report.ts [-- --users 5000 --rounds 7 --runs 3 --before DIR]`.
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
 *
 * Printed beside them, the floor of any evaluation that keeps one finding per judged resource: the same
 * parse, then as many findings as the rules give, each built by `buildFinding` with its uid (SHA-256),
 * a short sentence and a two-field evidence, and no judgement at all.
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
const [kind, file, root, runs, count] = process.argv.slice(1);
const text = readFileSync(file, "utf8");
let work;
if (kind === "split") {
  work = () => text.split("\\n").map((line) => line.split(",")).length;
} else if (kind === "papaparse") {
  const { default: Papa } = await import("papaparse");
  work = () => Papa.parse(text, { skipEmptyLines: true }).data.length;
} else if (kind === "floor") {
  const load = (path) => import(join(root, "dist", path));
  const { parseCredentialReportCsv } = await load("credential-report/parse.js");
  const { snapshotFromReport } = await load("snapshot/from-report.js");
  const { buildFinding } = await load("model/finding.js");
  const at = new Date("2026-12-01T12:00:00Z");
  // As many findings as the rules gave (count, from the cloudpatrol case), spread over users and rule ids.
  const ruleIds = ["rule_a", "rule_b", "rule_c", "rule_d", "rule_e", "rule_f", "rule_g", "rule_h"];
  work = () => {
    const snapshot = snapshotFromReport(parseCredentialReportCsv(text, { source: "bench" }), at);
    const rows = snapshot.credentialReport.rows;
    const findings = [];
    for (let index = 0; findings.length < Number(count); index++) {
      const rule = { id: ruleIds[Math.floor(index / rows.length) % ruleIds.length], severity: "medium" };
      const row = rows[index % rows.length];
      findings.push(
        buildFinding(rule, snapshot, {
          status: "PASS",
          resourceType: "AWS::IAM::User",
          resourceArn: row.arn,
          resourceName: row.user,
          identity: [row.arn],
          statusExtended: \`\${row.user} was judged by \${rule.id}.\`,
          evidence: { userName: row.user, userArn: row.arn },
        }),
      );
    }
    return findings.length;
  };
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

function runChild(kind: string, file: string, root: string, runs: number, count: number): Figures {
  const result = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", CHILD, kind, file, root, String(runs), String(count)],
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
      // Runs per child, the best kept: 3 (the issue's figures) includes JIT warm-up; 10 comes near the
      // steady state of a long-lived process.
      runs: { type: "string", default: "3" },
      before: { type: "string" },
    },
  });
  const users = Number(values.users);
  const rounds = Number(values.rounds);
  const runs = Number(values.runs);
  const file = join(tmpdir(), `cloudpatrol-bench-report-${users}.csv`);
  const text = generateReport(users);
  writeFileSync(file, text);
  const cases: [string, string, string][] = [
    ["baseline: papaparse into arrays", "papaparse", ROOT],
    ["split into arrays", "split", ROOT],
    ["cloudpatrol: parse + report rules", "cloudpatrol", ROOT],
    ["floor: parse + bare findings", "floor", ROOT],
    ...(values.before
      ? [["before: parse + report rules", "cloudpatrol", resolve(values.before)] as [string, string, string]]
      : []),
  ];
  const results = new Map<string, Figures[]>();
  for (let round = 0; round < rounds; round++) {
    for (const [label, kind, root] of cases) {
      // Each child runs its case `runs` times (JIT warm-up) and reports the best: one figure per round.
      // The floor builds as many findings as the cloudpatrol case (run before it) gave.
      const count = results.get("cloudpatrol: parse + report rules")?.at(-1)?.findings ?? 0;
      results.set(label, [...(results.get(label) ?? []), runChild(kind, file, root, runs, count)]);
    }
  }
  console.log(
    `## Credential report of ${users.toLocaleString("en-US")} users (${(text.length / 2 ** 20).toFixed(1)} MiB), medians of ${rounds} interleaved rounds, best of ${runs} runs each`,
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
