/**
 * Whether an S3 bucket is public, as the CIS audit reads it ("Ensure the S3 bucket used to store
 * CloudTrail logs is not publicly accessible": the bucket ACL must grant nothing to the AllUsers or
 * AuthenticatedUsers groups, and the bucket policy must have no Allow statement for everyone), with Block
 * Public Access taken into account the way S3 applies it. Pure; shared by every rule that asks whether a
 * bucket is public.
 *
 * Decisions (docs/frameworks.md, "S3: public buckets"):
 * - ACL: a grant of any permission to `http://acs.amazonaws.com/groups/global/AllUsers` or
 *   `.../AuthenticatedUsers` (any AWS account's user) is public.
 * - Policy: an `Allow` statement is public when its principal is everyone (`"*"`, `{"AWS": "*"}`) or it
 *   uses `NotPrincipal`, unless its condition narrows it to fixed values of a key that names who or
 *   where the caller is (aws:SourceIp whose ranges are not the internet, see below, aws:SourceArn, aws:SourceVpc,
 *   aws:SourceVpce, aws:SourceOwner, aws:SourceAccount, aws:userid, aws:PrincipalOrgID,
 *   aws:PrincipalAccount, aws:PrincipalArn, s3:DataAccessPointArn, s3:DataAccessPointAccount) with a
 *   positive operator (`...Equals`, `...Like`, `IpAddress`, without `IfExists` or `ForAllValues:`) and
 *   values without wildcards or policy variables. This follows "The meaning of public" in the Amazon S3
 *   User Guide. A `Deny` never makes a bucket public.
 * - aws:SourceIp values are read as address ranges (model/cidr.ts): they narrow only when every value is
 *   a CIDR block or an address and their union holds neither every IPv4 address nor every IPv6 address
 *   (`0.0.0.0/0`, `10.0.0.0/0`, `0.0.0.0/1` + `128.0.0.0/1`, `::/0`, `0::/0`, `::0/0`, `::/1` + `8000::/1`
 *   are all the internet). IPv4-mapped IPv6 ranges (`::ffff:0:0/96`) count as the IPv4 addresses they
 *   hold. A value that is not a range narrows nothing cloudpatrol can show, so the condition does not
 *   narrow (the statement is public; its condition is in the evidence). `NotIpAddress` never narrows.
 * - Allow statements combine: the Allow-everyone statements narrowed by aws:SourceIp alone (no other
 *   narrowing key) are public together when the union of their ranges holds every IPv4 or every IPv6
 *   address (`0.0.0.0/1` in one statement, `128.0.0.0/1` in another), whatever their actions and
 *   resources: the bucket is then reachable from the whole internet. A statement with several aws:SourceIp
 *   entries reaches only the addresses all of them let in. A statement narrowed by another key as well
 *   (aws:SourceVpce, aws:PrincipalOrgID, ...) stays narrowed and does not join.
 * - The evidence lists the Allow-everyone statements judged narrowed, each with the condition entries
 *   (operator, key, values) that narrowed it, beside the ones judged public on their own and those public
 *   together (with their aws:SourceIp entries and the families their union covers).
 * - Block Public Access, bucket or account level (a flag set at either level applies): IgnorePublicAcls
 *   makes S3 ignore public ACL grants; RestrictPublicBuckets restricts a public policy to AWS service
 *   principals and the owner account's users. BlockPublicAcls and BlockPublicPolicy only refuse new
 *   public ACLs and policies (AWS: "doesn't affect existing policies or ACLs"), so on their own they do
 *   not neutralise an existing public grant; they are reported in the evidence.
 *
 * Sources: CIS AWS Foundations Benchmark v1.5.0 3.3 audit procedure; Amazon S3 User Guide, "Blocking
 * public access to your Amazon S3 storage" (the settings and "The meaning of public"), "Access control
 * list (ACL) overview" (Amazon S3 predefined groups).
 */
import type { AddressFamily } from "../../model/cidr.js";
import type { BucketAcl, PublicAccessBlockFlags } from "../../snapshot/datasets/s3.js";
import {
  bucketPolicyStatements,
  type ConditionEntry,
  conditionEntries,
  isConditionKey,
  isEveryone,
  stringList,
} from "./s3-policy-document.js";
import { internetFamilies, intersectReaches, type SourceIpReach, sourceIpReach } from "./source-ip-reach.js";

