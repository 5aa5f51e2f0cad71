/**
 * Authorization collection against the local endpoint: one paginated GetAccountAuthorizationDetails,
 * ListServerCertificates, ListSAMLProviders, ListOpenIDConnectProviders; denied calls turn only their
 * rules into ERROR; the call count does not grow with the users; a live scan end to end.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { collectAccount } from "../../src/aws/collect.js";
import type { Finding } from "../../src/model/finding.js";
import { rule as rule116 } from "../../src/rules/iam/iam_policy_no_full_admin_attached.js";
import { rule as rule117 } from "../../src/rules/iam/iam_role_support_access_attached.js";
import { rule as rule119 } from "../../src/rules/iam/iam_server_certificate_not_expired.js";
import { rule as rule121 } from "../../src/rules/iam/iam_user_managed_centrally.js";
import { rule as rule111 } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { rule as rule115 } from "../../src/rules/iam/iam_user_no_direct_policies.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const RULES = [rule111, rule115, rule116, rule117, rule119, rule121];
const ADMIN = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } };
const S3 = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }] };

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
});
afterEach(async () => {
  await fake.close();
});

function liveScan(verify = true) {
  return scan({
    connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, region: "us-east-1", retryBaseMs: 1 },
    reportPollBaseMs: 1,
    rules: RULES,
    verify,
  });
}

function verdicts(findings: readonly Finding[]) {
  return findings.map((f) => [f.ruleId, f.resourceName, f.status]);
}

/** Seeds an account with failures and passes for every authorization rule. */
function seedAccount(): void {
  const authz = fake.authorization;
  fake.addUser({ userName: "alice", createDate: "2025-01-01T00:00:00Z" });
  fake.addUser({ userName: "bob", createDate: "2025-01-01T00:00:00Z" });
  fake.addUser({ userName: "carol", createDate: "2025-01-01T00:00:00Z" });
  authz.addGroup({ name: "devs" });
  authz.addRole({ name: "app" });
  authz.addRole({ name: "aws-support" });
  const admin = authz.addPolicy({
    policyName: "AdministratorAccess",
    awsManaged: true,
    versions: [{ document: ADMIN }],
  });
  const support = authz.addPolicy({
    policyName: "AWSSupportAccess",
    awsManaged: true,
    versions: [
      {
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["support:*"], Resource: "*" }],
        },
      },
    ],
  });
  authz.addPolicy({ policyName: "unused-admin", versions: [{ document: ADMIN }] });
  const storage = authz.addPolicy({
    policyName: "storage",
    versions: [{ document: ADMIN }, { document: S3, isDefault: true }],
  });
  authz.addUserToGroup("alice", "devs");
  authz.attachGroupPolicy("devs", storage);
  authz.attachUserPolicy("bob", admin);
  authz.putUserPolicy("carol", "notaction", {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }],
  });
  authz.attachUserPolicy("carol", support);
  authz.attachRolePolicy("aws-support", support);
  authz.putRolePolicy("app", "reads", S3);
  authz.addServerCertificate({ name: "old", expiration: "2020-01-01T00:00:00Z" });
  authz.addServerCertificate({ name: "new", expiration: "2099-01-01T00:00:00Z" });
  authz.addSamlProvider({ name: "corp" });
  authz.addOidcProvider("token.actions.githubusercontent.com");
}

