/**
 * `cloudpatrol remediate`: plan (by default) or apply the deactivation of CIS 1.11 access keys, or with
 * `--delete` the deletion of keys deactivated at least `--quarantine-days` ago. Writes to AWS only with
 * `--apply`, after printing the plan and a confirmation (terminal prompt or `--yes`).
 */
import { Command, Option } from "commander";
import { scan } from "../app/scan.js";
import { getCallerAccount } from "../aws/account.js";
import { type AwsClients, createClients } from "../aws/clients.js";
import { EXIT } from "../engine/summary.js";
import { InputError } from "../model/errors.js";
import { escapeTerminal } from "../model/escape.js";
import { applyActions } from "../remediation/apply.js";
import { DEFAULT_QUARANTINE_DAYS, planDeletion } from "../remediation/delete.js";
import { type RemediableFinding, readFindingsFile } from "../remediation/findings-file.js";
import { type Reconciliation, reconcilePending } from "../remediation/reconcile.js";
import { isRemediated, planRemediation } from "../remediation/remediators.js";
import {
  countOutcomes,
  renderPlanText,
  renderReconciliationText,
  renderResultsText,
} from "../remediation/render.js";
import type { ActionResult, RemediationPlan } from "../remediation/types.js";
import { RULES } from "../rules/index.js";
import {
  addAwsOptions,
  addVerbosityOptions,
  type ConnectionOptions,
  connectionFrom,
  type VerbosityOptions,
} from "./common-options.js";
import { createLogger, type Logger, verbosityOf } from "./log.js";
import {
  clockFromEnv,
  collect,
  confirm,
  envMilliseconds,
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

/** JSON output schema version of remediate and undo. */
export const REMEDIATION_OUTPUT_VERSION = 1;

/** The JSON document `remediate --output json` and `undo --output json` print. */
export function remediationDocument(
  command: string,
  accountId: string | null,
  plan: RemediationPlan,
  reconciled: readonly Reconciliation[],
  run: { runId: string; results: readonly ActionResult[] } | null,
) {
  return {
    schemaVersion: REMEDIATION_OUTPUT_VERSION,
    command,
    accountId,
    applied: run !== null,
    plan,
    reconciled: reconciled.map((item) => ({
      entryId: item.entry.entryId,
      runId: item.entry.runId,
      userName: item.entry.userName,
      accessKeyId: item.entry.accessKeyId,
      action: item.entry.action,
      outcome: item.outcome,
      reason: item.reason,
    })),
    run: run && { runId: run.runId, results: run.results, summary: countOutcomes(run.results) },
  };
}

/** Reconciles pending entries, warning instead of failing when AWS cannot be read. */
export async function reconcileQuietly(
  clients: AwsClients,
  journal: ReturnType<typeof openJournal>["journal"],
  accountId: string,
  log: Logger,
): Promise<Reconciliation[]> {
  const pending = journal.pending(accountId);
  if (pending.length === 0) return [];
  log.warn(
    `${pending.length} pending journal entr${pending.length === 1 ? "y" : "ies"} found; reconciling from AWS`,
  );
  return reconcilePending(clients.iam, journal, accountId, null);
}

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
  const connection = connectionFrom(options);
  const filter = { users: options.user ?? [], excludeUsers: options.excludeUser ?? [] };
  let clients: AwsClients | undefined;
  try {
    let findings: readonly RemediableFinding[] = [];
    let accountId: string | null = null;
    if (options.from) {
      findings = await readFindingsFile(options.from);
    } else if (!options.delete) {
      const pollBaseMs = envMilliseconds("CLOUDPATROL_REPORT_POLL_MS");
      log.info("scanning the account (read-only) to find the keys to remediate");
      // Only the rules that have a remediator: their datasets, nothing else (no region, no policy).
      const result = await scan({
        connection,
        rules: RULES.filter((rule) => isRemediated(rule.id)),
        ...(pollBaseMs !== undefined ? { reportPollBaseMs: pollBaseMs } : {}),
      });
      for (const warning of result.warnings) log.warn(warning);
      findings = result.findings;
      accountId = result.scan.accounts[0]?.accountId ?? null;
    }
    const needAws = !options.from || options.apply || options.delete || journal.pending().length > 0;
    let reconciled: Reconciliation[] = [];
    if (needAws) {
      clients = createClients(connection);
      try {
        accountId = (await getCallerAccount(clients.sts)).accountId;
        reconciled = await reconcileQuietly(clients, journal, accountId, log);
      } catch (error) {
        if (options.apply || options.delete || !options.from) throw error;
        log.warn(`could not reach AWS to reconcile pending journal entries: ${(error as Error).message}`);
      }
    }
    const plan: RemediationPlan = options.delete
      ? planDeletion(journal.succeeded(accountId ?? ""), {
          ...filter,
          accountId: accountId ?? "",
          now: now(),
          quarantineDays: options.quarantineDays,
          force: options.force ?? false,
        })
      : planRemediation(findings, { ...filter, ...(accountId ? { accountId } : {}) });

    const json = options.output === "json";
    if (!json) {
      process.stdout.write(renderReconciliationText(reconciled));
      if (reconciled.length > 0) process.stdout.write("\n");
      process.stdout.write(renderPlanText(plan, accountId, options.apply === true));
    }
    const finish = (run: { runId: string; results: readonly ActionResult[] } | null) => {
      if (json) {
        const doc = remediationDocument("remediate", accountId, plan, reconciled, run);
        process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      }
    };
    if (!options.apply) {
      finish(null);
      return EXIT.ok;
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
      return EXIT.ok;
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
    const runId = journal.startRun(plan.kind, accountId);
    log.warn(`run ${runId}: applying ${plan.actions.length} change(s)`);
    let results: ActionResult[];
    try {
      results = await applyActions(plan.actions, {
        iam: clients.iam,
        accountId,
        journal,
        runId,
        onResult: (result) =>
          log.info(`${result.outcome}: ${result.action.action} ${escapeTerminal(result.action.accessKeyId)}`),
      });
    } finally {
      journal.finishRun(runId);
    }
    if (!json) {
      process.stdout.write(`\n${renderResultsText(runId, results)}`);
      if (plan.kind === "deactivate" && results.some((r) => r.outcome === "succeeded")) {
        process.stdout.write(`Undo with: cloudpatrol undo ${runId}\n`);
      }
    }
    finish({ runId, results });
    return results.some((r) => r.outcome === "failed") ? EXIT.runtimeError : EXIT.ok;
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
    .option("--user <name>", "only this IAM user (repeatable)", collect)
    .option("--exclude-user <name>", "never this IAM user (repeatable)", collect)
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

Exit codes: 0 every planned action done (or plan only), 1 an action failed or AWS/I/O error,
2 usage error, invalid --from file, or a plan larger than --max-changes.`,
    )
    .action(async (options: RemediateOptions) => {
      setExitCode(await runRemediate(options));
    });
}
