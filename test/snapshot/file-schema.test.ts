/**
 * Snapshot files are validated field by field, `iamAccount`, `authorization`, `regional` and
 * `securityContact` included: a
 * real collected snapshot (both local endpoints, every data set) is saved, then damaged one field at a
 * time; each damage is refused with the exact path. Unknown extra fields survive; a file that is no
 * snapshot, or of another file version, says so.
 */
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from "vitest";
import type { z } from "zod";
import { scanAccount } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { selectRules } from "../../src/engine/select.js";
import { InputError } from "../../src/model/errors.js";
import type { AuthorizationData, authorizationDataSchema } from "../../src/snapshot/authorization.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import type { IamAccountData, iamAccountDataSchema } from "../../src/snapshot/iam-account.js";
import type { RegionalData, regionalDataSchema } from "../../src/snapshot/regional.js";
import type { SecurityContact, securityContactSchema } from "../../src/snapshot/security-contact.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import { type FakeRegional, startFakeRegional } from "../support/fake-regional.js";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const ADMIN = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } };
const S3 = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] };
const PREFIX = "x.json: not a cloudpatrol snapshot (version 2): ";

let fake: FakeAws;
let regional: FakeRegional;
let original: Snapshot;
let text: string;

/** Seeds both fakes with something in every data set, nulls included, then collects with the cis_v150 rules. */
beforeAll(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
  regional = await startFakeRegional({ accountId: "111122223333" });
  fake.setRoot({ mfaActive: true });
  fake.addVirtualMfaDevice({ name: "root-device", assignedTo: "root" });
  fake.addVirtualMfaDevice({ name: "spare" });
  fake.setPasswordPolicy({ minimumPasswordLength: 14, passwordReusePrevention: 24, maxPasswordAge: 90 });
  fake.addUser({
    userName: "alice",
    createDate: "2026-01-10T09:00:00Z",
    loginProfile: { createDate: "2026-01-10T09:00:01Z" },
    accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2026-01-10T09:00:01Z" }],
  });
  fake.addUser({ userName: "bob", createDate: "2025-01-11T09:00:00Z" });
  const authz = fake.authorization;
  authz.addGroup({ name: "devs" });
  authz.addRole({ name: "app" });
  const admin = authz.addPolicy({
    policyName: "AdministratorAccess",
    awsManaged: true,
    versions: [{ document: ADMIN }],
  });
  const storage = authz.addPolicy({
    policyName: "storage",
    versions: [{ document: "{not json" }, { document: S3, isDefault: true }],
  });
  authz.addUserToGroup("alice", "devs");
  authz.attachGroupPolicy("devs", storage);
  authz.attachUserPolicy("bob", admin);
  authz.putGroupPolicy("devs", "reads", S3);
  authz.putRolePolicy("app", "reads", S3);
  authz.addServerCertificate({ name: "web", expiration: "2099-01-01T00:00:00Z" });
  authz.addSamlProvider({ name: "corp" });
  authz.addOidcProvider("token.actions.githubusercontent.com");
  fake.setSecurityContact({
    name: "Security Operations",
    title: "Security team",
    emailAddress: "security-team@example.com",
    phoneNumber: "+1 555 0100",
  });
  regional.setRegions([{ regionName: "us-east-1" }, { regionName: "eu-west-1" }]);
  regional.addInstance("eu-west-1", {
    instanceId: "i-0aaa",
    instanceProfileArn: "arn:aws:iam::111122223333:instance-profile/web",
    tags: { Name: "web", team: "platform" },
  });
  regional.addAnalyzer("us-east-1", {
    name: "acct",
    status: "FAILED",
    statusReason: "SERVICE_LINKED_ROLE_CREATION_FAILED",
  });

  vi.stubEnv("AWS_ENDPOINT_URL", fake.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_EC2", regional.endpoint);
  vi.stubEnv("AWS_ENDPOINT_URL_ACCESSANALYZER", regional.endpoint);
  const clients = createClients({
    credentials: CREDENTIALS,
    region: "us-east-1",
    retryBaseMs: 1,
    maxAttempts: 1,
  });
  try {
    const live = await scanAccount(clients, {
      rules: selectRules({ framework: "cis_v150" }).rules,
      reportPollBaseMs: 1,
    });
    original = live.snapshot;
  } finally {
    clients.destroy();
    vi.unstubAllEnvs();
  }
  text = serializeSnapshot(original);
}, 60_000);
afterAll(async () => {
  await fake?.close();
  await regional?.close();
});

