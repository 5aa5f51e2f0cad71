/**
 * Snapshot files: everything one live scan collected, saved as JSON (`cloudpatrol collect --out`) and
 * judged again offline (`cloudpatrol scan --snapshot`) with the same verdicts. Times are written as
 * `{"$date": "<ISO 8601 UTC>"}` so they come back as `Date`s and never mix with text; the credential
 * report's placeholders stay `{"token": "N/A"}` objects. Every part is validated with zod before a rule
 * sees it: the envelope, the account fields, the collection errors, the credential report, the API view
 * of users, and field by field `iamAccount`, `authorization`, `regional` and `securityContact` (their
 * schemas sit next to their types). Unknown extra fields are kept, so a newer snapshot loses nothing. A
 * file that is not a snapshot, or of another file version, is refused before its fields are checked.
 * Credential report rows repeated for one ARN are merged as a CSV report's are, with a warning.
 */
import { z } from "zod";
import { mergeDuplicates, type RowPositions } from "../credential-report/duplicates.js";
import { MAX_ARN, MAX_TEXT_CELL, MAX_USER_NAME } from "../credential-report/limits.js";
import {
  NO_INFORMATION,
  NOT_APPLICABLE,
  NOT_SUPPORTED,
  type TokenValue,
} from "../credential-report/types.js";
import { InputError } from "../model/errors.js";
import { readInputFile } from "../model/input-file.js";
import { jsonSyntaxProblem } from "../model/json-syntax.js";
import { parseIsoTime } from "../model/time.js";
import { writeWholeFile } from "../model/write-file.js";
import { authorizationDataSchema } from "./authorization.js";
import { DATASETS, isDatasetName } from "./datasets/index.js";
import { iamAccountDataSchema } from "./iam-account.js";
import { isRegionName, regionalDataSchema } from "./regional.js";
import { securityContactSchema } from "./security-contact.js";
import type { Snapshot } from "./types.js";

/**
 * Version of the snapshot file format. 2: datasets named `<service>.<what>`, regional datasets under
 * `datasets` (by name, then region), and the record of collection (`collected`). Version 1 files
 * (regional data under `regional`, short dataset names) are still read.
 */
export const SNAPSHOT_FILE_VERSION = 2;

/** Dataset names of file version 1, and their names now. */
const V1_DATASET_NAMES: Readonly<Record<string, string>> = {
  credentialReport: "iam.credentialReport",
  passwordPolicy: "iam.passwordPolicy",
  accountSummary: "iam.accountSummary",
  virtualMfaDevices: "iam.virtualMfaDevices",
  authorizationDetails: "iam.authorizationDetails",
  serverCertificates: "iam.serverCertificates",
  identityProviders: "iam.identityProviders",
  securityContact: "account.securityContact",
  regions: "ec2.regions",
  ec2Instances: "ec2.instances",
  accessAnalyzers: "accessanalyzer.analyzers",
};

const SINGLETONS: Readonly<Record<string, TokenValue>> = {
  "N/A": NOT_APPLICABLE,
  no_information: NO_INFORMATION,
  not_supported: NOT_SUPPORTED,
};

const token = z
  .strictObject({ token: z.enum(["N/A", "no_information", "not_supported"]) })
  .strict()
  .transform((value) => SINGLETONS[value.token] as TokenValue);
const time = z.union([z.date(), token]);
const text = z.union([z.string().max(MAX_TEXT_CELL), token]);
/** A user name and an ARN within IAM's limits, as the CSV report's are (credential-report/limits). */
const userName = z.string().max(MAX_USER_NAME);
const arn = z.string().max(MAX_ARN);

const accessKeySlot = z.looseObject({
  slot: z.union([z.literal(1), z.literal(2)]),
  active: z.boolean(),
  lastRotated: time,
  lastUsedDate: time.nullable(),
  lastUsedRegion: text.nullable(),
  lastUsedService: text.nullable(),
});
const certificateSlot = z.looseObject({
  slot: z.union([z.literal(1), z.literal(2)]),
  active: z.boolean(),
  lastRotated: time,
});
const reportRow = z.looseObject({
  line: z.number().int(),
  user: userName,
  arn,
  isRoot: z.boolean(),
  userCreationTime: time,
  passwordEnabled: z.union([z.boolean(), token]),
  passwordLastUsed: time,
  passwordLastChanged: time,
  passwordNextRotation: time,
  mfaActive: z.boolean(),
  accessKeys: z.tuple([accessKeySlot, accessKeySlot]),
  certificates: z.tuple([certificateSlot, certificateSlot]),
});
const credentialReport = z.looseObject({
  layout: z.enum(["22-column", "16-column"]),
  generatedAt: z.date().optional(),
  rows: z.array(reportRow),
  warnings: z.array(z.string()),
});
const iamUser = z.looseObject({
  userName,
  userId: z.string(),
  arn,
  path: z.string(),
  createDate: z.date(),
  passwordLastUsed: z.date().optional(),
});
const userCredentials = z.looseObject({
  user: iamUser,
  loginProfile: z.looseObject({ createDate: z.date(), passwordResetRequired: z.boolean() }).nullable(),
  accessKeys: z.array(
    z.looseObject({
      accessKeyId: z.string(),
      userName: z.string(),
      status: z.enum(["Active", "Inactive"]),
      createDate: z.date(),
      lastUsed: z.looseObject({
        date: z.date().nullable(),
        serviceName: z.string().nullable(),
        region: z.string().nullable(),
      }),
    }),
  ),
  checkedAt: z.date(),
});
const datasetName = z.string().refine(isDatasetName, "not a dataset cloudpatrol knows");
/**
 * A JSON object read into a `Map` by key (user names, region names: data from an account), every entry
 * validated by `value`, paths naming the key. Not `z.record`, which drops a key named `__proto__`.
 */
