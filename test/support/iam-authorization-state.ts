/**
 * In-memory IAM authorization state of the fake account: groups, roles, managed policies with versions,
 * attachments, inline policies, server certificates and SAML/OIDC providers. Users live in
 * {@link IamState}; this module keeps what hangs off them by (lower-cased) user name.
 *
 * Seeding mistakes (unknown user/group/role/policy, duplicate names) throw a plain `Error`.
 */
import type { IamState } from "./iam-state.js";
import { type DateInput, toDate } from "./time.js";

/** A policy document to seed: an object (serialized compactly) or the exact JSON text. */
export type SeedDocument = object | string;

/** A managed policy version to seed. */
export interface SeedPolicyVersion {
  document: SeedDocument;
  /** Default: the last version listed is the default. */
  isDefault?: boolean;
  /** Default: the policy's createDate. */
  createDate?: DateInput;
}

/** A managed policy to seed. */
export interface SeedManagedPolicy {
  policyName: string;
  /** `true` for an AWS managed policy (`arn:aws:iam::aws:policy/...`). Default false (customer managed). */
  awsManaged?: boolean;
  /** Default `"/"`. */
  path?: string;
  /** Default `2024-01-01T00:00:00Z`. */
  createDate?: DateInput;
  /** At least one; versions are numbered v1, v2, ... in this order. */
  versions: readonly SeedPolicyVersion[];
}

/** A group or role to seed. */
export interface SeedPrincipal {
  name: string;
  /** Default `"/"`. */
  path?: string;
  /** Default `2024-01-01T00:00:00Z`. */
  createDate?: DateInput;
}

/** A server certificate to seed. */
export interface SeedServerCertificate {
  name: string;
  expiration: DateInput;
  /** Default `2024-01-01T00:00:00Z`. */
  uploadDate?: DateInput;
  /** Default `"/"`. */
  path?: string;
}

/** A SAML provider to seed. */
export interface SeedSamlProvider {
  name: string;
  /** Default `2024-01-01T00:00:00Z`. */
  createDate?: DateInput;
  /** Default `2124-01-01T00:00:00Z`. */
  validUntil?: DateInput;
}

/** Stored managed policy. */
export interface PolicyRecord {
  readonly policyName: string;
  readonly policyId: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  readonly awsManaged: boolean;
  readonly versions: { versionId: string; document: string; isDefault: boolean; createDate: Date }[];
}

/** Stored group or role. */
export interface PrincipalRecord {
  readonly name: string;
  readonly id: string;
  readonly arn: string;
  readonly path: string;
  readonly createDate: Date;
  /** Attached managed policy ARNs, in attach order. */
  readonly attached: string[];
  /** Inline policies: name → JSON text. */
  readonly inline: Map<string, string>;
}

/** Stored extras of a user. */
export interface UserExtras {
  readonly groups: string[];
  readonly attached: string[];
  readonly inline: Map<string, string>;
}

/** What tests call to seed authorization data (`fake.authorization.*`). */
export interface AuthorizationControl {
  addGroup(group: SeedPrincipal): void;
  addRole(role: SeedPrincipal): void;
  /** Adds a managed policy; returns its ARN. */
  addPolicy(policy: SeedManagedPolicy): string;
  addUserToGroup(userName: string, groupName: string): void;
  attachUserPolicy(userName: string, policyArn: string): void;
  attachGroupPolicy(groupName: string, policyArn: string): void;
  attachRolePolicy(roleName: string, policyArn: string): void;
  putUserPolicy(userName: string, policyName: string, document: SeedDocument): void;
  putGroupPolicy(groupName: string, policyName: string, document: SeedDocument): void;
  putRolePolicy(roleName: string, policyName: string, document: SeedDocument): void;
  addServerCertificate(certificate: SeedServerCertificate): void;
  addSamlProvider(provider: SeedSamlProvider): void;
  /** Adds an OIDC provider for this issuer host, e.g. `token.actions.githubusercontent.com`. */
  addOidcProvider(host: string): void;
}

const DEFAULT_DATE = "2024-01-01T00:00:00Z";

function documentText(document: SeedDocument): string {
  return typeof document === "string" ? document : JSON.stringify(document);
}

function fakeId(prefix: string, n: number): string {
  return `${prefix}FAKE${String(n).padStart(13, "0")}`;
}

/** The authorization part of the fake account's state. */
export class AuthorizationState implements AuthorizationControl {
  readonly groups = new Map<string, PrincipalRecord>();
  readonly roles = new Map<string, PrincipalRecord>();
  /** By ARN, in creation order. */
  readonly policies = new Map<string, PolicyRecord>();
  readonly serverCertificates: {
    name: string;
    id: string;
    arn: string;
    path: string;
    uploadDate: Date;
    expiration: Date;
  }[] = [];
  readonly samlProviders: { arn: string; createDate: Date; validUntil: Date }[] = [];
  readonly oidcProviders: string[] = [];
  private readonly userExtras = new Map<string, UserExtras>();
  private nextId = 1;

  constructor(private readonly iam: IamState) {}

  /** Extras of a user (empty for a user never given any). */
  extrasOf(userName: string): UserExtras {
    const key = userName.toLowerCase();
    let extras = this.userExtras.get(key);
    if (!extras) {
      extras = { groups: [], attached: [], inline: new Map() };
      this.userExtras.set(key, extras);
    }
    return extras;
  }

  addGroup(group: SeedPrincipal): void {
    this.addPrincipal(this.groups, "group", "AGPA", group);
  }

