/**
 * `cloudpatrol diff [--from ID] [--to ID]`: what changed between two recorded scans — findings new,
 * resolved, still failing (with firstSeen) and changed status. Local only: no AWS call.
 */
import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { diffScans, reverseOrderWarning } from "../app/history/diff.js";
import { diffPair, scanFindings } from "../app/history/list.js";
import { diffJson, diffText } from "../app/history/render.js";
import { rulesOfScope } from "../app/history/rules-of.js";
import { InputError } from "../model/errors.js";
import { escapeTerminal } from "../model/escape.js";
import { openStateDatabase } from "../store/database.js";
import { addDebugOption } from "./common-options.js";
import { STATE_DIR_HELP, stateDatabasePath } from "./remediation-common.js";

interface DiffOptions {
  from?: string;
  to?: string;
  stateDir?: string;
  output: "text" | "json";
}

function runDiff(options: DiffOptions): void {
  const path = stateDatabasePath(options.stateDir);
  if (!existsSync(path))
    throw new InputError(`no scan history at ${path} yet: run cloudpatrol scan twice, then diff`);
  const db = openStateDatabase(path);
  try {
    const { from, to } = diffPair(db, options.from, options.to);
    // Said on stderr (stdout is the diff, as asked); the exit code stays 0.
    const reversed = reverseOrderWarning(from, to);
    if (reversed) process.stderr.write(`warning: ${escapeTerminal(reversed)}\n`);
    const diff = diffScans(from, scanFindings(db, from), to, scanFindings(db, to), { rulesOf: rulesOfScope });
    process.stdout.write(options.output === "json" ? diffJson(diff) : diffText(diff));
  } finally {
    db.close();
  }
}

/** Builds the `diff` command. */
export function diffCommand(): Command {
  const command = new Command("diff")
    .description(
      "Compare two recorded scans: findings new, resolved, still failing (with first seen) and changed status.",
    )
    .option("--from <scan-id>", "the earlier scan (default: the scan of the same scope before --to)")
    .option(
      "--to <scan-id>",
      "the later scan (default: the last scan recorded, or with --from the last of its scope)",
    )
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      `
A scope is the source (live or credential report file), the sorted account ids and the rule selection
(--framework, --rule); the default compares the last two scans of one scope. Scan ids: cloudpatrol history.

Examples:
  cloudpatrol diff                                      # the last scan against the one before it
  cloudpatrol diff --from s20250102T030405Z-1a2b3c --to s20250109T030405Z-4d5e6f --output json`,
    )
    .action((options: DiffOptions) => {
      runDiff(options);
    });
  return addDebugOption(command);
}
