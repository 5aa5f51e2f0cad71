/**
 * Every output format of the bundled example parses and agrees with the JSON findings; format-specific
 * mappings are checked with exact values.
 */
import { parse as parseCsv } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/app/scan.js";
import { escapeControlsKeepingLines } from "../../src/model/escape.js";
import { asffFindings } from "../../src/report/asff.js";
import { COMPLIANCE_CSV_COLUMNS, CSV_COLUMNS, neutralizeCell } from "../../src/report/csv.js";
import { EXTENSIONS, OUTPUT_FORMATS, render, reportFileName } from "../../src/report/index.js";
import { escapeMarkdown } from "../../src/report/markdown.js";
import { EXAMPLE_ACCOUNT, exampleScan, finding, resultOf } from "./fixtures.js";

let example: ScanResult;
beforeAll(async () => {
  example = await exampleScan();
});

type Json = Record<string, unknown>;
const xml = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  isArray: (name) => ["testsuite", "testcase"].includes(name),
});

function statusCounts(statuses: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

describe("the bundled example in every format", () => {
  it("has 5 FAIL and 4 PASS in JSON", () => {
    expect(statusCounts(example.findings.map((f) => f.status))).toEqual({ FAIL: 5, PASS: 4 });
  });

  it("names ten formats with ten distinct file extensions", () => {
    expect(OUTPUT_FORMATS).toEqual([
      "text",
      "json",
      "ocsf",
      "asff",
      "csv",
      "compliance-csv",
      "junit",
      "sarif",
      "md",
      "html",
    ]);
    expect(new Set(Object.values(EXTENSIONS)).size).toBe(10);
    const withStart = { ...example, scan: { ...example.scan, startedAt: "2026-11-29T07:20:55.526Z" } };
    expect(reportFileName(withStart, "junit")).toBe(
      `cloudpatrol-${EXAMPLE_ACCOUNT}-20261129T072055Z.junit.xml`,
    );
    const multi = {
      ...withStart,
      scan: {
        ...withStart.scan,
        accounts: [...withStart.scan.accounts, { accountId: "111122223333", partition: "aws" }],
      },
    };
    expect(reportFileName(multi, "html")).toBe("cloudpatrol-multi-20261129T072055Z.html");
  });

  it("OCSF: one Compliance Finding per finding with every required attribute", () => {
    const objects = JSON.parse(render(example, "ocsf")) as Json[];
    expect(objects).toHaveLength(9);
    expect(statusCounts(objects.map((o) => o.status_code as string))).toEqual({ FAIL: 5, PASS: 4 });
    objects.forEach((o, index) => {
      const f = example.findings[index];
      if (!f) throw new Error("missing finding");
      expect(o).toMatchObject({
        activity_id: 1,
        category_uid: 2,
        class_uid: 2003,
        type_uid: 200301,
        severity_id: 3,
        severity: "Medium",
        status_id: 1,
        status: "New",
        time: Date.parse(example.scan.startedAt),
        metadata: {
          version: "1.3.0",
          product: { name: "cloudpatrol", vendor_name: "cloudpatrol", version: "0.1.0" },
        },
        finding_info: {
          uid: f.uid,
          title:
            "Do not set up access keys during initial user setup for IAM users that have a console password",
          created_time: Date.parse(example.scan.startedAt),
        },
        compliance: {
          status_id: f.status === "FAIL" ? 3 : 1,
          status: f.status === "FAIL" ? "Fail" : "Pass",
        },
        resources: [
          {
            uid: f.resourceArn,
            type: f.resourceType,
            name: f.resourceName,
            region: "global",
            data: f.evidence,
          },
        ],
        cloud: { provider: "AWS", account: { uid: EXAMPLE_ACCOUNT, type_id: 10 }, region: "global" },
      });
      const info = o.finding_info as Json;
      expect(typeof info.desc).toBe("string");
      const compliance = o.compliance as Json;
      expect(compliance.standards).toContain("CIS AWS Foundations Benchmark v1.5.0");
      expect(compliance.requirements).toContain("CIS AWS Foundations v1.5.0/1.11");
      const remediation = o.remediation as Json;
      expect((remediation.desc as string).length).toBeGreaterThan(20);
      expect(remediation.references).toContain(
        "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name <user>",
      );
      expect(o.unmapped).toMatchObject({ rule_id: "iam_user_no_access_key_at_setup", muted: false });
    });
  });

  it("OCSF: a muted finding is Suppressed and keeps its compliance status", () => {
    const muted = finding("build-bot", "FAIL", {
      muted: true,
      mute: { reason: "CI key", owner: null, expires: null, entry: "*/*" },
    });
    const [o] = JSON.parse(render(resultOf([muted]), "ocsf")) as Json[];
    expect(o).toMatchObject({
      status_id: 3,
      status: "Suppressed",
      compliance: { status: "Fail", status_id: 3 },
    });
  });

  it("OCSF, ASFF and text carry firstSeen from the scan history; without it, no first-seen field at all", () => {
    const old = finding("old-key", "FAIL", { firstSeen: "2026-10-01T08:00:00Z" });
    const fresh = finding("fresh-key", "FAIL", { firstSeen: "2026-11-29T07:00:00Z" }); // this scan's start
    const unrecorded = finding("no-history", "FAIL");
    const result = resultOf([old, fresh, unrecorded]);
    const ocsf = JSON.parse(render(result, "ocsf")) as { finding_info: Json }[];
    expect(ocsf[0]?.finding_info).toMatchObject({
      first_seen_time: Date.parse("2026-10-01T08:00:00Z"),
      first_seen_time_dt: "2026-10-01T08:00:00Z",
      last_seen_time: Date.parse("2026-11-29T07:00:00Z"),
      last_seen_time_dt: "2026-11-29T07:00:00Z",
    });
    expect(Object.keys(ocsf[2]?.finding_info ?? {}).filter((key) => key.includes("seen"))).toEqual([]);
    const asff = asffFindings(result, { region: "us-east-1" });
    expect(asff.map((o) => [o.FirstObservedAt, o.LastObservedAt])).toEqual([
      ["2026-10-01T08:00:00Z", "2026-11-29T07:00:00Z"],
      ["2026-11-29T07:00:00Z", "2026-11-29T07:00:00Z"],
      [undefined, undefined],
    ]);
    const text = render(result, "text");
    expect(text.split("\n").filter((line) => line.includes("since"))).toEqual([
      "      FAIL since 2026-10-01T08:00:00Z (scan history)",
    ]);
  });

  it("ASFF: every required field, exact ProductArn, compliance mapping, stable Id", () => {
    const objects = JSON.parse(render(example, "asff", { region: "eu-west-1" })) as Json[];
    expect(objects).toHaveLength(9);
    const required = [
      "SchemaVersion",
      "Id",
      "ProductArn",
      "GeneratorId",
      "AwsAccountId",
      "Types",
      "CreatedAt",
      "UpdatedAt",
      "Severity",
      "Title",
      "Description",
      "Resources",
    ];
    objects.forEach((o, index) => {
      const f = example.findings[index];
      if (!f) throw new Error("missing finding");
      for (const field of required) expect(o[field], field).toBeDefined();
      expect(o).toMatchObject({
        SchemaVersion: "2018-10-08",
        Id: f.uid,
        ProductArn: `arn:aws:securityhub:eu-west-1:${EXAMPLE_ACCOUNT}:product/${EXAMPLE_ACCOUNT}/default`,
        GeneratorId: "iam_user_no_access_key_at_setup",
        AwsAccountId: EXAMPLE_ACCOUNT,
        Types: [
          "Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark",
        ],
        CreatedAt: example.scan.startedAt,
        UpdatedAt: example.scan.startedAt,
        Severity: { Label: "MEDIUM" },
        Description: f.statusExtended,
        Resources: [
          {
            Type: f.status === "FAIL" ? "AwsIamAccessKey" : "AwsIamUser",
            Id: f.resourceArn,
            Partition: "aws",
          },
        ],
        Compliance: { Status: f.status === "FAIL" ? "FAILED" : "PASSED" },
        Workflow: { Status: "NEW" },
      });
      const compliance = o.Compliance as Json;
      expect(compliance.RelatedRequirements).toEqual([
        "CIS AWS Foundations v1.2.0/1.21",
        "CIS AWS Foundations v1.3.0/1.11",
        "CIS AWS Foundations v1.4.0/1.11",
        "CIS AWS Foundations v1.5.0/1.11",
        "CIS AWS Foundations v2.0.0/1.11",
        "CIS AWS Foundations v3.0.0/1.11",
        "CIS AWS Foundations v4.0.0/1.11",
        "CIS AWS Foundations v5.0.0/1.10",
        "CIS AWS Foundations v6.0.0/2.10",
      ]);
      const recommendation = (o.Remediation as { Recommendation: { Text: string; Url: string } })
        .Recommendation;
      expect(recommendation.Text.length).toBeLessThanOrEqual(512);
      expect(recommendation.Url).toBe("https://www.cisecurity.org/benchmark/amazon_web_services");
    });
  });

  it("ASFF: MANUAL → NOT_AVAILABLE, ERROR → WARNING, muted → SUPPRESSED, --only-failed keeps FAIL", () => {
    const result = resultOf([
      finding("a", "MANUAL"),
      finding("b", "ERROR"),
      finding("c", "FAIL", {
        muted: true,
        mute: { reason: "accepted", owner: "sec", expires: "2027-01-01", entry: "*/*" },
      }),
      finding("d", "PASS"),
    ]);
    const all = asffFindings(result, { region: "us-east-1" });
    expect(all.map((o) => [(o.Compliance as Json).Status, (o.Workflow as Json).Status])).toEqual([
      ["NOT_AVAILABLE", "NEW"],
      ["WARNING", "NEW"],
      ["FAILED", "SUPPRESSED"],
      ["PASSED", "NEW"],
    ]);
    expect(asffFindings(result, { region: "us-east-1", onlyFailed: true }).map((o) => o.Id)).toEqual([
      result.findings[2]?.uid,
    ]);
  });

  it("CSV: one row per finding with the documented columns", () => {
    const rows = parseCsv(render(example, "csv"), { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0] ?? {})).toEqual([...CSV_COLUMNS]);
    expect(statusCounts(rows.map((row) => row.status ?? ""))).toEqual({ FAIL: 5, PASS: 4 });
    expect(rows.map((row) => row.uid)).toEqual(example.findings.map((f) => f.uid));
    expect(rows[0]?.requirements).toBe(
      "cis_v120 1.21; cis_v130 1.11; cis_v140 1.11; cis_v150 1.11; cis_v200 1.11; cis_v300 1.11; cis_v400 1.11; cis_v500 1.10; cis_v600 2.10",
    );
  });

  it("compliance CSV: one row per requirement × finding, with title, level and Automated for CIS v1.5.0 1.11", () => {
    const all = parseCsv(render(example, "compliance-csv"), { columns: true }) as Record<string, string>[];
    expect(all).toHaveLength(9 * 9);
    const v150 = parseCsv(render(example, "compliance-csv", { complianceFrameworks: ["cis_v150"] }), {
      columns: true,
    }) as Record<string, string>[];
    expect(Object.keys(v150[0] ?? {})).toEqual([...COMPLIANCE_CSV_COLUMNS]);
    expect(v150).toHaveLength(9);
    expect(statusCounts(v150.map((row) => row.status ?? ""))).toEqual({ FAIL: 5, PASS: 4 });
    expect(v150[0]).toMatchObject({
      framework: "cis_v150",
      framework_name: "CIS AWS Foundations Benchmark v1.5.0",
      requirement_id: "1.11",
      requirement_title:
        "Do not setup access keys during initial user setup for all IAM users that have a console password",
      profile: "Level 1",
      assessment: "Automated",
    });
  });

  it("compliance CSV follows --framework unless --compliance-framework names the frameworks", () => {
    const rows = (options: Parameters<typeof render>[2]) =>
      (
        parseCsv(render(example, "compliance-csv", options), { columns: true }) as Record<string, string>[]
      ).map((row) => `${row.framework} ${row.requirement_id}`);
    expect(rows({ framework: "cis_v600" })).toEqual(Array(9).fill("cis_v600 2.10"));
    expect(rows({ framework: "cis_v600", complianceFrameworks: ["cis_v150", "cis_v500"] })).toEqual([
      ...Array(9).fill("cis_v150 1.11"),
      ...Array(9).fill("cis_v500 1.10"),
    ]);
    expect(rows({})).toHaveLength(9 * 9);
  });

  it("JUnit: one suite per rule, FAIL as failure with statusExtended and evidence", () => {
    const doc = xml.parse(render(example, "junit")) as { testsuites: Json & { testsuite: Json[] } };
    expect(doc.testsuites).toMatchObject({
      name: "cloudpatrol",
      tests: "9",
      failures: "5",
      errors: "0",
      skipped: "0",
    });
    const [suite] = doc.testsuites.testsuite;
    expect(suite).toMatchObject({ name: "iam_user_no_access_key_at_setup", tests: "9", failures: "5" });
    const cases = (suite?.testcase ?? []) as Json[];
    expect(cases).toHaveLength(9);
    const failures = cases.filter((c) => c.failure !== undefined);
    expect(failures).toHaveLength(5);
    const first = example.findings.find((f) => f.status === "FAIL");
    const failed = failures.find((c) => c.name === first?.resourceName) as { failure: Json };
    expect(failed.failure.message).toBe(first?.statusExtended);
    expect(failed.failure["#text"]).toContain(`"userName": "${first?.evidence.userName}"`);
    expect(failed.failure["#text"]).toContain("aws iam update-access-key");
  });

  it("JUnit: ERROR → error, MANUAL → skipped, muted → skipped with the reason", () => {
    const result = resultOf([
      finding("a", "ERROR"),
      finding("b", "MANUAL"),
      finding("c", "FAIL", {
        muted: true,
        mute: { reason: "break-glass user", owner: null, expires: "2027-01-01", entry: "*/*" },
      }),
    ]);
    const doc = xml.parse(render(result, "junit")) as {
      testsuites: Json & { testsuite: { testcase: Json[] }[] };
    };
    expect(doc.testsuites).toMatchObject({ tests: "3", failures: "0", errors: "1", skipped: "2" });
    const cases = doc.testsuites.testsuite[0]?.testcase ?? [];
    expect((cases[0]?.error as Json | undefined)?.message).toBe("a is ERROR.");
    expect((cases[1]?.skipped as Json | undefined)?.message).toBe("MANUAL: b is MANUAL.");
    expect((cases[2]?.skipped as Json | undefined)?.message).toBe(
      "muted FAIL: break-glass user (until 2027-01-01)",
    );
  });

  it("a scan of several accounts: JUnit names each test case by account, Markdown tables have an Account column", () => {
    const other = "222233334444";
    const base = resultOf([
      finding("alice", "FAIL"),
      finding("alice", "FAIL", { accountId: other, resourceArn: `arn:aws:iam::${other}:user/alice` }),
      finding("bob", "MANUAL", { accountId: other, region: "eu-west-1" }),
    ]);
    const multi: ScanResult = {
      ...base,
      scan: { ...base.scan, accounts: [...base.scan.accounts, { accountId: other, partition: "aws" }] },
    };
    const doc = xml.parse(render(multi, "junit")) as { testsuites: { testsuite: { testcase: Json[] }[] } };
    expect(doc.testsuites.testsuite[0]?.testcase.map((testcase) => testcase.name)).toEqual([
      "111122223333/alice",
      "222233334444/alice",
      "222233334444/bob in eu-west-1",
    ]);
    const md = render(multi, "md").split("\n");
    const failing = md.indexOf("### Failing findings (2)");
    expect(md.slice(failing + 2, failing + 6)).toEqual([
      "| Status | Severity | Account | Resource | Requirement | Details |",
      "| --- | --- | --- | --- | --- | --- |",
      "| ❌ FAIL | medium | 111122223333 | alice | CIS v1.5.0 1.11 | alice is FAIL. |",
      "| ❌ FAIL | medium | 222233334444 | alice | CIS v1.5.0 1.11 | alice is FAIL. |",
    ]);
    expect(md).toContain("| ✋ MANUAL | medium | 222233334444 | bob | CIS v1.5.0 1.11 | bob is MANUAL. |");
    // One account: no Account column, names as before.
    expect(render(base, "md")).toContain("| Status | Severity | Resource | Requirement | Details |");
    const single = xml.parse(render(base, "junit")) as { testsuites: { testsuite: { testcase: Json[] }[] } };
    expect(single.testsuites.testsuite[0]?.testcase.map((testcase) => testcase.name)).toEqual([
      "alice",
      "alice",
      "bob in eu-west-1",
    ]);
  });

  it("SARIF 2.1.0: the rule with help text, results with the ARN as logical location", () => {
    const log = JSON.parse(render(example, "sarif")) as { version: string; runs: Json[] };
    expect(log.version).toBe("2.1.0");
    const run = log.runs[0] as { tool: { driver: { name: string; rules: Json[] } }; results: Json[] };
    expect(run.tool.driver.name).toBe("cloudpatrol");
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["iam_user_no_access_key_at_setup"]);
    expect((run.tool.driver.rules[0]?.help as Json | undefined)?.text).toContain("aws iam delete-access-key");
    expect(run.results).toHaveLength(9);
    expect(statusCounts(run.results.map((r) => r.kind as string))).toEqual({ fail: 5, pass: 4 });
    const first = run.results[0] as { locations: { logicalLocations: Json[] }[]; partialFingerprints: Json };
    expect(first.locations[0]?.logicalLocations[0]).toEqual({
      fullyQualifiedName: example.findings[0]?.resourceArn,
      name: example.findings[0]?.resourceName,
      kind: "resource",
    });
    expect(first.partialFingerprints).toEqual({ "cloudpatrolUid/v1": example.findings[0]?.uid });
  });

  it("Markdown: summary counts and one table row per failing finding", () => {
    const md = render(example, "md");
    expect(md).toContain("| 5 | 0 | 0 | 4 | 0 | 9 |");
    expect(md).toContain("### Failing findings (5)");
    expect(md.split("\n").filter((line) => line.startsWith("| ❌ FAIL"))).toHaveLength(5);
  });

  it("Markdown names requirements in --framework's numbering (rule id where the framework has none)", () => {
    const failRows = (text: string) => text.split("\n").filter((line) => line.startsWith("| ❌ FAIL"));
    const byDefault = failRows(render(example, "md"));
    expect(byDefault).toHaveLength(5);
    for (const line of byDefault) expect(line).toContain(" | CIS v1.5.0 1.11 | ");
    // CIS v6.0.0 renumbered the requirement 2.10; v5.0.0 1.10.
    const v600 = failRows(render(example, "md", { framework: "cis_v600" }));
    expect(v600.map((line) => line.split(" | ")[3])).toEqual(Array(5).fill("CIS v6.0.0 2.10"));
    expect(failRows(render(example, "md", { framework: "cis_v500" }))[0]).toContain(" | CIS v5.0.0 1.10 | ");
    // A framework that maps no rule of the finding (a made-up id): the rule id, as before.
    expect(failRows(render(example, "md", { framework: "acme_v1" }))[0]).toContain(
      " | iam\\_user\\_no\\_access\\_key\\_at\\_setup | ",
    );
  });

  it("HTML: one page carrying every finding's uid", () => {
    const html = render(example, "html");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    for (const f of example.findings) expect(html).toContain(f.uid);
  });
});