  addRole(role: SeedPrincipal): void {
    this.addPrincipal(this.roles, "role", "AROA", role);
  }

  addPolicy(policy: SeedManagedPolicy): string {
    if (policy.versions.length === 0) throw new Error(`fake-aws: policy ${policy.policyName} has no version`);
    const path = policy.path ?? "/";
    const owner = policy.awsManaged ? "aws" : this.iam.accountId;
    const arn = `arn:aws:iam::${owner}:policy${path}${policy.policyName}`;
    if (this.policies.has(arn)) throw new Error(`fake-aws: policy ${arn} already exists`);
    const createDate = toDate(policy.createDate ?? DEFAULT_DATE, `createDate of policy ${policy.policyName}`);
    const explicit = policy.versions.findIndex((version) => version.isDefault === true);
    const defaultIndex = explicit >= 0 ? explicit : policy.versions.length - 1;
    this.policies.set(arn, {
      policyName: policy.policyName,
      policyId: fakeId("ANPA", this.nextId++),
      arn,
      path,
      createDate,
      awsManaged: policy.awsManaged === true,
      versions: policy.versions.map((version, index) => ({
        versionId: `v${index + 1}`,
        document: documentText(version.document),
        isDefault: index === defaultIndex,
        createDate:
          version.createDate === undefined
            ? createDate
            : toDate(version.createDate, `createDate of ${policy.policyName} v${index + 1}`),
      })),
    });
    return arn;
  }

  addUserToGroup(userName: string, groupName: string): void {
    this.iam.requireUser(userName);
    const group = this.requireOf(this.groups, "group", groupName);
    this.extrasOf(userName).groups.push(group.name);
  }

  attachUserPolicy(userName: string, policyArn: string): void {
    this.iam.requireUser(userName);
    this.requirePolicy(policyArn);
    this.extrasOf(userName).attached.push(policyArn);
  }

  attachGroupPolicy(groupName: string, policyArn: string): void {
    this.requirePolicy(policyArn);
    this.requireOf(this.groups, "group", groupName).attached.push(policyArn);
  }

  attachRolePolicy(roleName: string, policyArn: string): void {
    this.requirePolicy(policyArn);
    this.requireOf(this.roles, "role", roleName).attached.push(policyArn);
  }

  putUserPolicy(userName: string, policyName: string, document: SeedDocument): void {
    this.iam.requireUser(userName);
    this.extrasOf(userName).inline.set(policyName, documentText(document));
  }

  putGroupPolicy(groupName: string, policyName: string, document: SeedDocument): void {
    this.requireOf(this.groups, "group", groupName).inline.set(policyName, documentText(document));
  }

  putRolePolicy(roleName: string, policyName: string, document: SeedDocument): void {
    this.requireOf(this.roles, "role", roleName).inline.set(policyName, documentText(document));
  }

  addServerCertificate(certificate: SeedServerCertificate): void {
    const path = certificate.path ?? "/";
    this.serverCertificates.push({
      name: certificate.name,
      id: fakeId("ASCA", this.nextId++),
      arn: `arn:aws:iam::${this.iam.accountId}:server-certificate${path}${certificate.name}`,
      path,
      uploadDate: toDate(certificate.uploadDate ?? DEFAULT_DATE, `uploadDate of ${certificate.name}`),
      expiration: toDate(certificate.expiration, `expiration of ${certificate.name}`),
    });
  }

  addSamlProvider(provider: SeedSamlProvider): void {
    this.samlProviders.push({
      arn: `arn:aws:iam::${this.iam.accountId}:saml-provider/${provider.name}`,
      createDate: toDate(provider.createDate ?? DEFAULT_DATE, `createDate of ${provider.name}`),
      validUntil: toDate(provider.validUntil ?? "2124-01-01T00:00:00Z", `validUntil of ${provider.name}`),
    });
  }

  addOidcProvider(host: string): void {
    this.oidcProviders.push(`arn:aws:iam::${this.iam.accountId}:oidc-provider/${host}`);
  }

  /** How many users, groups and roles have this policy attached. */
  attachmentCount(policyArn: string): number {
    const principals = [...this.groups.values(), ...this.roles.values()];
    const users = this.iam.listUsers().map((user) => this.extrasOf(user.userName));
    return [...principals, ...users].filter((holder) => holder.attached.includes(policyArn)).length;
  }

  private addPrincipal(
    into: Map<string, PrincipalRecord>,
    kind: "group" | "role",
    prefix: string,
    seed: SeedPrincipal,
  ): void {
    const key = seed.name.toLowerCase();
    if (into.has(key)) throw new Error(`fake-aws: ${kind} ${seed.name} already exists`);
    const path = seed.path ?? "/";
    into.set(key, {
      name: seed.name,
      id: fakeId(prefix, this.nextId++),
      arn: `arn:aws:iam::${this.iam.accountId}:${kind}${path}${seed.name}`,
      path,
      createDate: toDate(seed.createDate ?? DEFAULT_DATE, `createDate of ${kind} ${seed.name}`),
      attached: [],
      inline: new Map(),
    });
  }

  private requireOf(from: Map<string, PrincipalRecord>, kind: string, name: string): PrincipalRecord {
    const found = from.get(name.toLowerCase());
    if (!found) throw new Error(`fake-aws: no ${kind} ${name}`);
    return found;
  }

  private requirePolicy(arn: string): PolicyRecord {
    const found = this.policies.get(arn);
    if (!found) throw new Error(`fake-aws: no policy ${arn}`);
    return found;
  }
}
