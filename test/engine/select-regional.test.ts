/**
 * The per-region rules (1.18, 1.20, 2.2.1, networking): in the default selection (every rule), with a framework that maps
 * them, and when named; never in `explain`'s NON_REGIONAL_RULES.
 */
import { describe, expect, it } from "vitest";
import { selectRules } from "../../src/engine/select.js";
import { DEFAULT_RULES, isRegionalRule, NON_REGIONAL_RULES, RULES } from "../../src/rules/index.js";

const REGIONAL = [
  "ec2_instance_profile_attached",
  "accessanalyzer_region_analyzer_active",
  "ec2_ebs_encryption_by_default_enabled",
  "ec2_network_acl_admin_ports_closed",
  "ec2_security_group_ssh_closed_ipv4",
  "ec2_security_group_rdp_closed_ipv4",
  "ec2_security_group_admin_closed_ipv4",
  "ec2_security_group_admin_closed_ipv6",
  "ec2_security_group_cifs_closed",
  "ec2_default_security_group_no_rules",
  "ec2_route_table_peering_least_access",
  "ec2_instance_imdsv2_required",
];

describe("per-region rules in rule selection", () => {
  it("are exactly 1.18, 1.20, 2.2.1 and the networking rules; the default selection and DEFAULT_RULES hold every rule, NON_REGIONAL_RULES all but them", () => {
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
    // v1.5.0 has no requirement for one port alone (v1.2.0 4.1/4.2), IMDSv2 (v2.0.0+) or CIFS (v4.0.0+).
    expect(REGIONAL.filter((id) => !v150.includes(id))).toEqual([
      "ec2_security_group_ssh_closed_ipv4",
      "ec2_security_group_rdp_closed_ipv4",
      "ec2_security_group_cifs_closed",
      "ec2_instance_imdsv2_required",
    ]);
    // v1.2.0 has no Access Analyzer requirement.
    const v120 = selectRules({ framework: "cis_v120" }).rules.map((rule) => rule.id);
    expect(v120.filter((id) => REGIONAL.includes(id))).toEqual([
      "ec2_instance_profile_attached",
      "ec2_security_group_ssh_closed_ipv4",
      "ec2_security_group_rdp_closed_ipv4",
      "ec2_default_security_group_no_rules",
      "ec2_route_table_peering_least_access",
    ]);
    expect(
      selectRules({ ruleIds: ["accessanalyzer_region_analyzer_active"] }).rules.map((rule) => rule.id),
    ).toEqual(["accessanalyzer_region_analyzer_active"]);
  });
});
