/**
 * Several accounts in one run: the accounts of an AWS Organization (`--org`) or a list
 * (`--accounts`), each member reached through STS AssumeRole, scanned in parallel up to a bound
 * (`--concurrency`), each with its own clients and retry budget. An account that cannot be assumed or
 * read gets ERROR findings naming it and the reason; the others finish.
 */
import { performance } from "node:perf_hooks";
import pLimit from "p-limit";
import { AccountMismatchError, getCallerAccount } from "../aws/account.js";
import { createClients } from "../aws/clients.js";
import { memberConnection } from "../aws/member-connections.js";
import { createOrganizationsClient, listActiveAccounts } from "../aws/organizations.js";
import { withFrameworks } from "../engine/evaluate.js";
import { manualFindings } from "../engine/manual.js";
import { type AccountEvent, SCHEMA_VERSION, type ScannedAccount, type ScanResult } from "../engine/result.js";
import { addSummaries, type Summary, summarize } from "../engine/summary.js";
import { AwsApiError, InputError } from "../model/errors.js";
import { buildFinding, type Finding } from "../model/finding.js";
import { isoTime } from "../model/time.js";
import { DEFAULT_RULES } from "../rules/index.js";
import { type AccountScan, scanAccount } from "./scan-account.js";
import type { ScanOptions } from "./scan-options.js";

/** `--concurrency` default. */
export const DEFAULT_CONCURRENCY = 8;

const ACCOUNT_ID = /^\d{12}$/;

/** One account to scan. */
interface Target {
  readonly id: string;
  readonly name: string | null;
}

/** What one account's scan gave. */
interface AccountResult {
  readonly account: ScannedAccount;
  /** Empty when a findings sink took them. */
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  readonly warnings: string[];
  readonly reportAgeSeconds: number | null;
  readonly reportGeneratedAt: string | null;
}

function checkIds(ids: readonly string[], option: string): void {
  const bad = ids.filter((id) => !ACCOUNT_ID.test(id));
  if (bad.length > 0)
    throw new InputError(
      `${option} takes 12-digit account ids; not one: ${bad.map((id) => JSON.stringify(id)).join(", ")}`,
    );
}

/** Account ids a "no account left" error names before it says how many more there are. */
const NAMED_IDS = 3;

/**
 * `ids` for a message, at most {@link NAMED_IDS} of them: `111111111111, 222222222222, 333333333333 and
 * 2 more`. Ids are checked 12-digit ids (`checkIds`) or the Organization's own, never free text.
 */
function idList(ids: readonly string[]): string {
  const more = ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : "";
  return `${ids.slice(0, NAMED_IDS).join(", ")}${more}`;
}

/** `account 111111111111`, or `5 accounts (111111111111, 222222222222, 333333333333 and 2 more)`. */
function accountsPhrase(ids: readonly string[]): string {
  return ids.length === 1 ? `account ${ids[0]}` : `${ids.length} accounts (${idList(ids)})`;
}

/**
 * Why no account is left to scan: the accounts of `--accounts` that are not ACTIVE members of the
 * Organization, and the accounts `--exclude-accounts` left out; empty when neither happened.
 */
function noneLeftReasons(
  notActive: readonly string[],
  candidates: readonly Target[],
  excluded: ReadonlySet<string>,
  fromOrganization: boolean,
  named: boolean,
): string[] {
  const reasons: string[] = [];
  if (notActive.length > 0)
    reasons.push(
      `${accountsPhrase(notActive)} of --accounts ${notActive.length === 1 ? "is not an ACTIVE account" : "are not ACTIVE accounts"} of the Organization`,
    );
  const left = candidates.filter((account) => excluded.has(account.id)).map((account) => account.id);
  if (left.length > 0)
    reasons.push(
      fromOrganization && !named
        ? `every ACTIVE account of the Organization (${idList(left)}) is excluded by --exclude-accounts`
        : `${accountsPhrase(left)} of --accounts ${left.length === 1 ? "is" : "are"} excluded by --exclude-accounts`,
    );
  return reasons;
}