/** The URI of the AllUsers group (anyone on the internet). */
export const ALL_USERS_URI = "http://acs.amazonaws.com/groups/global/AllUsers";
/** The URI of the AuthenticatedUsers group (any AWS account's signed requests). */
export const AUTHENTICATED_USERS_URI = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/** What {@link judgeBucketPublicAccess} reads about one bucket. */
export interface BucketPublicAccessInput {
  readonly bucket: string;
  /** The bucket ACL (GetBucketAcl). */
  readonly acl: BucketAcl;
  /** The bucket policy's JSON text (GetBucketPolicy), or null when the bucket has none. */
  readonly policy: string | null;
  /** The bucket's own Block Public Access settings, or null when it has none. */
  readonly bucketPublicAccessBlock: PublicAccessBlockFlags | null;
  /** The account's Block Public Access settings (S3 Control), or null when it has none. */
  readonly accountPublicAccessBlock: PublicAccessBlockFlags | null;
}

/** An ACL grant to everyone or to every AWS account. */
export interface PublicAclGrant {
  readonly group: "AllUsers" | "AuthenticatedUsers";
  readonly uri: string;
  readonly permission: string;
}

/** A policy statement that allows everyone. */
export interface PublicPolicyStatement {
  readonly index: number;
  readonly sid: string | null;
  /** The statement's `Principal` (or `NotPrincipal`) as written. */
  readonly principal: unknown;
  readonly principalKey: "Principal" | "NotPrincipal";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** The statement's `Condition` as written, or null (present but not narrowing). */
  readonly condition: unknown;
}

/** An Allow-everyone statement whose condition narrows it, with the entries that do. */
export interface NarrowedPolicyStatement extends PublicPolicyStatement {
  /** The condition entries that narrow it: operator, key and values as written (booleans and numbers as text). */
  readonly narrowedBy: readonly ConditionEntry[];
}

/**
 * Allow-everyone statements narrowed by aws:SourceIp alone whose ranges together hold every IPv4 or every
 * IPv6 address: each one narrow, all of them the internet.
 */
export interface PublicTogether {
  /** The families of which their union holds every address (`ipv4` before `ipv6`). */
  readonly covers: readonly AddressFamily[];
  /** Every Allow-everyone statement narrowed by aws:SourceIp alone, with its aws:SourceIp entries (`narrowedBy`). */
  readonly statements: readonly NarrowedPolicyStatement[];
}

/** One Block Public Access flag at each level and in effect (either level). */
export interface EffectiveFlag {
  readonly bucket: boolean | null;
  readonly account: boolean | null;
  readonly effective: boolean;
}

/** The verdict and its evidence. */
export interface BucketPublicAccess {
  /** True when the ACL or the policy makes the bucket public and Block Public Access does not neutralise it. */
  readonly public: boolean;
  /** Public ACL grants (whether or not IgnorePublicAcls neutralises them). */
  readonly publicAclGrants: readonly PublicAclGrant[];
  /** True when IgnorePublicAcls (bucket or account) makes S3 ignore those grants. */
  readonly aclGrantsNeutralised: boolean;
  /** Allow statements for everyone without a narrowing condition. */
  readonly publicPolicyStatements: readonly PublicPolicyStatement[];
  /** Allow statements for everyone that a condition narrows, with the entries that narrow them. */
  readonly narrowedPolicyStatements: readonly NarrowedPolicyStatement[];
  /** Allow statements for everyone narrowed by aws:SourceIp alone that are the internet together, or null. */
  readonly publicTogether: PublicTogether | null;
  /**
   * True when RestrictPublicBuckets (bucket or account) restricts the statements public on their own
   * (`publicPolicyStatements`); never those public only together (`publicTogether`): S3 does not count them public.
   */
  readonly policyNeutralised: boolean;
  /** Each Block Public Access flag per level (null: no configuration at that level) and in effect. */
  readonly blockPublicAccess: {
    readonly blockPublicAcls: EffectiveFlag;
    readonly ignorePublicAcls: EffectiveFlag;
    readonly blockPublicPolicy: EffectiveFlag;
    readonly restrictPublicBuckets: EffectiveFlag;
  };
  /** Sentences saying why the bucket is or is not public. */
  readonly reasons: readonly string[];
}

const NARROWING_KEYS = [
  "aws:SourceIp",
  "aws:SourceArn",
  "aws:SourceVpc",
  "aws:SourceVpce",
  "aws:SourceOwner",
  "aws:SourceAccount",
  "aws:userid",
  "aws:PrincipalOrgID",
  "aws:PrincipalAccount",
  "aws:PrincipalArn",
  "s3:DataAccessPointArn",
  "s3:DataAccessPointAccount",
];

const POSITIVE_OPERATORS = new Set([
  "StringEquals",
  "StringEqualsIgnoreCase",
  "StringLike",
  "ArnEquals",
  "ArnLike",
  "IpAddress",
]);

