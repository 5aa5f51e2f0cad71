/**
 * `cloudpatrol scan` outputs as a user runs them: the BUILT bin (`dist/cli/main.js`) as a child process.
 * Several formats in one run, stdout for one format, the mutelist, and `--send-to-security-hub` against
 * the local Security Hub fake (AWS_ENDPOINT_URL_SECURITYHUB). `dist/` is built first when stale.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, readlink, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, it } from "vitest";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";
import { type FakeSecurityHub, startFakeSecurityHub } from "../support/fake-securityhub.js";
import { CONSOLE_USER, neverUsedKey, report, userRow } from "../support/report-rows.js";

const EXAMPLE = join(ROOT, "examples/credential-report.csv");

type Json = Record<string, unknown>;

function counts(statuses: readonly unknown[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const status of statuses) out[String(status)] = (out[String(status)] ?? 0) + 1;
  return out;
}

const ALL = "text,json,ocsf,asff,csv,compliance-csv,junit,sarif,md,html";

beforeAll(ensureBuilt, 120_000);

describe.concurrent("several outputs in one run", () => {
  it("writes ten files that parse and agree with the JSON findings", async ({ expect, onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, [
      "scan",
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--credential-report",
      EXAMPLE,
      "--output",
      ALL,
      "--output-dir",
      "reports",
    ]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    const files = (await readdir(join(dir, "reports"))).sort();
    expect(files).toHaveLength(10);
    const stamp = /^cloudpatrol-210987654321-(\d{8}T\d{6}Z)\./.exec(files[0] ?? "")?.[1];
    expect(files).toEqual(
      [
        "asff.json",
        "compliance.csv",
        "csv",
        "html",
        "json",
        "junit.xml",
        "md",
        "ocsf.json",
        "sarif",
        "txt",
      ].map((ext) => `cloudpatrol-210987654321-${stamp}.${ext}`),
    );
    expect(run.stderr.split("\n").filter((line) => line.startsWith("wrote "))).toHaveLength(10);
    const read = (ext: string) =>
      readFile(join(dir, "reports", `cloudpatrol-210987654321-${stamp}.${ext}`), "utf8");

    const json = JSON.parse(await read("json")) as { findings: Json[]; summary: Json };
    const expected = counts(json.findings.map((f) => f.status));
    expect(expected).toEqual({ FAIL: 5, PASS: 4 });
    expect(json.summary).toEqual({ PASS: 4, FAIL: 5, MANUAL: 0, ERROR: 0, muted: 0, total: 9 });

    const ocsf = JSON.parse(await read("ocsf.json")) as Json[];
    expect(counts(ocsf.map((o) => o.status_code))).toEqual(expected);
    const asff = JSON.parse(await read("asff.json")) as { Compliance: { Status: string } }[];
    expect(counts(asff.map((o) => o.Compliance.Status))).toEqual({ FAILED: 5, PASSED: 4 });
    const csv = parseCsv(await read("csv"), { columns: true }) as Json[];
    expect(counts(csv.map((row) => row.status))).toEqual(expected);
    const compliance = parseCsv(await read("compliance.csv"), { columns: true }) as Json[];
    expect(counts(compliance.filter((row) => row.framework === "cis_v150").map((row) => row.status))).toEqual(
      expected,
    );
    const junit = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(
      await read("junit.xml"),
    ) as {
      testsuites: Json;
    };
    expect(junit.testsuites).toMatchObject({ tests: "9", failures: "5", errors: "0", skipped: "0" });
    const sarif = JSON.parse(await read("sarif")) as { runs: { results: Json[] }[] };
    expect(counts(sarif.runs[0]?.results.map((r) => r.kind) ?? [])).toEqual({ fail: 5, pass: 4 });
    expect(await read("md")).toContain("| 5 | 0 | 0 | 4 | 0 | 9 |");
    expect(await read("txt")).toContain("9 findings: 5 FAIL, 0 ERROR, 0 MANUAL, 4 PASS");
    const html = await read("html");
    for (const finding of json.findings) expect(html).toContain(String(finding.uid));
  });

  it("one format without a directory goes to stdout; text stays the default", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const md = await cli(dir, ["scan", "--credential-report", EXAMPLE, "--output", "md"]);
    expect(md.code).toBe(3);
    expect(md.stdout.startsWith("## cloudpatrol: CIS AWS Foundations scan of 210987654321\n")).toBe(true);
    const text = await cli(dir, ["scan", "--credential-report", EXAMPLE]);
    expect(text.stdout.startsWith("cloudpatrol scan of account 210987654321")).toBe(true);
    expect(await readdir(dir)).toEqual([]);
  });

  it("several formats without a directory write into the current directory", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, [
      "scan",
      "--credential-report",
      EXAMPLE,
      "-o",
      "json,sarif",
      "--fail-on",
      "none",
    ]);
    expect(run.code).toBe(0);
    expect((await readdir(dir)).map((name) => name.replace(/\d{8}T\d{6}Z/, "T"))).toEqual([
      "cloudpatrol-210987654321-T.json",
      "cloudpatrol-210987654321-T.sarif",
    ]);
  });

  it("a repeated -o adds formats (-o json -o csv,md is -o json,csv,md); a repeated one is written once", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const args = ["scan", "--credential-report", EXAMPLE, "--fail-on", "none", "--no-history"];
    const run = await cli(dir, [...args, "-o", "json", "-o", "csv,md", "-o", "json", "--output-dir", "out"]);
    expect(run.code).toBe(0);
    expect((await readdir(join(dir, "out"))).map((name) => name.replace(/\d{8}T\d{6}Z/, "T")).sort()).toEqual(
      ["cloudpatrol-210987654321-T.csv", "cloudpatrol-210987654321-T.json", "cloudpatrol-210987654321-T.md"],
    );
    // One -o still replaces the default text.
    const json = await cli(dir, [...args, "-o", "json"]);
    expect(json.stdout.startsWith("{\n")).toBe(true);
  });

  it("rejects an unknown format and --output-file with several formats (exit 2)", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const unknown = await cli(dir, ["scan", "--credential-report", EXAMPLE, "--output", "json,xml"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split("\n")[0]).toBe(
      "cloudpatrol: option '-o, --output <format>' argument 'json,xml' is invalid. Allowed choices are text, json, ocsf, asff, csv, compliance-csv, junit, sarif, md, html.",
    );
    const both = await cli(dir, [
      "scan",
      "--credential-report",
      EXAMPLE,
      "-o",
      "json,csv",
      "--output-file",
      "x",
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(
      "cloudpatrol: --output-file takes one format; with several formats or --output-dir, use --output-dir.\n",
    );
    // `-` (stdout) is refused alike, with several formats or beside --output-dir: nothing written.
    for (const args of [
      ["-o", "json,csv", "--output-file", "-"],
      ["-o", "json", "--output-dir", "out", "--output-file", "-"],
    ]) {
      const dash = await cli(dir, ["scan", "--credential-report", EXAMPLE, ...args]);
      expect([dash.code, dash.stdout, dash.stderr]).toEqual([
        2,
        "",
        "cloudpatrol: --output-file takes one format; with several formats or --output-dir, use --output-dir.\n",
      ]);
    }
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe.concurrent("--output-file on a symbolic link", () => {
  it("writes the report to the file the link leads to and keeps the link; a dangling link's file is created", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    await mkdir(join(dir, "reports"));
    await writeFile(join(dir, "reports", "latest.json"), "OLD");
    await symlink("reports/latest.json", join(dir, "latest.json"));
    await symlink("reports/new.json", join(dir, "dangling.json"));
    const scan = (output: string) =>
      cli(dir, [
        "scan",
        "--credential-report",
        EXAMPLE,
        "--no-history",
        "-o",
        "json",
        "--output-file",
        output,
      ]);
    for (const link of ["latest.json", "dangling.json"]) {
      const run = await scan(link);
      expect([link, run.code, run.stdout, run.stderr]).toEqual([link, 3, "", ""]);
    }
    expect([
      await readlink(join(dir, "latest.json")),
      await readlink(join(dir, "dangling.json")),
      (await readdir(dir)).sort(),
      (await readdir(join(dir, "reports"))).sort(),
    ]).toEqual([
      "reports/latest.json",
      "reports/new.json",
      ["dangling.json", "latest.json", "reports"],
      ["latest.json", "new.json"],
    ]);
    for (const name of ["latest.json", "new.json"]) {
      const json = JSON.parse(await readFile(join(dir, "reports", name), "utf8")) as {
        findings: unknown[];
      };
      expect([name, json.findings.length]).toEqual([name, 135]);
    }
  });
});

describe.concurrent("--mutelist", () => {
  const muteAll = [
    "Mutelist:",
    "  Accounts:",
    '    "*":',
    "      Checks:",
    "        iam_user_no_setup_initial_access_key:",
    '          Regions: ["*"]',
    '          Resources: ["*"]',
    "          Reason: accepted for the test",
    "",
  ].join("\n");

  it("muting all FAILs turns exit 3 into 0; muted findings keep FAIL in the JSON", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "mute.yaml"), muteAll);
    const run = await cli(dir, [
      "scan",
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--credential-report",
      EXAMPLE,
      "--mutelist",
      "mute.yaml",
      "-o",
      "json",
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as { findings: Json[]; summary: Json };
    expect(doc.summary).toEqual({ PASS: 4, FAIL: 5, MANUAL: 0, ERROR: 0, muted: 9, total: 9 });
    expect(doc.findings.find((f) => f.status === "FAIL")?.mute).toEqual({
      reason: "accepted for the test",
      owner: null,
      expires: null,
      entry: "*/iam_user_no_setup_initial_access_key",
    });
  });

  it("an expired entry does not mute and the scan warns on stderr", async ({ expect, onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "mute.yaml"), `${muteAll.trimEnd()}\n          Expires: 2020-01-01\n`);
    const run = await cli(dir, [
      "scan",
      "--credential-report",
      EXAMPLE,
      "--mutelist",
      "mute.yaml",
      "-o",
      "json",
    ]);
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      "warning: mutelist mute.yaml: entry Accounts.*.Checks.iam_user_no_setup_initial_access_key (line 5) expired on 2020-01-01 and no longer mutes anything (9 findings it covers now count again).\n",
    );
  });

  it("a malformed file exits 2 naming line and column", async ({ expect, onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "bad.yaml"), "Mutelist:\n  Accounts:\n    '*':\n      Checks: [oops\n");
    const run = await cli(dir, ["scan", "--credential-report", EXAMPLE, "--mutelist", "bad.yaml"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.startsWith("cloudpatrol: invalid mutelist bad.yaml, line 5, column 1: ")).toBe(true);
  });
});

