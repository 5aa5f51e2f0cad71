/**
 * `cloudpatrol scan` of the root rules against an endpoint whose GetAccountSummary answers HTTP 500 and
 * whose credential report has no `<root_account>` row (moto's has none): ERROR findings naming
 * iam:GetAccountSummary and exit 1, never "0 findings" and exit 0 (trial s6 "summary" item 1).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { startFakeAws } from "../support/fake-aws.js";
import { report, userRow } from "../support/report-rows.js";

beforeAll(ensureBuilt, 120_000);

describe("scan with GetAccountSummary failing and no root row", () => {
  it("exit 1, one ERROR finding per root rule naming iam:GetAccountSummary", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const fake = await startFakeAws();
    onTestFinished(() => fake.close());
    fake.report.preset({ generatedAt: new Date(Date.now() - 60_000) });
    fake.report.overrideContent(
      Buffer.from(report(userRow("alice", { arn: "arn:aws:iam::123456789012:user/alice" })), "utf8").toString(
        "base64",
      ),
    );
    fake.fail("GetAccountSummary", { code: "ServiceFailure", httpStatus: 500 });
    const run = await cli(
      dir,
      [
        "scan",
        "--rule",
        "iam_root_mfa_enabled",
        "--rule",
        "iam_root_no_access_key",
        "--no-history",
        "-o",
        "json",
      ],
      { AWS_ENDPOINT_URL: fake.endpoint },
    );
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout).findings as Record<string, unknown>[];
    expect(
      findings.map((f) => [
        f.ruleId,
        f.status,
        f.region,
        (f.evidence as Record<string, unknown>).api,
        (f.evidence as Record<string, unknown>).errorCode,
      ]),
    ).toEqual([
      ["iam_root_no_access_key", "ERROR", "global", "iam:GetAccountSummary", "ServiceFailure"],
      ["iam_root_mfa_enabled", "ERROR", "global", "iam:GetAccountSummary", "ServiceFailure"],
    ]);
    // The SDK's three attempts, once for both rules.
    expect(fake.counts().GetAccountSummary).toBe(3);
  });
});
