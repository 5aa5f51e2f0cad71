/**
 * The AWS-CLI-shaped JSON recordings of GetAccountPasswordPolicy, GetAccountSummary and
 * ListVirtualMFADevices (../shared/samples/iam) through the pure mappers our collectors use
 * (passwordPolicyFrom, accountSummaryFrom, virtualMfaDeviceFrom), then rules 1.5, 1.6, 1.8 and 1.9.
 * The CLI prints dates as ISO text where the SDK gives `Date`s: the tests turn them into `Date`s first.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { accountSummaryFrom, passwordPolicyFrom, virtualMfaDeviceFrom } from "../../src/aws/iam-account.js";
import { rule as rule18 } from "../../src/rules/iam/iam_password_policy_min_length_14.js";
import { rule as rule19 } from "../../src/rules/iam/iam_password_policy_reuse_24.js";
import { rule as rule16 } from "../../src/rules/iam/iam_root_hardware_mfa_enabled.js";
import { rule as rule15 } from "../../src/rules/iam/iam_root_mfa_enabled.js";
import type { IamAccountData } from "../../src/snapshot/iam-account.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { HAVE_SAMPLES, SAMPLES_SKIP_REASON, samplePath } from "../support/samples.js";

const ACCOUNT = "123456789012";

// biome-ignore lint/suspicious/noExplicitAny: recorded JSON, read field by field below
function sample(...parts: string[]): any {
  return JSON.parse(readFileSync(samplePath("iam", ...parts), "utf8"));
}

function snapshotOf(iamAccount: IamAccountData): Snapshot {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: new Date("2026-03-01T00:00:00Z"),
    source: "aws",
    errors: [],
    iamAccount,
  };
}

/** [1.8 status, 1.8 value, 1.9 status, 1.9 value] for a policy file's `PasswordPolicy`. */
function passwordVerdicts(policy: unknown) {
  const snapshot = snapshotOf({ passwordPolicy: passwordPolicyFrom(policy as never) });
  const [length] = rule18.evaluate(snapshot, rule18.defaults);
  const [reuse] = rule19.evaluate(snapshot, rule19.defaults);
  return [length?.status, length?.evidence.value, reuse?.status, reuse?.evidence.value];
}

