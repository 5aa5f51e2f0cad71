/**
 * What both Lambda handlers share: structured logging, rule selection from parameters, and judging one
 * IAM user from the IAM API with the same rule code the CLI runs.
 */

import { Logger } from "@aws-lambda-powertools/logger";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { z } from "zod";
import { getUser } from "../aws/iam-users.js";
import { readUserCredentials } from "../aws/verify.js";
import { CURRENT_COLUMNS, parseCredentialReportCsv } from "../credential-report/index.js";
import { type EvaluateOptions, evaluate } from "../engine/evaluate.js";
import { InputError } from "../model/errors.js";
import { escapeJsonText, quoteExcerpt } from "../model/escape.js";
import type { Finding } from "../model/finding.js";
import { isRemediated } from "../remediation/remediators.js";
import { findRule, RULES } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";
import type { IamUser, UserCredentials } from "../snapshot/iam.js";
import type { Snapshot } from "../snapshot/types.js";

/** The resource type both handlers judge. */
export const IAM_USER = "AWS::IAM::User";

/**
 * The default rules of both handlers: the rules cloudpatrol has a remediator for (what enforce mode acts
 * on; today CIS 1.11, `iam_user_no_access_key_at_setup`), taken from the remediation registry.
 */
export const DEFAULT_RULE_IDS: readonly string[] = RULES.filter((rule) => isRemediated(rule.id)).map(
  (rule) => rule.id,
);

/** Structured log sink; the default writes one JSON object per line (Powertools for AWS Lambda). */
export interface LambdaLog {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/**
 * A Powertools logger for `serviceName` (level from `POWERTOOLS_LOG_LEVEL`, default INFO). Every string
 * it logs is passed through {@link escapeJsonText}: account data (a user name, a user agent) with DEL, C1,
 * line-separator or bidirectional characters shows them as visible `\u202e`-style text in CloudWatch Logs
 * (JSON escapes only C0 characters itself).
 */
export function powertoolsLog(serviceName: string): LambdaLog {
  const logger = new Logger({
    serviceName,
    jsonReplacerFn: (_key, value) => (typeof value === "string" ? escapeJsonText(value) : value),
  });
  return {
    info: (message, extra) => (extra ? logger.info(message, extra) : logger.info(message)),
    warn: (message, extra) => (extra ? logger.warn(message, extra) : logger.warn(message)),
    error: (message, extra) => (extra ? logger.error(message, extra) : logger.error(message)),
  };
}

/** An error as JSON-safe log fields. */
export function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as { code?: unknown }).code;
  const permission = (error as { missingPermission?: unknown }).missingPermission;
  return {
    error: error.message,
    errorName: error.name,
    ...(typeof code === "string" ? { errorCode: code } : {}),
    ...(typeof permission === "string" ? { missingPermission: permission } : {}),
  };
}

/** The rules to run and their parameter overrides. */
export interface RuleSelection {
  readonly rules: readonly AnyRule[];
  readonly options: EvaluateOptions;
  /** Parameter names no selected rule knows (ignored; the handlers log them). */
  readonly ignored: readonly string[];
}

function coerce(ruleId: string, name: string, raw: unknown, example: unknown): unknown {
  if (typeof example === "number") {
    // Every numeric rule parameter is a count of seconds or days: a whole number, 0 or more, as the CLI asks.
    const text = String(raw).trim();
    const value = typeof raw === "number" ? raw : /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(value) || value < 0)
      throw new InputError(
        `Rule parameter ${name} of ${ruleId} must be a whole number, 0 or more, found ${JSON.stringify(raw)}.`,
      );
    return value;
  }
  if (typeof example === "boolean") {
    const text = String(raw).trim().toLowerCase();
    if (text !== "true" && text !== "false")
      throw new InputError(
        `Rule parameter ${name} of ${ruleId} must be true or false, found ${JSON.stringify(raw)}.`,
      );
    return text === "true";
  }
  return raw;
}

/**
 * Reads rule parameters (AWS Config `InputParameters`: string values): `rules` is a comma-separated
 * list of rule ids judging `AWS::IAM::User` (default {@link DEFAULT_RULE_IDS}); every other key is a
 * parameter of a selected rule (`setupWindowSeconds`), converted to the type of its default. Names no
 * selected rule knows are returned in `ignored` (AWS's own example events carry `myParameterKey`).
 * @throws {@link InputError} for an unknown rule, a rule outside the IAM user set, or a parameter value
 *   of the wrong type.
 */
export function selectRules(parameters: Readonly<Record<string, unknown>>): RuleSelection {
  const { rules: list, ...rest } = parameters;
  const ids =
    list === undefined || String(list).trim() === ""
      ? [...DEFAULT_RULE_IDS]
      : String(list)
          .split(",")
          .map((id) => id.trim())
          .filter((id) => id !== "");
  const rules = ids.map((id) => {
    const rule = findRule(id);
    if (!rule)
      throw new InputError(`Unknown rule ${quoteExcerpt(id)}; known: ${RULES.map((r) => r.id).join(", ")}.`);
    if (!rule.resourceTypes.includes(IAM_USER))
      throw new InputError(
        `Rule ${id} does not judge ${IAM_USER}; the monitoring handlers run only IAM user rules.`,
      );
    return rule;
  });
  const params: Record<string, Record<string, unknown>> = {};
  const ignored: string[] = [];
  for (const [name, raw] of Object.entries(rest)) {
    const owners = rules.filter((rule) => Object.hasOwn(rule.defaults as object, name));
    if (owners.length === 0) ignored.push(name);
    for (const rule of owners) {
      params[rule.id] = {
        ...params[rule.id],
        [name]: coerce(rule.id, name, raw, (rule.defaults as Record<string, unknown>)[name]),
      };
    }
  }
  return { rules, options: { params }, ignored };
}

