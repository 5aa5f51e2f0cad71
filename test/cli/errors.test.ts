/**
 * Usage errors as a user sees them, through the BUILT bin: commander's own errors carry the same
 * `cloudpatrol: ` prefix as ours, on every command and subcommand, and exit 2.
 */
import { existsSync } from "node:fs";
import { beforeAll, describe, it } from "vitest";
import { cli, ensureBuilt, stateHome, tempDir } from "../support/built-bin.js";

beforeAll(ensureBuilt, 120_000);

describe.concurrent("commander's errors use the cloudpatrol: prefix", () => {
  it.for([
    [
      ["scan", "--report-timeout", "soon"],
      "cloudpatrol: option '--report-timeout <seconds>' argument 'soon' is invalid. --report-timeout takes a whole number of seconds, 0 or more.\n",
    ],
    [
      ["scan", "--output", "xml"],
      "cloudpatrol: option '-o, --output <format>' argument 'xml' is invalid. Allowed choices are text, json, ocsf, asff, csv, compliance-csv, junit, sarif, md, html.\n",
    ],
    [
      ["collect", "--out", "snapshot.json", "--report-timeout", "soon"],
      "cloudpatrol: option '--report-timeout <seconds>' argument 'soon' is invalid. --report-timeout takes a whole number of seconds, 0 or more.\n",
    ],
    [
      ["scan", "--verify-max-users", "-1"],
      "cloudpatrol: option '--verify-max-users <count>' argument '-1' is invalid. --verify-max-users takes a whole number, 0 or more.\n",
    ],
    [
      ["scan", "--endpoint-url", "notaurl"],
      "cloudpatrol: option '--endpoint-url <url>' argument 'notaurl' is invalid. --endpoint-url takes an http:// or https:// URL.\n",
    ],
    [
      ["collect", "--out", "s.json", "--endpoint-url", "ftp://x"],
      "cloudpatrol: option '--endpoint-url <url>' argument 'ftp://x' is invalid. --endpoint-url takes an http:// or https:// URL.\n",
    ],
    // A password in the URL is never echoed: its user info is shown as ***@.
    [
      ["scan", "--endpoint-url", "ftp://u:s3cretpw@x"],
      "cloudpatrol: option '--endpoint-url <url>' argument 'ftp://***@x' is invalid. --endpoint-url takes an http:// or https:// URL.\n",
    ],
    [
      ["scan", "--endpoint-url", "ftp://u:s3cretpw@x\ny"],
      "cloudpatrol: option '--endpoint-url <url>' argument \"ftp://***@x\\ny\" is invalid. --endpoint-url takes an http:// or https:// URL.\n",
    ],
    [
      ["scan", "--accounts", "111122223333", "--concurrency", "0"],
      "cloudpatrol: option '--concurrency <n>' argument '0' is invalid. --concurrency takes a whole number of accounts, 1 or more.\n",
    ],
    [
      ["scan", "--region", "mars-1"],
      "cloudpatrol: option '--region <region>' argument 'mars-1' is invalid. --region takes an AWS region name such as eu-west-1; not one: \"mars-1\".\n",
    ],
    [
      ["scan", "--regions", "us-east-1,mars-north-9"],
      "cloudpatrol: option '--regions <names>' argument 'us-east-1,mars-north-9' is invalid. --regions takes AWS region names such as eu-west-1; not one: \"mars-north-9\".\n",
    ],
    [["scan", "--output-file", ""], "cloudpatrol: --output-file needs a path, not an empty string.\n"],
    [["scan", "--output-dir", " "], "cloudpatrol: --output-dir needs a path, not an empty string.\n"],
    [["scan", "--state-dir", ""], "cloudpatrol: --state-dir needs a path, not an empty string.\n"],
    [
      ["scan", "--credential-report", ""],
      "cloudpatrol: --credential-report needs a path, not an empty string.\n",
    ],
    [["scan", "--output-file", "."], "cloudpatrol: --output-file . is a directory: give a file path.\n"],
    [["scan", "--output-dir", "/dev/null"], "cloudpatrol: --output-dir /dev/null is not a directory.\n"],
    [
      ["scan", "--output-dir", "-"],
      "cloudpatrol: --output-dir takes a directory, not - (stdout): give a directory path, or leave it out to write one format to stdout.\n",
    ],
    [
      ["remediate", "--max-changes", "lots"],
      "cloudpatrol: option '--max-changes <n>' argument 'lots' is invalid. --max-changes takes a whole number, 0 or more.\n",
    ],
    [
      ["remediate", "--user", ""],
      `cloudpatrol: option '--user <name>' argument '' is invalid. An IAM user name has 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -.\n`,
    ],
    [
      ["remediate", "--exclude-user", "bob smith"],
      `cloudpatrol: option '--exclude-user <name>' argument 'bob smith' is invalid. An IAM user name has 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -.\n`,
    ],
    [
      ["remediate", "--output", "yaml"],
      "cloudpatrol: option '-o, --output <format>' argument 'yaml' is invalid. Allowed choices are text, json.\n",
    ],
  ] as const)(
    "%j: exactly one line starting cloudpatrol: , exit 2, nothing else done",
    async ([args, message], { expect, onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const run = await cli(dir, args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(message);
      expect(run.stderr.split("\n")).toEqual([message.slice(0, -1), ""]);
      expect(run.stderr.startsWith("cloudpatrol: ")).toBe(true);
      // Refused while parsing: no state database (history, journal) was created.
      expect(existsSync(stateHome(dir))).toBe(false);
    },
  );

  it.for([
    [["bogus"], "cloudpatrol: unknown command 'bogus'\n(run with --help for usage)\n"],
    [["scan", "--bogus"], "cloudpatrol: unknown option '--bogus'\n"],
    // What the user typed cannot drive the terminal: ESC, BEL, CR and bidi characters shown as escapes.
    [
      ["scan", "--x\u001b[2J\u0007\r\u202e"],
      "cloudpatrol: unknown option '--x\\u001b[2J\\u0007\\u000d\\u202e'\n",
    ],
    [
      ["\u001b]0;pwned\u0007"],
      "cloudpatrol: unknown command '\\u001b]0;pwned\\u0007'\n(run with --help for usage)\n",
    ],
    [
      ["scan", "--reprot-timeout", "3"],
      "cloudpatrol: unknown option '--reprot-timeout'\n(Did you mean --report-timeout?)\n",
    ],
    [["explain"], "cloudpatrol: missing required argument 'user'\n"],
    [["collect"], "cloudpatrol: required option '--out <path>' not specified\n"],
    [["undo", "r1", "r2"], "cloudpatrol: too many arguments for 'undo'. Expected 1 argument but got 2.\n"],
    [
      ["rules", "list", "--framework", "cis_v999"],
      "cloudpatrol: option '-f, --framework <id>' argument 'cis_v999' is invalid. Allowed choices are cis_v120, cis_v130, cis_v140, cis_v150, cis_v200, cis_v300, cis_v400, cis_v500, cis_v600.\n(run with --help for usage)\n",
    ],
    [
      ["deploy", "template", "--mode", "sometimes"],
      "cloudpatrol: option '--mode <mode>' argument 'sometimes' is invalid. Allowed choices are notify, enforce.\n",
    ],
  ] as const)(
    "%j: commander's message after the prefix, exit 2",
    async ([args, message], { expect, onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const run = await cli(dir, args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe(message);
    },
  );
});

describe.concurrent("--debug", () => {
  // An unexpected error's message says "(run with --debug for details)": every command must take it.
  it.for([
    [["history", "--debug"], 0],
    [["journal", "--debug"], 0],
    [["rules", "list", "--debug"], 0],
    [["rules", "show", "iam_root_mfa_enabled", "--debug"], 0],
    [["rules", "policy", "--debug"], 0],
    [["deploy", "template", "--debug"], 0],
    [["diff", "--debug"], 2],
  ] as const)("%j is accepted", async ([args, code], { expect, onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, args);
    expect(run.stderr).not.toContain("unknown option");
    expect(run.code).toBe(code);
  });
});
