import { describe, expect, it } from "vitest";
import {
  contactTags,
  explainFromApi,
  explainFromReport,
  findingsForUser,
} from "../../../src/app/explain/build.js";
import type { UserDetails } from "../../../src/aws/user-details.js";
import { parseCredentialReportCsv } from "../../../src/credential-report/parse.js";
import type { CredentialReportRow } from "../../../src/credential-report/types.js";
import { evaluate } from "../../../src/engine/evaluate.js";
import type { Finding } from "../../../src/model/finding.js";
import { rule } from "../../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { NON_REGIONAL_RULES } from "../../../src/rules/index.js";
import { snapshotFromReport } from "../../../src/snapshot/from-report.js";
import { CONSOLE_USER, neverUsedKey, report, rootRow, usedKey, userRow } from "../../support/report-rows.js";

const ACCOUNT = "111122223333";
const SCAN_TIME = new Date("2024-06-01T00:00:00Z");

/** Parses a literal report and runs the 1.11 rule over it, as an offline `--rule` scan does. */
function scanOf(csv: string): { rows: readonly CredentialReportRow[]; findings: Finding[] } {
  const parsed = parseCredentialReportCsv(csv, { source: "test.csv" });
  return { rows: parsed.rows, findings: evaluate(snapshotFromReport(parsed, SCAN_TIME), [rule]) };
}

function rowOf(rows: readonly CredentialReportRow[], user: string): CredentialReportRow {
  const row = rows.find((candidate) => candidate.user === user);
  if (!row) throw new Error(`no row ${user}`);
  return row;
}