function mapByKey<T extends z.ZodType>(value: T, what: string) {
  return z
    .custom<Record<string, unknown>>(
      (input) => typeof input === "object" && input !== null && !Array.isArray(input),
      `expected an object keyed by ${what}`,
    )
    .transform((record, ctx) => {
      const byKey = new Map<string, z.output<T>>();
      for (const [key, entry] of Object.entries(record)) {
        const parsed = value.safeParse(entry);
        if (!parsed.success) {
          for (const issue of parsed.error.issues)
            ctx.addIssue({ code: "custom", message: issue.message, path: [key, ...issue.path] });
          return z.NEVER;
        }
        byKey.set(key, parsed.data);
      }
      return byKey;
    });
}

/** `userCredentials`: by user name. */
const userCredentialsByName = mapByKey(userCredentials, "user name");
const collectionError = z.looseObject({
  dataset: datasetName,
  api: z.string(),
  code: z.string(),
  message: z.string(),
  missingPermission: z.string().optional(),
  region: z.string().optional(),
});
/**
 * The regional datasets: each validated by its own schema, one value per region, read into a Map
 * (region names come from the account: never keys of a plain object in memory).
 */
const regionalDatasets = z.strictObject(
  Object.fromEntries(
    [...DATASETS.values()]
      .filter((definition) => definition.scope === "region" && definition.schema)
      .map((definition) => [
        definition.name,
        mapByKey((definition.schema as NonNullable<typeof definition.schema>)(z), "region name").optional(),
      ]),
  ),
);
/** The account-wide datasets stored by name (`s3.buckets`, ...), each validated by its own schema. */
const accountDatasets = z.strictObject(
  Object.fromEntries(
    [...DATASETS.values()]
      .filter((definition) => definition.scope === "account" && definition.stored === "datasets")
      .map((definition) => [
        definition.name,
        (definition.schema as NonNullable<typeof definition.schema>)(z).optional(),
      ]),
  ),
);
const snapshotSchema = z.looseObject({
  accountId: z.string().regex(/^(\d{12}|unknown)$/, "expected a 12-digit AWS account id (or unknown)"),
  partition: z.string(),
  collectedAt: z.date(),
  source: z.enum(["aws", "credential-report-file"]),
  credentialReport: credentialReport.optional(),
  errors: z.array(collectionError),
  iamUsers: z.array(iamUser).optional(),
  userCredentials: userCredentialsByName.optional(),
  iamAccount: iamAccountDataSchema(z).optional(),
  authorization: authorizationDataSchema(z).optional(),
  regional: regionalDataSchema(z).optional(),
  datasets: regionalDatasets.optional(),
  accountDatasets: accountDatasets.optional(),
  collected: z.array(datasetName).optional(),
  securityContact: securityContactSchema(z).optional(),
});
/** At most this many regions in a snapshot (AWS has about 35; a file with thousands is not one AWS wrote). */
const MAX_REGIONS = 200;

/**
 * What the types alone cannot say: the regions are region names, each once, the enabled ones among
 * those listed; every region a regional value or error names is an enabled one; a region is either read
 * or failed for a dataset, never both; regional values need the region list.
 */
