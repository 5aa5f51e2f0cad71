/**
 * Fresh verdicts: live scans re-check report FAILs through the IAM API, judge users created after the
 * report and drop users deleted since (issue 3, items 1–2).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ScanResult, scan } from "../../src/app/scan.js";
import type { Finding } from "../../src/model/finding.js";
import { rule } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { NON_REGIONAL_RULES } from "../../src/rules/index.js";
import type { AnyRule } from "../../src/rules/types.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const HOUR_AGO = () => new Date(Date.now() - 3_600_000);

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
});
afterEach(async () => {
  await fake.close();
});

/** A live scan running `rules` (undefined: the default selection). */
function liveScanWith(rules: readonly AnyRule[] | undefined, verify = true): Promise<ScanResult> {
  return scan({
    connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, region: "us-east-1", retryBaseMs: 1 },
    reportPollBaseMs: 1,
    verify,
    ...(rules ? { rules } : {}),
  });
}

/** A live 1.11-only scan: verification re-checks the users 1.11 flags (the subject of these tests). */
function liveScan(verify = true): Promise<ScanResult> {
  return liveScanWith([rule], verify);
}

function summary(findings: readonly Finding[]) {
  return findings.map((f) => [
    f.evidence.userName,
    f.status,
    f.evidence.source,
    f.evidence.accessKeyId ?? null,
  ]);
}