describe("authorization collection", () => {
  it("reads users, groups, roles and policies (documents decoded, every version) in one call", async () => {
    seedAccount();
    const clients = createClients({ endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 });
    try {
      const { snapshot } = await collectAccount(clients, { pollBaseMs: 1 });
      const details = snapshot.authorization?.details;
      expect(
        details?.users.map((u) => [u.userName, u.groups, u.attachedManagedPolicies.map((p) => p.policyName)]),
      ).toEqual([
        ["alice", ["devs"], []],
        ["bob", [], ["AdministratorAccess"]],
        ["carol", [], ["AWSSupportAccess"]],
      ]);
      expect(details?.users[2]?.inlinePolicies).toEqual([
        {
          policyName: "notaction",
          document: {
            ok: true,
            value: {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }],
            },
          },
        },
      ]);
      // AWS managed policies come back only while attached; customer managed ones always.
      expect(
        details?.policies.map((p) => [p.policyName, p.awsManaged, p.defaultVersionId, p.attachmentCount]),
      ).toEqual([
        ["AdministratorAccess", true, "v1", 1],
        ["AWSSupportAccess", true, "v1", 2],
        ["unused-admin", false, "v1", 0],
        ["storage", false, "v2", 1],
      ]);
      expect(
        details?.policies[3]?.versions.map((v) => [v.versionId, v.isDefaultVersion, v.document]),
      ).toEqual([
        ["v2", true, { ok: true, value: S3 }],
        ["v1", false, { ok: true, value: ADMIN }],
      ]);
      expect(
        snapshot.authorization?.serverCertificates?.map((c) => [
          c.serverCertificateName,
          c.expiration?.toISOString(),
        ]),
      ).toEqual([
        ["old", "2020-01-01T00:00:00.000Z"],
        ["new", "2099-01-01T00:00:00.000Z"],
      ]);
      expect(snapshot.authorization?.identityProviders).toEqual({
        saml: [
          {
            arn: "arn:aws:iam::111122223333:saml-provider/corp",
            createDate: new Date("2024-01-01T00:00:00Z"),
            validUntil: new Date("2124-01-01T00:00:00Z"),
          },
        ],
        oidc: ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"],
      });
      const calls = fake.counts();
      expect([
        calls.GetAccountAuthorizationDetails,
        calls.ListServerCertificates,
        calls.ListSAMLProviders,
        calls.ListOpenIDConnectProviders,
      ]).toEqual([1, 1, 1, 1]);
      const request = fake.requests.find((r) => r.action === "GetAccountAuthorizationDetails");
      expect(request?.params).toMatchObject({
        "Filter.member.1": "User",
        "Filter.member.2": "Group",
        "Filter.member.3": "Role",
        "Filter.member.4": "LocalManagedPolicy",
        "Filter.member.5": "AWSManagedPolicy",
        MaxItems: "1000",
      });
    } finally {
      clients.destroy();
    }
  });

  it("a live scan judges every authorization rule end to end", async () => {
    seedAccount();
    const result = await liveScan();
    const mine = result.findings.filter((f) => f.ruleId !== rule111.id);
    expect(verdicts(mine)).toEqual([
      ["iam_user_no_direct_policies", "alice", "PASS"],
      ["iam_user_no_direct_policies", "bob", "FAIL"],
      ["iam_user_no_direct_policies", "carol", "FAIL"],
      ["iam_policy_no_full_admin_attached", "AdministratorAccess", "FAIL"],
      ["iam_policy_no_full_admin_attached", "AWSSupportAccess", "PASS"],
      ["iam_policy_no_full_admin_attached", "storage", "PASS"],
      ["iam_policy_no_full_admin_attached", "carol/notaction", "FAIL"],
      ["iam_policy_no_full_admin_attached", "app/reads", "PASS"],
      ["iam_role_support_access_attached", "111122223333", "PASS"],
      ["iam_server_certificate_not_expired", "old", "FAIL"],
      ["iam_server_certificate_not_expired", "new", "PASS"],
      ["iam_user_managed_centrally", "111122223333", "MANUAL"],
    ]);
    expect(result.findings.filter((f) => f.ruleId === rule111.id).map((f) => f.status)).toEqual([
      "PASS",
      "PASS",
      "PASS",
    ]);
    expect(mine.find((f) => f.resourceName === "AdministratorAccess")?.statusExtended).toBe(
      "Managed policy AdministratorAccess (default version v1), attached to user bob, allows every action on every resource (statement 1): replace it with least-privilege permissions.",
    );
  });

  it("AccessDenied on GetAccountAuthorizationDetails: ERROR for 1.15–1.17 only, naming the permission; the rest judge", async () => {
    seedAccount();
    fake.fail("GetAccountAuthorizationDetails", { code: "AccessDenied" });
    const result = await liveScan();
    const errors = result.findings.filter((f) => f.status === "ERROR");
    expect(errors.map((f) => f.ruleId)).toEqual([rule115.id, rule116.id, rule117.id]);
    for (const finding of errors) {
      expect(finding.evidence).toMatchObject({
        api: "iam:GetAccountAuthorizationDetails",
        errorCode: "AccessDenied",
        missingPermission: "iam:GetAccountAuthorizationDetails",
        dataset: "iam.authorizationDetails",
      });
      expect(finding.statusExtended).toContain(
        "The caller lacks the IAM permission iam:GetAccountAuthorizationDetails.",
      );
    }
    expect(verdicts(result.findings.filter((f) => f.status !== "ERROR"))).toEqual([
      ["iam_user_no_access_key_at_setup", "alice", "PASS"],
      ["iam_user_no_access_key_at_setup", "bob", "PASS"],
      ["iam_user_no_access_key_at_setup", "carol", "PASS"],
      ["iam_server_certificate_not_expired", "old", "FAIL"],
      ["iam_server_certificate_not_expired", "new", "PASS"],
      ["iam_user_managed_centrally", "111122223333", "MANUAL"],
    ]);
    // 1.21 falls back to the credential report for the users.
    expect(result.findings.at(-1)?.evidence).toMatchObject({
      iamUserCount: 3,
      iamUsersSource: "credential-report",
    });
  });

  it("a denied ListServerCertificates or ListSAMLProviders fails only its own rule", async () => {
    seedAccount();
    fake.fail("ListServerCertificates", { code: "AccessDenied" });
    fake.fail("ListOpenIDConnectProviders", { code: "AccessDenied" });
    const result = await liveScan();
    expect(
      result.findings
        .filter((f) => f.status === "ERROR")
        .map((f) => [f.ruleId, f.evidence.missingPermission]),
    ).toEqual([
      [rule119.id, "iam:ListServerCertificates"],
      [rule121.id, "iam:ListOpenIDConnectProviders"],
    ]);
  });

  it("makes the same IAM calls for 10 and 1,000 users, apart from GetAccountAuthorizationDetails pages", async () => {
    async function countsFor(users: number) {
      await fake.close();
      fake = await startFakeAws({ accountId: "111122223333" });
      fake.authorization.addGroup({ name: "everyone" });
      for (let i = 0; i < users; i += 1) {
        const userName = `user${String(i).padStart(4, "0")}`;
        fake.addUser({ userName, createDate: "2025-01-01T00:00:00Z" });
        fake.authorization.addUserToGroup(userName, "everyone");
        fake.authorization.putUserPolicy(userName, "own", S3); // 1.15 FAIL for every user
      }
      await liveScan(false);
      return fake.counts();
    }
    const few = await countsFor(10);
    const many = await countsFor(1000);
    expect(few.GetAccountAuthorizationDetails).toBe(1);
    expect(many.GetAccountAuthorizationDetails).toBe(2); // 1,001 entities, 1,000 per page
    const { GetAccountAuthorizationDetails: _a, ...fewRest } = few;
    const { GetAccountAuthorizationDetails: _b, ...manyRest } = many;
    expect(manyRest).toEqual(fewRest);
    // The report is generated once and polled once (STARTED, then COMPLETE): independent of the users.
    expect(fewRest).toMatchObject({
      GetCallerIdentity: 1,
      GenerateCredentialReport: 2,
      GetCredentialReport: 2,
      ListServerCertificates: 1,
      ListSAMLProviders: 1,
      ListOpenIDConnectProviders: 1,
    });
  }, 60_000);
});