function checkRegions(snapshot: z.output<typeof snapshotSchema>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });
  const regional = snapshot.regional;
  if (regional) {
    if (regional.regions.length > MAX_REGIONS)
      issue(["regional", "regions"], `more than ${MAX_REGIONS} regions: not a list AWS returns`);
    const listed = new Set<string>();
    regional.regions.forEach((region, index) => {
      if (!isRegionName(region.regionName))
        issue(["regional", "regions", index, "regionName"], "not an AWS region name");
      else if (listed.has(region.regionName))
        issue(["regional", "regions", index, "regionName"], "listed twice");
      listed.add(region.regionName);
    });
    const enabled = new Set<string>();
    regional.enabledRegions.forEach((region, index) => {
      if (!listed.has(region))
        issue(["regional", "enabledRegions", index], "not a region of regional.regions");
      else if (enabled.has(region)) issue(["regional", "enabledRegions", index], "listed twice");
      enabled.add(region);
    });
  }
  const enabled = new Set(regional?.enabledRegions ?? []);
  for (const [name, byRegion] of Object.entries(snapshot.datasets ?? {})) {
    if (!byRegion) continue;
    if (!regional) issue(["datasets", name], "regional values without regional (the region list)");
    for (const region of (byRegion as Map<string, unknown>).keys())
      if (!enabled.has(region))
        issue(["datasets", name, region], "not an enabled region (regional.enabledRegions)");
  }
  // The runner reads a regional dataset in every enabled region: each has a value or an error, never
  // neither (a region silently missing would be judged by nobody).
  for (const [name, byRegion] of Object.entries(snapshot.datasets ?? {})) {
    if (!byRegion) continue;
    for (const region of enabled)
      if (
        !(byRegion as Map<string, unknown>).has(region) &&
        !snapshot.errors.some((error) => error.dataset === name && error.region === region)
      )
        issue(["datasets", name], `no value and no error for the enabled region ${region}`);
  }
  snapshot.errors.forEach((error, index) => {
    if (error.region === undefined) return;
    if (!enabled.has(error.region))
      issue(["errors", index, "region"], "not an enabled region (regional.enabledRegions)");
    const values = (snapshot.datasets as Record<string, Map<string, unknown> | undefined> | undefined)?.[
      error.dataset
    ];
    if (values?.has(error.region))
      issue(
        ["errors", index, "region"],
        `${error.dataset} has a value for this region too: read or failed, not both`,
      );
  });
}

const envelope = z.looseObject({
  cloudpatrolSnapshot: z.literal(SNAPSHOT_FILE_VERSION),
  snapshot: snapshotSchema.superRefine(checkRegions),
});

/** The snapshot as file text (pretty JSON, dates tagged), ending with a newline. */
export function serializeSnapshot(snapshot: Snapshot): string {
  const body = { cloudpatrolSnapshot: SNAPSHOT_FILE_VERSION, snapshot };
  const text = JSON.stringify(
    body,
    function tagDates(this: Record<string, unknown>, key: string, value: unknown) {
      const raw = this[key];
      // Maps in memory (regional datasets by region, userCredentials by user name), objects in the file:
      // own properties, `__proto__` included.
      if (raw instanceof Map) return Object.fromEntries(raw);
      return raw instanceof Date ? { $date: raw.toISOString() } : value;
    },
    2,
  );
  return `${text}\n`;
}

/**
 * Turns every `{"$date": "<ISO 8601>"}` into a `Date`, in place, depth first.
 * @throws {@link InputError} naming the field path of a `$date` that is not a real instant
 *   (`2024-02-30`, year `0000`): never rolled over into another day.
 */
function reviveDates(value: unknown, path: readonly (string | number)[], source: string): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++)
      value[index] = reviveDates(value[index], [...path, index], source);
    return value;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === "$date" && typeof record.$date === "string") {
    const parsed = parseIsoTime(record.$date);
    if (parsed.ok) return parsed.date;
    throw new InputError(
      `${source}: ${path.join(".")}: ${JSON.stringify(record.$date)} is not a real time: ${parsed.problem}`,
    );
  }
  for (const key of keys) record[key] = reviveDates(record[key], [...path, key], source);
  return record;
}

/**
 * A version 1 document as version 2: dataset names renamed in the errors, the regional datasets moved
 * from `regional` to `datasets`. Version 1 carried no record of collection: the data present is the record.
 */
function fromVersion1(document: { snapshot?: unknown }): unknown {
  const snapshot = document.snapshot;
  if (typeof snapshot !== "object" || snapshot === null || Array.isArray(snapshot)) return document;
  const { errors, regional, ...rest } = snapshot as { errors?: unknown; regional?: unknown };
  const renamed = Array.isArray(errors)
    ? errors.map((error: unknown) => {
        if (typeof error !== "object" || error === null) return error;
        const name = (error as { dataset?: unknown }).dataset;
        return typeof name === "string" && Object.hasOwn(V1_DATASET_NAMES, name)
          ? { ...error, dataset: V1_DATASET_NAMES[name] }
          : error;
      })
    : errors;
  let moved: { regional?: unknown; datasets?: unknown } = regional === undefined ? {} : { regional };
  if (typeof regional === "object" && regional !== null && !Array.isArray(regional)) {
    const { ec2Instances, accessAnalyzers, ...regions } = regional as Record<string, unknown>;
    const datasets = {
      ...(ec2Instances !== undefined ? { "ec2.instances": ec2Instances } : {}),
      ...(accessAnalyzers !== undefined ? { "accessanalyzer.analyzers": accessAnalyzers } : {}),
    };
    moved = { regional: regions, ...(Object.keys(datasets).length > 0 ? { datasets } : {}) };
  }
  return { cloudpatrolSnapshot: SNAPSHOT_FILE_VERSION, snapshot: { ...rest, errors: renamed, ...moved } };
}

