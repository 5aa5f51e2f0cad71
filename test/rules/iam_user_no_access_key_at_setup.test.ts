import { describe, expect, it } from "vitest";
import { parseCredentialReportCsv } from "../../src/credential-report/index.js";
import { evaluate } from "../../src/engine/evaluate.js";
import type { Finding } from "../../src/engine/finding.js";
import { type Params, rule } from "../../src/rules/iam_user_no_access_key_at_setup.js";
import { snapshotFromReport } from "../../src/snapshot/from-report.js";
import { CONSOLE_USER, neverUsedKey, report, rootRow, usedKey, userRow } from "../support/report-rows.js";

const SCAN_TIME = new Date("2024-03-02T12:00:00Z");

function judge(csv: string, params: Partial<Params> = {}): Finding[] {
  const snapshot = snapshotFromReport(parseCredentialReportCsv(csv), SCAN_TIME);
  return rule.evaluate(snapshot, { ...rule.defaults, ...params });
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

  it("gives the engine's ERROR finding when the credential report could not be collected", () => {
    const snapshot = {
      accountId: "111122223333",
      partition: "aws",
      collectedAt: SCAN_TIME,
      source: "aws" as const,
      errors: [
        {
          dataset: "credentialReport" as const,
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
          dataset: "credentialReport",
        },
      ],
    ]);
  });
});
