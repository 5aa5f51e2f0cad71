/**
 * IAM authorization actions of the fake endpoint: GetAccountAuthorizationDetails (paginated across
 * users, groups, roles and policies, documents percent-encoded as on the wire), ListServerCertificates,
 * ListSAMLProviders, ListOpenIDConnectProviders. Merged into `IAM_ACTIONS`.
 *
 * Wire shape: ../shared/samples/iam-query-xml/GetAccountAuthorizationDetails.DERIVED-wire-like-url-encoded-documents.xml
 */
import type { ActionHandler } from "./iam-actions.js";
import type { PrincipalRecord } from "./iam-authorization-state.js";
import { QueryError, type XmlObject } from "./query-protocol.js";

const ENTITY_KINDS = ["User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy"] as const;
type EntityKind = (typeof ENTITY_KINDS)[number];

/** RFC 3986 percent-encoding, as IAM sends policy documents (`*` → `%2A`). */
export function encodeDocument(json: string): string {
  return encodeURIComponent(json).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function filterOf(params: Readonly<Record<string, string>>): Set<EntityKind> {
  const asked = Object.entries(params)
    .filter(([key]) => /^Filter\.member\.\d+$/.test(key))
    .map(([, value]) => value);
  for (const value of asked) {
    if (!(ENTITY_KINDS as readonly string[]).includes(value)) {
      throw new QueryError(
        "ValidationError",
        `1 validation error detected: Value '[${value}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_KINDS.join(", ")}]]`,
      );
    }
  }
  return new Set((asked.length === 0 ? ENTITY_KINDS : asked) as EntityKind[]);
}

function attachedXml(arns: readonly string[]): XmlObject[] {
  return arns.map((arn) => ({ PolicyName: arn.slice(arn.lastIndexOf("/") + 1), PolicyArn: arn }));
}

function inlineXml(inline: ReadonlyMap<string, string>): XmlObject[] {
  return [...inline].map(([name, document]) => ({
    PolicyName: name,
    PolicyDocument: encodeDocument(document),
  }));
}

const TRUST_POLICY = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

function groupXml(group: PrincipalRecord): XmlObject {
  return {
    Path: group.path,
    GroupName: group.name,
    GroupId: group.id,
    Arn: group.arn,
    CreateDate: group.createDate,
    GroupPolicyList: inlineXml(group.inline),
    AttachedManagedPolicies: attachedXml(group.attached),
  };
}

function roleXml(role: PrincipalRecord): XmlObject {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(TRUST_POLICY),
    InstanceProfileList: [],
    RolePolicyList: inlineXml(role.inline),
    AttachedManagedPolicies: attachedXml(role.attached),
    Tags: [],
    RoleLastUsed: {},
  };
}

type Entry = { list: "UserDetailList" | "GroupDetailList" | "RoleDetailList" | "Policies"; xml: XmlObject };

