/**
 * The per-region rules (1.18, 1.20, 2.2.1): in the default selection (every rule), with a framework that maps
 * them, and when named; never in `explain`'s NON_REGIONAL_RULES.
 */
import { describe, expect, it } from "vitest";
import { selectRules } from "../../src/engine/select.js";
import { DEFAULT_RULES, isRegionalRule, NON_REGIONAL_RULES, RULES } from "../../src/rules/index.js";
import { MONITORING_IDS, monitoringIdsIn } from "../support/monitoring-rules.js";

const REGIONAL = [
  "ec2_instance_profile_attached",
  "accessanalyzer_region_analyzer_active",
  "ec2_ebs_encryption_by_default_enabled",
  ...MONITORING_IDS,
];

describe("per-region rules in rule selection", () => {
  it("are exactly 1.18, 1.20 and 2.2.1; the default selection and DEFAULT_RULES hold every rule, NON_REGIONAL_RULES all but them", () => {
    expect(RULES.filter(isRegionalRule).map((rule) => rule.id)).toEqual(REGIONAL);
    const ids = selectRules({}).rules.map((rule) => rule.id);
    expect(ids).toEqual(DEFAULT_RULES.map((rule) => rule.id));
    expect(ids).toEqual(RULES.map((rule) => rule.id));
    expect(NON_REGIONAL_RULES.map((rule) => rule.id)).toEqual(
      RULES.filter((rule) => !REGIONAL.includes(rule.id)).map((rule) => rule.id),
    );
  });

  it("run with a framework that maps them, and when named", () => {
    const v150 = selectRules({ framework: "cis_v150" }).rules.map((rule) => rule.id);
    expect(REGIONAL.filter((id) => !v150.includes(id))).toEqual(
      MONITORING_IDS.filter((id) => !monitoringIdsIn("cis_v150").includes(id)),
    );
    // v1.2.0 has no Access Analyzer requirement.
    const v120 = selectRules({ framework: "cis_v120" }).rules.map((rule) => rule.id);
    expect(v120.filter((id) => REGIONAL.includes(id))).toEqual([
      "ec2_instance_profile_attached",
      ...monitoringIdsIn("cis_v120"),
    ]);
    expect(
      selectRules({ ruleIds: ["accessanalyzer_region_analyzer_active"] }).rules.map((rule) => rule.id),
    ).toEqual(["accessanalyzer_region_analyzer_active"]);
  });
});
