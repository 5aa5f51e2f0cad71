/**
 * `cloudpatrol scan` across several accounts: parsing `--org`, `--accounts`, `--exclude-accounts`,
 * `--role-name`, `--external-id`, `--role-session-name`, `--concurrency`, and the progress display on
 * stderr (a live display on a TTY, one line per account otherwise). Nothing here writes to stdout.
 */
import { InvalidArgumentError } from "commander";
import type { AccountEvent, ScanOptions } from "../app/scan.js";
import { InputError } from "../model/errors.js";
import { escapeTerminal } from "../model/escape.js";
import { externalIdProblem, roleNameProblem, roleSessionNameProblem } from "../model/iam-names.js";
import { someBadValues } from "./common-options.js";
import type { Logger } from "./log.js";

/** The multi-account options as commander parses them. */
export interface AccountCommandOptions {
  org?: boolean;
  accounts?: string[];
  excludeAccounts?: string[];
  roleName?: string;
  externalId?: string;
  roleSessionName?: string;
  concurrency?: number;
}

/**
 * Parses `111111111111,222222222222`: 12-digit ids, comma-separated, duplicates dropped; an error names
 * some bad ones ({@link someBadValues}).
 */
export function accountList(value: string, previous: string[] = []): string[] {
  const ids = value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const bad = ids.filter((id) => !/^\d{12}$/.test(id));
  if (ids.length === 0 || bad.length > 0)
    throw new InvalidArgumentError(
      `--accounts and --exclude-accounts take 12-digit AWS account ids, comma-separated${bad.length > 0 ? `; not one: ${someBadValues(bad)}` : ""}.`,
    );
  return [...new Set([...previous, ...ids])];
}

/** Parses `--concurrency`: a whole number, 1 or more. */
export function concurrencyValue(value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new InvalidArgumentError("--concurrency takes a whole number of accounts, 1 or more.");
  return number;
}

/** A commander parser for an option checked by `problem` (one of the checks of iam-names.ts). */
function checkedBy(problem: (value: string) => string | undefined): (value: string) => string {
  return (value) => {
    const message = problem(value);
    if (message !== undefined) throw new InvalidArgumentError(message);
    return value;
  };
}

/**
 * Parses `--role-name`: a role name as IAM allows it, optionally after its path (`audit/CloudPatrolAudit`),
 * refused here (exit 2) rather than by every account's AssumeRole. See {@link roleNameProblem}.
 */
export const roleNameValue = checkedBy(roleNameProblem);

/** Parses `--role-session-name`: AssumeRole's `RoleSessionName`, refused here rather than by every account. */
export const roleSessionNameValue = checkedBy(roleSessionNameProblem);

/** Parses `--external-id`: AssumeRole's `ExternalId`, refused here rather than by every account. */
export const externalIdValue = checkedBy(externalIdProblem);

/** Whether the options ask for a multi-account scan. */
export function isMultiAccountCommand(options: AccountCommandOptions): boolean {
  return options.org === true || options.accounts !== undefined;
}

/**
 * The part of {@link ScanOptions} these options give (empty for a single-account scan).
 * @throws {@link InputError} for multi-account options without `--org` or `--accounts`.
 */
