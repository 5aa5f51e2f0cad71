/**
 * `cloudpatrol remediate`: plan (by default) or apply the deactivation of CIS 1.11 access keys, or with
 * `--delete` the deletion of keys deactivated at least `--quarantine-days` ago. Writes to AWS only with
 * `--apply`, after printing the plan and a confirmation (terminal prompt or `--yes`).
 */
import { Command, Option } from "commander";
import type { AwsClients } from "../aws/clients.js";
import { EXIT } from "../engine/summary.js";
import { InputError } from "../model/errors.js";
import { escapeTerminal, jsonOutput } from "../model/escape.js";
import { DEFAULT_QUARANTINE_DAYS } from "../remediation/delete.js";
import { renderPlanText, renderReconciliationText, renderResultsText } from "../remediation/render.js";
import type { ActionResult } from "../remediation/types.js";
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
  collectUserName,
  confirm,
  envMilliseconds,
  needsYes,
  nonNegativeNumber,
  openJournal,
  requireWayToConfirm,
  STATE_DIR_HELP,
  wholeNumber,
} from "./remediation-common.js";

interface RemediateOptions extends ConnectionOptions, VerbosityOptions {
  from?: string;
  apply?: boolean;
  yes?: boolean;
  maxChanges: number;
  user?: string[];
  excludeUser?: string[];
  delete?: boolean;
  quarantineDays: number;
  force?: boolean;
  stateDir?: string;
  output: "text" | "json";
}

import { applyPlan, prepareRemediation, remediationDocument } from "../app/remediate.js";

async function runRemediate(options: RemediateOptions): Promise<number> {
  const log = createLogger(verbosityOf(options));
  if (options.delete && options.from) {
    throw new InputError("--delete plans from the journal of earlier runs; it does not read --from");
  }
  if (options.force && !options.delete) throw new InputError("--force only applies to --delete");
  if (options.apply)
    requireWayToConfirm(options.yes, options.delete ? "delete access keys" : "deactivate access keys");
  const now = clockFromEnv(log);
  const { journal, db, path } = openJournal(options.stateDir, now);
  log.info(`journal: ${path}`);
  let clients: AwsClients | undefined;
  try {
    const pollBaseMs = envMilliseconds("CLOUDPATROL_REPORT_POLL_MS");
    const prepared = await prepareRemediation({
      journal,
      connection: connectionFrom(options),
      ...(options.from ? { from: options.from } : {}),
      ...(options.delete ? { delete: true } : {}),
      quarantineDays: options.quarantineDays,
      ...(options.force ? { force: true } : {}),
      ...(options.apply ? { apply: true } : {}),
      users: options.user ?? [],
      excludeUsers: options.excludeUser ?? [],
      now,
      ...(pollBaseMs !== undefined ? { reportPollBaseMs: pollBaseMs } : {}),
      log,
    });
    clients = prepared.clients;
    const { plan, accountId, reconciled, unjudged } = prepared;
    // What could not be judged is said first, and makes the run end with 1: an empty plan is no "all clear".
    for (const finding of unjudged)
      process.stderr.write(
        `error: not judged, so the plan may miss keys: ${escapeTerminal(finding.statusExtended)}\n`,
      );
    const judged = (code: number) => (unjudged.length > 0 && code === EXIT.ok ? EXIT.runtimeError : code);

    const json = options.output === "json";
    if (!json) {
      process.stdout.write(renderReconciliationText(reconciled));
      if (reconciled.length > 0) process.stdout.write("\n");
      process.stdout.write(renderPlanText(plan, accountId, options.apply === true, needsYes(options.yes)));
    }
    const finish = (run: { runId: string; results: readonly ActionResult[] } | null) => {
      if (json) {
        const doc = remediationDocument("remediate", accountId, plan, reconciled, run);
        process.stdout.write(jsonOutput(doc));
      }
    };
    if (!options.apply) {
      finish(null);
      return judged(EXIT.ok);
    }
    if (plan.actions.length > options.maxChanges) {
      finish(null);
      throw new InputError(
        `the plan has ${plan.actions.length} changes, more than --max-changes ${options.maxChanges}; nothing was changed. ` +
          "Narrow it with --user / --exclude-user, or raise --max-changes.",
      );
    }
    if (plan.actions.length === 0 || !clients || !accountId) {
      if (!json) process.stdout.write("\nNothing to change.\n");
      finish(null);
      return judged(EXIT.ok);
    }
    if (!options.yes) {
      const verb = options.delete ? "DELETE (cannot be undone)" : "deactivate";
      const ok = await confirm(
        `${verb} ${plan.actions.length} access key(s) in account ${escapeTerminal(accountId)}?`,
      );
      if (!ok) {
        log.warn("not confirmed; nothing was changed");
        finish(null);
        return EXIT.runtimeError;
      }
    }
    const { runId, results } = await applyPlan({
      plan,
      clients,
      accountId,
      journal,
      onStart: (runId) => log.warn(`run ${runId}: applying ${plan.actions.length} change(s)`),
      onResult: (result) =>
        log.info(`${result.outcome}: ${result.action.action} ${escapeTerminal(result.action.accessKeyId)}`),
    });
    if (!json) {
      process.stdout.write(`\n${renderResultsText(runId, results)}`);
      if (plan.kind === "deactivate" && results.some((r) => r.outcome === "succeeded")) {
        process.stdout.write(`Undo with: cloudpatrol undo ${runId}\n`);
      }
    }
    finish({ runId, results });
    return judged(results.some((r) => r.outcome === "failed") ? EXIT.runtimeError : EXIT.ok);
  } finally {
    clients?.destroy();
    db.close();
  }
}