describe("live verification of the credential report", () => {
  it("re-checks FAILs, judges users created after the report, drops deleted users and deleted keys", async () => {
    fake.addUser({
      userName: "alice",
      createDate: "2026-01-10T09:00:00Z",
      loginProfile: { createDate: "2026-01-10T09:00:01Z" },
      accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2026-01-10T09:00:01Z" }],
    });
    fake.addUser({
      userName: "bob",
      createDate: "2026-01-11T09:00:00Z",
      loginProfile: { createDate: "2026-01-11T09:00:00Z", passwordLastUsed: "2026-02-01T00:00:00Z" },
      accessKeys: [
        {
          createDate: "2026-01-12T09:00:00Z",
          lastUsed: { date: "2026-02-01T00:00:00Z", serviceName: "s3", region: "us-east-1" },
        },
      ],
    });
    fake.addUser({
      userName: "carol",
      createDate: "2026-01-12T09:00:00Z",
      loginProfile: { createDate: "2026-01-12T09:00:00Z" },
    });
    fake.addUser({
      userName: "dave",
      createDate: "2026-01-13T09:00:00Z",
      loginProfile: { createDate: "2026-01-13T09:00:00Z" },
      accessKeys: [{ accessKeyId: "AKIADAVE000000000001", createDate: "2026-01-13T09:00:00Z" }],
    });
    fake.report.preset({ generatedAt: HOUR_AGO() });
    // After the report: carol is deleted, dave's key is deleted, erin is created with a key at setup.
    fake.removeUser("carol");
    fake.removeAccessKey("AKIADAVE000000000001");
    fake.addUser({
      userName: "erin",
      createDate: "2026-11-29T06:00:00Z",
      loginProfile: { createDate: "2026-11-29T06:00:00Z" },
      accessKeys: [{ accessKeyId: "AKIAERIN000000000001", createDate: "2026-11-29T06:00:01Z" }],
    });

    const result = await liveScan();
    expect(summary(result.findings)).toEqual([
      ["alice", "FAIL", "api", "AKIAALICE00000000001"],
      ["bob", "PASS", "credential-report", null],
      ["dave", "PASS", "api", null],
      ["erin", "FAIL", "api", "AKIAERIN000000000001"],
    ]);
    const erin = result.findings[3];
    expect(erin?.statusExtended).toBe(
      "erin has a console password and access key AKIAERIN000000000001, created 1 second after the user (at initial setup), is active and has never been used.",
    );
    expect(erin?.evidence).toMatchObject({
      accessKeySlot: null,
      accessKeySlotMatch: "none",
      credentialReportLine: null,
      createdAtSetup: true,
    });
    expect(result.findings[0]?.evidence).toMatchObject({
      accessKeySlot: 1,
      accessKeySlotMatch: "unique",
      lastUsedDate: "N/A",
    });
    expect(result.findings[2]?.statusExtended).toBe("dave has a console password and no access key.");
    expect(result.warnings).toContain(
      "carol is in the credential report but was deleted since it was generated: not judged.",
    );
    const counts = fake.counts();
    expect([
      counts.ListUsers,
      counts.GetLoginProfile,
      counts.ListAccessKeys,
      counts.GetAccessKeyLastUsed,
    ]).toEqual([1, 3, 3, 2]);
  });

  it("names the older never-used key when slot 1 holds the newer used key", async () => {
    fake.addUser({
      userName: "frank",
      createDate: "2025-05-01T10:00:00Z",
      loginProfile: { createDate: "2025-05-01T10:00:00Z" },
      accessKeys: [
        {
          accessKeyId: "AKIAFRANKNEWER000001",
          createDate: "2026-03-01T10:00:00Z",
          lastUsed: { date: "2026-11-01T10:00:00Z", serviceName: "ec2", region: "eu-west-1" },
        },
        { accessKeyId: "AKIAFRANKOLDER000002", createDate: "2025-05-01T10:00:01Z" },
      ],
    });
    const result = await liveScan();
    expect(summary(result.findings)).toEqual([["frank", "FAIL", "api", "AKIAFRANKOLDER000002"]]);
    expect(result.findings[0]?.evidence).toMatchObject({
      accessKeySlot: 2,
      createdAt: "2025-05-01T10:00:01Z",
    });
  });

  it("keeps the same uid for a key whether judged from the report or the API", async () => {
    fake.addUser({
      userName: "gina",
      createDate: "2026-01-10T09:00:00Z",
      loginProfile: { createDate: "2026-01-10T09:00:01Z" },
      accessKeys: [{ accessKeyId: "AKIAGINA000000000001", createDate: "2026-01-10T09:00:01Z" }],
    });
    const verified = await liveScan(true);
    const reportOnly = await liveScan(false);
    expect(summary(reportOnly.findings)).toEqual([["gina", "FAIL", "credential-report", null]]);
    expect(verified.findings[0]?.uid).toBe(reportOnly.findings[0]?.uid);
  });

  it("follows ListUsers through every page: 60 users with IsTruncated, then 77", async () => {
    for (let i = 0; i < 136; i += 1) {
      fake.addUser({ userName: `user-${String(i).padStart(3, "0")}`, createDate: "2026-01-01T00:00:00Z" });
    }
    fake.report.preset({ generatedAt: HOUR_AGO() });
    fake.addUser({
      userName: "zz-late",
      createDate: "2026-11-29T06:00:00Z",
      loginProfile: { createDate: "2026-11-29T06:00:00Z" },
      accessKeys: [{ accessKeyId: "AKIALATE000000000001", createDate: "2026-11-29T06:00:00Z" }],
    });
    fake.setListUsersPageSizes([60, 77]);
    const result = await liveScan();
    expect(fake.counts().ListUsers).toBe(2);
    expect(result.findings).toHaveLength(137);
    expect(result.findings.filter((f) => f.status === "FAIL").map((f) => f.evidence.accessKeyId)).toEqual([
      "AKIALATE000000000001",
    ]);
    expect(result.warnings.filter((w) => w.includes("deleted"))).toEqual([]);
  });

  it("--no-verify makes no per-user call: the report and one call per account-wide dataset", async () => {
    fake.addUser({
      userName: "hank",
      createDate: "2026-01-01T00:00:00Z",
      loginProfile: { createDate: "2026-01-01T00:00:00Z" },
      accessKeys: [{ createDate: "2026-01-01T00:00:00Z" }],
    });
    fake.report.preset({ generatedAt: new Date() });
    // Every rule but the per-region ones (this endpoint serves IAM and STS): each account-wide data set once.
    const result = await liveScanWith(NON_REGIONAL_RULES, false);
    expect(fake.counts()).toEqual({
      GetCallerIdentity: 1,
      GenerateCredentialReport: 1,
      GetCredentialReport: 1,
      GetAccountAuthorizationDetails: 1,
      ListServerCertificates: 1,
      ListSAMLProviders: 1,
      ListOpenIDConnectProviders: 1,
      GetAccountPasswordPolicy: 1,
      GetAccountSummary: 1,
      ListVirtualMFADevices: 1,
      GetAlternateContact: 1,
    });
    expect(result.scan.accounts[0]?.apiCalls).toEqual({
      "sts:GetCallerIdentity": 1,
      "iam:GenerateCredentialReport": 1,
      "iam:GetCredentialReport": 1,
      "iam:GetAccountAuthorizationDetails": 1,
      "iam:ListServerCertificates": 1,
      "iam:ListSAMLProviders": 1,
      "iam:ListOpenIDConnectProviders": 1,
      "iam:GetAccountPasswordPolicy": 1,
      "iam:GetAccountSummary": 1,
      "iam:ListVirtualMFADevices": 1,
      "account:GetAlternateContact": 1,
    });
  });

  it("keeps the report verdict and warns when a re-check is denied", async () => {
    fake.addUser({
      userName: "ivy",
      createDate: "2026-01-01T00:00:00Z",
      loginProfile: { createDate: "2026-01-01T00:00:00Z" },
      accessKeys: [{ createDate: "2026-01-01T00:00:00Z" }],
    });
    fake.fail("ListAccessKeys", { code: "AccessDenied" });
    const result = await liveScan();
    expect(summary(result.findings)).toEqual([["ivy", "FAIL", "credential-report", null]]);
    expect(result.warnings).toEqual([
      "Could not re-check ivy through the API; its verdict comes from the report: iam:ListAccessKeys failed in account 111122223333: AccessDenied: User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: iam:ListAccessKeys on resource: *. The caller lacks the IAM permission iam:ListAccessKeys.",
    ]);
  });

  it("re-reads at most verifyMaxUsers users: flagged users first, then new ones; the rest keep the report verdict", async () => {
    for (let i = 0; i < 5; i += 1) {
      fake.addUser({
        userName: `flagged${i}`,
        createDate: "2026-01-01T00:00:00Z",
        loginProfile: { createDate: "2026-01-01T00:00:00Z" },
        accessKeys: [{ accessKeyId: `AKIAFLAGGED00000000${i}`, createDate: "2026-01-01T00:00:00Z" }],
      });
    }
    fake.report.preset({ generatedAt: new Date() });
    fake.addUser({ userName: "late", createDate: new Date(), loginProfile: { createDate: new Date() } });
    const result = await scan({
      connection: {
        endpointUrl: fake.endpoint,
        credentials: CREDENTIALS,
        region: "us-east-1",
        retryBaseMs: 1,
      },
      reportPollBaseMs: 1,
      rules: [rule],
      verifyMaxUsers: 3,
    });
    expect(summary(result.findings)).toEqual([
      ["flagged0", "FAIL", "api", "AKIAFLAGGED000000000"],
      ["flagged1", "FAIL", "api", "AKIAFLAGGED000000001"],
      ["flagged2", "FAIL", "api", "AKIAFLAGGED000000002"],
      ["flagged3", "FAIL", "credential-report", null],
      ["flagged4", "FAIL", "credential-report", null],
      // Created after the report and not read (over the limit): a MANUAL finding, never silence.
      ["late", "MANUAL", "api", null],
    ]);
    expect(result.findings.at(-1)?.statusExtended).toMatch(
      /^late was created after the credential report \(.+\) and was not read through the IAM API: not judged\. Raise --verify-max-users/,
    );
    expect(result.summary.MANUAL).toBe(1);
    const counts = fake.counts();
    expect([
      counts.ListUsers,
      counts.GetLoginProfile,
      counts.ListAccessKeys,
      counts.GetAccessKeyLastUsed,
    ]).toEqual([1, 3, 3, 3]);
    expect(result.warnings).toEqual([
      "2 of 5 flagged users were not re-checked through the API (limit 3 users, --verify-max-users): their verdicts come from the credential report.",
      "1 of 1 users created after the credential report were not read (limit 3 users, --verify-max-users): each gets a MANUAL finding per user rule, not a verdict.",
    ]);
  });

  it("re-checks only the users 1.11 flags: users failing other report-based rules cost no call", async () => {
    for (let i = 0; i < 30; i += 1) {
      // A console password without MFA (1.10 FAIL) and a 200-day-old key used yesterday (1.14 FAIL), none at setup.
      fake.addUser({
        userName: `user${String(i).padStart(2, "0")}`,
        createDate: "2025-01-01T00:00:00Z",
        loginProfile: { createDate: "2025-01-01T00:00:00Z" },
        accessKeys: [
          {
            createDate: "2025-05-01T00:00:00Z",
            lastUsed: { date: HOUR_AGO(), serviceName: "s3", region: "us-east-1" },
          },
        ],
      });
    }
    fake.report.preset({ generatedAt: new Date() });
    const result = await liveScanWith(NON_REGIONAL_RULES);
    const failing = new Set(result.findings.filter((f) => f.status === "FAIL").map((f) => f.ruleId));
    expect(failing).toContain("iam_user_console_mfa_enabled");
    expect(failing).toContain("iam_user_access_key_rotated");
    const counts = fake.counts();
    expect([
      counts.ListUsers,
      counts.GetLoginProfile,
      counts.ListAccessKeys,
      counts.GetAccessKeyLastUsed,
    ]).toEqual([1, undefined, undefined, undefined]);
  });
});