/** The InputError message of parsing `source` as a snapshot file. */
function refusal(source: string): string {
  try {
    parseSnapshot(source, "x.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("expected an InputError");
}

const REMOVE = Symbol("remove");

/** The saved snapshot's JSON with the value at a dotted path (from the file's top) replaced or removed. */
function edited(path: string, value: unknown): string {
  const document = JSON.parse(text) as Record<string, unknown>;
  // Dataset names hold a dot (`ec2.instances`): a key after `datasets` takes two segments.
  const keys: string[] = [];
  for (const key of path.split(".")) {
    const previous = keys.at(-1);
    if (keys.at(-2) === "datasets" && previous !== undefined && !previous.includes("."))
      keys[keys.length - 1] = `${previous}.${key}`;
    else keys.push(key);
  }
  const last = keys.pop() as string;
  let parent = document;
  for (const key of keys) {
    const child = parent[key];
    if (typeof child !== "object" || child === null) throw new Error(`${path}: ${key} is not in the file`);
    parent = child as Record<string, unknown>;
  }
  if (!(last in parent)) throw new Error(`${path}: ${last} is not in the file`);
  if (value === REMOVE) delete parent[last];
  else parent[last] = value;
  return JSON.stringify(document);
}

describe("the collected snapshot", () => {
  it("has every part damaged below, nulls included", () => {
    expect(original.iamAccount?.passwordPolicy?.minimumPasswordLength).toBe(14);
    expect(original.iamAccount?.virtualMfaDevices?.map((d) => [d.serialNumber, d.user?.arn ?? null])).toEqual(
      [
        ["arn:aws:iam::111122223333:mfa/root-device", "arn:aws:iam::111122223333:root"],
        ["arn:aws:iam::111122223333:mfa/spare", null],
      ],
    );
    expect(original.iamAccount?.virtualMfaDevices?.[1]?.enableDate).toBeNull();
    const details = original.authorization?.details;
    expect(details?.roles.map((r) => r.roleName)).toEqual(["app"]);
    expect(details?.groups[0]?.inlinePolicies[0]?.policyName).toBe("reads");
    expect(details?.policies.map((p) => [p.policyName, p.versions.map((v) => v.document.ok)])).toEqual([
      ["AdministratorAccess", [true]],
      ["storage", [true, false]],
    ]);
    expect(original.authorization?.identityProviders?.oidc).toEqual([
      "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com",
    ]);
    expect(original.regional?.enabledRegions).toEqual(["eu-west-1", "us-east-1"]);
    expect(original.datasets?.["ec2.instances"]?.get("eu-west-1")?.[0]?.launchTime).toEqual(
      new Date("2024-01-02T03:04:05Z"),
    );
    expect(original.datasets?.["accessanalyzer.analyzers"]?.get("us-east-1")?.[0]?.statusReason).toBe(
      "SERVICE_LINKED_ROLE_CREATION_FAILED",
    );
    expect(original.userCredentials?.get("alice")?.accessKeys[0]?.accessKeyId).toBe("AKIAALICE00000000001");
    expect(original.securityContact).toEqual({
      alternateContactType: "SECURITY",
      name: "Security Operations",
      title: "Security team",
      emailAddress: "security-team@example.com",
      phoneNumber: "+1 555 0100",
    });
  });

  it("comes back from its file exactly (serialize → parse)", () => {
    expect(parseSnapshot(text, "x.json")).toEqual(original);
  });
});

describe("a damaged snapshot file", () => {
  it.each<[path: string, value: unknown, message: string, where?: string]>([
    ["snapshot.accountId", "12", "expected a 12-digit AWS account id (or unknown)"],
    // iamAccount
    [
      "snapshot.iamAccount.passwordPolicy.minimumPasswordLength",
      "14",
      "Invalid input: expected number, received string",
    ],
    [
      "snapshot.iamAccount.passwordPolicy.hardExpiry",
      REMOVE,
      "Invalid input: expected boolean, received undefined",
    ],
    ["snapshot.iamAccount.passwordPolicy", "strict", "Invalid input: expected object, received string"],
    [
      "snapshot.iamAccount.accountSummary.AccountMFAEnabled",
      "1",
      "Invalid input: expected number, received string",
    ],
    [
      "snapshot.iamAccount.virtualMfaDevices.0.user.arn",
      42,
      "Invalid input: expected string, received number",
    ],
    [
      "snapshot.iamAccount.virtualMfaDevices.1.enableDate",
      "yesterday",
      "Invalid input: expected date, received string",
    ],
    ["snapshot.iamAccount.virtualMfaDevices", {}, "Invalid input: expected array, received object"],
    // authorization
    [
      "snapshot.authorization.details.roles.0.arn",
      REMOVE,
      "Invalid input: expected string, received undefined",
    ],
    [
      "snapshot.authorization.details.roles.0.createDate",
      null,
      "Invalid input: expected date, received null",
    ],
    [
      "snapshot.authorization.details.users.0.groups",
      "devs",
      "Invalid input: expected array, received string",
    ],
    [
      "snapshot.authorization.details.users.1.attachedManagedPolicies.0.policyArn",
      REMOVE,
      "Invalid input: expected string, received undefined",
    ],
    [
      "snapshot.authorization.details.groups.0.inlinePolicies.0.document.ok",
      false,
      "Invalid input: expected string, received undefined",
      "snapshot.authorization.details.groups.0.inlinePolicies.0.document.error",
    ],
    [
      "snapshot.authorization.details.policies.1.versions.1.document.ok",
      true,
      "Invalid input: expected a JSON value, received undefined",
      "snapshot.authorization.details.policies.1.versions.1.document.value",
    ],
    [
      "snapshot.authorization.details.policies.1.versions.1.document.ok",
      "false",
      "Invalid discriminator value. Expected 'true' | 'false'",
    ],
    [
      "snapshot.authorization.details.policies.1.versions.1.document.error",
      REMOVE,
      "Invalid input: expected string, received undefined",
    ],
    [
      "snapshot.authorization.details.policies.0.attachmentCount",
      "1",
      "Invalid input: expected number, received string",
    ],
    [
      "snapshot.authorization.details.policies.0.awsManaged",
      "yes",
      "Invalid input: expected boolean, received string",
    ],
    ["snapshot.authorization.details.policies", REMOVE, "Invalid input: expected array, received undefined"],
    [
      "snapshot.authorization.serverCertificates.0.expiration",
      "2099",
      "Invalid input: expected date, received string",
    ],
    [
      "snapshot.authorization.identityProviders.saml.0.validUntil",
      REMOVE,
      "Invalid input: expected date, received undefined",
    ],
    ["snapshot.authorization.identityProviders.oidc.0", 7, "Invalid input: expected string, received number"],
    ["snapshot.authorization", [], "Invalid input: expected object, received array"],
    // regional
    [
      "snapshot.datasets.ec2.instances.eu-west-1.0.launchTime",
      "yesterday",
      "Invalid input: expected date, received string",
    ],
    [
      "snapshot.datasets.ec2.instances.eu-west-1.0.tags.team",
      1,
      "Invalid input: expected string, received number",
    ],
    [
      "snapshot.datasets.ec2.instances.eu-west-1.0.instanceProfileArn",
      REMOVE,
      "Invalid input: expected string, received undefined",
    ],
    [
      "snapshot.datasets.ec2.instances.eu-west-1",
      { "i-0aaa": {} },
      "Invalid input: expected array, received object",
    ],
    [
      "snapshot.datasets.accessanalyzer.analyzers.us-east-1.0.statusReason",
      false,
      "Invalid input: expected string, received boolean",
    ],
    [
      "snapshot.datasets.accessanalyzer.analyzers.us-east-1.0.createdAt",
      REMOVE,
      "Invalid input: expected date, received undefined",
    ],
    ["snapshot.regional.regions.0.optInStatus", null, "Invalid input: expected string, received null"],
    ["snapshot.regional.enabledRegions", "us-east-1", "Invalid input: expected array, received string"],
    // securityContact
    ["snapshot.securityContact.emailAddress", 5, "Invalid input: expected string, received number"],
    ["snapshot.securityContact.phoneNumber", REMOVE, "Invalid input: expected string, received undefined"],
    ["snapshot.securityContact", "none", "Invalid input: expected object, received string"],
  ])("%s = %s is refused", (path, value, message, where = path) => {
    // The policy-document rows edit one field and expect the issue at another (the discriminator picks the branch).
    expect(refusal(edited(path, value))).toBe(`${PREFIX}${where}: ${message}`);
  });

  it.each([
    ["snapshot.collectedAt", "2024-02-30T00:00:00.000Z", "February 2024 has 29 days"],
    ["snapshot.credentialReport.generatedAt", "0000-06-01T00:00:00Z", "year 0000 is before 1970"],
  ])("an impossible $date at %s (%s) is refused with its path (issue 16 item 4)", (path, iso, why) => {
    expect(refusal(edited(path, { $date: iso }))).toBe(
      `x.json: ${path}: ${JSON.stringify(iso)} is not a real time: ${why}`,
    );
  });

  it("refuses {ok: true} without value and {ok: false} without error as a policy document", () => {
    const document = "snapshot.authorization.details.roles.0.inlinePolicies.0.document";
    expect(refusal(edited(document, { ok: true }))).toBe(
      `${PREFIX}${document}.value: Invalid input: expected a JSON value, received undefined`,
    );
    expect(refusal(edited(document, { ok: false }))).toBe(
      `${PREFIX}${document}.error: Invalid input: expected string, received undefined`,
    );
    // Any JSON value is a decoded document, null included: a rule judges what it says.
    const parsed = parseSnapshot(edited(document, { ok: true, value: null }), "x.json");
    expect(parsed.authorization?.details?.roles[0]?.inlinePolicies[0]?.document).toEqual({
      ok: true,
      value: null,
    });
  });
});

describe("what a valid snapshot file may hold", () => {
  it("absent optional parts and null values are accepted as they are", () => {
    const document = JSON.parse(text) as { snapshot: Record<string, Record<string, unknown>> };
    const {
      iamAccount,
      authorization,
      datasets: regionalPart,
    } = document.snapshot as {
      iamAccount: Record<string, unknown>;
      authorization: Record<string, unknown>;
      datasets: Record<string, unknown>;
    };
    iamAccount.passwordPolicy = null;
    delete iamAccount.accountSummary;
    delete iamAccount.virtualMfaDevices;
    delete authorization.details;
    delete authorization.serverCertificates;
    delete regionalPart["accessanalyzer.analyzers"];
    (regionalPart["ec2.instances"] as Record<string, unknown>)["eu-west-1"] = [
      {
        instanceId: "i-0bbb",
        state: "stopped",
        instanceProfileArn: null,
        instanceType: null,
        launchTime: null,
        name: null,
        tags: {},
      },
    ];
    const parsed = parseSnapshot(JSON.stringify(document), "x.json");
    expect(parsed.iamAccount).toEqual({ passwordPolicy: null });
    expect(parsed.authorization).toEqual({ identityProviders: original.authorization?.identityProviders });
    expect(parsed.regional).toEqual({
      regions: original.regional?.regions,
      enabledRegions: ["eu-west-1", "us-east-1"],
    });
    expect(parsed.datasets?.["accessanalyzer.analyzers"]).toBeUndefined();
    expect(Object.fromEntries(parsed.datasets?.["ec2.instances"] ?? [])).toEqual({
      "eu-west-1": [
        {
          instanceId: "i-0bbb",
          state: "stopped",
          instanceProfileArn: null,
          instanceType: null,
          launchTime: null,
          name: null,
          tags: {},
        },
      ],
      "us-east-1": [],
    });
  });

  it("keeps unknown extra fields at every depth, so a newer snapshot loses nothing", () => {
    const document = JSON.parse(text) as { snapshot: Snapshot } & Record<string, unknown>;
    document.writtenBy = "cloudpatrol 9.0.0";
    const snapshot = document.snapshot as unknown as Record<string, Record<string, unknown>>;
    snapshot.iamAccount = { ...snapshot.iamAccount, organizationPolicy: { enabled: true } };
    const withExtras = JSON.stringify(document)
      .replace('"roleName":"app"', '"roleName":"app","maxSessionDuration":3600')
      .replace('"instanceId":"i-0aaa"', '"instanceId":"i-0aaa","platform":"windows"')
      .replace('"ok":false,', '"ok":false,"line":1,')
      .replace(
        '"minimumPasswordLength":14',
        '"minimumPasswordLength":14,"requireMfa":{"$date":"2030-01-01T00:00:00.000Z"}',
      );
    const parsed = parseSnapshot(withExtras, "x.json") as unknown as {
      iamAccount: { organizationPolicy: unknown; passwordPolicy: { requireMfa: unknown } };
      authorization: {
        details: {
          roles: { maxSessionDuration: unknown }[];
          policies: { versions: { document: unknown }[] }[];
        };
      };
      datasets: { "ec2.instances": Map<string, { platform: unknown }[]> };
    };
    expect(parsed.iamAccount.organizationPolicy).toEqual({ enabled: true });
    expect(parsed.iamAccount.passwordPolicy.requireMfa).toEqual(new Date("2030-01-01T00:00:00Z"));
    expect(parsed.authorization.details.roles[0]?.maxSessionDuration).toBe(3600);
    const broken = original.authorization?.details?.policies[1]?.versions[1]?.document;
    expect(parsed.authorization.details.policies[1]?.versions[1]?.document).toEqual({ ...broken, line: 1 });
    expect(parsed.datasets["ec2.instances"].get("eu-west-1")?.[0]?.platform).toBe("windows");
  });
});

describe("a file that is no snapshot of this version", () => {
  it("without a cloudpatrolSnapshot field says it is not a snapshot, and where snapshots come from", () => {
    const expected =
      "x.json: not a cloudpatrol snapshot: it has no cloudpatrolSnapshot field (snapshot files are written by cloudpatrol collect --out)";
    expect(refusal(edited("cloudpatrolSnapshot", REMOVE))).toBe(expected);
    expect(refusal('{"accountId": "111122223333"}')).toBe(expected);
    expect(refusal("[]")).toBe(expected);
    expect(refusal("null")).toBe(expected);
  });

  it("of another file version names its version and the one this cloudpatrol reads", () => {
    expect(refusal(edited("cloudpatrolSnapshot", 3))).toBe(
      "x.json: snapshot file version 3, but this cloudpatrol reads versions 1 to 2 only (the file was written by a newer cloudpatrol)",
    );
    expect(refusal(edited("cloudpatrolSnapshot", 0))).toBe(
      "x.json: snapshot file version 0, but this cloudpatrol reads versions 1 to 2 only",
    );
    // Not a number: an invalid field like any other.
    expect(refusal(edited("cloudpatrolSnapshot", "1"))).toBe(
      `${PREFIX}cloudpatrolSnapshot: Invalid input: expected 2`,
    );
  });
});

/**
 * A schema's input as an interface would write it: looseObject's `[key: string]: unknown` dropped,
 * everything readonly. Equal to the interface means the schema accepts exactly its values: a field it
 * forgets, requires where the interface has `?`, or makes nullable or optional by mistake fails tsc here
 * (the schemas' `satisfies` already prove their output is the interface).
 */
type Accepted<T> = T extends Date
  ? T
  : T extends readonly (infer E)[]
    ? readonly Accepted<E>[]
    : T extends object
      ? { readonly [K in keyof T as IsLooseKey<K, T[K]> extends true ? never : K]: Accepted<T[K]> }
      : T;
type IsLooseKey<K, V> = unknown extends V
  ? string extends K
    ? true
    : number extends K
      ? true
      : false
  : false;

describe("the schemas and the interfaces", () => {
  it("read exactly their interface: no field forgotten, none optional or nullable by mistake (checked by tsc)", () => {
    expectTypeOf<IamAccountData>().toEqualTypeOf<
      Accepted<z.input<ReturnType<typeof iamAccountDataSchema>>>
    >();
    expectTypeOf<AuthorizationData>().toEqualTypeOf<
      Accepted<z.input<ReturnType<typeof authorizationDataSchema>>>
    >();
    expectTypeOf<RegionalData>().toEqualTypeOf<Accepted<z.input<ReturnType<typeof regionalDataSchema>>>>();
    expectTypeOf<SecurityContact>().toEqualTypeOf<
      Accepted<z.input<ReturnType<typeof securityContactSchema>>>
    >();
  });
});
