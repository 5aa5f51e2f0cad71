import { describe, expect, it } from "vitest";
import { parseCredentialReportCsv } from "../../../src/credential-report/index.js";
import { keyEvidence, keyVerdict, userEvidence, userViews } from "../../../src/rules/iam/iam-common.js";
import { snapshotFromReport } from "../../../src/snapshot/from-report.js";
import type { IamUser, UserCredentials } from "../../../src/snapshot/iam.js";
import { CONSOLE_USER, neverUsedKey, report, usedKey, userRow } from "../../support/report-rows.js";

const SCAN_TIME = new Date("2024-03-02T12:00:00Z");
const CHECKED_AT = new Date("2024-03-02T11:00:00Z");

function iamUser(userName: string): IamUser {
  return {
    userName,
    userId: `AIDA${userName.toUpperCase()}`,
    arn: `arn:aws:iam::111122223333:user/${userName}`,
    path: "/",
    createDate: new Date("2024-03-01T10:00:00Z"),
  };
}

function apiKey(
  accessKeyId: string,
  created: string,
  status: "Active" | "Inactive",
): UserCredentials["accessKeys"][number] {
  return {
    accessKeyId,
    userName: "",
    status,
    createDate: new Date(created),
    lastUsed: { date: null, serviceName: null, region: null },
  };
}

describe("userViews (the one merge of the credential report and the IAM API view)", () => {
  it("reads a report row: creation time, region, report cells kept, no API facts", () => {
    const csv = report(
      userRow("ann", {
        ...CONSOLE_USER,
        ...usedKey(2, "2024-03-01T10:00:01Z", "2024-03-02T09:00:00Z", "s3", "eu-west-1"),
      }),
    );
    const [view, ...rest] = userViews(snapshotFromReport(parseCredentialReportCsv(csv), SCAN_TIME));
    expect(rest).toEqual([]);
    expect(view).toMatchObject({
      userName: "ann",
      userId: null,
      createdAt: new Date("2024-03-01T10:00:00Z"),
      source: "credential-report",
      credentialReportLine: 2,
      verifiedAt: null,
      passwordCreatedAt: null,
    });
    expect(view?.reportRow?.line).toBe(2);
    expect(view?.keys).toHaveLength(1);
    expect(view?.keys[0]).toMatchObject({
      slot: 2,
      matchedSlot: 2,
      slotMatch: "read",
      lastUseRecorded: true,
      lastUsedService: "s3",
      lastUsedRegion: "eu-west-1",
    });
    expect(view?.keys[0]?.reportSlot?.slot).toBe(2);
  });

  it("takes the API view of a re-read user; two same-second keys get no slot (never a guess)", () => {
    const bob = iamUser("bob");
    const csv = report(
      userRow("bob", {
        ...CONSOLE_USER,
        ...neverUsedKey(1, "2024-03-01T10:00:01Z"),
        ...neverUsedKey(2, "2024-03-01T10:00:01Z"),
      }),
    );
    const snapshot = {
      ...snapshotFromReport(parseCredentialReportCsv(csv), SCAN_TIME),
      iamUsers: [bob],
      userCredentials: new Map(
        Object.entries({
          bob: {
            user: bob,
            loginProfile: { createDate: new Date("2024-03-01T10:00:01Z"), passwordResetRequired: false },
            accessKeys: [
              apiKey("AKIABOB1", "2024-03-01T10:00:01Z", "Active"),
              apiKey("AKIABOB2", "2024-03-01T10:00:01Z", "Active"),
            ],
            checkedAt: CHECKED_AT,
          },
        }),
      ),
    };
    const [view] = userViews(snapshot);
    expect(view).toMatchObject({
      source: "api",
      userId: "AIDABOB",
      reportRow: null,
      verifiedAt: CHECKED_AT,
      passwordCreatedAt: new Date("2024-03-01T10:00:01Z"),
      credentialReportLine: 2,
    });
    expect(view?.keys.map((key) => [key.accessKeyId, key.slot, key.matchedSlot, key.slotMatch])).toEqual([
      ["AKIABOB1", null, null, "ambiguous"],
      ["AKIABOB2", null, null, "ambiguous"],
    ]);
    expect(view?.keys.every((key) => key.reportSlot === null && key.lastUseRecorded)).toBe(true);
  });

  it("gives two same-second keys their slots when their statuses tell them apart", () => {
    const bob = iamUser("bob");
    const csv = report(
      userRow("bob", {
        ...CONSOLE_USER,
        ...neverUsedKey(1, "2024-03-01T10:00:01Z", true),
        ...neverUsedKey(2, "2024-03-01T10:00:01Z", false),
      }),
    );
    const snapshot = {
      ...snapshotFromReport(parseCredentialReportCsv(csv), SCAN_TIME),
      iamUsers: [bob],
      userCredentials: new Map(
        Object.entries({
          bob: {
            user: bob,
            loginProfile: null,
            accessKeys: [
              apiKey("AKIABOB2", "2024-03-01T10:00:01Z", "Inactive"),
              apiKey("AKIABOB1", "2024-03-01T10:00:01Z", "Active"),
            ],
            checkedAt: CHECKED_AT,
          },
        }),
      ),
    };
    const [view] = userViews(snapshot);
    expect(view?.keys.map((key) => [key.accessKeyId, key.slot, key.matchedSlot, key.slotMatch])).toEqual([
      ["AKIABOB2", 2, 2, "unique"],
      ["AKIABOB1", 1, 1, "unique"],
    ]);
  });

  it("marks keys of a 16-column report as having no recorded last use", () => {
    const csv = [
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
      "ann,arn:aws:iam::111122223333:user/ann,2014-10-16T16:03:09+00:00,true,N/A,2014-10-16T16:06:00+00:00,N/A,false,true,2014-10-16T16:03:10+00:00,false,N/A,false,N/A,false,N/A",
    ].join("\n");
    const [view] = userViews(snapshotFromReport(parseCredentialReportCsv(csv), SCAN_TIME));
    expect(view?.keys.map((key) => [key.slot, key.lastUsed, key.lastUseRecorded])).toEqual([
      [1, "unknown", false],
    ]);
  });
});