/** Builds the `remediate` command; `setExitCode` receives its exit code. */
export function remediateCommand(setExitCode: (code: number) => void): Command {
  const command = new Command("remediate")
    .description(
      "Deactivate the access keys CIS 1.11 flags (or delete keys deactivated earlier). Shows the plan and changes nothing without --apply.",
    )
    .option(
      "--from <findings.json>",
      "plan from a saved `cloudpatrol scan --output json` instead of scanning now",
    )
    .option("--apply", "make the changes (after a confirmation prompt, or --yes)")
    .option(
      "-y, --yes",
      "confirm in advance: no prompt (for CI); required with --apply when stdin is not a terminal",
    )
    .option(
      "--max-changes <n>",
      "refuse to apply a plan with more changes than this",
      wholeNumber("--max-changes"),
      20,
    )
    .option("--user <name>", "only this IAM user (repeatable)", collectUserName)
    .option("--exclude-user <name>", "never this IAM user (repeatable)", collectUserName)
    .option(
      "--delete",
      "delete keys cloudpatrol deactivated at least --quarantine-days ago (cannot be undone)",
    )
    .option(
      "--quarantine-days <days>",
      "with --delete: how long a key must have been inactive, per the journal",
      nonNegativeNumber("--quarantine-days"),
      DEFAULT_QUARANTINE_DAYS,
    )
    .option("--force", "with --delete: also delete inactive keys still in quarantine")
    .option("--state-dir <dir>", STATE_DIR_HELP);
  addAwsOptions(command).addOption(
    new Option("-o, --output <format>", "output format").choices(["text", "json"]).default("text"),
  );
  return addVerbosityOptions(command)
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol remediate                                  # scan now, print the plan; changes nothing
  cloudpatrol remediate --from findings.json             # plan from a saved scan
  cloudpatrol remediate --apply                          # deactivate, after a prompt
  cloudpatrol remediate --apply --yes --max-changes 5    # CI
  cloudpatrol remediate --delete                         # plan deletion of keys deactivated 7+ days ago
  cloudpatrol remediate --delete --apply --yes

Only FAIL findings of iam_user_no_access_key_at_setup that name an exact access key id are acted on;
muted findings never. Right before each change the key is re-read and skipped if it is no longer
active, has been used, or is gone. Every action is journaled (see cloudpatrol journal); a deactivation
run can be undone with cloudpatrol undo <run-id>. Deletion cannot be undone.

Environment: CLOUDPATROL_NOW=<ISO time> fixes the clock of the journal and quarantine (tests).

Exit codes: 0 every planned action done (or plan only), 1 an action failed, the scan or --from file
holds an ERROR of CIS 1.11 (keys it could not judge), or AWS/I/O error,
2 usage error, invalid --from file, or a plan larger than --max-changes.`,
    )
    .action(async (options: RemediateOptions) => {
      setExitCode(await runRemediate(options));
    });
}
