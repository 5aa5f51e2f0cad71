/**
 * IAM identities, policies, server certificates and identity providers, as plain typed data. Times are
 * UTC. Sources: IAM API Reference — GetAccountAuthorizationDetails, ListServerCertificates,
 * ListSAMLProviders, ListOpenIDConnectProviders.
 *
 * Policy documents are stored parsed (JSON values), never as the URL-encoded strings IAM sends, so a
 * snapshot saved to JSON reads the same in every tool.
 */
import type { z as zod } from "zod";

/** A policy document after decoding, or why it could not be decoded. */
export type PolicyDocument =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string };

/** A managed policy attached to a user, group or role (name and ARN only). */
export interface AttachedPolicy {
  readonly policyName: string;
  readonly policyArn: string;
}

/** An inline (embedded) policy of a user, group or role. */
export interface InlinePolicy {
  readonly policyName: string;
  readonly document: PolicyDocument;
}

/** What users, groups and roles share: their attached managed and inline policies. */
export interface PolicyHolder {
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  readonly attachedManagedPolicies: readonly AttachedPolicy[];
  readonly inlinePolicies: readonly InlinePolicy[];
}

/** An IAM user with its groups and directly granted policies. */
export interface AuthorizationUser extends PolicyHolder {
  readonly userName: string;
  readonly userId: string;
  /** Names of the groups the user belongs to. */
  readonly groups: readonly string[];
}

/** An IAM group with its policies. */
export interface AuthorizationGroup extends PolicyHolder {
  readonly groupName: string;
  readonly groupId: string;
}

/** An IAM role with its policies. */
export interface AuthorizationRole extends PolicyHolder {
  readonly roleName: string;
  readonly roleId: string;
}

/** One version of a managed policy. */
export interface PolicyVersion {
  readonly versionId: string;
  readonly isDefaultVersion: boolean;
  readonly createDate: Date | null;
  readonly document: PolicyDocument;
}

/** A managed policy (customer or AWS managed) with its versions. */
export interface ManagedPolicy {
  readonly policyName: string;
  readonly policyId: string;
  readonly arn: string;
  readonly path: string;
  readonly defaultVersionId: string;
  readonly attachmentCount: number;
  /** True for AWS managed policies (`arn:<partition>:iam::aws:policy/...`). */
  readonly awsManaged: boolean;
  readonly versions: readonly PolicyVersion[];
}

/** Everything GetAccountAuthorizationDetails returned, all pages joined. */
export interface AuthorizationDetails {
  readonly users: readonly AuthorizationUser[];
  readonly groups: readonly AuthorizationGroup[];
  readonly roles: readonly AuthorizationRole[];
  /** Customer managed policies and the AWS managed policies that are attached. */
  readonly policies: readonly ManagedPolicy[];
}

/** An IAM server certificate's metadata (ListServerCertificates). */
export interface ServerCertificate {
  readonly serverCertificateName: string;
  readonly serverCertificateId: string;
  readonly arn: string;
  readonly path: string;
  readonly uploadDate: Date | null;
  readonly expiration: Date | null;
}

/** A SAML identity provider (ListSAMLProviders). */
export interface SamlProvider {
  readonly arn: string;
  readonly createDate: Date | null;
  readonly validUntil: Date | null;
}

/** The account's federation providers. */
export interface IdentityProviders {
  readonly saml: readonly SamlProvider[];
  /** ARNs of OpenID Connect providers (ListOpenIDConnectProviders). */
  readonly oidc: readonly string[];
}

/** IAM authorization data of a snapshot; a part is absent when it could not be collected. */
export interface AuthorizationData {
  readonly details?: AuthorizationDetails;
  readonly serverCertificates?: readonly ServerCertificate[];
  readonly identityProviders?: IdentityProviders;
}

/**
 * The zod schema of {@link AuthorizationData} in a snapshot file (dates already revived to `Date`s;
 * unknown extra fields kept). Built with the `z` the caller loaded: zod is loaded only to read a snapshot
 * file, never on a scan's start-up path. Each `satisfies` proves that what the schema accepts is the
 * interface.
 */