describe("views' texts and a key finding's evidence", () => {
  const csv = report(
    userRow("ann", {
      ...CONSOLE_USER,
      password_last_used: "2024-03-02T08:00:00+00:00",
      ...usedKey(2, "2024-03-01T10:00:01+00:00", "2024-03-02T09:00:00Z", "s3", "eu-west-1"),
    }),
  );
  const snapshot = snapshotFromReport(
    parseCredentialReportCsv(csv, { generatedAt: new Date("2024-03-02T11:30:00Z") }),
    SCAN_TIME,
  );

  it("gives each view its ISO texts and each key its name once", () => {
    const [view] = userViews(snapshot);
    expect(view).toMatchObject({
      passwordLastUsedText: "2024-03-02T08:00:00Z",
      passwordLastChangedText: "2024-03-01T10:00:01Z",
    });
    expect(view?.keys.map((key) => [key.name, key.createdAtText, key.lastUsedText])).toEqual([
      ["ann access key 2", "2024-03-01T10:00:01Z", "2024-03-02T09:00:00Z"],
    ]);
  });

  it("writes userEvidence, then keyEvidence, then the rule's fields, in that key order", () => {
    const [view] = userViews(snapshot);
    const key = view?.keys[0];
    if (!view || !key) throw new Error("no key view");
    const verdict = keyVerdict(snapshot, view, key, "PASS", "sentence", { ageDays: 1, maxAgeDays: 90 });
    expect(Object.entries(verdict.evidence)).toEqual(
      Object.entries({ ...userEvidence(snapshot, view), ...keyEvidence(key), ageDays: 1, maxAgeDays: 90 }),
    );
    expect(verdict.evidence).toEqual({
      userName: "ann",
      userArn: "arn:aws:iam::111122223333:user/ann",
      source: "credential-report",
      credentialReportLine: 2,
      credentialReportGeneratedAt: "2024-03-02T11:30:00Z",
      accessKeyId: null,
      accessKeySlot: 2,
      active: true,
      createdAt: "2024-03-01T10:00:01Z",
      lastUsedDate: "2024-03-02T09:00:00Z",
      lastUsedService: "s3",
      ageDays: 1,
      maxAgeDays: 90,
    });
  });
});
