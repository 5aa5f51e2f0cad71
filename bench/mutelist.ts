/**
 * Mutelist benchmark (prints figures; not a test): `npm run build && node --import tsx bench/mutelist.ts
 * [-- --sizes 10000,30000,100000 --before DIR]`.
 *
 * A generated mutelist of N entries, all checks under the one account key `"*"` (one mapping of N keys,
 * `rule_N_*: { Resources: ["/^xN$/"], Reason: r }`), is given to the built CLI's offline scan of the
 * bundled example report (`scan --credential-report examples/credential-report.csv --no-history -q
 * --mutelist FILE`), each run in its own process. Printed per size: the file's size, the wall time and
 * the process's peak RSS. `--before DIR` runs another build (a checkout's root with dist/ built and
 * node_modules) beside this one, interleaved, so that both are measured on the same machine at once.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";

const ROOT = resolve(import.meta.dirname, "..");

/** Preloaded into the CLI's process: writes its peak RSS (KiB) to a file on exit. */
const PRELOAD = `data:text/javascript,${encodeURIComponent(
  'import { writeFileSync } from "node:fs"; process.on("exit", () => writeFileSync(process.env.CLOUDPATROL_BENCH_RSS, String(process.resourceUsage().maxRSS)));',
)}`;

/** A mutelist of `count` entries under one account key (one mapping of `count` keys). */
function generateMutelist(count: number): string {
  const lines = ["Mutelist:", "  Accounts:", '    "*":', "      Checks:"];
  for (let i = 0; i < count; i++) {
    lines.push(`        rule_${i}_*:`, `          Resources: ["/^x${i}$/"]`, "          Reason: r");
  }
  return `${lines.join("\n")}\n`;
}

interface Figures {
  readonly seconds: number;
  readonly maxRssMiB: number;
  readonly status: number | null;
}

function runCli(root: string, mutelist: string, rssFile: string): Figures {
  const t0 = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      "--import",
      PRELOAD,
      join(root, "dist", "cli", "main.js"),
      "scan",
      "--credential-report",
      join(ROOT, "examples", "credential-report.csv"),
      "--no-history",
      "-q",
      "--mutelist",
      mutelist,
    ],
    {
      env: { ...process.env, CLOUDPATROL_BENCH_RSS: rssFile },
      stdio: ["ignore", "ignore", "pipe"],
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (result.status !== 0 && result.status !== 3)
    throw new Error(`${root}: exit ${result.status}: ${result.stderr.toString().slice(0, 500)}`);
  return { seconds, maxRssMiB: Number(readFileSync(rssFile, "utf8")) / 1024, status: result.status };
}

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: { sizes: { type: "string" }, before: { type: "string" } },
});
const sizes = (values.sizes ?? "10000,30000,100000").split(",").map(Number);
const builds: [string, string][] = [
  ["this", ROOT],
  ...(values.before ? [["before", resolve(values.before)] as [string, string]] : []),
];
const dir = mkdtempSync(join(tmpdir(), "cloudpatrol-bench-mutelist-"));
try {
  console.log("## Offline scan with a mutelist of N entries under one account key (one process per run)");
  for (const size of sizes) {
    const file = join(dir, `mutelist-${size}.yaml`);
    writeFileSync(file, generateMutelist(size));
    const mib = statSync(file).size / 2 ** 20;
    for (const [name, root] of builds) {
      const figures = runCli(root, file, join(dir, "rss"));
      console.log(
        `${String(size).padStart(7)} entries (${mib.toFixed(1)} MiB)  ${name.padEnd(6)} ${figures.seconds.toFixed(2).padStart(7)} s  maxRSS ${figures.maxRssMiB.toFixed(0)} MiB  exit ${figures.status}`,
      );
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
