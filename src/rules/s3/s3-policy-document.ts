/**
 * Reading S3 bucket policies for rules: parsing the JSON text with errors that name the bucket, and the
 * pieces of a statement's meaning that rules judge (principal "everyone", actions, resources, condition
 * entries with case-insensitive keys). Pure.
 *
 * Policy grammar handled (IAM JSON policy reference): `Statement` as one object or a list; `Principal`
 * as `"*"` or an object whose `AWS` is `"*"` or a list holding it; `Action`/`NotAction`/`Resource`/
 * `NotResource` as a string or a list; `Condition` as operator → key → value (string, boolean, number or
 * a list of them). Condition operators are case-sensitive in IAM, condition keys are not.
 */
import { statementsOf } from "../iam/iam-policy-document.js";

/** A bucket policy that is not a policy document (not JSON, not an object, a statement not an object). */
export class BucketPolicyError extends Error {
  constructor(
    readonly bucket: string,
    reason: string,
  ) {
    super(`The policy of bucket ${bucket} cannot be read: ${reason}.`);
    this.name = "BucketPolicyError";
  }
}

/** One statement of a bucket policy with its position (0 for a lone statement object). */
export interface PolicyStatement {
  readonly index: number;
  readonly statement: Readonly<Record<string, unknown>>;
}

/**
 * The statements of the policy text of `bucket`.
 * @throws {@link BucketPolicyError} naming the bucket when the text is not JSON or not a policy document.
 */
export function bucketPolicyStatements(bucket: string, text: string): PolicyStatement[] {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new BucketPolicyError(bucket, `not valid JSON (${(error as Error).message})`);
  }
  try {
    return statementsOf(document).map((statement, index) => ({ index, statement }));
  } catch (error) {
    throw new BucketPolicyError(bucket, (error as Error).message);
  }
}

/** A string or a list of strings as a list; null for anything else (absent included). */
export function stringList(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  return null;
}

/** True when `principal` is everyone: `"*"`, `{"AWS": "*"}` or `{"AWS": [..., "*", ...]}`. */
export function isEveryone(principal: unknown): boolean {
  if (principal === "*") return true;
  if (typeof principal !== "object" || principal === null || Array.isArray(principal)) return false;
  if (!Object.hasOwn(principal, "AWS")) return false;
  return stringList((principal as Record<string, unknown>).AWS)?.includes("*") ?? false;
}

/** One condition entry: operator (as written), key (as written) and its values as strings. */
export interface ConditionEntry {
  readonly operator: string;
  readonly key: string;
  /** The values as written, booleans and numbers turned into their JSON text (`false` → `"false"`). */
  readonly values: readonly string[];
}

/**
 * The entries of a statement's `Condition` (none when absent). A value that is neither a string, a
 * boolean, a number nor a list of them is kept as its JSON text, which matches nothing a rule looks for.
 */
export function conditionEntries(condition: unknown): ConditionEntry[] {
  if (typeof condition !== "object" || condition === null || Array.isArray(condition)) return [];
  const entries: ConditionEntry[] = [];
  for (const [operator, block] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof block !== "object" || block === null || Array.isArray(block)) continue;
    for (const [key, raw] of Object.entries(block as Record<string, unknown>)) {
      const list = Array.isArray(raw) ? raw : [raw];
      entries.push({
        operator,
        key,
        values: list.map((item) =>
          typeof item === "string"
            ? item
            : typeof item === "boolean" || typeof item === "number"
              ? String(item)
              : JSON.stringify(item),
        ),
      });
    }
  }
  return entries;
}

/** True when the condition key `key` is `wanted`, compared without case (IAM condition keys are case-insensitive). */
export function isConditionKey(key: string, wanted: string): boolean {
  return key.toLowerCase() === wanted.toLowerCase();
}