describe.concurrent("--send-to-security-hub", () => {
  const withHub = async (onTestFinished: (fn: () => Promise<void>) => void) => {
    const hub: FakeSecurityHub = await startFakeSecurityHub();
    onTestFinished(() => hub.close());
    return { hub, env: { AWS_ENDPOINT_URL_SECURITYHUB: hub.endpoint } };
  };
  const bigReport = report(
    ...Array.from({ length: 250 }, (_, index) =>
      userRow(`user-${String(index).padStart(3, "0")}`, {
        ...CONSOLE_USER,
        ...neverUsedKey(1, "2024-03-01T10:00:01Z"),
      }),
    ),
  );

  it("sends 250 findings in 3 calls, retrying a throttled one", async ({ expect, onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const { hub, env } = await withHub(onTestFinished);
    hub.throttleNext(1);
    await writeFile(join(dir, "report.csv"), bigReport);
    const run = await cli(
      dir,
      [
        "scan",
        "--rule",
        "iam_user_no_access_key_at_setup",
        "--credential-report",
        "report.csv",
        "--send-to-security-hub",
        "-o",
        "json",
      ],
      env,
    );
    expect(run.code).toBe(3);
    // The generated report has no root row: the scan says so (AWS always writes one).
    expect(run.stderr).toBe(
      "warning: The credential report has no <root_account> row (AWS always writes one): the root user's rules judge nothing from it.\n" +
        "Security Hub (us-east-1): imported 250 of 250 findings in 3 BatchImportFindings calls.\n",
    );
    expect(hub.batches).toEqual([100, 100, 50]);
    expect(hub.requests).toBe(4);
    expect(hub.throttled).toBe(1);
    const ids = (JSON.parse(run.stdout) as { findings: { uid: string }[] }).findings.map((f) => f.uid);
    expect([...hub.findings.keys()].sort()).toEqual([...ids].sort());
    expect(hub.findings.get(ids[0] ?? "")?.ProductArn).toBe(
      "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default",
    );
  });

  it("lists 2 rejected findings and exits 1; --only-failed sends FAILs only", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const { hub, env } = await withHub(onTestFinished);
    const json = await cli(dir, [
      "scan",
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--credential-report",
      EXAMPLE,
      "-o",
      "json",
    ]);
    const fails = (
      JSON.parse(json.stdout) as { findings: { uid: string; status: string }[] }
    ).findings.filter((f) => f.status === "FAIL");
    const rejected = [fails[0]?.uid ?? "", fails[1]?.uid ?? ""];
    hub.reject(rejected);
    const run = await cli(
      dir,
      [
        "scan",
        "--rule",
        "iam_user_no_access_key_at_setup",
        "--credential-report",
        EXAMPLE,
        "--send-to-security-hub",
        "--only-failed",
        "-o",
        "md",
        "--output-dir",
        "out",
      ],
      env,
    );
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").slice(1)).toEqual([
      "Security Hub (us-east-1): imported 3 of 5 findings in 1 BatchImportFindings call; 2 rejected:",
      ...rejected.map((id) => `  ${id}: InvalidInput: Finding ${id} was rejected by the fake.`),
      "",
    ]);
    expect(hub.batches).toEqual([5]);
  });

  it("findings of another account than the credentials' are not sent: the account is named with the reason, exit 1", async ({
    expect,
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    // The credentials are account 999999999999's; the example report is account 210987654321's.
    const hub = await startFakeSecurityHub({ accountOf: () => "999999999999" });
    onTestFinished(() => hub.close());
    const run = await cli(
      dir,
      [
        "scan",
        "--rule",
        "iam_user_no_access_key_at_setup",
        "--credential-report",
        EXAMPLE,
        "--send-to-security-hub",
        "--only-failed",
        "--output-file",
        "out.json",
        "-o",
        "json",
      ],
      { AWS_ENDPOINT_URL_SECURITYHUB: hub.endpoint },
    );
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      "Security Hub (us-east-1): imported 0 of 5 findings in 1 BatchImportFindings call; 5 not sent (1 account):",
      "  account 210987654321: 5 findings not sent: securityhub:BatchImportFindings failed in account 210987654321: AccessDeniedException: User: arn:aws:sts::999999999999:assumed-role/fake/fake is not authorized to perform: securityhub:BatchImportFindings on resource: arn:aws:securityhub:us-east-1:210987654321:product/210987654321/default. The caller lacks the IAM permission securityhub:BatchImportFindings. (Security Hub imports a finding only from the account it is about: the credentials must be account 210987654321's and allow securityhub:BatchImportFindings; in an --org or --accounts run, the role assumed in each account needs it too)",
      "",
    ]);
    expect(hub.batches).toEqual([]);
    // The report was written all the same.
    expect(JSON.parse(await readFile(join(dir, "out.json"), "utf8")).summary.FAIL).toBe(5);
  });
});
