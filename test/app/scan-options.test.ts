/**
 * The library's `scan()` checks its whole options object with one schema before anything is read or
 * called (newcomer trial): a wrong value is an InputError naming the option's path, what it takes and
 * what was found, and the fake endpoint sees no request. Functions and the registry's rule objects pass.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type ScanOptions, scan } from "../../src/index.js";
import { InputError } from "../../src/model/errors.js";
import { findRule, RULES } from "../../src/rules/index.js";
import type { AnyRule } from "../../src/rules/types.js";
import { type FakeAws, setupKeyUser, startFakeAws } from "../support/fake-aws.js";

let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const RULE = findRule("iam_user_no_access_key_at_setup") as AnyRule;

function live(endpoint: string): ScanOptions {
  return {
    connection: {
      endpointUrl: endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      retryBaseMs: 1,
    },
    reportPollBaseMs: 5,
    rules: [RULE],
  };
}

/** The InputError's message, or what else happened. */
function failure(options: unknown): Promise<unknown> {
  return scan(options as ScanOptions).then(
    () => "scanned",
    (error: unknown) => (error instanceof InputError ? error.message : `not an InputError: ${String(error)}`),
  );
}

describe("scan() options", () => {
  it.each<[string, Record<string, unknown>, string]>([
    [
      "a negative verifyMaxUsers",
      { verifyMaxUsers: -5 },
      "options.verifyMaxUsers takes a whole number of users, 0 or more; found the number -5.",
    ],
    [
      "a string verifyMaxUsers",
      { verifyMaxUsers: "abc" },
      'options.verifyMaxUsers takes a whole number of users, 0 or more; found a string, "abc".',
    ],
    [
      "a negative reportTimeoutMs",
      { reportTimeoutMs: -1 },
      "options.reportTimeoutMs takes a number of milliseconds, 0 or more; found the number -1.",
    ],
    [
      "regions as one string",
      { regions: "us-east-1" },
      'options.regions takes an array of AWS region names, e.g. ["eu-west-1"]; found a string, "us-east-1".',
    ],
    [
      "regions that are no names",
      { regions: [123, null] },
      "options.regions[0] takes an AWS region name such as eu-west-1; found the number 123.",
    ],
    [
      "a second region that is null",
      { regions: ["eu-west-1", null] },
      "options.regions[1] takes an AWS region name such as eu-west-1; found null.",
    ],
    [
      "no region",
      { regions: [] },
      'options.regions takes at least one AWS region name, e.g. ["eu-west-1"] (leave it out for every enabled region); found an array of 0 items.',
    ],
    [
      "a rule id instead of a rule",
      { rules: ["iam_root_mfa_enabled"] },
      'options.rules[0] takes a rule object (an item of RULES, or findRule(id)); found a string, "iam_root_mfa_enabled".',
    ],
    [
      "an empty object as a rule",
      { rules: [{}] },
      "options.rules[0] takes a rule object (an item of RULES, or findRule(id)); found an object.",
    ],
    [
      "one account id as a string",
      { accountIds: "123456789012" },
      'options.accountIds takes an array of 12-digit AWS account ids (strings), e.g. ["111111111111"]; found a string, "123456789012".',
    ],
    [
      "an account id as a number",
      { accountIds: [123456789012] },
      "options.accountIds[0] takes a 12-digit AWS account id (a string); found the number 123456789012.",
    ],
    [
      "a string concurrency",
      { concurrency: "8" },
      'options.concurrency takes a whole number of accounts, 1 or more; found a string, "8".',
    ],
    [
      "a zero concurrency",
      { concurrency: 0 },
      "options.concurrency takes a whole number of accounts, 1 or more; found the number 0.",
    ],
    [
      "a callback that is no function",
      { onAccount: "log" },
      'options.onAccount takes a function; found a string, "log".',
    ],
    ["a string verify", { verify: "false" }, 'options.verify takes true or false; found a string, "false".'],
    [
      "an unknown option (a typo)",
      { regoins: ["eu-west-1"] },
      "options.regoins is not an option of scan() (a typo?).",
    ],
    [
      "a bad endpoint URL",
      { connection: { endpointUrl: "ftp://example.com" } },
      'options.connection.endpointUrl takes an http:// or https:// URL (a string); found a string, "ftp://example.com".',
    ],
    [
      "both a credential report and a snapshot",
      { credentialReportPath: "examples/credential-report.csv", snapshotPath: "snapshot.json" },
      "options.credentialReportPath and options.snapshotPath each name what to judge; give one of them.",
    ],
    [
      "a value with control characters",
      { regions: ["\u001b[2J\u202eus-east-1"] },
      'options.regions[0] takes an AWS region name such as eu-west-1; found a string, "\\u001b[2J\\u202eus-east-1".',
    ],
  ])("refuses %s before any AWS call", async (_, bad, message) => {
    fake = await startFakeAws();
    expect(await failure({ ...live(fake.endpoint), ...bad })).toBe(message);
    expect(fake.requests).toEqual([]);
  });

  it("refuses options that are not an object", async () => {
    expect(await failure(null)).toBe("options takes an object of scan options; found null.");
    expect(await failure("report.csv")).toBe(
      'options takes an object of scan options; found a string, "report.csv".',
    );
  });

  it("the same fake endpoint sees the requests of a valid live scan, whose functions and registry rules pass", async () => {
    fake = await startFakeAws();
    fake.addUser(setupKeyUser("alice"));
    const waits: string[] = [];
    const result = await scan({
      ...live(fake.endpoint),
      verifyMaxUsers: 0,
      regions: ["us-east-1"],
      onWait: (_ms, reason) => waits.push(reason),
    });
    expect(result.findings.map((finding) => [finding.ruleId, finding.status, finding.resourceName])).toEqual([
      ["iam_user_no_access_key_at_setup", "FAIL", "alice access key 1"],
    ]);
    expect(fake.requests.length).toBeGreaterThan(0);
  });

  it.for([
    [
      { credentialReportPath: "examples/credential-report.csv", rules: [] },
      "options.rules names no rule; leave it out for the default rules, or name one or more.",
    ],
    [
      { credentialReportPath: "examples/credential-report.csv", rules: [RULES[0], RULES[1], RULES[0]] },
      `options.rules[2] is "${RULES[0]?.id}" again; name each rule once (its findings would be given twice, with the same uids).`,
    ],
    [
      {
        credentialReportPath: "examples/credential-report.csv",
        regions: ["eu-west-1"],
        concurrency: 4,
        verify: true,
      },
      "options.concurrency, options.regions, options.verify have no effect with options.credentialReportPath, whose file is judged offline without calling AWS: leave them out.",
    ],
    [
      { snapshotPath: "snapshot.json", reportTimeoutMs: 5 },
      "options.reportTimeoutMs has no effect with options.snapshotPath, whose file is judged offline without calling AWS: leave it out.",
    ],
  ] as const)("refuses %j before reading anything: %s", async ([options, message]) => {
    await expect(scan(options as never)).rejects.toThrow(new InputError(message));
  });

  it("accepts every rule of the registry and a credential report file", async () => {
    const result = await scan({
      credentialReportPath: "examples/credential-report.csv",
      rules: RULES,
      verify: false,
      params: { iam_user_no_access_key_at_setup: { setupWindowSeconds: 60 } },
    });
    expect(result.scan.source).toBe("credential-report-file");
    // The registry's rules are the default: the same findings as without `rules`.
    const byDefault = await scan({ credentialReportPath: "examples/credential-report.csv", verify: false });
    expect(result.findings.map((finding) => finding.uid)).toEqual(
      byDefault.findings.map((finding) => finding.uid),
    );
  });
});
