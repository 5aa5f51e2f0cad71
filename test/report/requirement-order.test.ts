/**
 * Issue 16 item 19: the HTML compliance view and `rules list` order requirements by section and number
 * (1.2 before 1.11), grouped by section with a count per section.
 */
import { describe, expect, it } from "vitest";
import { renderRuleList } from "../../src/cli/rules.js";
import { requirementsOf } from "../../src/report/common.js";
import { render } from "../../src/report/index.js";
import { MONITORING_V150_NUMBERS } from "../support/monitoring-rules.js";
import { finding, resultOf } from "./fixtures.js";

describe("requirement order", () => {
  it("the HTML compliance view: section header with its count, then 1.1, 1.2, 1.3, 1.11", () => {
    const findings = ["1.11", "1.2", "1.1", "1.3"].map((id, index) =>
      finding(`u${index}`, "FAIL", { frameworks: { cis_v150: [id] } }),
    );
    const html = render(resultOf(findings), "html", { complianceFrameworks: ["cis_v150"] });
    const body = /<table id="compliance">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? "";
    const rows = [
      ...body.matchAll(/<tr class="section"><th[^>]*>([^<]*)<\/th><\/tr>|<tr><td>([^<]*)<\/td>/g),
    ].map((match) => match[1] ?? match[2]);
    expect(rows).toEqual([
      "CIS AWS Foundations Benchmark v1.5.0 — 1 Identity and Access Management: 4 requirements",
      "CIS AWS Foundations Benchmark v1.5.0 1.1",
      "CIS AWS Foundations Benchmark v1.5.0 1.2",
      "CIS AWS Foundations Benchmark v1.5.0 1.3",
      "CIS AWS Foundations Benchmark v1.5.0 1.11",
    ]);
  });

  it("rules list without --framework: rules in the order of their cis_v150 requirement", () => {
    const requirements = renderRuleList(undefined)
      .split("\n")
      .map((line) => /cis_v150 ([\d.]+)/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(requirements).toEqual([
      "1.2",
      "1.4",
      "1.5",
      "1.6",
      "1.7",
      "1.8",
      "1.9",
      "1.10",
      "1.11",
      "1.12",
      "1.13",
      "1.14",
      "1.15",
      "1.16",
      "1.17",
      "1.18",
      "1.19",
      "1.20",
      "1.21",
      "2.1.1",
      "2.1.2",
      "2.1.3",
      "2.1.4",
      "2.1.5",
      "2.2.1",
      "2.3.1",
      "2.3.2",
      "2.3.3",
      "2.4.1",
      "3.1",
      "3.2",
      "3.3",
      "3.4",
      "3.5",
      "3.6",
      "3.7",
      "3.8",
      "3.9",
      "3.10",
      "3.11",
      ...MONITORING_V150_NUMBERS,
      "5.1",
      "5.2",
      "5.3",
      "5.4",
      "5.5",
    ]);
  });
});

describe("requirementsOf", () => {
  it("is made once per mappings object and shared read-only; equal mappings in another object give the same refs", () => {
    const shared = Object.freeze({ cis_v600: ["2.10"], cis_v150: ["1.11"] });
    const a = requirementsOf({ frameworks: shared });
    expect(requirementsOf({ frameworks: shared })).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(a.map((ref) => ref.label)).toEqual([
      "CIS AWS Foundations v1.5.0/1.11",
      "CIS AWS Foundations v6.0.0/2.10",
    ]);
    const other = requirementsOf({ frameworks: { cis_v150: ["1.11"], cis_v600: ["2.10"] } });
    expect(other).not.toBe(a);
    expect(other).toEqual(a);
  });
});
