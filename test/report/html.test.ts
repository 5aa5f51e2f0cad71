/**
 * The HTML page as written (its table is drawn by the page's script: test/report/html.browser.test.ts
 * checks it in Chromium): the Account column and filter of a scan of several accounts, the framework the
 * Requirement column follows, and the Content-Security-Policy hash of the inline script.
 */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/app/scan.js";
import { render } from "../../src/report/index.js";
import { exampleScan, finding, resultOf } from "./fixtures.js";

const OTHER = "222233334444";

/** Two accounts, the same user name in each. */
function twoAccounts(): ScanResult {
  const base = resultOf([
    finding("alice", "FAIL"),
    finding("alice", "FAIL", { accountId: OTHER, resourceArn: `arn:aws:iam::${OTHER}:user/alice` }),
  ]);
  return {
    ...base,
    scan: { ...base.scan, accounts: [...base.scan.accounts, { accountId: OTHER, partition: "aws" }] },
  };
}

/** The header row of table `id`. */
function headerOf(html: string, id: string): string {
  const match = new RegExp(`<table id="${id}"><thead><tr>(.*?)</tr></thead>`).exec(html);
  if (!match?.[1]) throw new Error(`no table ${id}`);
  return match[1];
}

/** The page's embedded data. */
function dataOf(html: string): { framework: string; multi: boolean; findings: unknown[] } {
  const match = /<script type="application\/json" id="cloudpatrol-data">([\s\S]*?)<\/script>/.exec(html);
  if (!match?.[1]) throw new Error("no page data");
  return JSON.parse(match[1]);
}

const SINGLE_HEADER =
  "<th></th><th>Status</th><th>Severity</th><th>Resource</th><th>Rule</th><th>Requirements</th><th>Details</th>";
const MULTI_HEADER =
  "<th></th><th>Status</th><th>Severity</th><th>Account</th><th>Resource</th><th>Rule</th><th>Requirements</th><th>Details</th>";
const ACCOUNT_FILTER = '<label>Account<select id="f-account"><option value="">all</option></select></label>';

let example: ScanResult;
beforeAll(async () => {
  example = await exampleScan();
});

describe("the HTML report", () => {
  it("a scan of several accounts: an Account column before Resource in both tables, and an account filter", () => {
    const html = render(twoAccounts(), "html");
    expect(headerOf(html, "findings")).toBe(MULTI_HEADER);
    expect(headerOf(html, "muted")).toBe(`${MULTI_HEADER}<th>Reason</th>`);
    expect(html.split(ACCOUNT_FILTER)).toHaveLength(2);
    expect(dataOf(html).multi).toBe(true);
  });

  it("a scan of one account: no Account column and no account filter", () => {
    const html = render(resultOf([...twoAccounts().findings]), "html");
    expect(headerOf(html, "findings")).toBe(SINGLE_HEADER);
    expect(headerOf(html, "muted")).toBe(`${SINGLE_HEADER}<th>Reason</th>`);
    expect(html).not.toContain('id="f-account"');
    expect(html).not.toContain("<th>Account</th>");
    expect(dataOf(html).multi).toBe(false);
  });

  it("the Requirement column's framework: --framework, else the first --compliance-framework, else CIS v1.5.0", () => {
    expect(dataOf(render(example, "html", { framework: "cis_v300" })).framework).toBe(
      "CIS AWS Foundations v3.0.0",
    );
    expect(
      dataOf(render(example, "html", { complianceFrameworks: ["cis_v600", "cis_v150"] })).framework,
    ).toBe("CIS AWS Foundations v6.0.0");
    expect(
      dataOf(render(example, "html", { framework: "cis_v400", complianceFrameworks: ["cis_v600"] }))
        .framework,
    ).toBe("CIS AWS Foundations v4.0.0");
    expect(dataOf(render(example, "html")).framework).toBe("CIS AWS Foundations v1.5.0");
    expect(dataOf(render(example, "html", { complianceFrameworks: [] })).framework).toBe(
      "CIS AWS Foundations v1.5.0",
    );
  });

  it("the Content-Security-Policy allows exactly the page's inline script, by its SHA-256", () => {
    for (const result of [example, twoAccounts()]) {
      const html = render(result, "html");
      const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((match) => match[1] ?? "");
      expect(scripts).toHaveLength(1);
      const hash = createHash("sha256")
        .update(scripts[0] ?? "")
        .digest("base64");
      const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
      expect(csp).toBe(
        `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`,
      );
    }
  });
});