/** Deepest nesting a snapshot file may have (real ones reach about 12: policy documents inside roles). */
const MAX_DEPTH = 64;

/** How deeply `value` nests arrays and objects, counted without recursion (stops past 10 × the limit). */
function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== "object" || item === null) continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > 10 * MAX_DEPTH) return deepest;
    for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Reads snapshot file text.
 * @throws {@link InputError} (exit 2) naming the source and the first invalid field, or saying that
 *   the file is no snapshot, or which file version it has.
 */
export function parseSnapshot(text: string, source: string): Snapshot {
  // A byte order mark (some editors write one) is not part of the JSON.
  const json = text.replace(/^\uFEFF/, "");
  let document: unknown;
  try {
    document = JSON.parse(json);
  } catch (error) {
    const problem = jsonSyntaxProblem(json, error);
    throw new InputError(
      `${source}, line ${problem.line}, column ${problem.column}: not valid JSON: ${problem.reason}`,
      { cause: error },
    );
  }
  const depth = nestingDepth(document);
  if (depth > MAX_DEPTH)
    throw new InputError(
      `${source}: not a cloudpatrol snapshot: its JSON is nested ${depth > 10 * MAX_DEPTH ? `more than ${10 * MAX_DEPTH}` : depth} levels deep (a snapshot is at most ${MAX_DEPTH})`,
    );
  document = reviveDates(document, [], source);
  const version =
    typeof document === "object" && document !== null && !Array.isArray(document)
      ? (document as { cloudpatrolSnapshot?: unknown }).cloudpatrolSnapshot
      : undefined;
  if (version === undefined) {
    throw new InputError(
      `${source}: not a cloudpatrol snapshot: it has no cloudpatrolSnapshot field (snapshot files are written by cloudpatrol collect --out)`,
    );
  }
  if (version === 1) document = fromVersion1(document as { snapshot?: unknown });
  else if (typeof version === "number" && version !== SNAPSHOT_FILE_VERSION) {
    const newer = version > SNAPSHOT_FILE_VERSION ? " (the file was written by a newer cloudpatrol)" : "";
    throw new InputError(
      `${source}: snapshot file version ${version}, but this cloudpatrol reads versions 1 to ${SNAPSHOT_FILE_VERSION} only${newer}`,
    );
  }
  const parsed = envelope.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "(top level)";
    throw new InputError(
      `${source}: not a cloudpatrol snapshot (version ${SNAPSHOT_FILE_VERSION}): ${where}: ${issue?.message ?? "invalid"}`,
    );
  }
  return withoutDuplicateRows(parsed.data.snapshot as unknown as Snapshot, source);
}

/** Positions of the rows of a snapshot's credential report: their field paths. */
const SNAPSHOT_ROWS: RowPositions = {
  both: (earlier, later) => `${earlier} and ${later}`,
  one: (kept) => kept,
  of: (_row, index) => `credentialReport.rows.${index}`,
};

/**
 * The snapshot with one credential report row per ARN, as a CSV report is read (the row with the most
 * recent activity wins), each duplicate row a warning of the report naming the file and the field paths.
 */
function withoutDuplicateRows(snapshot: Snapshot, source: string): Snapshot {
  const report = snapshot.credentialReport;
  if (!report) return snapshot;
  const found: string[] = [];
  const rows = mergeDuplicates(report.rows, found, SNAPSHOT_ROWS);
  if (found.length === 0) return snapshot;
  const warnings = [...report.warnings, ...found.map((warning) => `${source}: ${warning}`)];
  return { ...snapshot, credentialReport: { ...report, rows, warnings } };
}

/** Reads a snapshot file. @throws {@link InputError} when it cannot be read or is not a snapshot. */
export async function readSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readInputFile(path, { kind: "snapshot" });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: cannot read the snapshot (${(error as Error).message})`, { cause: error });
  }
  return parseSnapshot(text, path);
}

/** Writes a snapshot file whole or not at all. @throws {@link OutputError} (exit 1) when it cannot be written. */
export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  await writeWholeFile(path, serializeSnapshot(snapshot), "the snapshot");
}
