/**
 * `cloudpatrol history`: lists the recorded scans, newest first. Local only: no AWS call.
 */
import { existsSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { listScans } from "../app/history/list.js";
import { historyJson, historyText } from "../app/history/render.js";
import { openStateDatabase } from "../store/database.js";
import { addDebugOption } from "./common-options.js";
import { STATE_DIR_HELP, stateDatabasePath } from "./remediation-common.js";

/** `--limit`: 1 or more (0 would list nothing and read as "no scans recorded yet"). */
function limitValue(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1)
    throw new InvalidArgumentError("--limit takes a whole number, 1 or more.");
  return number;
}

interface HistoryOptions {
  stateDir?: string;
  limit?: number;
  output: "text" | "json";
}

function runHistory(options: HistoryOptions): void {
  const path = stateDatabasePath(options.stateDir);
  let scans: ReturnType<typeof listScans> = [];
  // No database yet: nothing recorded; do not create one just to list it.
  if (existsSync(path)) {
    const db = openStateDatabase(path);
    try {
      scans = listScans(db, options.limit);
    } finally {
      db.close();
    }
  }
  process.stdout.write(options.output === "json" ? historyJson(scans) : historyText(scans, path));
}

/** Builds the `history` command. */
export function historyCommand(): Command {
  const command = new Command("history")
    .description("List the recorded scans, newest first: id, start time, counts per status, scope.")
    .option("--limit <n>", "only the newest N scans", limitValue)
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      `
Every cloudpatrol scan is recorded unless run with --no-history. Compare two with cloudpatrol diff.

Examples:
  cloudpatrol history
  cloudpatrol history --limit 5 --output json`,
    )
    .action((options: HistoryOptions) => {
      runHistory(options);
    });
  return addDebugOption(command);
}