const ALICE_CSV = report(
  rootRow(),
  userRow("alice", {
    ...CONSOLE_USER,
    password_last_used: "2024-05-20T08:00:00Z",
    ...neverUsedKey(1, "2024-03-01T10:00:02Z"),
    ...usedKey(2, "2024-04-01T00:00:00Z", "2024-05-01T12:00:00Z", "s3", "eu-west-1"),
  }),
  userRow("alice2", { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:05Z") }),
);

const KEY_1 = "AKIAFAKE000000000001";
const KEY_2 = "AKIAFAKE000000000002";

function aliceDetails(overrides: Partial<UserDetails> = {}): UserDetails {
  return {
    user: {
      userName: "alice",
      userId: "AIDAFAKE0000000000001",
      arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
      path: "/",
      createDate: new Date("2024-03-01T10:00:00Z"),
      passwordLastUsed: new Date("2024-05-20T08:00:00Z"),
    },
    loginProfile: { createDate: new Date("2024-03-01T10:00:01Z"), passwordResetRequired: false },
    mfaDevices: [],
    // Listed newest first on purpose: the explanation orders keys by creation time.
    accessKeys: [
      {
        accessKeyId: KEY_2,
        userName: "alice",
        status: "Active",
        createDate: new Date("2024-04-01T00:00:00Z"),
        lastUsed: { date: new Date("2024-05-01T12:00:00Z"), serviceName: "s3", region: "eu-west-1" },
      },
      {
        accessKeyId: KEY_1,
        userName: "alice",
        status: "Active",
        createDate: new Date("2024-03-01T10:00:02Z"),
        lastUsed: { date: null, serviceName: null, region: null },
      },
    ],
    tags: [
      { key: "Owner", value: "Bob Builder" },
      { key: "cost-center", value: "42" },
      { key: "notify", value: "ops@example.com" },
    ],
    checkedAt: new Date("2024-06-01T00:00:05Z"),
    ...overrides,
  };
}

describe("explainFromApi", () => {
  it("describes the user, its keys by id, tags, contacts and the FAIL with prefilled commands", () => {
    const { findings } = scanOf(ALICE_CSV);
    const fail = findings.find((f) => f.evidence.userName === "alice" && f.status === "FAIL");
    expect(fail).toBeDefined();
    const x = explainFromApi(aliceDetails(), {
      accountId: ACCOUNT,
      findings,
      credentialReportGeneratedAt: new Date("2024-05-31T23:00:00Z"),
    });
    expect(x).toEqual({
      schemaVersion: 1,
      source: "aws",
      accountId: ACCOUNT,
      userName: "alice",
      userArn: "arn:aws:iam::111122223333:user/alice",
      userId: "AIDAFAKE0000000000001",
      path: "/",
      createdAt: "2024-03-01T10:00:00Z",
      checkedAt: "2024-06-01T00:00:05Z",
      credentialReportGeneratedAt: "2024-05-31T23:00:00Z",
      consolePassword: {
        enabled: true,
        createdAt: "2024-03-01T10:00:01Z",
        secondsAfterUserCreation: 1,
        lastChangedAt: null,
        lastUsedAt: "2024-05-20T08:00:00Z",
      },
      mfa: { active: false, devices: [] },
      accessKeys: [
        {
          accessKeyId: KEY_1,
          slot: null,
          status: "Active",
          createdAt: "2024-03-01T10:00:02Z",
          secondsAfterUserCreation: 2,
          createdAfterUser: "2 seconds after the user",
          usageKnown: true,
          lastUsedAt: null,
          lastUsedService: null,
          lastUsedRegion: null,
        },
        {
          accessKeyId: KEY_2,
          slot: null,
          status: "Active",
          createdAt: "2024-04-01T00:00:00Z",
          secondsAfterUserCreation: 2_642_400,
          createdAfterUser: "30 days after the user",
          usageKnown: true,
          lastUsedAt: "2024-05-01T12:00:00Z",
          lastUsedService: "s3",
          lastUsedRegion: "eu-west-1",
        },
      ],
      tags: [
        { key: "Owner", value: "Bob Builder" },
        { key: "cost-center", value: "42" },
        { key: "notify", value: "ops@example.com" },
      ],
      contacts: [
        { key: "Owner", value: "Bob Builder" },
        { key: "notify", value: "ops@example.com" },
      ],
      findings: [
        {
          uid: fail?.uid,
          ruleId: "iam_user_no_access_key_at_setup",
          title: rule.title,
          status: "FAIL",
          muted: false,
          severity: "medium",
          resourceName: "alice access key 1",
          statusExtended: fail?.statusExtended,
          accessKeySlot: 1,
          accessKeyId: KEY_1,
          fix: {
            cli: [
              "aws iam list-access-keys --user-name alice",
              `aws iam get-access-key-last-used --access-key-id ${KEY_1}`,
              `aws iam update-access-key --access-key-id ${KEY_1} --status Inactive --user-name alice`,
              `aws iam delete-access-key --access-key-id ${KEY_1} --user-name alice`,
            ],
            console: rule.remediation.console,
          },
        },
      ],
      inspect: [
        "aws iam get-user --user-name alice",
        "aws iam get-login-profile --user-name alice",
        "aws iam list-mfa-devices --user-name alice",
        "aws iam list-access-keys --user-name alice",
        `aws iam get-access-key-last-used --access-key-id ${KEY_1}`,
        `aws iam get-access-key-last-used --access-key-id ${KEY_2}`,
        "aws iam list-user-tags --user-name alice",
      ],
      notes: [],
    });
  });

  it("uses evidence.accessKeyId when the finding carries one", () => {
    const { findings } = scanOf(ALICE_CSV);
    const withId = findings.map((f) =>
      f.status === "FAIL" && f.evidence.userName === "alice"
        ? { ...f, evidence: { ...f.evidence, accessKeyId: "AKIAFROMFINDING00001" } }
        : f,
    );
    const x = explainFromApi(aliceDetails(), { accountId: ACCOUNT, findings: withId });
    expect(x.findings[0]?.accessKeyId).toBe("AKIAFROMFINDING00001");
    expect(x.findings[0]?.fix?.cli[2]).toBe(
      "aws iam update-access-key --access-key-id AKIAFROMFINDING00001 --status Inactive --user-name alice",
    );
  });

  it("names no key when none was created at the finding's time (deleted since the report)", () => {
    const { findings } = scanOf(ALICE_CSV);
    const details = aliceDetails();
    const x = explainFromApi(
      { ...details, accessKeys: details.accessKeys.filter((key) => key.accessKeyId !== KEY_1) },
      { accountId: ACCOUNT, findings },
    );
    expect(x.findings[0]?.accessKeyId).toBeNull();
    expect(x.findings[0]?.fix?.cli[2]).toBe(
      "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name alice",
    );
    expect(x.notes).toEqual([
      "No current access key of alice matches access key 1 (created 2024-03-01T10:00:02Z) of the credential report: it may have been deleted or replaced since the report was generated. Check with aws iam list-access-keys before changing anything.",
    ]);
  });

  it("names no key when two keys were created in the same second", () => {
    const { findings } = scanOf(ALICE_CSV);
    const details = aliceDetails();
    const twin = {
      ...details.accessKeys[1],
      accessKeyId: "AKIAFAKE000000000003",
    } as UserDetails["accessKeys"][number];
    const x = explainFromApi(
      { ...details, accessKeys: [...details.accessKeys, twin] },
      { accountId: ACCOUNT, findings },
    );
    expect(x.findings[0]?.accessKeyId).toBeNull();
    expect(x.notes).toHaveLength(1);
  });

  it("prefills a name with a comma (valid in IAM) unquoted, and every key's inspect command", () => {
    const details = aliceDetails();
    const x = explainFromApi(
      {
        ...details,
        user: { ...details.user, userName: "ops,dev", arn: `arn:aws:iam::${ACCOUNT}:user/ops,dev` },
      },
      { accountId: ACCOUNT, findings: [] },
    );
    expect(x.inspect).toEqual([
      "aws iam get-user --user-name ops,dev",
      "aws iam get-login-profile --user-name ops,dev",
      "aws iam list-mfa-devices --user-name ops,dev",
      "aws iam list-access-keys --user-name ops,dev",
      `aws iam get-access-key-last-used --access-key-id ${KEY_1}`,
      `aws iam get-access-key-last-used --access-key-id ${KEY_2}`,
      "aws iam list-user-tags --user-name ops,dev",
    ]);
  });

  it("lists MFA devices and no password", () => {
    const x = explainFromApi(
      aliceDetails({
        loginProfile: null,
        mfaDevices: [{ serialNumber: "arn:aws:iam::111122223333:mfa/alice", enableDate: null }],
        accessKeys: [],
        tags: [],
      }),
      { accountId: ACCOUNT, findings: [] },
    );
    expect(x.consolePassword).toEqual({
      enabled: false,
      createdAt: null,
      secondsAfterUserCreation: null,
      lastChangedAt: null,
      lastUsedAt: "2024-05-20T08:00:00Z",
    });
    expect(x.mfa).toEqual({ active: true, devices: ["arn:aws:iam::111122223333:mfa/alice"] });
    expect(x.accessKeys).toEqual([]);
    expect(x.contacts).toEqual([]);
    expect(x.findings).toEqual([]);
  });
});

describe("explainFromReport", () => {
  it("explains from the report row: slots instead of ids, no tags, placeholders and a note", () => {
    const { rows, findings } = scanOf(ALICE_CSV);
    const x = explainFromReport(rowOf(rows, "alice"), {
      accountId: ACCOUNT,
      findings,
      credentialReportGeneratedAt: null,
      checkedAt: SCAN_TIME,
    });
    expect(x.source).toBe("credential-report-file");
    expect(x.userId).toBeNull();
    expect(x.createdAt).toBe("2024-03-01T10:00:00Z");
    expect(x.consolePassword).toEqual({
      enabled: true,
      createdAt: null,
      secondsAfterUserCreation: null,
      lastChangedAt: "2024-03-01T10:00:01Z",
      lastUsedAt: "2024-05-20T08:00:00Z",
    });
    expect(x.mfa).toEqual({ active: false, devices: null });
    expect(x.tags).toBeNull();
    expect(x.accessKeys).toEqual([
      {
        accessKeyId: null,
        slot: 1,
        status: "Active",
        createdAt: "2024-03-01T10:00:02Z",
        secondsAfterUserCreation: 2,
        createdAfterUser: "2 seconds after the user",
        usageKnown: true,
        lastUsedAt: null,
        lastUsedService: null,
        lastUsedRegion: null,
      },
      {
        accessKeyId: null,
        slot: 2,
        status: "Active",
        createdAt: "2024-04-01T00:00:00Z",
        secondsAfterUserCreation: 2_642_400,
        createdAfterUser: "30 days after the user",
        usageKnown: true,
        lastUsedAt: "2024-05-01T12:00:00Z",
        lastUsedService: "s3",
        lastUsedRegion: "eu-west-1",
      },
    ]);
    expect(x.findings.map((f) => [f.status, f.resourceName, f.accessKeyId])).toEqual([
      ["FAIL", "alice access key 1", null],
    ]);
    expect(x.findings[0]?.fix?.cli).toEqual([
      "aws iam list-access-keys --user-name alice",
      "aws iam get-access-key-last-used --access-key-id <access-key-id>",
      "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name alice",
      "aws iam delete-access-key --access-key-id <access-key-id> --user-name alice",
    ]);
    expect(x.inspect).toEqual([
      "aws iam get-user --user-name alice",
      "aws iam get-login-profile --user-name alice",
      "aws iam list-mfa-devices --user-name alice",
      "aws iam list-access-keys --user-name alice",
      "aws iam list-user-tags --user-name alice",
    ]);
    expect(x.notes).toEqual([
      "Read from a credential report file: it has no access key ids, tags or MFA devices. Run cloudpatrol explain without --credential-report for the account's current state.",
      "The credential report has no access key ids: find the id of access key 1 (created 2024-03-01T10:00:02Z) with aws iam list-access-keys (same creation time), or run cloudpatrol explain against the account.",
    ]);
  });

  it("gives one note per key when several rules (1.11, 1.12 and v1.2.0 1.3, 1.14) name the same key", () => {
    const parsed = parseCredentialReportCsv(ALICE_CSV, { source: "test.csv" });
    const findings = evaluate(snapshotFromReport(parsed, SCAN_TIME), NON_REGIONAL_RULES);
    const x = explainFromReport(rowOf(parsed.rows, "alice"), {
      accountId: ACCOUNT,
      findings,
      credentialReportGeneratedAt: null,
      checkedAt: SCAN_TIME,
    });
    expect(
      x.findings
        .filter((f) => f.status === "FAIL" && f.resourceName === "alice access key 1")
        .map((f) => f.ruleId),
    ).toEqual([
      "iam_user_no_access_key_at_setup",
      "iam_user_unused_credentials_disabled",
      "iam_user_unused_credentials_90_disabled",
      "iam_user_access_key_rotated",
    ]);
    expect(x.notes).toEqual([
      "Read from a credential report file: it has no access key ids, tags or MFA devices. Run cloudpatrol explain without --credential-report for the account's current state.",
      "The credential report has no access key ids: find the id of access key 1 (created 2024-03-01T10:00:02Z) with aws iam list-access-keys (same creation time), or run cloudpatrol explain against the account.",
    ]);
  });

  it("prefills odd but valid IAM names safely: leading -, leading =, and +=,.@", () => {
    const names = ["-ops", "=ops", "a+b=c.d@e_f-g"];
    const csv = report(
      rootRow(),
      ...names.map((name) => userRow(name, { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:02Z") })),
    );
    const { rows, findings } = scanOf(csv);
    const fixes = names.map(
      (name) =>
        explainFromReport(rowOf(rows, name), { accountId: ACCOUNT, findings, checkedAt: SCAN_TIME })
          .findings[0]?.fix?.cli[2],
    );
    expect(fixes).toEqual([
      "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name=-ops",
      "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name '=ops'",
      "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name a+b=c.d@e_f-g",
    ]);
  });

  it("says usage is unknown for a 16-column report", () => {
    const header =
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active," +
      "access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated," +
      "cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    const csv = `${header}\nold,arn:aws:iam::111122223333:user/old,2014-01-01T00:00:00Z,true,2014-02-01T00:00:00Z,2014-01-01T00:00:01Z,N/A,true,true,2014-01-01T00:00:03Z,false,N/A,false,N/A,false,N/A`;
    const { rows, findings } = scanOf(csv);
    const x = explainFromReport(rowOf(rows, "old"), { accountId: ACCOUNT, findings, checkedAt: SCAN_TIME });
    expect(x.mfa).toEqual({ active: true, devices: null });
    expect(x.accessKeys.map((key) => [key.slot, key.usageKnown, key.lastUsedAt])).toEqual([[1, false, null]]);
    expect(x.findings.map((f) => [f.status, f.fix === null])).toEqual([["MANUAL", false]]);
  });
});

describe("findingsForUser", () => {
  it("keeps this user's findings and account-level errors, FAIL first; not alice2's", () => {
    const { findings } = scanOf(ALICE_CSV);
    const error: Finding = {
      ...(findings[0] as Finding),
      uid: "error-uid",
      status: "ERROR",
      resourceType: "AWS::::Account",
      resourceArn: "arn:aws:iam::111122223333:root",
      resourceName: ACCOUNT,
      evidence: { api: "iam:GetCredentialReport" },
    };
    const mine = findingsForUser([error, ...findings], "alice", "arn:aws:iam::111122223333:user/alice");
    expect(mine.map((f) => [f.status, f.resourceName])).toEqual([
      ["FAIL", "alice access key 1"],
      ["ERROR", ACCOUNT],
    ]);
  });
});

describe("contactTags", () => {
  it("picks owner/email/contact-like keys and email values", () => {
    expect(
      contactTags([
        { key: "owner", value: "bob" },
        { key: "Email", value: "x" },
        { key: "contact", value: "#team-ops" },
        { key: "Team", value: "platform" },
        { key: "created-by", value: "terraform" },
        { key: "env", value: "prod" },
        { key: "notify", value: "a@b.co" },
      ]).map((tag) => tag.key),
    ).toEqual(["owner", "Email", "contact", "Team", "created-by", "notify"]);
  });
});

describe("the fix of a finding is for its own credential (issue 16 item 12)", () => {
  it("1.12 on an access key: the key's command only, never delete-login-profile; on the password: only that", () => {
    const csv = report(
      rootRow(),
      userRow("bob", {
        ...CONSOLE_USER,
        password_last_used: "2024-05-30T00:00:00Z",
        ...neverUsedKey(1, "2024-01-01T00:00:00Z"),
      }),
      userRow("carol", { ...CONSOLE_USER, password_last_changed: "2024-01-01T00:00:00Z" }),
    );
    const parsed = parseCredentialReportCsv(csv, { source: "test.csv" });
    const findings = evaluate(snapshotFromReport(parsed, SCAN_TIME), NON_REGIONAL_RULES);
    const fixes = (user: string) =>
      explainFromReport(rowOf(parsed.rows, user), { accountId: ACCOUNT, findings, checkedAt: SCAN_TIME })
        .findings.filter((f) => f.ruleId === "iam_user_unused_credentials_disabled" && f.status === "FAIL")
        .map((f) => [f.resourceName, f.fix?.cli]);
    expect(fixes("bob")).toEqual([
      [
        "bob access key 1",
        ["aws iam update-access-key --user-name bob --access-key-id <access-key-id> --status Inactive"],
      ],
    ]);
    expect(fixes("carol")).toEqual([
      ["carol console password", ["aws iam delete-login-profile --user-name carol"]],
    ]);
  });
});
