/**
 * Rules 1.4–1.10 and 1.12–1.14 end to end: a live scan against the local endpoint, through the real
 * SDK clients, the credential report lifecycle, verification and the account-wide calls.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../src/app/scan.js";
import type { Finding } from "../../src/model/finding.js";
import { findRule } from "../../src/rules/index.js";
import type { AnyRule } from "../../src/rules/types.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const IDS = [
  "iam_root_no_access_key",
  "iam_root_mfa_enabled",
  "iam_root_hardware_mfa_enabled",
  "iam_root_not_used_recently",
  "iam_password_policy_min_length_14",
  "iam_password_policy_reuse_24",
  "iam_user_console_mfa_enabled",
  "iam_user_unused_credentials_disabled",
  "iam_user_one_active_access_key",
  "iam_user_access_key_rotated",
];
const RULES = IDS.map((id) => findRule(id) as AnyRule);
const ago = (days: number) => new Date(Date.now() - days * 86_400_000);

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
});
afterEach(async () => {
  await fake.close();
});

function table(findings: readonly Finding[]) {
  return findings.map((f) => [f.ruleId, f.resourceName, f.status]);
}

function seed(): void {
  fake.setRoot({
    mfaActive: true,
    passwordLastUsed: ago(730),
    accessKeys: [
      {
        accessKeyId: "AKIAROOT000000000001",
        createDate: ago(900),
        lastUsed: { date: ago(1), serviceName: "s3", region: "us-east-1" },
      },
    ],
  });
  fake.addVirtualMfaDevice({ name: "root-phone", assignedTo: "root" });
  fake.setPasswordPolicy({ minimumPasswordLength: 14, passwordReusePrevention: 5 });
  fake.addUser({
    userName: "alice",
    createDate: ago(400),
    mfaActive: true,
    loginProfile: { createDate: ago(400), passwordLastUsed: ago(3) },
    accessKeys: [
      {
        accessKeyId: "AKIAALICE00000000001",
        createDate: ago(200),
        lastUsed: { date: ago(2), serviceName: "ec2", region: "eu-west-1" },
      },
      { accessKeyId: "AKIAALICE00000000002", createDate: ago(200), status: "Inactive" },
    ],
  });
  fake.addUser({ userName: "bob", createDate: ago(300), loginProfile: { createDate: ago(200) } });
  fake.addUser({
    userName: "svc",
    createDate: ago(300),
    accessKeys: [
      { accessKeyId: "AKIASVC0000000000001", createDate: ago(200) },
      {
        accessKeyId: "AKIASVC0000000000002",
        createDate: ago(10),
        lastUsed: { date: ago(1), serviceName: "s3", region: "us-east-1" },
      },
    ],
  });
}

describe("live scan of the root, password-policy and credential rules", () => {
  it("judges every rule with exact verdicts, and reads the account data in three calls", async () => {
    seed();
    const result = await scan({
      connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 },
      reportPollBaseMs: 1,
      rules: RULES,
    });
    expect(table(result.findings)).toEqual([
      ["iam_root_no_access_key", "<root_account>", "FAIL"],
      ["iam_root_mfa_enabled", "<root_account>", "PASS"],
      ["iam_root_hardware_mfa_enabled", "<root_account>", "FAIL"],
      ["iam_root_not_used_recently", "<root_account>", "FAIL"],
      ["iam_password_policy_min_length_14", "111122223333", "PASS"],
      ["iam_password_policy_reuse_24", "111122223333", "FAIL"],
      ["iam_user_console_mfa_enabled", "alice", "PASS"],
      ["iam_user_console_mfa_enabled", "bob", "FAIL"],
      ["iam_user_console_mfa_enabled", "svc", "PASS"],
      ["iam_user_unused_credentials_disabled", "alice console password", "PASS"],
      ["iam_user_unused_credentials_disabled", "alice access key 1", "PASS"],
      ["iam_user_unused_credentials_disabled", "bob console password", "FAIL"],
      ["iam_user_unused_credentials_disabled", "svc access key 1", "FAIL"],
      ["iam_user_unused_credentials_disabled", "svc access key 2", "PASS"],
      ["iam_user_one_active_access_key", "alice", "PASS"],
      ["iam_user_one_active_access_key", "bob", "PASS"],
      ["iam_user_one_active_access_key", "svc", "FAIL"],
      ["iam_user_access_key_rotated", "alice access key 1", "FAIL"],
      ["iam_user_access_key_rotated", "alice access key 2", "PASS"],
      ["iam_user_access_key_rotated", "bob", "PASS"],
      ["iam_user_access_key_rotated", "svc access key 1", "FAIL"],
      ["iam_user_access_key_rotated", "svc access key 2", "PASS"],
    ]);
    expect(result.summary).toMatchObject({ total: 22 });
    const counts = fake.counts();
    expect([counts.GetAccountPasswordPolicy, counts.GetAccountSummary, counts.ListVirtualMFADevices]).toEqual(
      [1, 1, 1],
    );
  });

  it("AccessDenied on GetAccountPasswordPolicy: 1.8 and 1.9 ERROR naming the permission, the rest still judge", async () => {
    seed();
    fake.fail("GetAccountPasswordPolicy", { code: "AccessDenied" });
    const result = await scan({
      connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 },
      reportPollBaseMs: 1,
      rules: RULES,
    });
    const errors = result.findings.filter((f) => f.status === "ERROR");
    expect(errors.map((f) => [f.ruleId, f.evidence.missingPermission, f.evidence.api])).toEqual([
      ["iam_password_policy_min_length_14", "iam:GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy"],
      ["iam_password_policy_reuse_24", "iam:GetAccountPasswordPolicy", "iam:GetAccountPasswordPolicy"],
    ]);
    expect(result.findings).toHaveLength(22);
    expect(result.findings.filter((f) => f.status === "FAIL")).toHaveLength(9);
  });

  it("no password policy at all fails 1.8 and 1.9", async () => {
    seed();
    fake.setPasswordPolicy(null);
    const result = await scan({
      connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 },
      reportPollBaseMs: 1,
      rules: [
        findRule("iam_password_policy_min_length_14") as AnyRule,
        findRule("iam_password_policy_reuse_24") as AnyRule,
      ],
    });
    expect(result.findings.map((f) => [f.status, f.statusExtended])).toEqual([
      [
        "FAIL",
        "Account 111122223333 has no IAM password policy, so passwords need only IAM's default 8 characters, not 14.",
      ],
      [
        "FAIL",
        "Account 111122223333 has no IAM password policy, so users may reuse old passwords (no reuse prevention; 24 required).",
      ],
    ]);
  });
});
