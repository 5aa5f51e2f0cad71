/**
 * Account-wide IAM collection against the local endpoint: password policy (NoSuchEntity = none),
 * account summary (SummaryMap entries), virtual MFA devices over several pages, and a denied call
 * that becomes a CollectionError for its own dataset only.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AwsClients } from "../../src/aws/clients.js";
import { accountSummaryFrom } from "../../src/aws/iam-account.js";
import { clientsFor, collectSome, IAM_ACCOUNT } from "../support/collect-datasets.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };

let fake: FakeAws;
let clients: AwsClients;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
  clients = clientsFor(fake.endpoint, CREDENTIALS);
});

/** The IAM account settings through the runner: the snapshot's `iamAccount` and the errors. */
async function collectIamAccount() {
  const snapshot = await collectSome(clients, "111122223333", IAM_ACCOUNT);
  return { data: snapshot.iamAccount ?? {}, errors: snapshot.errors };
}
afterEach(async () => {
  clients.destroy();
  await fake.close();
});

describe("collectIamAccount", () => {
  it("reads no policy as null, the summary as numbers and every virtual MFA device, in three calls", async () => {
    fake.setRoot({
      mfaActive: true,
      accessKeys: [{ createDate: "2021-01-01T00:00:00Z", status: "Inactive" }],
    });
    fake.addUser({ userName: "alice", createDate: "2024-01-01T00:00:00Z", mfaActive: true });
    fake.addVirtualMfaDevice({
      name: "root-account-mfa-device",
      assignedTo: "root",
      enableDate: "2023-05-06T07:08:09Z",
    });
    fake.addVirtualMfaDevice({ name: "spare" });
    const { data, errors } = await collectIamAccount();
    expect(errors).toEqual([]);
    expect(data.passwordPolicy).toBeNull();
    expect(data.accountSummary).toMatchObject({
      AccountMFAEnabled: 1,
      AccountAccessKeysPresent: 1,
      AccountPasswordPresent: 1,
      Users: 1,
      MFADevices: 3,
      MFADevicesInUse: 2,
    });
    expect(data.virtualMfaDevices).toEqual([
      {
        serialNumber: "arn:aws:iam::111122223333:mfa/root-account-mfa-device",
        enableDate: new Date("2023-05-06T07:08:09Z"),
        user: { arn: "arn:aws:iam::111122223333:root", userName: null, userId: "111122223333" },
      },
      { serialNumber: "arn:aws:iam::111122223333:mfa/spare", enableDate: null, user: null },
      {
        serialNumber: "arn:aws:iam::111122223333:mfa/alice",
        enableDate: new Date("2024-01-01T00:00:00Z"),
        user: { arn: "arn:aws:iam::111122223333:user/alice", userName: "alice", userId: expect.any(String) },
      },
    ]);
    expect(fake.counts()).toEqual({
      GetAccountPasswordPolicy: 1,
      GetAccountSummary: 1,
      ListVirtualMFADevices: 1,
    });
  });

  it("reads a policy's every field, and follows ListVirtualMFADevices pages", async () => {
    fake.setPasswordPolicy({
      minimumPasswordLength: 14,
      passwordReusePrevention: 24,
      requireSymbols: true,
      maxPasswordAge: 90,
    });
    for (let index = 0; index < 150; index += 1) fake.addVirtualMfaDevice({ name: `d${index}` });
    const { data } = await collectIamAccount();
    expect(data.passwordPolicy).toEqual({
      minimumPasswordLength: 14,
      passwordReusePrevention: 24,
      requireSymbols: true,
      requireNumbers: false,
      requireUppercaseCharacters: false,
      requireLowercaseCharacters: false,
      allowUsersToChangePassword: false,
      expirePasswords: true,
      maxPasswordAge: 90,
      hardExpiry: false,
    });
    expect(data.virtualMfaDevices).toHaveLength(150);
    expect(fake.counts().ListVirtualMFADevices).toBe(2);
  });

  it("turns a denied GetAccountPasswordPolicy into an error for passwordPolicy only", async () => {
    fake.fail("GetAccountPasswordPolicy", { code: "AccessDenied" });
    const { data, errors } = await collectIamAccount();
    expect(errors).toEqual([
      {
        dataset: "iam.passwordPolicy",
        api: "iam:GetAccountPasswordPolicy",
        code: "AccessDenied",
        message:
          "iam:GetAccountPasswordPolicy failed in account 111122223333: AccessDenied: User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: iam:GetAccountPasswordPolicy on resource: *. The caller lacks the IAM permission iam:GetAccountPasswordPolicy.",
        missingPermission: "iam:GetAccountPasswordPolicy",
      },
    ]);
    expect(data.passwordPolicy).toBeUndefined();
    expect(data.accountSummary?.AccountMFAEnabled).toBe(0);
    expect(data.virtualMfaDevices).toEqual([]);
  });
});

describe("accountSummaryFrom", () => {
  it("keeps AWS's keys with numeric values; a key not of AWS's form never becomes a property", () => {
    const map = JSON.parse(
      '{"AccountMFAEnabled":1,"Users":3,"__proto__":{"polluted":1},"constructor ":2,"a.b":4,"Note":"x"}',
    ) as Record<string, unknown>;
    const summary = accountSummaryFrom(map);
    expect(summary).toEqual({ AccountMFAEnabled: 1, Users: 3 });
    expect(Object.getPrototypeOf(summary)).toBe(Object.prototype);
    expect((summary as Record<string, unknown>).polluted).toBeUndefined();
  });
});