describe("escaping account data", () => {
  it("CSV neutralises formula cells and round-trips commas and quotes", () => {
    expect(
      ["=HYPERLINK-1", "+admin", "-x", "@sum", "\tx", "\rx", "plain", "a=b"].map(neutralizeCell),
    ).toEqual(["'=HYPERLINK-1", "'+admin", "'-x", "'@sum", "'\tx", "'\rx", "plain", "a=b"]);
    const evidence = { note: 'he said "hi", then, left', userName: "=HYPERLINK-1" };
    const result = resultOf([
      finding("=HYPERLINK-1", "FAIL", { evidence }),
      finding("+admin", "PASS", { statusExtended: "+admin has no console password." }),
    ]);
    const rows = parseCsv(render(result, "csv"), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => row.resource_name)).toEqual(["'=HYPERLINK-1", "'+admin"]);
    expect(rows[1]?.status_extended).toBe("'+admin has no console password.");
    expect(rows[0]?.resource_arn).toBe("arn:aws:iam::111122223333:user/=HYPERLINK-1");
    expect(JSON.parse(rows[0]?.evidence ?? "")).toEqual(evidence);
    const compliance = parseCsv(render(result, "compliance-csv"), { columns: true }) as Record<
      string,
      string
    >[];
    expect(compliance.map((row) => row.resource_name)).toEqual([
      "'=HYPERLINK-1",
      "'+admin",
      "'=HYPERLINK-1",
      "'+admin",
    ]);
  });

  it("CSV shows terminal control characters as \\uXXXX (an ANSI sequence in a name cannot reach a terminal)", () => {
    expect(escapeControlsKeepingLines("a\u001b[31mRED\u001b]0;pwned\u0007\u009b\u007f\tb\nc\rd")).toBe(
      "a\\u001b[31mRED\\u001b]0;pwned\\u0007\\u009b\\u007f\tb\nc\rd",
    );
    const result = resultOf([finding("trail \u001b[31mRED\u001b[0m\u0007", "FAIL")]);
    for (const format of ["csv", "compliance-csv"] as const) {
      const text = render(result, format);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
      expect(text).not.toMatch(/[\u001b\u0007]/);
      const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
      expect(rows[0]?.resource_name).toBe("trail \\u001b[31mRED\\u001b[0m\\u0007");
    }
  });

  it("JUnit escapes markup and drops characters XML cannot hold", () => {
    const result = resultOf([finding('<x a="1">&\u0001', "FAIL")]);
    const text = render(result, "junit");
    const doc = xml.parse(text) as { testsuites: { testsuite: { testcase: Json[] }[] } };
    expect(doc.testsuites.testsuite[0]?.testcase[0]?.name).toBe('<x a="1">&\\u0001');
  });

  it("JUnit keeps line breaks and tabs of account data in attributes (XML parsers turn raw ones into spaces)", () => {
    const result = resultOf([
      finding("filter\nname", "FAIL", { statusExtended: "line one\nline two\r\tend" }),
    ]);
    const text = render(result, "junit");
    const failure = /<failure message="([^"]*)"/.exec(text)?.[1];
    expect(failure).toBe("line one&#10;line two&#13;&#9;end");
    expect(/<testcase [^>]*name="([^"]*)"/.exec(text)?.[1]).toBe("filter&#10;name");
    // Element text keeps its line breaks as they are (XML does not normalize them there).
    expect(text).toContain("Resource: arn:aws:iam::111122223333:user/filter\nname (filter\nname)");
  });

  it("Markdown cannot add markup, HTML, links or mentions", () => {
    expect(escapeMarkdown("a|b *c* <script>@bob [x](https://e.example) www.e.example\nz")).toBe(
      "a\\|b \\*c\\* &lt;script&gt;&#64;bob \\[x\\](https\\://e.example) www\\.e.example z",
    );
  });
});
