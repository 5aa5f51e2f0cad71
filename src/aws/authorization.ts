/**
 * Reads who may do what in the account with few calls: one paginated GetAccountAuthorizationDetails
 * (users, groups, roles, customer and attached AWS managed policies with every version), plus
 * ListServerCertificates, ListSAMLProviders and ListOpenIDConnectProviders. No call is made per user,
 * so the number of calls does not grow with the account apart from the detail pages. Read-only.
 *
 * Each failing call becomes a {@link CollectionError} for its own dataset only; the rest is still
 * collected.
 */
import {
  type IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  type ManagedPolicyDetail,
  type PolicyDetail,
  paginateGetAccountAuthorizationDetails,
  paginateListServerCertificates,
  type AttachedPolicy as SdkAttachedPolicy,
} from "@aws-sdk/client-iam";
import { AwsApiError } from "../errors.js";
import {
  type AttachedPolicy,
  type AuthorizationData,
  type AuthorizationDetails,
  type AuthorizationGroup,
  type AuthorizationRole,
  type AuthorizationUser,
  decodePolicyDocument,
  type IdentityProviders,
  type InlinePolicy,
  isAwsManagedPolicyArn,
  type ManagedPolicy,
  type ServerCertificate,
} from "../snapshot/authorization.js";
import type { CollectionError, Dataset } from "../snapshot/types.js";
import { callAws } from "./errors.js";

/** Entity kinds asked of GetAccountAuthorizationDetails. */
const FILTER = ["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"] as const;

/** Items per GetAccountAuthorizationDetails page (the API's maximum). */
const PAGE_SIZE = 1000;

function attached(list: readonly SdkAttachedPolicy[] | undefined): AttachedPolicy[] {
  return (list ?? []).map((policy) => ({
    policyName: policy.PolicyName ?? "",
    policyArn: policy.PolicyArn ?? "",
  }));
}

function inline(list: readonly PolicyDetail[] | undefined): InlinePolicy[] {
  return (list ?? []).map((policy) => ({
    policyName: policy.PolicyName ?? "",
    document: decodePolicyDocument(policy.PolicyDocument),
  }));
}

function managed(policy: ManagedPolicyDetail): ManagedPolicy {
  const arn = policy.Arn ?? "";
  return {
    policyName: policy.PolicyName ?? "",
    policyId: policy.PolicyId ?? "",
    arn,
    path: policy.Path ?? "/",
    defaultVersionId: policy.DefaultVersionId ?? "",
    attachmentCount: policy.AttachmentCount ?? 0,
    awsManaged: isAwsManagedPolicyArn(arn),
    versions: (policy.PolicyVersionList ?? []).map((version) => ({
      versionId: version.VersionId ?? "",
      isDefaultVersion: version.IsDefaultVersion === true,
      createDate: version.CreateDate ?? null,
      document: decodePolicyDocument(version.Document),
    })),
  };
}

/** iam:GetAccountAuthorizationDetails, every page, users/groups/roles/policies joined. */
export async function getAuthorizationDetails(
  iam: IAMClient,
  accountId: string,
): Promise<AuthorizationDetails> {
  return callAws("iam:GetAccountAuthorizationDetails", accountId, async () => {
    const users: AuthorizationUser[] = [];
    const groups: AuthorizationGroup[] = [];
    const roles: AuthorizationRole[] = [];
    const policies: ManagedPolicy[] = [];
    const pages = paginateGetAccountAuthorizationDetails(
      { client: iam, pageSize: PAGE_SIZE },
      { Filter: [...FILTER] },
    );
    for await (const page of pages) {
      for (const user of page.UserDetailList ?? []) {
        users.push({
          userName: user.UserName ?? "",
          userId: user.UserId ?? "",
          arn: user.Arn ?? "",
          path: user.Path ?? "/",
          createDate: user.CreateDate ?? new Date(0),
          groups: [...(user.GroupList ?? [])],
          attachedManagedPolicies: attached(user.AttachedManagedPolicies),
          inlinePolicies: inline(user.UserPolicyList),
        });
      }
      for (const group of page.GroupDetailList ?? []) {
        groups.push({
          groupName: group.GroupName ?? "",
          groupId: group.GroupId ?? "",
          arn: group.Arn ?? "",
          path: group.Path ?? "/",
          createDate: group.CreateDate ?? new Date(0),
          attachedManagedPolicies: attached(group.AttachedManagedPolicies),
          inlinePolicies: inline(group.GroupPolicyList),
        });
      }
      for (const role of page.RoleDetailList ?? []) {
        roles.push({
          roleName: role.RoleName ?? "",
          roleId: role.RoleId ?? "",
          arn: role.Arn ?? "",
          path: role.Path ?? "/",
          createDate: role.CreateDate ?? new Date(0),
          attachedManagedPolicies: attached(role.AttachedManagedPolicies),
          inlinePolicies: inline(role.RolePolicyList),
        });
      }
      for (const policy of page.Policies ?? []) policies.push(managed(policy));
    }
    return { users, groups, roles, policies };
  });
}

