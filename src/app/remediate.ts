/**
 * The remediation use case, shared by `cloudpatrol remediate` and `undo` (the CLI parses options,
 * prints, asks for confirmation; this module does the work): find what to change (a scan with the
 * remediated rules only, a saved findings file, or the journal for deletions), reconcile journal entries
 * a crash left pending, plan, and apply a plan with every action journaled. Writes to AWS only in
 * {@link applyPlan}.
 */
import { getCallerAccount } from "../aws/account.js";
import { type AwsClients, type AwsConnection, createClients } from "../aws/clients.js";
import { applyActions } from "../remediation/apply.js";
import { planDeletion } from "../remediation/delete.js";
import { type RemediableFinding, readFindingsFile } from "../remediation/findings-file.js";
import type { Journal } from "../remediation/journal.js";
import { REMEDIATED_RULE_ALIASES } from "../remediation/plan.js";
import { type Reconciliation, reconcilePending } from "../remediation/reconcile.js";
import { isRemediated, planRemediation } from "../remediation/remediators.js";
import { countOutcomes } from "../remediation/render.js";
import type { ActionResult, RemediationPlan } from "../remediation/types.js";
import { RULES } from "../rules/index.js";
import { scan } from "./scan.js";

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

/** Progress and warnings, for the caller to show. */
export interface RemediationLog {
  info(message: string): void;
  warn(message: string): void;
}

/** Reconciles pending entries of `accountId`, warning instead of failing when AWS cannot be read. */
export async function reconcileQuietly(
  clients: AwsClients,
  journal: Journal,
  accountId: string,
  log: RemediationLog,
): Promise<Reconciliation[]> {
  const pending = journal.pending(accountId);
  if (pending.length === 0) return [];
  log.warn(
    `${pending.length} pending journal entr${pending.length === 1 ? "y" : "ies"} found; reconciling from AWS`,
  );
  return reconcilePending(clients.iam, journal, accountId, null);
}

/** What {@link prepareRemediation} needs. */
export interface PrepareOptions {
  readonly journal: Journal;
  readonly connection: AwsConnection;
  /** Plan from this saved `scan --output json` file instead of scanning. */
  readonly from?: string;
  /** Plan the deletion of keys the journal deactivated at least `quarantineDays` ago. */
  readonly delete?: boolean;
  readonly quarantineDays: number;
  /** With `delete`: ignore the quarantine. */
  readonly force?: boolean;
  /** Changes will be applied: AWS must be reachable. */
  readonly apply?: boolean;
  readonly users: readonly string[];
  readonly excludeUsers: readonly string[];
  /** The clock (UTC). */
  readonly now: () => Date;
  /** First wait while the credential report is generated, in milliseconds. */
  readonly reportPollBaseMs?: number;
  readonly log: RemediationLog;
}

/** A plan, the journal entries reconciled on the way, and the clients to apply it with. */
export interface PreparedRemediation {
  readonly plan: RemediationPlan;
  /** The credentials' account, when AWS was reached (or the scan's). */
  readonly accountId: string | null;
  readonly reconciled: readonly Reconciliation[];
  /** Made when AWS is needed; the caller destroys them. */
  readonly clients: AwsClients | undefined;
  /**
   * The ERROR findings of the remediated rules in the credentials' account (every account when it is
   * unknown), written with its id or Prowler's: what the scan or the file could not judge, so the plan
   * may miss keys (the caller says so, and exits 1). Empty for `delete`.
   */
  readonly unjudged: readonly RemediableFinding[];
}

/**
 * Finds what to change and plans it: a scan with the remediated rules only (so only their datasets are
 * read), or the `from` file, or for `delete` the journal; reconciles pending entries first.
 * @throws {@link AwsApiError} when AWS is needed (a scan, `apply`, `delete`) and cannot be reached.
 */
export async function prepareRemediation(options: PrepareOptions): Promise<PreparedRemediation> {
  const { journal, log } = options;
  let findings: readonly RemediableFinding[] = [];
  let accountId: string | null = null;
  if (options.from) {
    findings = await readFindingsFile(options.from);
  } else if (!options.delete) {
    log.info("scanning the account (read-only) to find the keys to remediate");
    const result = await scan({
      connection: options.connection,
      rules: RULES.filter((rule) => isRemediated(rule.id)),
      ...(options.reportPollBaseMs !== undefined ? { reportPollBaseMs: options.reportPollBaseMs } : {}),
    });
    for (const warning of result.warnings) log.warn(warning);
    findings = result.findings;
    accountId = result.scan.accounts[0]?.accountId ?? null;
  }
  // Every plan is made for the credentials' account, a printed one from a file too (its findings of
  // other accounts are skipped, as --apply skips them); a plan from a file stays possible offline.
  let reconciled: Reconciliation[] = [];
  const clients: AwsClients = createClients(options.connection);
  try {
    accountId = (await getCallerAccount(clients.sts)).accountId;
    reconciled = await reconcileQuietly(clients, journal, accountId, log);
  } catch (error) {
    if (options.apply || options.delete || !options.from) {
      clients.destroy();
      throw error;
    }
    log.warn(
      `could not identify the credentials' account (${(error as Error).message}): the plan lists the findings of every account in the file, and pending journal entries are not reconciled; --apply acts on the credentials' account only`,
    );
  }
  const filter = { users: options.users, excludeUsers: options.excludeUsers };
  const plan: RemediationPlan = options.delete
    ? planDeletion(journal.succeeded(accountId ?? ""), {
        ...filter,
        accountId: accountId ?? "",
        now: options.now(),
        quarantineDays: options.quarantineDays,
        force: options.force ?? false,
      })
    : planRemediation(findings, { ...filter, ...(accountId ? { accountId } : {}) });
  const unjudged = findings.filter(
    (finding) =>
      finding.status === "ERROR" &&
      // An ERROR written with the rule's Prowler id is no less unjudged (its FAIL findings are skipped).
      (isRemediated(finding.ruleId) || REMEDIATED_RULE_ALIASES.includes(finding.ruleId)) &&
      (accountId === null || finding.accountId === accountId),
  );
  return { plan, accountId, reconciled, clients, unjudged };
}

/**
 * Applies `plan` in `accountId`, one journaled action at a time (intent, then outcome), as one run.
 * @returns the run id and every action's result (a failure of one action never stops the others).
 */
export async function applyPlan(input: {
  readonly plan: RemediationPlan;
  readonly clients: AwsClients;
  readonly accountId: string;
  readonly journal: Journal;
  /** Called with the run id before the first change. */
  readonly onStart?: (runId: string) => void;
  readonly onResult?: (result: ActionResult) => void;
}): Promise<{ runId: string; results: ActionResult[] }> {
  const { plan, journal } = input;
  const runId = journal.startRun(plan.kind, input.accountId);
  input.onStart?.(runId);
  try {
    const results = await applyActions(plan.actions, {
      iam: input.clients.iam,
      accountId: input.accountId,
      journal,
      runId,
      ...(input.onResult ? { onResult: input.onResult } : {}),
    });
    return { runId, results };
  } finally {
    journal.finishRun(runId);
  }
}