/** `MaxItems` (1–1000, default 100) items from the opaque `Marker`'s offset. */
function page<T>(items: readonly T[], params: Readonly<Record<string, string>>) {
  const maxItems = params.MaxItems === undefined ? 100 : Number(params.MaxItems);
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 1000) {
    throw new QueryError(
      "ValidationError",
      `1 validation error detected: Value '${params.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
    );
  }
  let start = 0;
  if (params.Marker !== undefined) {
    const match = Buffer.from(params.Marker, "base64")
      .toString("utf8")
      .match(/^fake-aws-authz:(\d+)$/);
    if (!match?.[1]) throw new QueryError("InvalidInput", "Invalid Marker.");
    start = Number(match[1]);
  }
  const end = start + maxItems;
  const isTruncated = end < items.length;
  return {
    items: items.slice(start, end),
    IsTruncated: isTruncated,
    Marker: isTruncated ? Buffer.from(`fake-aws-authz:${end}`, "utf8").toString("base64") : undefined,
  };
}

/** The authorization actions by name. */
export const AUTHORIZATION_ACTIONS: Readonly<Record<string, ActionHandler>> = {
  GetAccountAuthorizationDetails: (params, { state }) => {
    const filter = filterOf(params);
    const authz = state.authorization;
    const entries: Entry[] = [];
    if (filter.has("User")) {
      for (const user of state.listUsers()) {
        const extras = authz.extrasOf(user.userName);
        entries.push({
          list: "UserDetailList",
          xml: {
            Path: user.path,
            UserName: user.userName,
            UserId: user.userId,
            Arn: user.arn,
            CreateDate: user.createDate,
            UserPolicyList: extras.inline.size > 0 ? inlineXml(extras.inline) : undefined,
            GroupList: extras.groups,
            AttachedManagedPolicies: attachedXml(extras.attached),
            Tags: user.tags.length > 0 ? user.tags : undefined,
          },
        });
      }
    }
    if (filter.has("Group"))
      for (const group of authz.groups.values())
        entries.push({ list: "GroupDetailList", xml: groupXml(group) });
    if (filter.has("Role"))
      for (const role of authz.roles.values()) entries.push({ list: "RoleDetailList", xml: roleXml(role) });
    for (const policy of authz.policies.values()) {
      const count = authz.attachmentCount(policy.arn);
      // Real IAM lists AWS managed policies only while something has them attached.
      const wanted = policy.awsManaged
        ? filter.has("AWSManagedPolicy") && count > 0
        : filter.has("LocalManagedPolicy");
      if (!wanted) continue;
      const defaultVersion = policy.versions.find((version) => version.isDefault);
      entries.push({
        list: "Policies",
        xml: {
          PolicyName: policy.policyName,
          PolicyId: policy.policyId,
          Arn: policy.arn,
          Path: policy.path,
          DefaultVersionId: defaultVersion?.versionId,
          AttachmentCount: count,
          PermissionsBoundaryUsageCount: 0,
          IsAttachable: true,
          CreateDate: policy.createDate,
          UpdateDate: policy.createDate,
          PolicyVersionList: [...policy.versions].reverse().map((version) => ({
            Document: encodeDocument(version.document),
            VersionId: version.versionId,
            IsDefaultVersion: version.isDefault,
            CreateDate: version.createDate,
          })),
        },
      });
    }
    const served = page(entries, params);
    const of = (list: Entry["list"]) =>
      served.items.filter((entry) => entry.list === list).map((entry) => entry.xml);
    return {
      UserDetailList: of("UserDetailList"),
      GroupDetailList: of("GroupDetailList"),
      RoleDetailList: of("RoleDetailList"),
      Policies: of("Policies"),
      IsTruncated: served.IsTruncated,
      Marker: served.Marker,
    };
  },

  ListServerCertificates: (params, { state }) => {
    const prefix = params.PathPrefix ?? "/";
    const certificates = state.authorization.serverCertificates.filter((c) => c.path.startsWith(prefix));
    const served = page(certificates, params);
    return {
      ServerCertificateMetadataList: served.items.map((certificate) => ({
        Path: certificate.path,
        ServerCertificateName: certificate.name,
        ServerCertificateId: certificate.id,
        Arn: certificate.arn,
        UploadDate: certificate.uploadDate,
        Expiration: certificate.expiration,
      })),
      IsTruncated: served.IsTruncated,
      Marker: served.Marker,
    };
  },

  ListSAMLProviders: (_params, { state }) => ({
    SAMLProviderList: state.authorization.samlProviders.map((provider) => ({
      Arn: provider.arn,
      ValidUntil: provider.validUntil,
      CreateDate: provider.createDate,
    })),
  }),

  ListOpenIDConnectProviders: (_params, { state }) => ({
    OpenIDConnectProviderList: state.authorization.oidcProviders.map((arn) => ({ Arn: arn })),
  }),
};