/** The accounts to scan, in order, without duplicates; warnings for ids named but not scannable. */
async function targets(
  options: ScanOptions,
  callerConnection: Parameters<typeof createOrganizationsClient>[0],
): Promise<{ targets: Target[]; warnings: string[] }> {
  const warnings: string[] = [];
  const named = options.accountIds ? [...new Set(options.accountIds)] : undefined;
  const excluded = new Set(options.excludeAccountIds ?? []);
  if (named) checkIds(named, "--accounts");
  checkIds([...excluded], "--exclude-accounts");
  let list: Target[];
  const notActive: string[] = [];
  /** The first warning about an entry of ListAccounts left out, and how many were. */
  let leftOut: { first: string; count: number } | undefined;
  if (options.organization) {
    const client = createOrganizationsClient(callerConnection);
    try {
      const listing = await listActiveAccounts(client);
      warnings.push(...listing.warnings);
      if (listing.leftOut > 0) leftOut = { first: listing.warnings[0] ?? "", count: listing.leftOut };
      const active = listing.accounts.map((account) => ({ id: account.id, name: account.name }));
      if (named) {
        const byId = new Map(active.map((account) => [account.id, account]));
        list = [];
        for (const id of named) {
          const account = byId.get(id);
          if (account) list.push(account);
          else {
            notActive.push(id);
            warnings.push(`account ${id} is not an ACTIVE account of the Organization; not scanned.`);
          }
        }
      } else list = active;
    } finally {
      client.destroy();
    }
  } else {
    list = (named ?? []).map((id) => ({ id, name: null }));
  }
  const candidates = list;
  list = list.filter((account) => !excluded.has(account.id));
  if (list.length === 0) {
    const reasons = noneLeftReasons(notActive, candidates, excluded, options.organization === true, !!named);
    // The run's warnings are not printed when it stops here: the first says what was wrong.
    if (leftOut)
      reasons.push(
        `${leftOut.count === 1 ? "1 entry" : `${leftOut.count} entries`} of the Organization's list could not be scanned (the first: ${leftOut.first.replace(/\.$/, "")})`,
      );
    throw new InputError(
      `no account left to scan${reasons.length > 0 ? `: ${reasons.join("; ")}` : ""} (check --org, --accounts and --exclude-accounts).`,
    );
  }
  return { targets: list, warnings };
}

/**
 * One ERROR finding per rule for an account that could not be scanned at all; with `manualFramework`
 * (`--framework`), then the MANUAL findings of the requirements no rule decides, as a scanned account
 * gets: they ask for a check by hand whether or not the account could be read, and the account's
 * compliance view lists every requirement.
 */
function failedAccountFindings(
  target: Target,
  partition: string,
  options: ScanOptions,
  error: unknown,
): Finding[] {
  const message = error instanceof Error ? error.message : String(error);
  const evidence =
    error instanceof AwsApiError
      ? { api: error.api, errorCode: error.code, missingPermission: error.missingPermission ?? null }
      : { error: message };
  const rules = options.rules ?? DEFAULT_RULES;
  const errors = rules.flatMap((rule) =>
    withFrameworks(
      [
        buildFinding(
          rule,
          { accountId: target.id },
          {
            status: "ERROR",
            resourceType: "AWS::::Account",
            resourceArn: `arn:${partition}:iam::${target.id}:root`,
            resourceName: target.id,
            identity: ["account"],
            statusExtended: `Could not scan account ${target.id}: ${message}`,
            evidence,
          },
        ),
      ],
      rule.id,
      options.catalogs,
    ),
  );
  if (!options.manualFramework) return errors;
  return [...errors, ...manualFindings({ accountId: target.id, partition }, options.manualFramework, rules)];
}

/** Adds up `service:Operation` call counts. */
function addCalls(...counts: Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const calls of counts)
    for (const [key, value] of Object.entries(calls)) total[key] = (total[key] ?? 0) + value;
  return total;
}

/**
 * Scans several accounts (see the module comment). The caller's own account is scanned with the
 * caller's credentials; every other account through AssumeRole into `roleName`.
 * @throws {@link InputError} for bad account ids or when no account is left; {@link AwsApiError} when
 *   the caller cannot be identified or the Organization cannot be listed.
 */
