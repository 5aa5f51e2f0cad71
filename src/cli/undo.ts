/**
 * `cloudpatrol undo <run-id>`: reactivate exactly the access keys that run deactivated — only keys that
 * still exist and are still inactive — journaled like any other run. A second undo changes nothing.
 */
import { Command, Option } from "commander";
import { reconcileQuietly, remediationDocument } from "../app/remediate.js";
import { getCallerAccount } from "../aws/account.js";
import { createClients } from "../aws/clients.js";
import { EXIT } from "../engine/summary.js";
import { escapeTerminal, jsonOutput } from "../model/escape.js";
import { applyActions } from "../remediation/apply.js";
import { renderPlanText, renderReconciliationText, renderResultsText } from "../remediation/render.js";
import type { ActionResult } from "../remediation/types.js";
import { planUndo } from "../remediation/undo.js";
import {
  addAwsOptions,
  addVerbosityOptions,
  type ConnectionOptions,
  connectionFrom,
  type VerbosityOptions,
} from "./common-options.js";
import { createLogger, verbosityOf } from "./log.js";
import {
  clockFromEnv,
  confirm,
  needsYes,
  openJournal,
  requireWayToConfirm,
  STATE_DIR_HELP,
} from "./remediation-common.js";

interface UndoOptions extends ConnectionOptions, VerbosityOptions {
  yes?: boolean;
  dryRun?: boolean;
  stateDir?: string;
  output: "text" | "json";
}

async function runUndo(runIdArg: string, options: UndoOptions): Promise<number> {
  const log = createLogger(verbosityOf(options));
  const now = clockFromEnv(log);
  const { journal, db } = openJournal(options.stateDir, now);
  // An unknown, delete or undo run is refused from the journal alone, before any AWS call.
  try {
    planUndo(journal, runIdArg);
    if (!options.dryRun) requireWayToConfirm(options.yes, "reactivate access keys");
  } catch (error) {
    db.close();
    throw error;
  }
  const clients = createClients(connectionFrom(options));
  try {
    const { accountId } = await getCallerAccount(clients.sts);
    const reconciled = await reconcileQuietly(clients, journal, accountId, log);
    const plan = planUndo(journal, runIdArg, accountId);
    const json = options.output === "json";
    if (!json) {
      process.stdout.write(renderReconciliationText(reconciled));
      process.stdout.write(renderPlanText(plan, accountId, !options.dryRun, needsYes(options.yes)));
    }
    const finish = (run: { runId: string; results: readonly ActionResult[] } | null) => {
      if (json) {
        const doc = remediationDocument("undo", accountId, plan, reconciled, run);
        process.stdout.write(jsonOutput(doc));
      }
    };
    if (options.dryRun || plan.actions.length === 0) {
      if (!json && !options.dryRun) process.stdout.write("\nNothing to change.\n");
      finish(null);
      return EXIT.ok;
    }
    if (!options.yes) {
      const ok = await confirm(
        `Reactivate ${plan.actions.length} access key(s) in account ${escapeTerminal(accountId)}?`,
      );
      if (!ok) {
        log.warn("not confirmed; nothing was changed");
        finish(null);
        return EXIT.runtimeError;
      }
    }
    const runId = journal.startRun("undo", accountId, runIdArg);
    let results: ActionResult[];
    try {
      results = await applyActions(plan.actions, { iam: clients.iam, accountId, journal, runId });
    } finally {
      journal.finishRun(runId);
    }
    if (!json) process.stdout.write(`\n${renderResultsText(runId, results)}`);
    finish({ runId, results });
    return results.some((r) => r.outcome === "failed") ? EXIT.runtimeError : EXIT.ok;
  } finally {
    clients.destroy();
    db.close();
  }
}

/** Builds the `undo` command; `setExitCode` receives its exit code. */
export function undoCommand(setExitCode: (code: number) => void): Command {
  const command = new Command("undo")
    .description(
      "Reactivate the access keys a remediate run deactivated (those still inactive and existing).",
    )
    .argument(
      "<run-id>",
      "the run to undo, as printed by remediate --apply and listed by cloudpatrol journal",
    )
    .option("-y, --yes", "confirm in advance: no prompt (for CI); required when stdin is not a terminal")
    .option("--dry-run", "print what would be reactivated; change nothing")
    .option("--state-dir <dir>", STATE_DIR_HELP);
  addAwsOptions(command).addOption(
    new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text"),
  );
  return addVerbosityOptions(command)
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol journal                       # find the run id
  cloudpatrol undo r20250102T030405Z-1a2b3c --dry-run
  cloudpatrol undo r20250102T030405Z-1a2b3c --yes

Deleted keys cannot be restored. Exit codes: 0 done, 1 a reactivation failed, 2 unknown run or usage error.`,
    )
    .action(async (runId: string, options: UndoOptions) => {
      setExitCode(await runUndo(runId, options));
    });
}
