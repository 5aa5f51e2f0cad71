/**
 * The check of the options a library caller hands to `scan()`: a JavaScript caller (or a TypeScript one
 * with a cast) may pass anything, and a wrong value must fail with one clear message before any AWS call,
 * not as a TypeError deep in a rule or one ERROR finding per rule. One zod schema checks the whole
 * options object; the CLI has already checked its flags the same way while parsing them.
 */
import { z } from "zod";
import { InputError } from "../model/errors.js";
import { escapeTerminal, quoteExcerpt } from "../model/escape.js";
import { externalIdProblem, roleNameProblem, roleSessionNameProblem } from "../model/iam-names.js";
import { isRegionName } from "../snapshot/regional.js";
import type { ScanOptions } from "./scan-options.js";

/** A 12-digit AWS account id. */
const ACCOUNT_ID = /^\d{12}$/;

/** A value of the form `test` accepts; `takes` is what the error message says the option takes. */
function form<T>(takes: string, test: (value: unknown) => boolean) {
  return z.custom<T>(test, { error: takes });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const isFunction = (value: unknown) => typeof value === "function";
const isString = (value: unknown) => typeof value === "string";

const aFunction = form<(...args: never[]) => unknown>("a function", isFunction);
const aBoolean = form<boolean>("true or false", (value) => typeof value === "boolean");
const aPath = form<string>(
  "a file path (a non-empty string; - for stdin)",
  (value) => typeof value === "string" && value.trim() !== "",
);

/** A whole number, `min` or more. */
function wholeNumber(min: number, of = "") {
  return form<number>(
    `a whole number${of}, ${min} or more`,
    (value) => typeof value === "number" && Number.isSafeInteger(value) && value >= min,
  );
}

/** A finite number of milliseconds, 0 or more (more than 0 with `positive`). */
function milliseconds(positive = false) {
  return form<number>(
    `a number of milliseconds, ${positive ? "more than 0" : "0 or more"}`,
    (value) => typeof value === "number" && Number.isFinite(value) && (positive ? value > 0 : value >= 0),
  );
}

const regionName = form<string>(
  "an AWS region name such as eu-west-1",
  (value) => typeof value === "string" && isRegionName(value),
);

const accountIds = z
  .array(
    form<string>(
      "a 12-digit AWS account id (a string)",
      (value) => typeof value === "string" && ACCOUNT_ID.test(value),
    ),
    { error: 'an array of 12-digit AWS account ids (strings), e.g. ["111111111111"]' },
  )
  .readonly();

/**
 * A rule as the registry holds it (`RULES`, `findRule(id)`): an object with its id, the datasets it
 * requires and its `evaluate` function. Its own fields are the rule author's; these are what the scan
 * reads before it calls the rule.
 */
const rule = form<ScanOptions["rules"] extends readonly (infer R)[] | undefined ? R : never>(
  "a rule object (an item of RULES, or findRule(id))",
  (value) =>
    isObject(value) &&
    typeof value.id === "string" &&
    Array.isArray(value.requires) &&
    (value.optional === undefined || Array.isArray(value.optional)) &&
    isFunction(value.evaluate),
);

/** A framework catalog as `getFramework(id)` gives it. */
const framework = form<NonNullable<ScanOptions["manualFramework"]>>(
  "a framework catalog (getFramework(id))",
  (value) => isObject(value) && typeof value.id === "string" && Array.isArray(value.requirements),
);

/**
 * An AssumeRole option checked as the CLI checks its flag (src/model/iam-names.ts); the issue carries
 * the problem for {@link describeIssue}.
 */
function assumeRoleName(problemOf: (value: string) => string | undefined, echo: boolean) {
  return form<string>("a string", isString).superRefine((value, context) => {
    if (typeof value !== "string") return;
    const problem = problemOf(value);
    if (problem !== undefined)
      context.addIssue({ code: "custom", message: problem, params: { problem, echo } });
  });
}

const connection = z.strictObject(
  {
    profile: form<string>("a profile name (a non-empty string)", (v) => isString(v) && v !== "").optional(),
    region: regionName.optional(),
    endpointUrl: form<string>("an http:// or https:// URL (a string)", isHttpUrl).optional(),
    credentials: form<NonNullable<NonNullable<ScanOptions["connection"]>["credentials"]>>(
      "an object with accessKeyId and secretAccessKey, or a function that resolves to one",
      (value) =>
        isFunction(value) ||
        (isObject(value) && isString(value.accessKeyId) && isString(value.secretAccessKey)),
    ).optional(),
    maxAttempts: wholeNumber(1, " of attempts").optional(),
    retryBaseMs: milliseconds().optional(),
    retryDeadline: aFunction.optional(),
    requestTimeoutMs: milliseconds(true).optional(),
    connectionTimeoutMs: milliseconds(true).optional(),
    onSdkWarning: aFunction.optional(),
  },
  { error: "an object (AwsConnection: profile, region, endpointUrl, credentials, ...)" },
);

/** The schema of {@link ScanOptions}: every option, and no other key. */
const SCAN_OPTIONS = z.strictObject(
  {
    catalogs: z.array(framework, { error: "an array of framework catalogs" }).readonly().optional(),
    params: z
      .record(
        z.string(),
        form<Readonly<Record<string, unknown>>>("an object of parameter values by name", isObject),
        { error: "an object of parameter objects by rule id" },
      )
      .optional(),
    credentialReportPath: aPath.optional(),
    snapshotPath: aPath.optional(),
    connection: connection.optional(),
    reportTimeoutMs: milliseconds().optional(),
    reportPollBaseMs: milliseconds().optional(),
    rules: z.array(rule, { error: "an array of rule objects (RULES, findRule(id))" }).readonly().optional(),
    manualFramework: framework.optional(),
    verify: aBoolean.optional(),
    verifyMaxUsers: wholeNumber(0, " of users").optional(),
    regions: z
      .array(regionName, { error: 'an array of AWS region names, e.g. ["eu-west-1"]' })
      .min(1, {
        error: 'at least one AWS region name, e.g. ["eu-west-1"] (leave it out for every enabled region)',
      })
      .readonly()
      .optional(),
    onWait: aFunction.optional(),
    organization: aBoolean.optional(),
    accountIds: accountIds.optional(),
    excludeAccountIds: accountIds.optional(),
    roleName: assumeRoleName(roleNameProblem, true).optional(),
    externalId: assumeRoleName(externalIdProblem, false).optional(),
    roleSessionName: assumeRoleName(roleSessionNameProblem, true).optional(),
    concurrency: wholeNumber(1, " of accounts").optional(),
    onAccount: aFunction.optional(),
    onAccountFindings: aFunction.optional(),
  },
  { error: "an object of scan options" },
);

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** `value` as an error message shows it: its type, and a string, number or boolean itself (quoted, cut). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return `a string, ${escapeTerminal(quoteExcerpt(value))}`;
  if (typeof value === "number" || typeof value === "bigint") return `the number ${String(value)}`;
  if (typeof value === "boolean") return String(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? "" : "s"}`;
  return typeof value === "object" ? "an object" : String(typeof value);
}

/** `options.regions[0]` for the path `["regions", 0]`. */
function pathName(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (name, key) =>
      typeof key === "number"
        ? `${name}[${key}]`
        : `${name}.${escapeTerminal(typeof key === "string" ? key : String(key))}`,
    "options",
  );
}

/** The value at `path` in `value`. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path)
    at = isObject(at) || Array.isArray(at) ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at;
}

/** One message for the first problem zod found. */
function describeIssue(options: unknown, issue: z.core.$ZodIssue): string {
  const name = pathName(issue.path);
  if (issue.code === "unrecognized_keys")
    return `${issue.keys.map((key) => pathName([...issue.path, key])).join(", ")} ${issue.keys.length === 1 ? "is not an option" : "are not options"} of ${issue.path.length === 0 ? "scan()" : name} (a typo?).`;
  const value = valueAt(options, issue.path);
  const params = (issue as { params?: { problem?: string; echo?: boolean } }).params;
  if (params?.problem !== undefined) {
    const shown = params.echo && typeof value === "string" ? ` ${escapeTerminal(quoteExcerpt(value))}` : "";
    return `${name}${shown} is invalid. ${params.problem}`;
  }
  return `${name} takes ${issue.message}; found ${describeValue(value)}.`;
}

/**
 * Checks the options of `scan()` before anything is read or called: every option's type and form
 * (`options.regions` an array of region names, `options.concurrency` a whole number, 1 or more, the
 * AssumeRole names as the CLI checks `--role-name` etc., `options.rules` rule objects, functions where
 * callbacks go), no unknown key, and not both `credentialReportPath` and `snapshotPath`.
 * @throws {@link InputError} naming the option's path (`options.regions[1]`), what it takes and what
 *   was found (an `externalId` is not echoed).
 */
export function checkScanOptions(options: unknown): asserts options is ScanOptions {
  const parsed = SCAN_OPTIONS.safeParse(options);
  const issue = parsed.error?.issues[0];
  if (issue) throw new InputError(describeIssue(options, issue));
  const checked = options as ScanOptions;
  if (checked.credentialReportPath !== undefined && checked.snapshotPath !== undefined)
    throw new InputError(
      "options.credentialReportPath and options.snapshotPath each name what to judge; give one of them.",
    );
  checkRuleList(checked.rules);
  checkOfflineOptions(checked);
}

/** `options.rules`, when given, names at least one rule and each once (a rule twice gives each uid twice). */
function checkRuleList(rules: ScanOptions["rules"]): void {
  if (rules === undefined) return;
  if (rules.length === 0)
    throw new InputError(
      "options.rules names no rule; leave it out for the default rules, or name one or more.",
    );
  const seen = new Set<string>();
  for (const [index, rule] of rules.entries()) {
    if (seen.has(rule.id))
      throw new InputError(
        `options.rules[${index}] is ${escapeTerminal(quoteExcerpt(rule.id))} again; name each rule once (its findings would be given twice, with the same uids).`,
      );
    seen.add(rule.id);
  }
}

/**
 * The options that only shape a live scan's AWS calls, given with a file judged offline
 * (`credentialReportPath`; `snapshotPath` keeps `regions`, which narrows the regions judged), as the CLI
 * refuses their flags: a caller who gave one expects it to matter.
 */
function checkOfflineOptions(options: ScanOptions): void {
  const file =
    options.credentialReportPath !== undefined
      ? "options.credentialReportPath"
      : options.snapshotPath !== undefined
        ? "options.snapshotPath"
        : undefined;
  if (file === undefined) return;
  const live: (keyof ScanOptions)[] = [
    "reportTimeoutMs",
    "reportPollBaseMs",
    "verifyMaxUsers",
    "roleName",
    "externalId",
    "roleSessionName",
    "concurrency",
    "excludeAccountIds",
    ...(file === "options.credentialReportPath" ? (["regions"] as const) : []),
  ];
  const useless = live.filter((key) => options[key] !== undefined).map((key) => `options.${key}`);
  // `verify: false` asks for no AWS call, which a file's scan makes anyway.
  if (options.verify === true) useless.push("options.verify");
  if (useless.length === 0) return;
  throw new InputError(
    `${useless.join(", ")} ${useless.length === 1 ? "has" : "have"} no effect with ${file}, whose file is judged offline without calling AWS: leave ${useless.length === 1 ? "it" : "them"} out.`,
  );
}
