import { describe, expect, it } from "vitest";
import { parseCredentialReportCsv } from "../../../src/credential-report/index.js";
import { evaluate, evaluateRule } from "../../../src/engine/evaluate.js";
import type { Finding } from "../../../src/model/finding.js";
import { type Params, rule } from "../../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { snapshotFromReport } from "../../../src/snapshot/from-report.js";
import type { IamUser, UserCredentials } from "../../../src/snapshot/iam.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { CONSOLE_USER, neverUsedKey, report, rootRow, usedKey, userRow } from "../../support/report-rows.js";

const SCAN_TIME = new Date("2024-03-02T12:00:00Z");

function judge(csv: string, params: Partial<Params> = {}): Finding[] {
  const snapshot = snapshotFromReport(parseCredentialReportCsv(csv), SCAN_TIME);
  return evaluateRule(rule, snapshot, { params: { [rule.id]: params } });
}

const ARN = (user: string) => `arn:aws:iam::111122223333:user/${user}`;

function iamUser(userName: string, created: string): IamUser {
  return {
    userName,
    userId: `AIDA${userName.toUpperCase()}`,
    arn: ARN(userName),
    path: "/",
    createDate: new Date(created),
  };
}

type ApiKey = UserCredentials["accessKeys"][number];

function apiKey(accessKeyId: string, created: string, status: "Active" | "Inactive" = "Active"): ApiKey {
  return {
    accessKeyId,
    userName: "",
    status,
    createDate: new Date(created),
    lastUsed: { date: null, serviceName: null, region: null },
  };
}

/** A scan that re-read `credentials` through the API after the report (ListUsers lists `listed`). */
function verified(csv: string, listed: IamUser[], credentials: UserCredentials[]): Snapshot {
  return {
    ...snapshotFromReport(parseCredentialReportCsv(csv), SCAN_TIME),
    source: "aws",
    iamUsers: listed,
    userCredentials: new Map(credentials.map((c) => [c.user.userName, c])),
  };
}

function credentialsOf(user: IamUser, passwordAt: string | null, keys: ApiKey[]): UserCredentials {
  return {
    user,
    loginProfile: passwordAt ? { createDate: new Date(passwordAt), passwordResetRequired: false } : null,
    accessKeys: keys,
    checkedAt: new Date("2024-03-02T11:00:00Z"),
  };
}

function verdicts(findings: Finding[]) {
  return findings.map((finding) => [finding.resourceName, finding.status]);
}