export function authorizationDataSchema(z: typeof zod) {
  const policyDocument = z.discriminatedUnion("ok", [
    z.looseObject({
      ok: z.literal(true),
      // JSON has no undefined: a decoded document without `value` is a damaged file, and a rule would
      // read it as a document granting nothing.
      value: z.unknown().refine((value) => value !== undefined, {
        message: "Invalid input: expected a JSON value, received undefined",
      }),
    }),
    z.looseObject({ ok: z.literal(false), error: z.string() }),
  ]) satisfies zod.ZodType<PolicyDocument>;
  const attachedPolicy = z.looseObject({
    policyName: z.string(),
    policyArn: z.string(),
  }) satisfies zod.ZodType<AttachedPolicy>;
  const inlinePolicy = z.looseObject({
    policyName: z.string(),
    document: policyDocument,
  }) satisfies zod.ZodType<InlinePolicy>;
  const policyHolder = {
    arn: z.string(),
    path: z.string(),
    createDate: z.date(),
    attachedManagedPolicies: z.array(attachedPolicy),
    inlinePolicies: z.array(inlinePolicy),
  };
  const user = z.looseObject({
    ...policyHolder,
    userName: z.string(),
    userId: z.string(),
    groups: z.array(z.string()),
  }) satisfies zod.ZodType<AuthorizationUser>;
  const group = z.looseObject({
    ...policyHolder,
    groupName: z.string(),
    groupId: z.string(),
  }) satisfies zod.ZodType<AuthorizationGroup>;
  const role = z.looseObject({
    ...policyHolder,
    roleName: z.string(),
    roleId: z.string(),
  }) satisfies zod.ZodType<AuthorizationRole>;
  const policyVersion = z.looseObject({
    versionId: z.string(),
    isDefaultVersion: z.boolean(),
    createDate: z.date().nullable(),
    document: policyDocument,
  }) satisfies zod.ZodType<PolicyVersion>;
  const managedPolicy = z.looseObject({
    policyName: z.string(),
    policyId: z.string(),
    arn: z.string(),
    path: z.string(),
    defaultVersionId: z.string(),
    attachmentCount: z.number(),
    awsManaged: z.boolean(),
    versions: z.array(policyVersion),
  }) satisfies zod.ZodType<ManagedPolicy>;
  const details = z.looseObject({
    users: z.array(user),
    groups: z.array(group),
    roles: z.array(role),
    policies: z.array(managedPolicy),
  }) satisfies zod.ZodType<AuthorizationDetails>;
  const serverCertificate = z.looseObject({
    serverCertificateName: z.string(),
    serverCertificateId: z.string(),
    arn: z.string(),
    path: z.string(),
    uploadDate: z.date().nullable(),
    expiration: z.date().nullable(),
  }) satisfies zod.ZodType<ServerCertificate>;
  const samlProvider = z.looseObject({
    arn: z.string(),
    createDate: z.date().nullable(),
    validUntil: z.date().nullable(),
  }) satisfies zod.ZodType<SamlProvider>;
  const identityProviders = z.looseObject({
    saml: z.array(samlProvider),
    oidc: z.array(z.string()),
  }) satisfies zod.ZodType<IdentityProviders>;
  return z.looseObject({
    details: details.optional(),
    serverCertificates: z.array(serverCertificate).optional(),
    identityProviders: identityProviders.optional(),
  }) satisfies zod.ZodType<AuthorizationData>;
}

/**
 * Decodes a policy document as IAM returns it: an RFC 3986 percent-encoded JSON string (the JS, Go and
 * Java SDKs leave it encoded), a plain JSON string (some samples), or an already decoded object (AWS CLI
 * output, botocore). Never throws.
 */
export function decodePolicyDocument(raw: unknown): PolicyDocument {
  if (raw === undefined || raw === null) return { ok: false, error: "no policy document" };
  if (typeof raw !== "string") return { ok: true, value: raw };
  const text = raw.trim();
  if (text.startsWith("{")) return parseJson(text);
  let decoded: string;
  try {
    decoded = decodeURIComponent(text);
  } catch {
    return { ok: false, error: "the policy document is not valid percent-encoding" };
  }
  return parseJson(decoded);
}

function parseJson(text: string): PolicyDocument {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `the policy document is not valid JSON: ${message}` };
  }
}

/** True for an AWS managed policy ARN (`arn:<partition>:iam::aws:policy/...`). */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return /^arn:[^:]+:iam::aws:policy\//.test(arn);
}
