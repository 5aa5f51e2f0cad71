import { describe, expect, it } from "vitest";
import { renderExplanationJson, renderExplanationText } from "../../../src/app/explain/render.js";
import type { UserExplanation } from "../../../src/app/explain/types.js";

const KEY = "AKIAFAKE000000000001";

function explanation(overrides: Partial<UserExplanation> = {}): UserExplanation {
  return {
    schemaVersion: 1,
    source: "aws",
    accountId: "123456789012",
    userName: "alice",
    userArn: "arn:aws:iam::123456789012:user/alice",
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
      lastUsedAt: null,
    },
    mfa: { active: false, devices: [] },
    accessKeys: [
      {
        accessKeyId: KEY,
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
        accessKeyId: "AKIAFAKE000000000002",
        slot: null,
        status: "Inactive",
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
      { key: "owner", value: "bob@example.com" },
      { key: "env", value: "prod" },
    ],
    contacts: [{ key: "owner", value: "bob@example.com" }],
    findings: [
      {
        uid: "iam_user_no_access_key_at_setup-123456789012-abc",
        ruleId: "iam_user_no_access_key_at_setup",
        title: "t",
        status: "FAIL",
        muted: false,
        severity: "medium",
        resourceName: "alice access key 1",
        statusExtended: "alice has a console password and access key 1 ... never been used.",
        accessKeySlot: 1,
        accessKeyId: KEY,
        fix: {
          cli: [`aws iam update-access-key --access-key-id ${KEY} --status Inactive --user-name alice`],
          console: ["Open the IAM console.", "Deactivate the key."],
        },
      },
    ],
    inspect: [
      "aws iam get-user --user-name alice",
      `aws iam get-access-key-last-used --access-key-id ${KEY}`,
    ],
    notes: [],
    ...overrides,
  };
}

describe("renderExplanationText", () => {
  it("prints every section with exact values", () => {
    expect(renderExplanationText(explanation())).toBe(
      [
        "IAM user alice in account 123456789012 (read from AWS at 2024-06-01T00:00:05Z)",
        "  ARN        arn:aws:iam::123456789012:user/alice",
        "  user id    AIDAFAKE0000000000001",
        "  created    2024-03-01T10:00:00Z",
        "",
        "Console password",
        "  created    2024-03-01T10:00:01Z (1 second after the user)",
        "  last used  never (or no record)",
        "",
        "MFA",
        "  none",
        "",
        "Access keys",
        `  ${KEY}  Active`,
        "    created    2024-03-01T10:00:02Z (2 seconds after the user)",
        "    last used  never",
        "  AKIAFAKE000000000002  Inactive",
        "    created    2024-04-01T00:00:00Z (30 days after the user)",
        "    last used  2024-05-01T12:00:00Z (s3, eu-west-1)",
        "",
        "Tags",
        "  owner = bob@example.com",
        "  env = prod",
        "",
        "Whom to ask",
        "  bob@example.com (tag owner)",
        "",
        "Findings",
        `  FAIL  medium  iam_user_no_access_key_at_setup  alice access key 1  key ${KEY}`,
        "    alice has a console password and access key 1 ... never been used.",
        "    Fix with the AWS CLI:",
        `      aws iam update-access-key --access-key-id ${KEY} --status Inactive --user-name alice`,
        "    Fix in the console:",
        "      1. Open the IAM console.",
        "      2. Deactivate the key.",
        "",
        "Inspect with the AWS CLI",
        "  aws iam get-user --user-name alice",
        `  aws iam get-access-key-last-used --access-key-id ${KEY}`,
        "",
      ].join("\n"),
    );
  });

  it("prints the offline view: report slots, unknown tags, notes", () => {
    const base = explanation();
    const text = renderExplanationText(
      explanation({
        source: "credential-report-file",
        userId: null,
        consolePassword: { ...base.consolePassword, createdAt: null, lastChangedAt: "2024-03-01T10:00:01Z" },
        mfa: { active: true, devices: null },
        accessKeys: [
          { ...(base.accessKeys[0] as UserExplanation["accessKeys"][number]), accessKeyId: null, slot: 1 },
        ],
        tags: null,
        contacts: [],
        findings: [],
        notes: ["a note"],
      }),
    );
    expect(text).toContain("(from a credential report generated at 2024-05-31T23:00:00Z)");
    expect(text).toContain("  changed    2024-03-01T10:00:01Z\n  last used  never (or no record)\n");
    expect(text).toContain("MFA\n  active\n");
    expect(text).toContain("  (id not in the credential report)  Active, report slot 1\n");
    expect(text).toContain("Tags\n  unknown (not in the credential report)\n");
    expect(text).toContain("Findings\n  none\n");
    expect(text).toContain("Notes\n  - a note\n");
  });

  it("escapes control characters from the account", () => {
    const text = renderExplanationText(
      explanation({ userName: "evil\u001b[2J", tags: [{ key: "owner\r", value: "x\u009b31m" }] }),
    );
    for (const raw of ["\u001b", "\r", "\u009b"]) expect(text).not.toContain(raw);
    expect(text).toContain("IAM user evil\\u001b[2J in account");
    expect(text).toContain("  owner\\u000d = x\\u009b31m\n");
  });
});

describe("renderExplanationJson", () => {
  it("is the explanation, with C1 controls escaped as JSON escapes", () => {
    const x = explanation({ userName: "a\u009bb\u2028" });
    const json = renderExplanationJson(x);
    expect(json).not.toMatch(/[\u009b\u2028]/);
    expect(json.endsWith("}\n")).toBe(true);
    expect(JSON.parse(json)).toEqual(x);
  });
});