describe.skipIf(!HAVE_SAMPLES)(
  `IAM account JSON recordings through our mappers ${HAVE_SAMPLES ? "" : SAMPLES_SKIP_REASON}`,
  () => {
    describe("password policy", () => {
      it("aws-cli example: absent PasswordReusePrevention, MaxPasswordAge and HardExpiry are not read as compliant", () => {
        const policy = sample(
          "password-policy",
          "aws-cli-example.get-account-password-policy.json",
        ).PasswordPolicy;
        expect(passwordPolicyFrom(policy)).toEqual({
          minimumPasswordLength: 8,
          passwordReusePrevention: null,
          requireSymbols: true,
          requireNumbers: true,
          requireUppercaseCharacters: false,
          requireLowercaseCharacters: false,
          allowUsersToChangePassword: false,
          expirePasswords: false,
          maxPasswordAge: null,
          hardExpiry: null,
        });
        expect(passwordVerdicts(policy)).toEqual(["FAIL", 8, "FAIL", null]);
      });

      it("real AWS after UpdateAccountPasswordPolicy with no arguments: length 6, no reuse prevention", () => {
        const file =
          "localstack-real-aws-2026-02-13.GetAccountPasswordPolicy.after-update-with-defaults.json";
        expect(passwordVerdicts(sample("password-policy", file).PasswordPolicy)).toEqual([
          "FAIL",
          6,
          "FAIL",
          null,
        ]);
      });

      it("real AWS with every field set: length 10, reuse 3, hard expiry", () => {
        const file = "localstack-real-aws-2026-02-13.GetAccountPasswordPolicy.custom-values.json";
        const policy = sample("password-policy", file).PasswordPolicy;
        expect(passwordPolicyFrom(policy)).toMatchObject({
          maxPasswordAge: 60,
          hardExpiry: true,
          expirePasswords: true,
        });
        expect(passwordVerdicts(policy)).toEqual(["FAIL", 10, "FAIL", 3]);
      });

      it("custodian's weak policy (2020 recording): length 10, no reuse prevention", () => {
        const file = "custodian-placebo-2020.GetAccountPasswordPolicy.weak-policy.json";
        expect(passwordVerdicts(sample("password-policy", file).data.PasswordPolicy)).toEqual([
          "FAIL",
          10,
          "FAIL",
          null,
        ]);
      });
    });

    describe("account summary", () => {
      it("aws-cli example: every count as a number, AccountMFAEnabled 1 → 1.5 PASS", () => {
        const summary = accountSummaryFrom(
          sample("account-summary", "aws-cli-example.get-account-summary.json").SummaryMap,
        );
        expect(Object.keys(summary)).toHaveLength(23);
        expect([summary.AccountMFAEnabled, summary.AccountAccessKeysPresent, summary.Users]).toEqual([
          1, 0, 27,
        ]);
        const [finding] = rule15.evaluate(snapshotOf({ accountSummary: summary }), rule15.defaults);
        expect(finding?.status).toBe("PASS");
      });

      it("2026 real-AWS key set with templated counts: text values are dropped, numbers kept, AccountMFAEnabled 0 → 1.5 FAIL", () => {
        const file = "localstack-real-aws-2026-02-17.GetAccountSummary.templated.json";
        const summary = accountSummaryFrom(sample("account-summary", file).SummaryMap);
        expect(summary.AccountPasswordPresent).toBeUndefined(); // "account-password-present" in the recording
        expect(summary.Users).toBeUndefined();
        expect([summary.AccountMFAEnabled, summary.GroupsQuota, summary.GlobalEndpointTokenVersion]).toEqual([
          0, 300, 1,
        ]);
        expect(Object.keys(summary)).toHaveLength(23); // 34 entries, 11 of them templated text
        const [finding] = rule15.evaluate(snapshotOf({ accountSummary: summary }), rule15.defaults);
        expect(finding?.status).toBe("FAIL");
      });
    });

    describe("virtual MFA devices", () => {
      it("custodian 2025 recording: root's device is found by the user ARN, not by the serial named root-account-mfa-device", () => {
        const file = "custodian-placebo-2025.ListVirtualMFADevices.root-assigned.CLI-SHAPE-CONVERTED.json";
        const devices = sample("virtual-mfa", file).VirtualMFADevices.map(
          (device: { EnableDate?: string; User?: { CreateDate: string } }) =>
            virtualMfaDeviceFrom({
              ...device,
              ...(device.EnableDate ? { EnableDate: new Date(device.EnableDate) } : {}),
              ...(device.User
                ? { User: { ...device.User, CreateDate: new Date(device.User.CreateDate) } }
                : {}),
            } as never),
        );
        expect(
          devices.map((d: { serialNumber: string; user: { arn: string } | null }) => [
            d.serialNumber,
            d.user?.arn ?? null,
          ]),
        ).toEqual([
          [`arn:aws:iam::${ACCOUNT}:mfa/test_mfa_device1`, null],
          [`arn:aws:iam::${ACCOUNT}:mfa/test_mfa_device2`, `arn:aws:iam::${ACCOUNT}:root`],
          [
            `arn:aws:iam::${ACCOUNT}:mfa/root-account-mfa-device`,
            `arn:aws:iam::${ACCOUNT}:user/fake_not_root_user`,
          ],
          [`arn:aws:iam::${ACCOUNT}:mfa/test_mfa_device3`, `arn:aws:iam::${ACCOUNT}:user/bob`],
        ]);
        expect(devices[1]).toEqual({
          serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/test_mfa_device2`,
          enableDate: new Date("2024-04-08T10:21:10Z"),
          user: { arn: `arn:aws:iam::${ACCOUNT}:root`, userName: null, userId: ACCOUNT },
        });
        const snapshot = snapshotOf({ accountSummary: { AccountMFAEnabled: 1 }, virtualMfaDevices: devices });
        const [finding] = rule16.evaluate(snapshot, rule16.defaults);
        expect(finding?.status).toBe("FAIL");
        expect(finding?.evidence.rootVirtualMfaDevices).toEqual([
          {
            serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/test_mfa_device2`,
            userArn: `arn:aws:iam::${ACCOUNT}:root`,
            enableDate: "2024-04-08T10:21:10Z",
          },
        ]);
      });

      it("aws-cli example: two unassigned devices, none on root → 1.6 PASS with root MFA on", () => {
        const devices = sample(
          "virtual-mfa",
          "aws-cli-example.list-virtual-mfa-devices.json",
        ).VirtualMFADevices.map((device: never) => virtualMfaDeviceFrom(device));
        expect(devices).toEqual([
          { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/ExampleMFADevice`, enableDate: null, user: null },
          { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/Fred`, enableDate: null, user: null },
        ]);
        const snapshot = snapshotOf({ accountSummary: { AccountMFAEnabled: 1 }, virtualMfaDevices: devices });
        expect(rule16.evaluate(snapshot, rule16.defaults).map((f) => f.status)).toEqual(["PASS"]);
      });
    });
  },
);
