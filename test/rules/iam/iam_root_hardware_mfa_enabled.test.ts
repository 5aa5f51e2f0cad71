import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/iam/iam_root_hardware_mfa_enabled.js";
import type { VirtualMfaDevice } from "../../../src/snapshot/iam-account.js";
import { report, rootRow } from "../../support/report-rows.js";
import { judge, said, snap, summary } from "./iam-account-fixtures.js";

const ROOT_DEVICE: VirtualMfaDevice = {
  // The name says nothing about root: only User.Arn does.
  serialNumber: "arn:aws:iam::111122223333:mfa/backup-phone",
  enableDate: new Date("2025-01-01T00:00:00Z"),
  user: { arn: "arn:aws:iam::111122223333:root", userName: null, userId: "111122223333" },
};
const NAMED_LIKE_ROOT: VirtualMfaDevice = {
  serialNumber: "arn:aws:iam::111122223333:mfa/root-account-mfa-device",
  enableDate: new Date("2025-01-01T00:00:00Z"),
  user: { arn: "arn:aws:iam::111122223333:user/root-account-mfa-device", userName: "x", userId: "AIDAX" },
};
const UNASSIGNED: VirtualMfaDevice = {
  serialNumber: "arn:aws:iam::111122223333:mfa/spare",
  enableDate: null,
  user: null,
};
const MFA_ROW = rootRow({ password_enabled: "true", mfa_active: "true" });

describe("iam_root_hardware_mfa_enabled (CIS v1.5.0 1.6)", () => {
  it("FAILs a virtual MFA device on root next to a hardware one (MFADevicesInUse 2)", () => {
    const findings = judge(
      rule,
      snap(report(MFA_ROW), {
        accountSummary: { ...summary(1, 0), MFADevicesInUse: 2 },
        virtualMfaDevices: [UNASSIGNED, ROOT_DEVICE],
      }),
    );
    expect(said(findings)).toEqual([
      [
        "FAIL",
        "The root user of account 111122223333 has the virtual MFA device arn:aws:iam::111122223333:mfa/backup-phone assigned (whatever other device it also has): replace it with a hardware device.",
      ],
    ]);
    expect(findings[0]?.evidence.rootVirtualMfaDevices).toEqual([
      {
        serialNumber: "arn:aws:iam::111122223333:mfa/backup-phone",
        userArn: "arn:aws:iam::111122223333:root",
        enableDate: "2025-01-01T00:00:00Z",
      },
    ]);
    expect(findings[0]?.frameworks).toMatchObject({
      cis_v120: ["1.14"],
      cis_v150: ["1.6"],
      cis_v500: ["1.5"],
    });
  });

  it("PASSes root MFA with no virtual device on root (a device named like root but owned by a user does not count)", () => {
    const findings = judge(
      rule,
      snap(report(MFA_ROW), {
        accountSummary: summary(1, 0),
        virtualMfaDevices: [NAMED_LIKE_ROOT, UNASSIGNED],
      }),
    );
    expect(said(findings)).toEqual([
      [
        "PASS",
        "The root user of account 111122223333 has MFA enabled and no virtual MFA device: its MFA is a hardware device.",
      ],
    ]);
  });

  it("FAILs no MFA at all; MANUAL for a root with no credentials; MANUAL offline", () => {
    expect(
      said(judge(rule, snap(report(rootRow()), { accountSummary: summary(0, 0), virtualMfaDevices: [] }))),
    ).toEqual([["FAIL", "The root user of account 111122223333 has no MFA device: assign a hardware one."]]);
    const bare = judge(
      rule,
      snap(report(rootRow({ password_enabled: "false" })), {
        accountSummary: summary(0, 0, 0),
        virtualMfaDevices: [],
      }),
    );
    expect(bare.map((f) => f.status)).toEqual(["MANUAL"]);
    expect(bare[0]?.statusExtended).toContain("hardware MFA does not apply");
    // Without the device list (not collected) the engine says so: MANUAL, naming the dataset and the API.
    const [offline, ...rest] = judge(rule, snap(report(MFA_ROW)));
    expect(rest).toEqual([]);
    expect([
      offline?.status,
      offline?.evidence.reason,
      offline?.evidence.notCollected,
      offline?.evidence.apis,
    ]).toEqual(["MANUAL", "not-collected", ["iam.virtualMfaDevices"], ["iam:ListVirtualMFADevices"]]);
  });

  it("gives the engine's ERROR naming iam:ListVirtualMFADevices when the list was denied", () => {
    const snapshot = snap(
      report(MFA_ROW),
      { accountSummary: summary(1, 0) },
      {
        errors: [
          {
            dataset: "iam.virtualMfaDevices",
            api: "iam:ListVirtualMFADevices",
            code: "AccessDenied",
            message: "iam:ListVirtualMFADevices failed in account 111122223333: AccessDenied: denied.",
            missingPermission: "iam:ListVirtualMFADevices",
          },
        ],
      },
    );
    expect(evaluate(snapshot, [rule]).map((f) => [f.status, f.evidence.missingPermission])).toEqual([
      ["ERROR", "iam:ListVirtualMFADevices"],
    ]);
  });
});
