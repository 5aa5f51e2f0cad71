/**
 * IAM identities, policies, server certificates and identity providers, as plain typed data. Times are
 * UTC. Sources: IAM API Reference — GetAccountAuthorizationDetails, ListServerCertificates,
 * ListSAMLProviders, ListOpenIDConnectProviders.
 *
 * Policy documents are stored parsed (JSON values), never as the URL-encoded strings IAM sends, so a
 * snapshot saved to JSON reads the same in every tool.
 */

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
