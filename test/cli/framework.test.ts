/**
 * `scan --framework` / `--rule`: rule selection, MANUAL findings for requirements no rule decides, and
 * the compliance view, through the built bin on the bundled example.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { cli, ensureBuilt, ROOT, tempDir } from "../support/built-bin.js";

const EXAMPLE = join(ROOT, "examples/credential-report.csv");

beforeAll(ensureBuilt, 120_000);

describe("scan --framework and --rule", () => {
  it("cis_v150: 1.11 judged, the other 20 requirements MANUAL, compliance view printed, exit 3", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["scan", "--credential-report", EXAMPLE, "--framework", "cis_v150"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toContain(
      "\n1.11  L1     Automated      4     5       0      0  FAIL    Do not setup access keys",
    );
    expect(run.stdout).toContain(
      "\n21 requirements: 0 PASS, 1 FAIL, 20 MANUAL, 0 ERROR, 0 without findings.\n",
    );
    expect(run.stdout).toContain("\n29 findings: 5 FAIL, 0 ERROR, 20 MANUAL, 4 PASS\n");
    const json = await cli(dir, [
      "scan",
      "--credential-report",
      EXAMPLE,
      "--framework",
      "cis_v500",
      "-o",
      "json",
    ]);
    const result = JSON.parse(json.stdout) as {
      findings: { ruleId: string; status: string; frameworks: Record<string, string[]> }[];
    };
    const manual = result.findings.filter((finding) => finding.status === "MANUAL");
    expect(
      new Set(result.findings.filter((f) => f.status !== "MANUAL").map((f) => f.frameworks.cis_v500?.join())),
    ).toEqual(new Set(["1.10"]));
    expect(manual.every((finding) => finding.ruleId.startsWith("manual_"))).toBe(true);
  });

  it("--rule runs the named rule without MANUAL findings; unknown ids exit 2 before any AWS call", async ({
    onTestFinished,
  }) => {
    const dir = await tempDir(onTestFinished);
    const named = await cli(dir, [
      "scan",
      "--credential-report",
      EXAMPLE,
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--fail-on",
      "none",
    ]);
    expect(named.code).toBe(0);
    expect(named.stdout).toContain("\n9 findings: 5 FAIL, 0 ERROR, 0 MANUAL, 4 PASS\n");
    const badRule = await cli(dir, ["scan", "--rule", "no_such_rule"]);
    expect(badRule.code).toBe(2);
    expect(badRule.stderr).toBe(
      'cloudpatrol: Unknown rule "no_such_rule"; known: iam_user_no_access_key_at_setup (see cloudpatrol rules list).\n',
    );
    const badFramework = await cli(dir, ["scan", "--framework", "cis_v999"]);
    expect(badFramework.code).toBe(2);
    expect(badFramework.stderr).toMatch(/^cloudpatrol: Unknown framework "cis_v999"; known: cis_v120, /);
  });
});
