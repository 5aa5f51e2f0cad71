/**
 * Hostile option values and arguments, refused with one line and exit 2, as a user runs the BUILT bin:
 * `deploy template --email` takes only a plain email address; a long or unplain value is echoed quoted
 * and cut; `--state-dir -` is refused as `--output-dir -` is, `deploy template --output-file -` is
 * stdout and `deploy package --output -` refused; `undo` and `diff` quote an unknown id cut.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";

beforeAll(ensureBuilt, 120_000);

const EXAMPLE = join(ROOT, "examples/credential-report.csv");

const EMAIL_FORM =
  "--email takes a plain email address such as secops@example.com: ASCII letters, digits, _ ' + - and single dots before the @ (at most 64), a domain name after it (labels of at most 63), at most 254 characters.";

/** The template's email subscription endpoints. */
function endpoints(template: {
  Resources: Record<string, { Type: string; Properties: { Endpoint?: string } }>;
}) {
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === "AWS::SNS::Subscription")
    .map((resource) => resource.Properties.Endpoint);
}

describe("deploy template --email", () => {
  it.for([
    // [value, as the message echoes it]
    ["a\u202e@b.co", '"a\\u202e@b.co"'],
    ["a\u200b@b.co", '"a\\u200b@b.co"'],
    ["a\u2066b@c.de", '"a\\u2066b@c.de"'],
    ["a\u0007@b.co", '"a\\u0007@b.co"'],
    ['a"b@c.de', "'a\"b@c.de'"],
    ["a\\b@c.de", '"a\\\\b@c.de"'],
    ["\u00e9t\u00e9@x.de", '"\u00e9t\u00e9@x.de"'],
    ["a b@c.de", "'a b@c.de'"],
    ["a@b@c.de", "'a@b@c.de'"],
    ["a@localhost", "'a@localhost'"],
    ["a..b@c.de", "'a..b@c.de'"],
    ["", "''"],
    [`${"a".repeat(243)}@example.com`, `"${"a".repeat(120)}…" (255 characters)`],
    [`${"a".repeat(65)}@example.com`, `'${"a".repeat(65)}@example.com'`],
    [`a@${"b".repeat(64)}.com`, `'a@${"b".repeat(64)}.com'`],
  ])(
    "refuses %j: exit 2, one line naming --email, nothing written",
    async ([value, echoed], { onTestFinished }) => {
      const dir = await tempDir(onTestFinished);
      const run = await cli(dir, [
        "deploy",
        "template",
        "--email",
        value as string,
        "--output-file",
        "t.json",
      ]);
      expect([run.code, run.stdout, run.stderr]).toEqual([
        2,
        "",
        `cloudpatrol: option '--email <address>' argument ${echoed} is invalid. ${EMAIL_FORM}\n`,
      ]);
      expect(await readdir(dir)).toEqual([]);
    },
  );

  it("a 5,000-character value is echoed cut: one short line", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["deploy", "template", "--email", `${"\u202e".repeat(5000)}`]);
    expect([run.code, run.stderr]).toEqual([
      2,
      `cloudpatrol: option '--email <address>' argument "${"\\u202e".repeat(120)}…" (5000 characters) is invalid. ${EMAIL_FORM}\n`,
    ]);
  });

  it("a plain address of 254 characters, with + . - _ ' and subdomains, is written as it is in JSON and YAML", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    // 254 characters: a local part of 64, labels of 63.
    const longest = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(longest.length).toBe(254);
    const json = await cli(dir, ["deploy", "template", "--email", longest]);
    expect(json.code).toBe(0);
    expect(endpoints(JSON.parse(json.stdout))).toEqual([longest]);
    const plain = "sec-ops_o'brien+alerts.cp@mail.sub.example.com";
    const yaml = await cli(dir, [
      "deploy",
      "template",
      "--format",
      "yaml",
      "--email",
      plain,
      "--output-file",
      "t.yaml",
    ]);
    expect([yaml.code, yaml.stderr]).toEqual([0, "wrote t.yaml\n"]);
    expect(endpoints(parse(await readFile(join(dir, "t.yaml"), "utf8")))).toEqual([plain]);
  });
});