/**
 * The first problem `schema` finds in `value`, as `field.path: what` (`detail.eventName: missing`), or
 * undefined when it is valid. Events are validated with one schema per event type.
 */
export function eventProblem(
  schema: z.ZodType,
  value: unknown,
  prefix: readonly string[] = [],
): string | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  if (!issue) return "invalid";
  let at: unknown = value;
  for (const key of issue.path)
    at =
      typeof at === "object" && at !== null
        ? (at as Record<PropertyKey, unknown>)[key as PropertyKey]
        : undefined;
  const path = [...prefix, ...issue.path.map(String)].join(".") || "(top level)";
  return `${path}: ${at === undefined ? "missing" : issue.message}`;
}

/** Parses a JSON object handed over as a string (`invokingEvent`, `ruleParameters`); `""`/absent → `{}`. */
export function parseJsonObject(text: unknown, what: string): Record<string, unknown> {
  if (text === undefined || text === null || text === "") return {};
  if (typeof text === "object" && !Array.isArray(text)) return text as Record<string, unknown>;
  if (typeof text !== "string") throw new InputError(`${what} must be a JSON object string.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new InputError(`${what} must be a JSON object.`);
  return value as Record<string, unknown>;
}

/** A credential report with no rows: the rule then judges only the users given through the API. */
export function emptyCredentialReport() {
  return parseCredentialReportCsv(`${CURRENT_COLUMNS.join(",")}\n`, { source: "no report (API only)" });
}

/** One user's current state read through the IAM API and the findings of `selection` about it. */
export interface UserJudgement {
  readonly user: IamUser;
  readonly credentials: UserCredentials;
  readonly findings: readonly Finding[];
}

/**
 * Reads one user through the IAM API (GetUser, GetLoginProfile, ListAccessKeys, GetAccessKeyLastUsed)
 * and judges it with the rules, without the credential report (which can be hours old).
 * @returns null when the user does not exist (any more).
 */
export async function judgeUserFromApi(
  iam: IAMClient,
  userName: string,
  account: { accountId: string; partition: string },
  selection: RuleSelection,
  now: () => Date,
): Promise<UserJudgement | null> {
  const user = await getUser(iam, userName, account.accountId);
  if (!user) return null;
  const credentials = await readUserCredentials(iam, user, account.accountId, now);
  const snapshot: Snapshot = {
    accountId: account.accountId,
    partition: account.partition,
    collectedAt: credentials.checkedAt,
    source: "aws",
    credentialReport: emptyCredentialReport(),
    errors: [],
    iamUsers: [user],
    userCredentials: new Map([[user.userName, credentials]]),
  };
  return { user, credentials, findings: evaluate(snapshot, selection.rules, selection.options) };
}

/** The partition of an ARN (`arn:aws-us-gov:...` → `aws-us-gov`), default `aws`. */
export function partitionOf(arn: unknown): string {
  return typeof arn === "string" && arn.startsWith("arn:") ? arn.split(":")[1] || "aws" : "aws";
}

/** The fields of the Lambda context object the handlers read (both optional in tests). */
export interface LambdaContext {
  /** Milliseconds left before Lambda stops the invocation. */
  getRemainingTimeInMillis?(): number;
  /** `arn:aws:lambda:<region>:<account>:function:<name>[:alias]`: the function's own account. */
  readonly invokedFunctionArn?: string;
}

/** How long before the function's timeout AWS retries must have ended: time to log and report. */
export const DEADLINE_RESERVE_MS = 3_000;

/**
 * The end of the current invocation, for the clients' `retryDeadline`: {@link start} at the beginning
 * of every invocation sets it to now + the context's remaining time − `reserveMs`; without a context
 * (tests, local runs) there is no deadline. One per handler, shared by its clients.
 */
export class InvocationDeadline {
  private at: number | undefined;

  /** @param reserveMs - milliseconds kept free before the timeout (default {@link DEADLINE_RESERVE_MS}). */
  constructor(private readonly reserveMs: number = DEADLINE_RESERVE_MS) {}

  /** Starts an invocation. */
  start(context: LambdaContext | undefined, now: number = Date.now()): void {
    const remaining = context?.getRemainingTimeInMillis?.();
    this.at =
      typeof remaining === "number" && Number.isFinite(remaining)
        ? now + Math.max(0, remaining - this.reserveMs)
        : undefined;
  }

  /** The deadline in epoch milliseconds, or `undefined` for none; pass as `retryDeadline`. */
  readonly get = (): number | undefined => this.at;
}

/** The account id in a Lambda function ARN (`arn:aws:lambda:us-east-1:123456789012:function:f`), if any. */
export function accountOfFunctionArn(arn: string | undefined): string | undefined {
  const account = arn?.split(":")[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}
