/**
 * The root user's rules when GetAccountSummary fails and the credential report has no `<root_account>`
 * row (moto's has none): each gives an ERROR finding naming iam:GetAccountSummary, never zero findings
 * (trial s6 "summary" item 1). Live scans through the real SDK against our fake endpoint.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../../src/app/scan.js";
import { findingUid } from "../../../src/model/finding.js";
import { findRule } from "../../../src/rules/index.js";
import type { AnyRule } from "../../../src/rules/types.js";
import { type FakeAws, startFakeAws } from "../../support/fake-aws.js";
import { startFakeOrg } from "../../support/fake-org.js";
import { report, userRow } from "../../support/report-rows.js";

const ACCOUNT = "111122223333";
const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const IDS = [
  "iam_root_mfa_enabled",
  "iam_root_no_access_key",
  "iam_root_not_used_recently",
  "iam_root_hardware_mfa_enabled",
];
const RULES = IDS.map((id) => findRule(id) as AnyRule);

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: ACCOUNT });
  // A report without the root row, as moto serves it.
  fake.report.preset({ generatedAt: new Date(Date.now() - 60_000) });
  fake.report.overrideContent(Buffer.from(report(userRow("alice")), "utf8").toString("base64"));
});
afterEach(async () => {
  await fake.close();
});

function run() {
  return scan({
    connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 },
    reportPollBaseMs: 1,
    rules: RULES,
  });
}

describe("GetAccountSummary failed, no root row in the report", () => {
  it("HTTP 500: every root rule gives one ERROR finding naming iam:GetAccountSummary (account, global)", async () => {
    fake.fail("GetAccountSummary", { code: "ServiceFailure", httpStatus: 500 });
    const result = await run();
    expect(
      result.findings.map((f) => [
        f.ruleId,
        f.status,
        f.uid,
        f.region,
        f.resourceType,
        f.resourceName,
        f.evidence.api,
        f.evidence.errorCode,
        f.evidence.missingPermission,
        f.evidence.dataset,
      ]),
    ).toEqual(
      IDS.map((id) => [
        id,
        "ERROR",
        findingUid(ACCOUNT, id, ["account"]),
        "global",
        "AWS::::Account",
        ACCOUNT,
        "iam:GetAccountSummary",
        "ServiceFailure",
        null,
        "iam.accountSummary",
      ]),
    );
    for (const finding of result.findings)
      expect(finding.statusExtended).toMatch(
        new RegExp(
          `^Could not judge account ${ACCOUNT}: .*iam:GetAccountSummary.* The credential report holds no <root_account> row to tell `,
        ),
      );
    expect(result.summary).toMatchObject({ total: 4, ERROR: 4 });
    // One read of the summary per attempt: the SDK's 3 attempts, no second read for another rule.
    expect(fake.counts().GetAccountSummary).toBe(3);
  });

  it("AccessDenied: the ERROR findings name the missing permission", async () => {
    fake.fail("GetAccountSummary", { code: "AccessDenied" });
    const result = await run();
    expect(result.findings.map((f) => [f.ruleId, f.status, f.evidence.missingPermission])).toEqual(
      IDS.map((id) => [id, "ERROR", "iam:GetAccountSummary"]),
    );
    expect(fake.counts().GetAccountSummary).toBe(1);
  });

  it("GetAccountSummary read: judged from it, and root's last use (which only the report tells) MANUAL", async () => {
    const result = await run();
    expect(result.findings.map((f) => [f.ruleId, f.status, f.statusExtended])).toEqual([
      [
        "iam_root_mfa_enabled",
        "FAIL",
        `The root user of account ${ACCOUNT} has no MFA device: assign one, preferably hardware.`,
      ],
      ["iam_root_no_access_key", "PASS", `The root user of account ${ACCOUNT} has no access key.`],
      [
        "iam_root_not_used_recently",
        "MANUAL",
        `Not judged for account ${ACCOUNT}: when root was last used is unknown (the credential report holds no <root_account> row and GetAccountSummary does not tell it); check it as root under Security credentials, or scan again live.`,
      ],
      [
        "iam_root_hardware_mfa_enabled",
        "FAIL",
        `The root user of account ${ACCOUNT} has no MFA device: assign a hardware one.`,
      ],
    ]);
    expect(fake.counts().GetAccountSummary).toBe(1);
  });
});

describe("the same inside an Organization scan", () => {
  it("a member whose GetAccountSummary fails: its outcome is failed with ERROR findings, the other account judged", async () => {
    const org = await startFakeOrg({ members: [{ id: "222222222222" }] });
    try {
      const member = org.account("222222222222");
      member.report.preset({ generatedAt: new Date(Date.now() - 60_000) });
      member.report.overrideContent(
        Buffer.from(
          report(userRow("alice", { arn: "arn:aws:iam::222222222222:user/alice" })),
          "utf8",
        ).toString("base64"),
      );
      member.fail("GetAccountSummary", { code: "ServiceFailure", httpStatus: 500 });
      const done: string[] = [];
      const result = await scan({
        connection: {
          endpointUrl: org.endpoint,
          region: "us-east-1",
          credentials: CREDENTIALS,
          retryBaseMs: 1,
        },
        reportPollBaseMs: 1,
        organization: true,
        rules: RULES.slice(0, 2),
        onAccount: (event) => {
          if (event.type === "done")
            done.push(`${event.accountId} ${event.account.outcome} ${event.summary.ERROR} ERROR`);
        },
      });
      expect(done.sort()).toEqual(["111111111111 completed 0 ERROR", "222222222222 failed 2 ERROR"]);
      expect(
        result.findings
          .filter((f) => f.accountId === "222222222222")
          .map((f) => [f.ruleId, f.status, f.evidence.api]),
      ).toEqual([
        ["iam_root_mfa_enabled", "ERROR", "iam:GetAccountSummary"],
        ["iam_root_no_access_key", "ERROR", "iam:GetAccountSummary"],
      ]);
      expect(member.counts().GetAccountSummary).toBe(3);
    } finally {
      await org.close();
    }
  });
});
