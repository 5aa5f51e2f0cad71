/**
 * `cloudpatrol journal [--run ID]`: lists the remediation journal (runs and their entries). Local
 * only: no AWS call. Pending entries (a run stopped between intent and outcome) show as PENDING.
 */
import { existsSync } from "node:fs";
import { Command, Option } from "commander";
import { InputError } from "../model/errors.js";
import { Journal } from "../remediation/journal.js";
import { renderJournalText } from "../remediation/render.js";
import { openStateDatabase } from "../store/database.js";
import { addDebugOption } from "./common-options.js";
import { STATE_DIR_HELP, stateDatabasePath } from "./remediation-common.js";

interface JournalOptions {
  run?: string;
  stateDir?: string;
  output: "text" | "json";
}

function runJournal(options: JournalOptions): void {
  const path = stateDatabasePath(options.stateDir);
  if (!existsSync(path)) {
    if (options.run) throw new InputError(`no run ${options.run}: there is no journal at ${path} yet`);
    if (options.output === "json")
      process.stdout.write(`${JSON.stringify({ schemaVersion: 1, runs: [], entries: [] }, null, 2)}\n`);
    else process.stdout.write(`No journal yet at ${path}.\n`);
    return;
  }
  const db = openStateDatabase(path);
  try {
    const journal = new Journal(db);
    let runs = journal.runs();
    if (options.run !== undefined) {
      runs = runs.filter((run) => run.runId === options.run);
      if (runs.length === 0) throw new InputError(`no run ${options.run} in the journal at ${path}`);
    }
    const entries = journal.entries(options.run);
    if (options.output === "json") {
      process.stdout.write(`${JSON.stringify({ schemaVersion: 1, runs, entries }, null, 2)}\n`);
    } else {
      process.stdout.write(renderJournalText(runs, entries));
    }
  } finally {
    db.close();
  }
}

/** Builds the `journal` command. */
export function journalCommand(): Command {
  const command = new Command("journal")
    .description("List the remediation journal: every run and every action on every access key.")
    .option("--run <run-id>", "only this run")
    .option("--state-dir <dir>", STATE_DIR_HELP)
    .addOption(new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text"))
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol journal
  cloudpatrol journal --run r20250102T030405Z-1a2b3c --output json`,
    )
    .action((options: JournalOptions) => {
      runJournal(options);
    });
  return addDebugOption(command);
}
