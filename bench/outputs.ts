/**
 * Output benchmark (prints figures; not a test): `npm run build && node --import tsx bench/outputs.ts
 * [-- --sizes 30000,300000 --formats json,ocsf,... --before DIR]`.
 *
 * A scan result of N findings (the findings of a generated 500-user report, repeated with distinct
 * uids and resource names up to N) is written in each format to a file the way `cloudpatrol scan
 * --output-file` writes it (dist/: the report's pieces through writeWholeFile). Each (format, N) runs in
 * its own child process; printed per format: the write time at each size, the time per finding (linear
 * when it stays the same), and the child's peak RSS, the findings included (goal: ≤ 300 MiB at 300,000
 * findings). `--before DIR` runs another build (a checkout's root with dist/ built), which renders
 * each report as one string.
 */
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { OUTPUT_FORMATS } from "../src/report/formats.js";
import { generateReport } from "./report-generator.js";

const ROOT = resolve(import.meta.dirname, "..");

/** The child, plain JavaScript over a build's dist/ (so that its memory is the writer's alone). */
const CHILD = `
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
const [root, reportFile, format, count, out] = process.argv.slice(1);
const load = (path) => import(join(root, "dist", path));
const { parseCredentialReportCsv } = await load("credential-report/parse.js");
const { snapshotFromReport } = await load("snapshot/from-report.js");
const { evaluate } = await load("engine/evaluate.js");
const { RULES } = await load("rules/index.js");
const { summarize } = await load("engine/summary.js");
const report = await load("report/index.js");
const { writeWholeFile } = await load("model/write-file.js");
const at = new Date("2026-12-01T12:00:00Z");
const templates = evaluate(snapshotFromReport(parseCredentialReportCsv(readFileSync(reportFile, "utf8")), at), RULES);
const findings = [];
for (let index = 0; findings.length < Number(count); index++) {
  const template = templates[index % templates.length];
  const round = Math.floor(index / templates.length);
  findings.push(round === 0 ? template : { ...template, uid: template.uid + "-" + round, resourceName: template.resourceName + "-" + round });
}
templates.length = 0;
const result = {
  schemaVersion: 1,
  scan: { startedAt: "2026-12-01T12:00:00Z", finishedAt: "2026-12-01T12:00:01Z", source: "credential-report-file",
    accounts: [{ accountId: "123456789012", partition: "aws" }], credentialReportGeneratedAt: null, credentialReportAgeSeconds: null },
  findings,
  summary: summarize(findings),
  warnings: [],
};
global.gc?.();
const heldMiB = process.memoryUsage().rss / 2 ** 20;
const t0 = performance.now();
let outcome = "ok";
try {
  const data = report.renderChunks ? report.renderChunks(result, format, { region: "us-east-1" }) : report.render(result, format, { region: "us-east-1" });
  await writeWholeFile(out, data, "the report");
} catch (error) {
  outcome = String(error && error.message || error).slice(0, 80);
}
const ms = performance.now() - t0;
process.stdout.write(JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, heldMiB, outcome }) + "\\n");
`;

interface Figures {
  ms: number;
  maxRssMiB: number;
  heldMiB: number;
  outcome: string;
}

function runChild(root: string, reportFile: string, format: string, count: number): Figures {
  const out = join(tmpdir(), `cloudpatrol-bench-output-${process.pid}.out`);
  const result = spawnSync(
    process.execPath,
    ["--expose-gc", "--input-type=module", "-e", CHILD, root, reportFile, format, String(count), out],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 20 },
  );
  rmSync(out, { force: true });
  const line = result.stdout.trim().split("\n").at(-1);
  if (!line)
    return {
      ms: Number.NaN,
      maxRssMiB: Number.NaN,
      heldMiB: Number.NaN,
      outcome: `exit ${result.status}: ${result.stderr.trim().split("\n").at(-1) ?? ""}`.slice(0, 80),
    };
  return JSON.parse(line) as Figures;
}

const { values } = parseArgs({
  options: {
    sizes: { type: "string", default: "30000,300000" },
    formats: { type: "string", default: OUTPUT_FORMATS.join(",") },
    before: { type: "string" },
  },
});
const sizes = (values.sizes ?? "").split(",").map(Number);
const formats = (values.formats ?? "").split(",");
const reportFile = join(tmpdir(), `cloudpatrol-bench-outputs-report-${process.pid}.csv`);
writeFileSync(reportFile, generateReport(500));
const builds: [string, string][] = [
  ["this build", ROOT],
  ...(values.before ? [["before", resolve(values.before)] as [string, string]] : []),
];
console.log(
  `## Writing N findings to a file, per format (each run in its own process; maxRSS includes the findings)`,
);
for (const format of formats) {
  for (const [label, root] of builds) {
    const cells = sizes.map((count) => {
      const figures = runChild(root, reportFile, format, count);
      return figures.outcome === "ok"
        ? `${count}: ${(figures.ms / 1000).toFixed(2)} s (${((figures.ms * 1000) / count).toFixed(1)} µs/finding), maxRSS ${figures.maxRssMiB.toFixed(0)} MiB (findings ${figures.heldMiB.toFixed(0)})`
        : `${count}: FAILED ${figures.outcome}`;
    });
    console.log(`${format.padEnd(15)} ${label.padEnd(11)} ${cells.join("  |  ")}`);
  }
}
rmSync(reportFile, { force: true });