describe("iam_user_no_access_key_at_setup (CIS v1.5.0 1.11)", () => {
  it("FAILs a console user whose only key is active and never used (Z timestamps), with full evidence", () => {
    const [finding, ...rest] = judge(
      report(userRow("alice", { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:01Z") })),
    );
    expect(rest).toEqual([]);
    expect(finding).toEqual({
      uid: expect.stringMatching(/^iam_user_no_access_key_at_setup-111122223333-[0-9a-f]{24}$/),
      ruleId: "iam_user_no_access_key_at_setup",
      status: "FAIL",
      muted: false,
      severity: "medium",
      accountId: "111122223333",
      region: "global",
      resourceType: "AWS::IAM::AccessKey",
      resourceArn: "arn:aws:iam::111122223333:user/alice",
      resourceName: "alice access key 1",
      statusExtended:
        "alice has a console password and access key 1, created 1 second after the user (at initial setup), is active and has never been used.",
      evidence: {
        userName: "alice",
        userArn: "arn:aws:iam::111122223333:user/alice",
        userCreationTime: "2024-03-01T10:00:00Z",
        passwordEnabled: true,
        passwordLastUsed: "no_information",
        accessKeySlot: 1,
        active: true,
        createdAt: "2024-03-01T10:00:01Z",
        secondsAfterUserCreation: 1,
        createdAtSetup: true,
        setupWindowSeconds: 60,
        lastUsedDate: "N/A",
        lastUsedService: "N/A",
        lastUsedRegion: "N/A",
        credentialReportGeneratedAt: null,
        credentialReportLine: 2,
        source: "credential-report",
      },
      frameworks: {
        cis_v120: ["1.21"],
        cis_v130: ["1.11"],
        cis_v140: ["1.11"],
        cis_v150: ["1.11"],
        cis_v200: ["1.11"],
        cis_v300: ["1.11"],
        cis_v400: ["1.11"],
        cis_v500: ["1.10"],
        cis_v600: ["2.10"],
      },
    });
  });

  it("PASSes the same user with +00:00 timestamps once the key has been used", () => {
    const findings = judge(
      report(
        userRow("alice", {
          ...CONSOLE_USER,
          user_creation_time: "2024-03-01T10:00:00+00:00",
          password_last_changed: "2024-03-01T10:00:01+00:00",
          ...usedKey(1, "2024-03-01T10:00:01+00:00", "2024-03-01T11:00:00+00:00", "ec2", "eu-west-1"),
        }),
      ),
    );
    expect(findings.map((f) => [f.status, f.resourceType, f.statusExtended])).toEqual([
      [
        "PASS",
        "AWS::IAM::User",
        "alice has a console password and access key 1 was last used 2024-03-01T11:00:00Z (ec2).",
      ],
    ]);
  });

  it("never judges the root row, whether password_enabled is not_supported or true", () => {
    const findings = judge(
      report(
        rootRow({ ...neverUsedKey(1, "2020-01-01T00:00:00Z") }),
        rootRow({
          password_enabled: "true",
          arn: "arn:aws-us-gov:iam::111122223333:root",
          ...neverUsedKey(2, "2020-01-01T00:00:00Z"),
        }),
      ),
    );
    expect(findings).toEqual([]);
  });

  it("PASSes a user with no console password even with an active never-used key created in the same second", () => {
    const findings = judge(report(userRow("svc", neverUsedKey(1, "2024-03-01T10:00:00Z"))));
    expect(findings.map((f) => [f.status, f.statusExtended])).toEqual([
      ["PASS", "svc has no console password."],
    ]);
  });

  it("reads password_last_used=no_information without error", () => {
    const findings = judge(report(userRow("bob", CONSOLE_USER)));
    expect(findings.map((f) => [f.status, f.statusExtended])).toEqual([
      ["PASS", "bob has a console password and no access key."],
    ]);
  });

  it("FAILs slot 2 when slot 1 is empty and slot 2 is active and never used", () => {
    const findings = judge(
      report(userRow("carol", { ...CONSOLE_USER, ...neverUsedKey(2, "2024-04-11T10:00:00Z") })),
    );
    expect(verdicts(findings)).toEqual([["carol access key 2", "FAIL"]]);
    expect(findings[0]?.evidence).toMatchObject({
      accessKeySlot: 2,
      secondsAfterUserCreation: 3542400,
      createdAtSetup: false,
    });
    expect(findings[0]?.statusExtended).toBe(
      "carol has a console password and access key 2, created 41 days after the user, is active and has never been used.",
    );
  });

  it("gives two FAILs with different uids when both slots are active and never used", () => {
    const findings = judge(
      report(
        userRow("dave", {
          ...CONSOLE_USER,
          ...neverUsedKey(1, "2024-03-01T10:00:01Z"),
          ...neverUsedKey(2, "2024-03-01T10:00:02Z"),
        }),
      ),
    );
    expect(verdicts(findings)).toEqual([
      ["dave access key 1", "FAIL"],
      ["dave access key 2", "FAIL"],
    ]);
    expect(findings[0]?.uid).not.toBe(findings[1]?.uid);
  });

  it("gives two uids to two keys created in the same second (both slots active, never used)", () => {
    const findings = judge(
      report(
        userRow("kate", {
          ...CONSOLE_USER,
          ...neverUsedKey(1, "2024-03-01T10:00:01Z"),
          ...neverUsedKey(2, "2024-03-01T10:00:01Z"),
        }),
      ),
    );
    expect(verdicts(findings)).toEqual([
      ["kate access key 1", "FAIL"],
      ["kate access key 2", "FAIL"],
    ]);
    expect(new Set(findings.map((f) => f.uid)).size).toBe(2);
  });

  it("PASSes an inactive never-used key and says to delete it", () => {
    const findings = judge(
      report(userRow("erin", { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:01Z", false) })),
    );
    expect(findings.map((f) => [f.status, f.statusExtended])).toEqual([
      ["PASS", "erin has a console password and access key 1 is inactive and was never used: delete it."],
    ]);
  });

  it("keeps uids stable when rows are reordered or the keys swap slots, and unique per key", () => {
    const keyA = "2024-03-01T10:00:01Z";
    const keyB = "2024-05-01T10:00:00Z";
    const first = judge(
      report(
        userRow("frank", { ...CONSOLE_USER, ...neverUsedKey(1, keyA), ...neverUsedKey(2, keyB) }),
        userRow("gina"),
      ),
    );
    const second = judge(
      report(
        userRow("gina"),
        userRow("frank", { ...CONSOLE_USER, ...neverUsedKey(1, keyB), ...neverUsedKey(2, keyA) }),
      ),
    );
    const byKey = (findings: Finding[]) =>
      Object.fromEntries(
        findings.map((f) => [`${f.evidence.userName}:${f.evidence.createdAt ?? "-"}`, f.uid]),
      );
    expect(byKey(second)).toEqual(byKey(first));
    expect(new Set(first.map((f) => f.uid)).size).toBe(3);
  });

  it("uses setupWindowSeconds only for the createdAtSetup evidence", () => {
    const csv = report(userRow("hank", { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:02:00Z") }));
    expect(judge(csv)[0]?.evidence.createdAtSetup).toBe(false);
    expect(judge(csv, { setupWindowSeconds: 300 })[0]?.evidence.createdAtSetup).toBe(true);
    expect(judge(csv, { setupWindowSeconds: 300 })[0]?.status).toBe("FAIL");
  });

  it("judges nothing in a header-only report", () => {
    expect(judge(report())).toEqual([]);
  });

  it("gives ERROR for an IAM user row that says password_enabled=not_supported", () => {
    const findings = judge(report(userRow("odd", { password_enabled: "not_supported" })));
    expect(findings.map((f) => [f.status, f.statusExtended])).toEqual([
      ["ERROR", "odd is an IAM user but the report says password_enabled=not_supported; cannot judge."],
    ]);
  });

  it("gives MANUAL for an active key in a pre-April-2015 16-column report (no last-used columns)", () => {
    const csv = [
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
      "ann,arn:aws:iam::111122223333:user/ann,2014-10-16T16:03:09+00:00,true,N/A,2014-10-16T16:06:00+00:00,N/A,false,true,2014-10-16T16:03:10+00:00,false,N/A,false,N/A,false,N/A",
    ].join("\n");
    const [finding, ...rest] = judge(csv);
    expect(rest).toEqual([]);
    expect([finding?.status, finding?.statusExtended]).toEqual([
      "MANUAL",
      "ann has a console password and active access key 1, created 1 second after the user (at initial setup), but this pre-April-2015 report has no last-used columns: check it with aws iam get-access-key-last-used.",
    ]);
    expect(finding?.evidence).toMatchObject({
      lastUsedDate: null,
      lastUsedService: null,
      lastUsedRegion: null,
    });
  });

  it("judges a re-read user from the API, with the API evidence in its fixed key order", () => {
    const alice = iamUser("alice", "2024-03-01T10:00:00Z");
    const snapshot = verified(
      report(userRow("alice", { ...CONSOLE_USER, ...neverUsedKey(2, "2024-03-01T10:00:01Z") })),
      [alice],
      [credentialsOf(alice, "2024-03-01T10:00:01Z", [apiKey("AKIAALICE", "2024-03-01T10:00:01Z")])],
    );
    const [finding, ...rest] = rule.evaluate(snapshot, rule.defaults);
    expect(rest).toEqual([]);
    expect([finding?.status, finding?.resourceName, finding?.statusExtended]).toEqual([
      "FAIL",
      "AKIAALICE",
      "alice has a console password and access key AKIAALICE, created 1 second after the user (at initial setup), is active and has never been used.",
    ]);
    expect(JSON.stringify(finding?.evidence)).toBe(
      JSON.stringify({
        userName: "alice",
        userArn: ARN("alice"),
        userId: "AIDAALICE",
        userCreationTime: "2024-03-01T10:00:00Z",
        passwordEnabled: true,
        passwordCreatedAt: "2024-03-01T10:00:01Z",
        accessKeyId: "AKIAALICE",
        accessKeySlot: 2,
        accessKeySlotMatch: "unique",
        active: true,
        createdAt: "2024-03-01T10:00:01Z",
        secondsAfterUserCreation: 1,
        createdAtSetup: true,
        setupWindowSeconds: 60,
        lastUsedDate: "N/A",
        lastUsedService: "N/A",
        lastUsedRegion: "N/A",
        credentialReportGeneratedAt: null,
        credentialReportLine: 2,
        verifiedAt: "2024-03-02T11:00:00Z",
        source: "api",
      }),
    );
    // The same key judged from the report alone keeps its uid.
    const fromReport = judge(
      report(userRow("alice", { ...CONSOLE_USER, ...neverUsedKey(2, "2024-03-01T10:00:01Z") })),
    );
    expect(fromReport[0]?.uid).toBe(finding?.uid);
  });

  it("matches two API keys created in the same second to slots by status, else calls the match ambiguous", () => {
    const dave = iamUser("dave", "2024-03-01T10:00:00Z");
    const erin = iamUser("erin", "2024-03-01T10:00:00Z");
    const sameSecond = { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:01Z") };
    const snapshot = verified(
      report(
        userRow("dave", { ...sameSecond, ...neverUsedKey(2, "2024-03-01T10:00:01Z", false) }),
        userRow("erin", { ...sameSecond, ...neverUsedKey(2, "2024-03-01T10:00:01Z") }),
      ),
      [dave, erin],
      [
        credentialsOf(dave, "2024-03-01T10:00:01Z", [
          apiKey("AKIADAVE2", "2024-03-01T10:00:01.400Z", "Inactive"),
          apiKey("AKIADAVE1", "2024-03-01T10:00:01.200Z"),
        ]),
        credentialsOf(erin, "2024-03-01T10:00:01Z", [
          apiKey("AKIAERIN1", "2024-03-01T10:00:01Z"),
          apiKey("AKIAERIN2", "2024-03-01T10:00:01Z"),
        ]),
      ],
    );
    const findings = rule.evaluate(snapshot, rule.defaults);
    expect(
      findings.map((f) => [f.resourceName, f.evidence.accessKeySlot, f.evidence.accessKeySlotMatch]),
    ).toEqual([
      ["AKIADAVE1", 1, "unique"],
      ["AKIAERIN1", null, "ambiguous"],
      ["AKIAERIN2", null, "ambiguous"],
    ]);
    expect(new Set(findings.map((f) => f.uid)).size).toBe(3);
  });

  it("drops users deleted since the report and judges users created since it from the API", () => {
    const kim = iamUser("kim", "2024-03-02T08:00:00Z");
    const lee = iamUser("lee", "2024-03-01T10:00:00Z");
    const snapshot = verified(
      report(
        userRow("gone", { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:01Z") }),
        userRow("lee", { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:01Z") }),
      ),
      [lee, kim],
      [
        credentialsOf(lee, null, [apiKey("AKIALEE", "2024-03-01T10:00:01Z")]),
        credentialsOf(kim, "2024-03-02T08:00:00Z", [apiKey("AKIAKIM", "2024-03-02T08:00:30Z")]),
      ],
    );
    const findings = rule.evaluate(snapshot, rule.defaults);
    expect(findings.map((f) => [f.status, f.statusExtended, f.evidence.credentialReportLine])).toEqual([
      ["PASS", "lee has no console password.", 3],
      [
        "FAIL",
        "kim has a console password and access key AKIAKIM, created 30 seconds after the user (at initial setup), is active and has never been used.",
        null,
      ],
    ]);
    expect(findings[1]?.evidence).toMatchObject({ accessKeySlot: null, accessKeySlotMatch: "none" });
  });

  it("gives the engine's ERROR finding when the credential report could not be collected", () => {
    const snapshot = {
      accountId: "111122223333",
      partition: "aws",
      collectedAt: SCAN_TIME,
      source: "aws" as const,
      errors: [
        {
          dataset: "iam.credentialReport" as const,
          api: "iam:GenerateCredentialReport",
          code: "AccessDenied",
          message: "iam:GenerateCredentialReport failed in account 111122223333: AccessDenied: denied.",
          missingPermission: "iam:GenerateCredentialReport",
        },
      ],
    };
    const findings = evaluate(snapshot, [rule]);
    expect(
      findings.map((f) => [f.status, f.resourceType, f.resourceArn, f.statusExtended, f.evidence]),
    ).toEqual([
      [
        "ERROR",
        "AWS::::Account",
        "arn:aws:iam::111122223333:root",
        "Could not judge account 111122223333: iam:GenerateCredentialReport failed in account 111122223333: AccessDenied: denied.",
        {
          api: "iam:GenerateCredentialReport",
          errorCode: "AccessDenied",
          missingPermission: "iam:GenerateCredentialReport",
          dataset: "iam.credentialReport",
        },
      ],
    ]);
  });
});
