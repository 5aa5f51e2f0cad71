/**
 * Reads who may do what in the account with few calls: one paginated GetAccountAuthorizationDetails
 * (users, groups, roles, customer and attached AWS managed policies with every version), plus
 * ListServerCertificates, ListSAMLProviders and ListOpenIDConnectProviders. No call is made per user,
 * so the number of calls does not grow with the account apart from the detail pages. Read-only.
 *
 * Each call fills one dataset (the collectors in `aws/collectors/iam.ts`); one that fails throws an
 * {@link AwsApiError}, which the runner records for that dataset only; the rest is still collected.
 */
import {
  type GetAccountAuthorizationDetailsResponse,
  type GroupDetail,
  type IAMClient,
  ListOpenIDConnectProvidersCommand,
  ListSAMLProvidersCommand,
  type ManagedPolicyDetail,
  type PolicyDetail,
  paginateGetAccountAuthorizationDetails,
  paginateListServerCertificates,
  type RoleDetail,
  type AttachedPolicy as SdkAttachedPolicy,
  type UserDetail,
} from "@aws-sdk/client-iam";
import {
  type AttachedPolicy,
  type AuthorizationDetails,
  type AuthorizationGroup,
  type AuthorizationRole,
  type AuthorizationUser,
  decodePolicyDocument,
  type IdentityProviders,
  type InlinePolicy,
  isAwsManagedPolicyArn,
  type ManagedPolicy,
  type PolicyHolder,
  type ServerCertificate,
} from "../snapshot/authorization.js";
import { callAws } from "./errors.js";

/** Entity kinds asked of GetAccountAuthorizationDetails. */
const FILTER = ["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"] as const;

/** Items per GetAccountAuthorizationDetails page (the API's maximum). */
const PAGE_SIZE = 1000;

/** A name or ARN as sent, without surrounding whitespace (the docs samples wrap some in newlines). */
function text(value: string | undefined): string {
  return (value ?? "").trim();
}

/**
 * Refuses an entity that came back without its name or ARN: the response was not read in full (the SDK
 * turns some malformed XML into empty structures), and judging the rest would silently skip it. The
 * message says which of the two is missing, and quotes the one that came.
 */
function identified<T extends { readonly arn: string }>(kind: string, name: string, entity: T): T {
  if (name !== "" && entity.arn !== "") return entity;
  const missing =
    name === "" && entity.arn === ""
      ? "without a name or ARN"
      : name === ""
        ? `without a name (ARN ${JSON.stringify(entity.arn)})`
        : `without an ARN (name ${JSON.stringify(name)})`;
  throw new Error(
    `GetAccountAuthorizationDetails returned a ${kind} ${missing}: the response could not be read in full.`,
  );
}

/**
 * A managed policy's name: as sent, else the last segment of its ARN (`arn:aws:iam::aws:policy/job-function/
 * ViewOnlyAccess` → `ViewOnlyAccess`), which IAM's ARN format makes the same name. AWS always sends both;
 * moto sends the ARN alone, and the rules find a policy by its ARN.
 */
function managedPolicyName(policy: ManagedPolicyDetail, arn: string): string {
  const sent = text(policy.PolicyName);
  if (sent !== "" || !arn.includes(":policy/")) return sent;
  return arn.slice(arn.lastIndexOf("/") + 1);
}

function attached(list: readonly SdkAttachedPolicy[] | undefined): AttachedPolicy[] {
  return (list ?? []).map((policy) => ({
    policyName: text(policy.PolicyName),
    policyArn: text(policy.PolicyArn),
  }));
}

function inline(list: readonly PolicyDetail[] | undefined): InlinePolicy[] {
  return (list ?? []).map((policy) => ({
    policyName: text(policy.PolicyName),
    document: decodePolicyDocument(policy.PolicyDocument),
  }));
}

function managed(policy: ManagedPolicyDetail): ManagedPolicy {
  const arn = text(policy.Arn);
  const policyName = managedPolicyName(policy, arn);
  return identified("managed policy", policyName, {
    policyName,
    policyId: text(policy.PolicyId),
    arn,
    path: policy.Path ?? "/",
    defaultVersionId: text(policy.DefaultVersionId),
    attachmentCount: policy.AttachmentCount ?? 0,
    awsManaged: isAwsManagedPolicyArn(arn),
    versions: (policy.PolicyVersionList ?? []).map((version) => ({
      versionId: text(version.VersionId),
      isDefaultVersion: version.IsDefaultVersion === true,
      createDate: version.CreateDate ?? null,
      document: decodePolicyDocument(version.Document),
    })),
  });
}

/** What users, groups and roles share in the response: ARN, path, creation time and their policies. */
function policyHolder(
  detail: UserDetail | GroupDetail | RoleDetail,
  inlineList: readonly PolicyDetail[] | undefined,
): PolicyHolder {
  return {
    arn: text(detail.Arn),
    path: detail.Path ?? "/",
    createDate: detail.CreateDate ?? new Date(0),
    attachedManagedPolicies: attached(detail.AttachedManagedPolicies),
    inlinePolicies: inline(inlineList),
  };
}

function user(detail: UserDetail): AuthorizationUser {
  return identified("user", text(detail.UserName), {
    userName: text(detail.UserName),
    userId: text(detail.UserId),
    groups: (detail.GroupList ?? []).map(text),
    ...policyHolder(detail, detail.UserPolicyList),
  });
}

function group(detail: GroupDetail): AuthorizationGroup {
  return identified("group", text(detail.GroupName), {
    groupName: text(detail.GroupName),
    groupId: text(detail.GroupId),
    ...policyHolder(detail, detail.GroupPolicyList),
  });
}

function role(detail: RoleDetail): AuthorizationRole {
  return identified("role", text(detail.RoleName), {
    roleName: text(detail.RoleName),
    roleId: text(detail.RoleId),
    ...policyHolder(detail, detail.RolePolicyList),
  });
}

/**
 * Joins GetAccountAuthorizationDetails pages (the SDK's output shape, which is also the AWS CLI's JSON
 * shape once dates are `Date`s) into {@link AuthorizationDetails}. Pure.
 * @throws Error when a user, group, role or policy has no name or ARN (the response was not read in full).
 */
export function authorizationDetailsFromPages(
  pages: readonly GetAccountAuthorizationDetailsResponse[],
): AuthorizationDetails {
  return {
    users: pages.flatMap((page) => (page.UserDetailList ?? []).map(user)),
    groups: pages.flatMap((page) => (page.GroupDetailList ?? []).map(group)),
    roles: pages.flatMap((page) => (page.RoleDetailList ?? []).map(role)),
    policies: pages.flatMap((page) => (page.Policies ?? []).map(managed)),
  };
}

/** iam:GetAccountAuthorizationDetails, every page, users/groups/roles/policies joined. */
export async function getAuthorizationDetails(
  iam: IAMClient,
  accountId: string,
): Promise<AuthorizationDetails> {
  return callAws("iam:GetAccountAuthorizationDetails", accountId, async () => {
    const pages: GetAccountAuthorizationDetailsResponse[] = [];
    const paginator = paginateGetAccountAuthorizationDetails(
      { client: iam, pageSize: PAGE_SIZE },
      { Filter: [...FILTER] },
    );
    for await (const page of paginator) pages.push(page);
    return authorizationDetailsFromPages(pages);
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