export async function scanAccounts(options: ScanOptions): Promise<ScanResult> {
  const startedAt = new Date();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new InputError(`--concurrency takes a whole number, 1 or more; found ${concurrency}.`);
  const connection = options.connection ?? {};
  const base = createClients(connection);
  let caller: Awaited<ReturnType<typeof getCallerAccount>>;
  try {
    caller = await getCallerAccount(base.sts);
  } finally {
    base.destroy();
  }
  const { targets: list, warnings: listWarnings } = await targets(options, connection);
  const total = list.length;
  let done = 0;

  const sink = options.onAccountFindings;
  // The first error of the sink (a full disk under the CLI's spool) ends the run: accounts not yet
  // started are not scanned (no role assumed, no call made), the ones in flight finish.
  let sinkFailure: { error: unknown } | undefined;
  // An async onAccount: its returned promise is watched, never left to reject unhandled. Its first
  // rejection fails the scan with that error, as a sync throw does, and ends the run like the sink's.
  const callbacks: Promise<void>[] = [];
  let callbackFailure: { error: unknown } | undefined;
  const emit = (event: AccountEvent): void => {
    const returned: unknown = options.onAccount?.(event);
    if (typeof (returned as { then?: unknown } | null | undefined)?.then !== "function") return;
    callbacks.push(
      Promise.resolve(returned).then(
        () => {},
        (error: unknown) => {
          callbackFailure ??= { error };
          sinkFailure ??= { error };
        },
      ),
    );
  };
  const scanOne = async (target: Target, index: number): Promise<AccountResult> => {
    if (sinkFailure) throw sinkFailure.error;
    const began = performance.now();
    const accountStart = new Date();
    emit({ type: "start", accountId: target.id, name: target.name, total });
    const phase = (name: string) =>
      emit({ type: "phase", accountId: target.id, name: target.name, phase: name });
    // Each account gets its own clients, so its retries and throttling touch no other account.
    const assumer = target.id === caller.accountId ? undefined : createClients(connection);
    let clients: ReturnType<typeof createClients> | undefined;
    let scanned: AccountScan | undefined;
    let failure: unknown;
    try {
      let accountConnection = connection;
      if (assumer) {
        phase("assuming role");
        // Assumed credentials replace the profile: a profile's own credentials would win otherwise.
        accountConnection = await memberConnection(
          assumer.sts,
          connection,
          { partition: caller.partition, accountId: target.id },
          {
            ...(options.roleName !== undefined ? { roleName: options.roleName } : {}),
            ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
            ...(options.roleSessionName !== undefined ? { sessionName: options.roleSessionName } : {}),
          },
        );
      }
      clients = createClients(accountConnection);
      const result = await scanAccount(clients, {
        ...options,
        collectedAt: accountStart,
        onPhase: phase,
        // Assumed credentials that turn out to be another account's read nothing: that account's data
        // would be reported under this one's id.
        ...(assumer ? { assumedInAccount: target.id } : {}),
      });
      if (result.snapshot.accountId !== target.id)
        throw new AccountMismatchError(target.id, result.snapshot.accountId, assumer !== undefined);
      scanned = result;
    } catch (error) {
      failure = error;
    }
    const apiCalls = addCalls(assumer?.apiCalls() ?? {}, clients?.apiCalls() ?? {});
    assumer?.destroy();
    clients?.destroy();
    const findings = scanned
      ? scanned.findings
      : failedAccountFindings(target, caller.partition, options, failure);
    const generated = scanned?.snapshot.credentialReport?.generatedAt;
    const firstError =
      failure !== undefined
        ? failure instanceof Error
          ? failure.message
          : String(failure)
        : // The first ERROR finding says why the account failed; a collection error a rule judged
          // (a denied account:GetAlternateContact is MANUAL) is no failure.
          findings.find((finding) => finding.status === "ERROR")?.statusExtended;
    const failed = failure !== undefined || findings.some((finding) => finding.status === "ERROR");
    const account: ScannedAccount = {
      accountId: target.id,
      partition: scanned?.snapshot.partition ?? caller.partition,
      apiCalls,
      name: target.name,
      outcome: failed ? "failed" : "completed",
      ...(failed && firstError ? { error: firstError } : {}),
      durationMs: Math.round(performance.now() - began),
      credentialReportGeneratedAt: generated ? isoTime(generated) : null,
    };
    done += 1;
    const summary: Summary = summarize(findings);
    emit({ type: "done", accountId: target.id, name: target.name, account, summary, done, total });
    if (sink) {
      try {
        await sink({ index, account, findings });
      } catch (error) {
        sinkFailure ??= { error };
        throw error;
      }
    }
    return {
      account,
      findings: sink ? [] : findings,
      summary,
      warnings: (scanned?.warnings ?? []).map((warning) => `account ${target.id}: ${warning}`),
      reportAgeSeconds: scanned?.reportAgeSeconds ?? null,
      reportGeneratedAt: account.credentialReportGeneratedAt ?? null,
    };
  };

  const limit = pLimit(concurrency);
  // Results in the order the accounts were listed, whatever order they finish in.
  const results = await Promise.all(list.map((target, index) => limit(() => scanOne(target, index))));
  await Promise.all(callbacks);
  if (callbackFailure) throw callbackFailure.error;
  const findings = sink ? [] : results.flatMap((result) => result.findings);
  // The oldest report of the run stands for the run (per account: scan.accounts[].credentialReportGeneratedAt).
  let oldest: AccountResult | undefined;
  for (const result of results) {
    if (result.reportGeneratedAt === null) continue;
    if (!oldest || (oldest.reportGeneratedAt ?? "") > result.reportGeneratedAt) oldest = result;
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    scan: {
      startedAt: isoTime(startedAt),
      finishedAt: isoTime(new Date()),
      source: "aws",
      accounts: results.map((result) => result.account),
      credentialReportGeneratedAt: oldest?.reportGeneratedAt ?? null,
      credentialReportAgeSeconds: oldest?.reportAgeSeconds ?? null,
    },
    findings,
    summary: sink ? addSummaries(results.map((result) => result.summary)) : summarize(findings),
    warnings: [...listWarnings, ...results.flatMap((result) => result.warnings)],
  };
}