/** True when the entry limits the statement to fixed values of a key naming who or where the caller is. */
function narrows(entry: ConditionEntry): boolean {
  const operator = entry.operator.replace(/^ForAnyValue:/, "");
  if (!POSITIVE_OPERATORS.has(operator)) return false;
  if (!NARROWING_KEYS.some((key) => isConditionKey(entry.key, key))) return false;
  if (entry.values.length === 0) return false;
  if (entry.values.some((value) => value.includes("*") || value.includes("?") || value.includes("${")))
    return false;
  if (isConditionKey(entry.key, "aws:SourceIp")) {
    // Every value an address range, and their union neither every IPv4 nor every IPv6 address.
    const reach = sourceIpReach(entry.values);
    return reach !== null && internetFamilies([reach]).length === 0;
  }
  return true;
}

/**
 * The addresses a statement narrowed by aws:SourceIp alone lets in: what all its aws:SourceIp entries
 * let in (every value of a narrowing entry is a range, see {@link narrows}).
 */
function statementReach(statement: NarrowedPolicyStatement): SourceIpReach {
  return intersectReaches(
    statement.narrowedBy.map((entry) => sourceIpReach(entry.values) ?? { ipv4: [], ipv6: [] }),
  );
}

/**
 * The statements of `narrowed` narrowed by aws:SourceIp alone, when the union of what they let in is the
 * internet; null otherwise.
 */
function publicTogether(narrowed: readonly NarrowedPolicyStatement[]): PublicTogether | null {
  const bySourceIp = narrowed.filter((statement) =>
    statement.narrowedBy.every((entry) => isConditionKey(entry.key, "aws:SourceIp")),
  );
  const covers = internetFamilies(bySourceIp.map(statementReach));
  return covers.length > 0 ? { covers, statements: bySourceIp } : null;
}

/**
 * The statements of a policy that allow everyone: public on their own, narrowed, and public together
 * (narrowed by aws:SourceIp alone, the internet together; then not among `narrowed`).
 */
export interface EveryoneStatements {
  readonly public: readonly PublicPolicyStatement[];
  readonly narrowed: readonly NarrowedPolicyStatement[];
  readonly publicTogether: PublicTogether | null;
}

/**
 * The Allow statements of the policy text of `bucket` whose principal is everyone (or `NotPrincipal`):
 * those without a narrowing condition (public), those with one (narrowed, with the entries), and those
 * narrowed by aws:SourceIp alone whose ranges together are the internet (public together).
 * @throws {@link BucketPolicyError} naming the bucket when the text is not a policy document.
 */
export function everyoneStatements(bucket: string, policy: string): EveryoneStatements {
  const publicOnes: PublicPolicyStatement[] = [];
  const narrowed: NarrowedPolicyStatement[] = [];
  for (const { index, statement } of bucketPolicyStatements(bucket, policy)) {
    if (statement.Effect !== "Allow") continue;
    const notPrincipal = Object.hasOwn(statement, "NotPrincipal");
    if (!notPrincipal && !isEveryone(statement.Principal)) continue;
    const found: PublicPolicyStatement = {
      index,
      sid: typeof statement.Sid === "string" ? statement.Sid : null,
      principal: notPrincipal ? statement.NotPrincipal : statement.Principal,
      principalKey: notPrincipal ? "NotPrincipal" : "Principal",
      actions: stringList(statement.Action) ?? stringList(statement.NotAction) ?? [],
      resources: stringList(statement.Resource) ?? stringList(statement.NotResource) ?? [],
      condition: statement.Condition ?? null,
    };
    const narrowedBy = conditionEntries(statement.Condition).filter(narrows);
    if (narrowedBy.length > 0) narrowed.push({ ...found, narrowedBy });
    else publicOnes.push(found);
  }
  const together = publicTogether(narrowed);
  return {
    public: publicOnes,
    narrowed: together === null ? narrowed : narrowed.filter((s) => !together.statements.includes(s)),
    publicTogether: together,
  };
}

/**
 * The statements of the policy text of `bucket` that allow everyone without a narrowing condition.
 * @throws {@link BucketPolicyError} naming the bucket when the text is not a policy document.
 */
export function publicPolicyStatements(bucket: string, policy: string): PublicPolicyStatement[] {
  return [...everyoneStatements(bucket, policy).public];
}

function statementLabel(statement: PublicPolicyStatement): string {
  return statement.sid !== null ? `${statement.index} (${statement.sid})` : String(statement.index);
}

/** `statement 1 (Sid) by IpAddress aws:SourceIp 10.0.0.0/8, ...` for each narrowed statement. */
function narrowedLabels(statements: readonly NarrowedPolicyStatement[]): string {
  return statements
    .map(
      (s) =>
        `statement ${statementLabel(s)} by ${s.narrowedBy.map((e) => `${e.operator} ${e.key} ${e.values.join(", ")}`).join("; ")}`,
    )
    .join(", ");
}

/** `IPv4` or `IPv6`. */
function familyName(family: AddressFamily): string {
  return family === "ipv4" ? "IPv4" : "IPv6";
}