describe("--state-dir - is refused as --output-dir - is", () => {
  it.for([
    ["scan", "--credential-report", EXAMPLE],
    ["scan", "--credential-report", EXAMPLE, "--no-history"],
    ["history"],
    ["journal"],
    ["diff"],
    ["remediate"],
    ["undo", "r-1"],
  ])("%s: exit 2, no directory named -", async (args, { onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, [...args, "--state-dir", "-"]);
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      "",
      "cloudpatrol: --state-dir takes a directory, not - (stdin or stdout for the file options): give a directory path (./- for one named -), or leave it out for the default state directory.\n",
    ]);
    expect(await readdir(dir)).toEqual([]);
  });

  it("a directory named - is ./-", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["undo", "r-1", "--state-dir", "./-"]);
    expect([run.code, run.stderr]).toEqual([
      2,
      'cloudpatrol: no run "r-1" in the journal (see cloudpatrol journal)\n',
    ]);
    expect(await readdir(join(dir, "-"))).toEqual(["cloudpatrol.db"]);
  });
});

describe("- in deploy's file options", () => {
  it("deploy template --output-file - is stdout, as for scan: no file named -", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["deploy", "template", "--output-file", "-"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(JSON.parse(run.stdout).AWSTemplateFormatVersion).toBe("2010-09-09");
    expect(await readdir(dir)).toEqual([]);
  });

  it("deploy package --output - is refused before bundling: exit 2, nothing written", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["deploy", "package", "--output", "-"]);
    expect([run.code, run.stdout, run.stderr]).toEqual([
      2,
      "",
      "cloudpatrol: --output takes a file path for the zip, not - (stdout): give a path (./- for a file named -).\n",
    ]);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("an unknown id is quoted cut", () => {
  it("undo: a 5,000-character id, and one holding U+202E", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const long = await cli(dir, ["undo", "r".repeat(5000), "--yes"]);
    expect([long.code, long.stdout, long.stderr]).toEqual([
      2,
      "",
      `cloudpatrol: no run "${"r".repeat(120)}…" (5000 characters) in the journal (see cloudpatrol journal)\n`,
    ]);
    const bidi = await cli(dir, ["undo", "r-\u202eabc", "--yes"]);
    expect([bidi.code, bidi.stderr]).toEqual([
      2,
      'cloudpatrol: no run "r-\\u202eabc" in the journal (see cloudpatrol journal)\n',
    ]);
  });

  it("diff --from and --to: a 5,000-character id", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    expect((await cli(dir, ["scan", "--credential-report", EXAMPLE, "-o", "json"])).code).toBe(3);
    for (const option of ["--from", "--to"]) {
      const run = await cli(dir, ["diff", option, "s".repeat(5000)]);
      expect([run.code, run.stdout, run.stderr]).toEqual([
        2,
        "",
        `cloudpatrol: ${option} "${"s".repeat(120)}…" (5000 characters): no such scan in the history (see cloudpatrol history)\n`,
      ]);
    }
  });

  it("scan --rule and --framework, rules show, explain: a 5,000-character id is quoted cut", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const id = "c".repeat(5000);
    const cut = `"${"c".repeat(120)}…" (5000 characters)`;
    const cases: [string[], string][] = [
      [
        ["scan", "--no-history", "--credential-report", EXAMPLE, "--rule", id],
        `cloudpatrol: Unknown rule ${cut}; known: `,
      ],
      [
        ["scan", "--credential-report", EXAMPLE, "--framework", id],
        `cloudpatrol: Unknown framework ${cut}; known: `,
      ],
      [["rules", "show", id], `cloudpatrol: No rule or requirement ${cut}; see cloudpatrol rules list`],
      [
        ["explain", id, "--credential-report", EXAMPLE],
        `cloudpatrol: No IAM user named ${cut} in the credential report `,
      ],
    ];
    for (const [args, start] of cases) {
      const run = await cli(dir, args);
      expect([run.code, run.stdout, run.stderr.slice(0, start.length)]).toEqual([2, "", start]);
      expect(run.stderr).not.toContain("c".repeat(121));
    }
  });
});