export function accountScanOptions(options: AccountCommandOptions): Partial<ScanOptions> {
  if (!isMultiAccountCommand(options)) {
    const stray = (
      [
        ["excludeAccounts", "--exclude-accounts"],
        ["roleName", "--role-name"],
        ["externalId", "--external-id"],
        ["roleSessionName", "--role-session-name"],
        ["concurrency", "--concurrency"],
      ] as const
    )
      .filter(([key]) => options[key] !== undefined)
      .map(([, flag]) => flag);
    if (stray.length > 0)
      throw new InputError(
        `${stray.join(", ")} ${stray.length === 1 ? "applies" : "apply"} to several accounts: add --org or --accounts.`,
      );
    return {};
  }
  return {
    ...(options.org ? { organization: true } : {}),
    ...(options.accounts ? { accountIds: options.accounts } : {}),
    ...(options.excludeAccounts ? { excludeAccountIds: options.excludeAccounts } : {}),
    ...(options.roleName !== undefined ? { roleName: options.roleName } : {}),
    ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
    ...(options.roleSessionName !== undefined ? { roleSessionName: options.roleSessionName } : {}),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
}

/** A progress display for a multi-account scan. */
export interface AccountProgress {
  readonly onAccount: (event: AccountEvent) => void;
  /** Removes the live display (TTY), if any. */
  stop(): void;
}

/** Characters of an account name a progress line shows before it cuts the name (as `quoteExcerpt` cuts values). */
const NAME_CHARS = 120;

/**
 * An account name for a progress line: escaped, and cut after {@link NAME_CHARS} characters with `…` and
 * its length (`prod… (100000 characters)`). Cut by characters before escaping: never inside an escape or
 * a surrogate pair.
 */
function shownName(name: string): string {
  const characters = [...name];
  if (characters.length <= NAME_CHARS) return escapeTerminal(name);
  return `${escapeTerminal(characters.slice(0, NAME_CHARS).join(""))}… (${characters.length} characters)`;
}

function label(event: { accountId: string; name: string | null }): string {
  // Account names come from the Organization: shown escaped and cut, as everywhere on the terminal.
  const id = escapeTerminal(event.accountId);
  return event.name ? `${id} (${shownName(event.name)})` : id;
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** The line printed when an account is done. */
export function accountDoneLine(event: Extract<AccountEvent, { type: "done" }>): string {
  const { account, summary } = event;
  const calls = Object.values(account.apiCalls ?? {}).reduce((sum, count) => sum + count, 0);
  const head = `[${event.done}/${event.total}] account ${label(event)}: ${account.outcome ?? "completed"} in ${seconds(account.durationMs ?? 0)}, ${calls} API call${calls === 1 ? "" : "s"}`;
  const counts = `${summary.FAIL} FAIL, ${summary.ERROR} ERROR, ${summary.MANUAL} MANUAL, ${summary.PASS} PASS`;
  return account.outcome === "failed" && account.error
    ? `${head}; ${counts}: ${escapeTerminal(account.error.replace(/[\r\n]+/g, " "))}`
    : `${head}; ${counts}`;
}

/**
 * Progress on stderr: with a TTY, a live display (accounts done / total, elapsed, ETA, and the phase of
 * each account in flight; cli-progress); otherwise one line per finished account. `--quiet`: nothing.
 */
export async function createAccountProgress(
  log: Logger,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<AccountProgress> {
  if (log.verbosity === "quiet") return { onAccount: () => {}, stop: () => {} };
  if (!stream.isTTY) {
    return {
      onAccount: (event) => {
        if (event.type === "done") stream.write(`${accountDoneLine(event)}\n`);
        else if (event.type === "phase") log.debug(`account ${label(event)}: ${event.phase}`);
      },
      stop: () => {},
    };
  }
  // Loaded on demand: only a terminal needs it.
  const { Format, MultiBar, Presets } = await import("cli-progress");
  type SingleBar = ReturnType<InstanceType<typeof MultiBar>["create"]>;
  const bars = new MultiBar(
    {
      stream,
      // No ETA before an account has finished: cli-progress would say `ETA 0s` from nothing.
      format: (options, params, payload) =>
        Format.Formatter(
          {
            ...options,
            format: `{bar} {value}/{total} accounts | {duration_formatted} elapsed | ETA ${params.value > 0 ? "{eta_formatted}" : "–"}`,
          },
          params,
          payload,
        ),
      hideCursor: true,
      clearOnComplete: true,
      stopOnComplete: false,
      etaBuffer: 20,
      fps: 5,
    },
    Presets.shades_classic,
  );
  let overall: SingleBar | undefined;
  const lines = new Map<string, SingleBar>();
  return {
    onAccount: (event) => {
      if (event.type === "start") {
        overall ??= bars.create(event.total, 0);
        lines.set(
          event.accountId,
          bars.create(1, 0, { text: `  ${label(event)}: starting` }, { format: "{text}" }),
        );
      } else if (event.type === "phase") {
        lines.get(event.accountId)?.update({ text: `  ${label(event)}: ${event.phase}` });
      } else {
        const line = lines.get(event.accountId);
        if (line) bars.remove(line);
        lines.delete(event.accountId);
        overall?.update(event.done);
        bars.log(`${accountDoneLine(event)}\n`);
      }
    },
    stop: () => {
      // Logged lines are buffered until the next redraw: flush them before the display goes away.
      bars.update();
      bars.stop();
    },
  };
}