/** The ACL's grants to the AllUsers and AuthenticatedUsers groups. */
export function publicAclGrants(acl: BucketAcl): PublicAclGrant[] {
  return acl.grants.flatMap((grant): PublicAclGrant[] => {
    if (grant.uri === ALL_USERS_URI)
      return [{ group: "AllUsers", uri: grant.uri, permission: grant.permission }];
    if (grant.uri === AUTHENTICATED_USERS_URI)
      return [{ group: "AuthenticatedUsers", uri: grant.uri, permission: grant.permission }];
    return [];
  });
}

function flag(
  name: keyof PublicAccessBlockFlags,
  bucket: PublicAccessBlockFlags | null,
  account: PublicAccessBlockFlags | null,
): EffectiveFlag {
  const atBucket = bucket ? bucket[name] : null;
  const atAccount = account ? account[name] : null;
  return { bucket: atBucket, account: atAccount, effective: atBucket === true || atAccount === true };
}

/**
 * Decides whether the bucket is public (see the module comment) and returns the evidence.
 * @throws {@link BucketPolicyError} naming the bucket when its policy text is not a policy document.
 */
export function judgeBucketPublicAccess(input: BucketPublicAccessInput): BucketPublicAccess {
  const blockPublicAccess = {
    blockPublicAcls: flag("blockPublicAcls", input.bucketPublicAccessBlock, input.accountPublicAccessBlock),
    ignorePublicAcls: flag("ignorePublicAcls", input.bucketPublicAccessBlock, input.accountPublicAccessBlock),
    blockPublicPolicy: flag(
      "blockPublicPolicy",
      input.bucketPublicAccessBlock,
      input.accountPublicAccessBlock,
    ),
    restrictPublicBuckets: flag(
      "restrictPublicBuckets",
      input.bucketPublicAccessBlock,
      input.accountPublicAccessBlock,
    ),
  };
  const grants = publicAclGrants(input.acl);
  const everyone: EveryoneStatements =
    input.policy === null
      ? { public: [], narrowed: [], publicTogether: null }
      : everyoneStatements(input.bucket, input.policy);
  const statements = everyone.public;
  const together = everyone.publicTogether;
  const aclGrantsNeutralised = grants.length > 0 && blockPublicAccess.ignorePublicAcls.effective;
  // RestrictPublicBuckets acts on a policy S3 itself counts as public. S3 counts a policy that limits access
  // to a set of CIDRs with aws:SourceIp as not public (S3 API Reference, PublicAccessBlockConfiguration), so
  // statements public only together, each limited by its aws:SourceIp ranges, stay unrestricted.
  const policyNeutralised = statements.length > 0 && blockPublicAccess.restrictPublicBuckets.effective;
  const restricted = policyNeutralised
    ? ", which RestrictPublicBuckets limits to AWS services and the owner account"
    : "";
  const togetherUnrestricted = blockPublicAccess.restrictPublicBuckets.effective
    ? ", which RestrictPublicBuckets does not restrict (S3 counts a policy that limits access to CIDRs with aws:SourceIp as not public)"
    : "";
  const reasons: string[] = [];
  if (grants.length > 0)
    reasons.push(
      `Its ACL grants ${grants.map((grant) => `${grant.permission} to ${grant.group}`).join(", ")}${aclGrantsNeutralised ? ", which IgnorePublicAcls makes S3 ignore" : ""}.`,
    );
  else reasons.push("Its ACL grants nothing to the AllUsers or AuthenticatedUsers groups.");
  if (input.policy === null) reasons.push("It has no bucket policy.");
  else if (statements.length > 0)
    reasons.push(
      `Its policy allows everyone in statement${statements.length === 1 ? "" : "s"} ${statements.map(statementLabel).join(", ")}${restricted}.`,
    );
  else if (together === null && everyone.narrowed.length === 0)
    reasons.push("Its policy allows nobody outside named principals or narrowing conditions.");
  if (together !== null)
    reasons.push(
      `Its policy allows everyone from every ${together.covers.map(familyName).join(" and every ")} address through statements whose aws:SourceIp ranges together hold them all (whatever their actions): ${narrowedLabels(together.statements)}${togetherUnrestricted}.`,
    );
  if (everyone.narrowed.length > 0)
    reasons.push(
      `Its policy allows everyone only under narrowing conditions: ${narrowedLabels(everyone.narrowed)}.`,
    );
  return {
    public:
      (grants.length > 0 && !aclGrantsNeutralised) ||
      (statements.length > 0 && !policyNeutralised) ||
      together !== null,
    publicAclGrants: grants,
    aclGrantsNeutralised,
    publicPolicyStatements: statements,
    narrowedPolicyStatements: everyone.narrowed,
    publicTogether: together,
    policyNeutralised,
    blockPublicAccess,
    reasons,
  };
}
