/**
 * Whether a bucket policy denies plain-HTTP requests, judged on the policy's meaning (CIS v1.5.0 2.1.2,
 * v2.0.0+ 2.1.1, v6.0.0 3.1.1). One statement must do it all:
 * - `Effect` `Deny`;
 * - `Principal` everyone: `"*"` or `{"AWS": "*"}` (or a list holding `"*"`); `NotPrincipal` does not;
 * - `Action` covering every S3 action: `s3:*` or `*` (string or list; action names compared without case);
 *   a partial wildcard (`s3:Get*`) or `NotAction` does not;
 * - `Resource` covering every object of the bucket: `arn:<partition>:s3:::<bucket>/*`, or a pattern that
 *   matches every key of the bucket (`*`, `arn:aws:s3:::*`, `arn:aws:s3:::<prefix>*`); naming the bucket ARN
 *   too changes nothing; `NotResource` does not count;
 * - `Condition`: exactly one entry, operator `Bool` or `BoolIfExists`, key `aws:SecureTransport` in any
 *   case, a value `false` (string or JSON boolean, any case). Any further condition entry narrows the deny
 *   to some HTTP requests only, so such a statement does not count; nor does an Allow with SecureTransport
 *   true, nor a deny on `s3:TlsVersion` alone (it does not block plain HTTP).
 * Pure; pattern matching is done by hand (account data never becomes a regular expression).
 *
 * Sources: CIS AWS Foundations Benchmark v1.5.0 2.1.2 audit and remediation; AWS IAM User Guide, "IAM
 * JSON policy elements: Condition operators" (Bool, ...IfExists), "Principal", "Resource" (wildcards);
 * Amazon S3 User Guide, "Bucket policy examples: managing access based on HTTP or HTTPS requests".
 */
import {
  bucketPolicyStatements,
  type ConditionEntry,
  conditionEntries,
  isConditionKey,
  isEveryone,
  stringList,
} from "./s3-policy-document.js";

/** How one statement that mentions `aws:SecureTransport` or `s3:TlsVersion` was read, for evidence. */
export interface TransportStatement {
  readonly index: number;
  readonly sid: string | null;
  readonly effect: string | null;
  /** True when this statement denies every plain-HTTP request to the bucket's objects. */
  readonly deniesHttp: boolean;
  /** Why it does or does not. */
  readonly reason: string;
}

/** The verdict on one policy. */
export interface SecureTransportVerdict {
  readonly deniesHttp: boolean;
  /** Statements that mention aws:SecureTransport or s3:TlsVersion, each with why it counts or not. */
  readonly statements: readonly TransportStatement[];
  /** Number of statements in the policy. */
  readonly statementCount: number;
}

/** True when `pattern` (IAM wildcards `*` and `?`) matches the whole of `text`. */
export function wildcardMatches(pattern: string, text: string): boolean {
  // Classic two-pointer glob match with backtracking to the last `*`.
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && (pattern[p] === "?" || pattern[p] === text[t])) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === "*") {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/**
 * True when the resource pattern matches every object key of the bucket: it ends with `*` and what comes
 * before matches some beginning of `arn:<partition>:s3:::<bucket>/`.
 */
export function coversAllObjects(pattern: string, bucketArn: string): boolean {
  if (!pattern.endsWith("*")) return false;
  const head = pattern.slice(0, -1);
  const objects = `${bucketArn}/`;
  for (let length = 0; length <= objects.length; length++)
    if (wildcardMatches(head, objects.slice(0, length))) return true;
  return false;
}

function isSecureTransportFalse(entry: ConditionEntry): boolean {
  return (
    (entry.operator === "Bool" || entry.operator === "BoolIfExists") &&
    isConditionKey(entry.key, "aws:SecureTransport") &&
    entry.values.some((value) => value.toLowerCase() === "false")
  );
}

function mentionsTransport(entries: readonly ConditionEntry[]): boolean {
  return entries.some(
    (entry) => isConditionKey(entry.key, "aws:SecureTransport") || isConditionKey(entry.key, "s3:TlsVersion"),
  );
}

function readStatement(
  index: number,
  statement: Readonly<Record<string, unknown>>,
  bucketArn: string,
): TransportStatement | undefined {
  const entries = conditionEntries(statement.Condition);
  if (!mentionsTransport(entries)) return undefined;
  const effect = typeof statement.Effect === "string" ? statement.Effect : null;
  const base = { index, sid: typeof statement.Sid === "string" ? statement.Sid : null, effect };
  const no = (reason: string): TransportStatement => ({ ...base, deniesHttp: false, reason });
  if (effect !== "Deny")
    return no(`its Effect is ${effect ?? "missing"}, not Deny: allowing HTTPS does not deny HTTP`);
  const secure = entries.filter(isSecureTransportFalse);
  if (secure.length === 0)
    return no(
      `it has no "Bool" (or "BoolIfExists") condition aws:SecureTransport = false${
        entries.some((entry) => isConditionKey(entry.key, "aws:SecureTransport"))
          ? ""
          : " (a TLS-version deny alone does not block plain HTTP)"
      }`,
    );
  if (entries.length > secure.length)
    return no("its condition has further entries, which limit the deny to some HTTP requests only");
  if (Object.hasOwn(statement, "NotPrincipal"))
    return no("it uses NotPrincipal: it does not apply to everyone");
  if (!isEveryone(statement.Principal)) return no('its Principal is not everyone ("*" or {"AWS": "*"})');
  const actions = stringList(statement.Action);
  if (actions === null) return no("it has no Action list (NotAction does not cover every S3 action)");
  if (!actions.some((action) => action === "*" || action.toLowerCase() === "s3:*"))
    return no(`its actions (${actions.join(", ")}) do not cover every S3 action (s3:* or *)`);
  const resources = stringList(statement.Resource);
  if (resources === null) return no("it has no Resource list (NotResource is not read)");
  if (!resources.some((resource) => coversAllObjects(resource, bucketArn)))
    return no(
      `its resources (${resources.join(", ")}) do not cover every object of the bucket (${bucketArn}/*)`,
    );
  return {
    ...base,
    deniesHttp: true,
    reason: "it denies every S3 action on the bucket's objects to everyone when aws:SecureTransport is false",
  };
}

/**
 * Judges the policy text of the bucket `bucketArn` names.
 * @throws {@link BucketPolicyError} naming the bucket when the text is not a policy document.
 */
export function judgeSecureTransport(
  bucket: string,
  bucketArn: string,
  policy: string,
): SecureTransportVerdict {
  const statements = bucketPolicyStatements(bucket, policy);
  const read = statements.flatMap(({ index, statement }) => readStatement(index, statement, bucketArn) ?? []);
  return {
    deniesHttp: read.some((statement) => statement.deniesHttp),
    statements: read,
    statementCount: statements.length,
  };
}