/** iam:ListServerCertificates, every page. */
export async function listServerCertificates(
  iam: IAMClient,
  accountId: string,
): Promise<ServerCertificate[]> {
  return callAws("iam:ListServerCertificates", accountId, async () => {
    const certificates: ServerCertificate[] = [];
    for await (const page of paginateListServerCertificates({ client: iam }, {})) {
      for (const meta of page.ServerCertificateMetadataList ?? []) {
        certificates.push({
          serverCertificateName: meta.ServerCertificateName ?? "",
          serverCertificateId: meta.ServerCertificateId ?? "",
          arn: meta.Arn ?? "",
          path: meta.Path ?? "/",
          uploadDate: meta.UploadDate ?? null,
          expiration: meta.Expiration ?? null,
        });
      }
    }
    return certificates;
  });
}

/** iam:ListSAMLProviders and iam:ListOpenIDConnectProviders (neither is paginated). */
export async function listIdentityProviders(iam: IAMClient, accountId: string): Promise<IdentityProviders> {
  const [saml, oidc] = await Promise.all([
    callAws("iam:ListSAMLProviders", accountId, () => iam.send(new ListSAMLProvidersCommand({}))),
    callAws("iam:ListOpenIDConnectProviders", accountId, () =>
      iam.send(new ListOpenIDConnectProvidersCommand({})),
    ),
  ]);
  return {
    saml: (saml.SAMLProviderList ?? []).map((provider) => ({
      arn: provider.Arn ?? "",
      createDate: provider.CreateDate ?? null,
      validUntil: provider.ValidUntil ?? null,
    })),
    oidc: (oidc.OpenIDConnectProviderList ?? []).map((provider) => provider.Arn ?? ""),
  };
}

function collectionError(dataset: Dataset, api: string, error: unknown): CollectionError {
  if (error instanceof AwsApiError) {
    return {
      dataset,
      api: error.api,
      code: error.code,
      message: error.message,
      ...(error.missingPermission ? { missingPermission: error.missingPermission } : {}),
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { dataset, api, code: "Error", message };
}

/** The authorization part of a snapshot and the errors of the parts that could not be read. */
export interface AuthorizationCollection {
  readonly authorization: AuthorizationData;
  readonly errors: readonly CollectionError[];
}

/** Collects the three datasets in parallel; never throws for AWS errors. */
export async function collectAuthorization(
  iam: IAMClient,
  accountId: string,
): Promise<AuthorizationCollection> {
  const errors: CollectionError[] = [];
  const attempt = async <T>(dataset: Dataset, api: string, run: () => Promise<T>) => {
    try {
      return await run();
    } catch (error) {
      errors.push(collectionError(dataset, api, error));
      return undefined;
    }
  };
  const [details, serverCertificates, identityProviders] = await Promise.all([
    attempt("authorizationDetails", "iam:GetAccountAuthorizationDetails", () =>
      getAuthorizationDetails(iam, accountId),
    ),
    attempt("serverCertificates", "iam:ListServerCertificates", () => listServerCertificates(iam, accountId)),
    attempt("identityProviders", "iam:ListSAMLProviders", () => listIdentityProviders(iam, accountId)),
  ]);
  // Report errors in dataset order, whatever order the calls failed in.
  const order: readonly Dataset[] = ["authorizationDetails", "serverCertificates", "identityProviders"];
  errors.sort((a, b) => order.indexOf(a.dataset) - order.indexOf(b.dataset));
  return {
    authorization: {
      ...(details ? { details } : {}),
      ...(serverCertificates ? { serverCertificates } : {}),
      ...(identityProviders ? { identityProviders } : {}),
    },
    errors,
  };
}
