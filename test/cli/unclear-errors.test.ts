/**
 * Issue 16 item 13: unclear errors and inconsistent checks, as a user meets them through the BUILT bin.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

beforeAll(ensureBuilt, 120_000);

describe.concurrent("usage errors say what is wrong, in one line, exit 2", () => {
  it("a JSON array given as --credential-report is not read as CSV", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "r.json"), '[{"user": "alice"}]\n');
    const run = await cli(dir, ["scan", "--credential-report", "r.json", "--no-history"]);
    expect([run.code, run.stderr]).toEqual([
      2,
      'cloudpatrol: r.json: a JSON array, not a credential report: expected the CSV or the JSON object "aws iam get-credential-report" prints\n',
    ]);
  });

  it.for([["::garbage::"], ["ftp://example.com"]])(
    "AWS_ENDPOINT_URL=%s is refused like --endpoint-url",
    async ([value], { onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const run = await cli(dir, ["scan", "--no-history"], { AWS_ENDPOINT_URL: value as string });
      expect([run.code, run.stderr]).toEqual([
        2,
        `cloudpatrol: AWS_ENDPOINT_URL takes an http:// or https:// URL, found ${JSON.stringify(value)}.\n`,
      ]);
    },
  );

  it.for([
    ["AWS_ENDPOINT_URL_IAM", "ftp://u:s3cretpw@x", "ftp://***@x"],
    ["AWS_ENDPOINT_URL", "http://AKIAEXAMPLE:s3cret@pw@[::1", "http://***@[::1"],
    ["AWS_ENDPOINT_URL_STS", "u:s3cretpw@x", "u:***@x"],
  ])(
    "%s with a password in it is refused without echoing the password",
    async ([name, value, shown], { onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const run = await cli(dir, ["scan", "--no-history"], { [name as string]: value as string });
      expect([run.code, run.stderr]).toEqual([
        2,
        `cloudpatrol: ${name} takes an http:// or https:// URL, found ${JSON.stringify(shown)}.\n`,
      ]);
    },
  );

  it("a mutelist nested 100,000 deep is refused as too deep, with line and column, exit 2", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(
      join(dir, "deep.yaml"),
      `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        "iam_*":\n          Reason: r\n          Resources: ${"[".repeat(100_000)}\n`,
    );
    const run = await cli(dir, [
      "scan",
      "--credential-report",
      join(ROOT, "examples/credential-report.csv"),
      "--mutelist",
      "deep.yaml",
      "--no-history",
    ]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(
      /^cloudpatrol: invalid mutelist deep\.yaml, line 7, column \d+: nested too deeply: more levels of \[ \], \{ \} or indentation than the YAML reader can follow \(a mutelist needs fewer than 10\)\n$/,
    );
  });

  it.for([["history"], ["journal"], ["diff"]])(
    "%s --state-dir '' is refused as scan refuses it",
    async ([command], { onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const run = await cli(dir, [command as string, "--state-dir", ""]);
      expect([run.code, run.stderr]).toEqual([
        2,
        "cloudpatrol: --state-dir needs a path, not an empty string.\n",
      ]);
    },
  );

  it("deploy template --email with a newline gives a one-line error", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["deploy", "template", "--email", "a@b.co\nevil@x.io\n"]);
    expect([run.code, run.stderr]).toEqual([
      2,
      `cloudpatrol: option '--email <address>' argument "a@b.co\\nevil@x.io\\n" is invalid. --email takes a plain email address such as secops@example.com: ASCII letters, digits, _ ' + - and single dots before the @ (at most 64), a domain name after it (labels of at most 63), at most 254 characters.\n`,
    ]);
  });

  it("remediate --from refuses a findings file of another schemaVersion", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "f.json"), JSON.stringify({ schemaVersion: 99, findings: [] }));
    const run = await cli(dir, ["remediate", "--from", "f.json"]);
    expect([run.code, run.stderr]).toEqual([
      2,
      "cloudpatrol: --from f.json is not the JSON output of cloudpatrol scan: schemaVersion: 99, but this cloudpatrol reads version 1\n",
    ]);
  });
});

describe("AWS_REGION set but empty", () => {
  let fake: FakeAws;
  beforeEach(async () => {
    fake = await startFakeAws({ accountId: "111122223333" });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("uses the default region instead of failing", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["scan", "--no-history", "--rule", "iam_user_no_access_key_at_setup", "-q"], {
      AWS_ENDPOINT_URL: fake.endpoint,
      AWS_REGION: "",
      CLOUDPATROL_REPORT_POLL_MS: "1",
    });
    expect([run.code, run.stderr]).toEqual([0, ""]);
  });
});
