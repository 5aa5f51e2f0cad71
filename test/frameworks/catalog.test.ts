/**
 * The benchmark catalogs: well-formed (unique ids, benchmark order, known rule ids only), the exact
 * v1.5.0 section 1, each version's size per section and numbering of a few concepts, the choices made where
 * the public sources disagree, the mapping each rule gets from the catalogs (the only place it lives), and a
 * catalog made up here mapping findings of existing rules.
 */
import { describe, expect, it } from "vitest";
import { parseCredentialReportCsv } from "../../src/credential-report/parse.js";
import { evaluate } from "../../src/engine/evaluate.js";
import {
  CONCEPTS,
  FRAMEWORK_IDS,
  FRAMEWORKS,
  type Framework,
  findRequirement,
  frameworkMappingsForRule,
  getFramework,
  requirementsForRule,
  resolveRequirement,
} from "../../src/frameworks/index.js";
import { InputError } from "../../src/model/errors.js";
import { RULES } from "../../src/rules/index.js";
import type { AnyRule } from "../../src/rules/types.js";
import { snapshotFromReport } from "../../src/snapshot/from-report.js";
import { EXPECTED_RULE_MAPPINGS } from "./rule-mappings.js";

/** `1.10` → [1, 10], for numeric ordering. */
function parts(id: string): number[] {
  return id.split(".").map(Number);
}

/** The section 1 (v6.0.0: 2) requirements: Identity and Access Management. */
function iam(framework: Framework) {
  return framework.requirements.filter((requirement) =>
    requirement.section.endsWith(" Identity and Access Management"),
  );
}

/** Section number → how many requirements the catalog lists in it. */
function perSection(framework: Framework): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const requirement of framework.requirements) {
    const section = requirement.id.split(".")[0] as string;
    counts[section] = (counts[section] ?? 0) + 1;
  }
  return counts;
}

function compare(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The monitoring concepts and the rules deciding them. */
const MONITORING_RULES: ReadonlyMap<string, readonly string[]> = new Map([
  ["log_metric_filter_unauthorized_api", ["cloudwatch_alarm_unauthorized_api"]],
  ["log_metric_filter_unauthorized_api_v140", ["cloudwatch_alarm_unauthorized_api_v140"]],
  ["log_metric_filter_console_login_mfa", ["cloudwatch_alarm_console_no_mfa"]],
  ["log_metric_filter_console_login_mfa_v140", ["cloudwatch_alarm_console_no_mfa_v140"]],
  ["log_metric_filter_root_login", ["cloudwatch_alarm_root_usage"]],
  ["log_metric_filter_iam_policy", ["cloudwatch_alarm_iam_policy_changes"]],
  ["log_metric_filter_cloudtrail_configuration", ["cloudwatch_alarm_cloudtrail_changes"]],
  ["log_metric_filter_console_authentication_failure", ["cloudwatch_alarm_console_auth_failures"]],
  ["log_metric_filter_disable_or_delete_cmk", ["cloudwatch_alarm_cmk_disable_or_delete"]],
  ["log_metric_filter_bucket_policy", ["cloudwatch_alarm_s3_bucket_policy"]],
  ["log_metric_filter_config_configuration", ["cloudwatch_alarm_config_changes"]],
  ["log_metric_filter_security_group", ["cloudwatch_alarm_security_group"]],
  ["log_metric_filter_security_group_v500", ["cloudwatch_alarm_security_group_v500"]],
  ["log_metric_filter_network_acl", ["cloudwatch_alarm_nacl_changes"]],
  ["log_metric_filter_network_gateway", ["cloudwatch_alarm_network_gateway"]],
  ["log_metric_filter_route_table", ["cloudwatch_alarm_route_table"]],
  ["log_metric_filter_vpc", ["cloudwatch_alarm_vpc_changes"]],
  ["log_metric_filter_organization", ["cloudwatch_alarm_organizations"]],
  ["securityhub_enabled", ["securityhub_hub_enabled"]],
]);

describe("every catalog", () => {
  it("covers exactly the known framework ids, in version order", () => {
    expect(FRAMEWORKS.map((framework) => framework.id)).toEqual([...FRAMEWORK_IDS]);
    expect(FRAMEWORKS.map((framework) => framework.version)).toEqual([
      "1.2.0",
      "1.3.0",
      "1.4.0",
      "1.5.0",
      "2.0.0",
      "3.0.0",
      "4.0.0",
      "5.0.0",
      "6.0.0",
    ]);
  });

  const known = new Set(RULES.map((rule) => rule.id));
  for (const framework of FRAMEWORKS) {
    describe(framework.id, () => {
      it("has unique, ordered ids, consecutive within each section and subsection", () => {
        const ids = framework.requirements.map((requirement) => requirement.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort(compare)).toEqual(ids);
        // IAM: 1.1, 1.2, ... with no gap (2.1, ... in v6.0.0).
        const first = framework.id === "cis_v600" ? 2 : 1;
        const iamIds = iam(framework).map((requirement) => requirement.id);
        expect(iamIds).toEqual(iamIds.map((_, index) => `${first}.${index + 1}`));
        // Every level numbers its children 1, 2, ... with no gap: 5.1 (a subsection holding 5.1.1 and
        // 5.1.2) is followed by the requirement 5.2.
        const children = new Map<string, Set<number>>();
        for (const id of ids) {
          const numbers = parts(id);
          for (let depth = 1; depth < numbers.length; depth += 1) {
            const parent = numbers.slice(0, depth).join(".");
            const set = children.get(parent) ?? new Set<number>();
            set.add(numbers[depth] as number);
            children.set(parent, set);
          }
        }
        for (const [parent, set] of children) {
          const sorted = [...set].sort((a, b) => a - b);
          expect(sorted, parent).toEqual(sorted.map((_, index) => index + 1));
        }
        // Sections are consecutive too, and each requirement sits in the one its number starts with.
        const sections = Object.keys(perSection(framework)).map(Number);
        expect(sections).toEqual(sections.map((_, index) => first + index));
        expect(framework.sections).toHaveLength(sections.length);
        for (const requirement of framework.requirements) {
          expect(framework.sections).toContain(requirement.section);
          expect(requirement.section.split(" ")[0]).toBe(requirement.id.split(".")[0]);
        }
      });

      it("points only at rules that exist, uses each concept once, and has audit steps everywhere", () => {
        for (const requirement of framework.requirements) {
          for (const id of requirement.ruleIds) expect(known.has(id), `${requirement.id} → ${id}`).toBe(true);
          expect(requirement.title.trim()).toBe(requirement.title);
          expect(requirement.title.length).toBeGreaterThan(10);
          expect(requirement.auditSteps.length).toBeGreaterThan(0);
          expect(["Level 1", "Level 2"]).toContain(requirement.profile);
          expect(["Automated", "Manual"]).toContain(requirement.assessment);
          expect(CONCEPTS[requirement.concept]).toBeDefined();
        }
        const concepts = framework.requirements.map((requirement) => requirement.concept);
        expect(new Set(concepts).size).toBe(concepts.length);
      });
    });
  }

  it("has the number of IAM requirements each version has", () => {
    expect(Object.fromEntries(FRAMEWORKS.map((f) => [f.id, iam(f).length]))).toEqual({
      cis_v120: 22,
      cis_v130: 22,
      cis_v140: 21,
      cis_v150: 21,
      cis_v200: 22,
      cis_v300: 22,
      cis_v400: 22,
      cis_v500: 21,
      cis_v600: 21,
    });
  });

  it("lists the whole benchmark: the research page's total per version", () => {
    expect(Object.fromEntries(FRAMEWORKS.map((f) => [f.id, f.requirements.length]))).toEqual({
      cis_v120: 49,
      cis_v130: 55,
      cis_v140: 58,
      cis_v150: 63,
      cis_v200: 64,
      cis_v300: 62,
      cis_v400: 64,
      cis_v500: 63,
      cis_v600: 63,
    });
  });

  it("has the number of requirements each version has in each section", () => {
    expect(Object.fromEntries(FRAMEWORKS.map((f) => [f.id, perSection(f)]))).toEqual({
      cis_v120: { 1: 22, 2: 9, 3: 14, 4: 4 },
      cis_v130: { 1: 22, 2: 3, 3: 11, 4: 15, 5: 4 },
      cis_v140: { 1: 21, 2: 7, 3: 11, 4: 15, 5: 4 },
      cis_v150: { 1: 21, 2: 10, 3: 11, 4: 16, 5: 5 },
      cis_v200: { 1: 22, 2: 9, 3: 11, 4: 16, 5: 6 },
      cis_v300: { 1: 22, 2: 9, 3: 9, 4: 16, 5: 6 },
      cis_v400: { 1: 22, 2: 9, 3: 9, 4: 16, 5: 8 },
      cis_v500: { 1: 21, 2: 9, 3: 9, 4: 16, 5: 8 },
      cis_v600: { 2: 21, 3: 9, 4: 9, 5: 16, 6: 8 },
    });
  });

  it("names the sections as each version does", () => {
    const later = ["2 Storage", "3 Logging", "4 Monitoring", "5 Networking"];
    expect(Object.fromEntries(FRAMEWORKS.map((f) => [f.id, f.sections]))).toEqual({
      cis_v120: ["1 Identity and Access Management", "2 Logging", "3 Monitoring", "4 Networking"],
      cis_v130: ["1 Identity and Access Management", ...later],
      cis_v140: ["1 Identity and Access Management", ...later],
      cis_v150: ["1 Identity and Access Management", ...later],
      cis_v200: ["1 Identity and Access Management", ...later],
      cis_v300: ["1 Identity and Access Management", ...later],
      cis_v400: ["1 Identity and Access Management", ...later],
      cis_v500: ["1 Identity and Access Management", ...later],
      cis_v600: [
        "2 Identity and Access Management",
        "3 Storage",
        "4 Logging",
        "5 Monitoring",
        "6 Networking",
      ],
    });
  });

  it("numbers the access-key-at-setup concept per version", () => {
    const numbers = Object.fromEntries(
      FRAMEWORKS.map((framework) => [
        framework.id,
        framework.requirements.find((requirement) => requirement.concept === "no_access_key_at_setup")?.id,
      ]),
    );
    expect(numbers).toEqual({
      cis_v120: "1.21",
      cis_v130: "1.11",
      cis_v140: "1.11",
      cis_v150: "1.11",
      cis_v200: "1.11",
      cis_v300: "1.11",
      cis_v400: "1.11",
      cis_v500: "1.10",
      cis_v600: "2.10",
    });
  });
});

describe("cis_v150 section 1", () => {
  const framework = getFramework("cis_v150");

  it("lists 1.1–1.21 with their assessment and profile", () => {
    expect(iam(framework).map((r) => [r.id, r.assessment, r.profile])).toEqual([
      ["1.1", "Manual", "Level 1"],
      ["1.2", "Manual", "Level 1"],
      ["1.3", "Manual", "Level 1"],
      ["1.4", "Automated", "Level 1"],
      ["1.5", "Automated", "Level 1"],
      ["1.6", "Automated", "Level 2"],
      ["1.7", "Automated", "Level 1"],
      ["1.8", "Automated", "Level 1"],
      ["1.9", "Automated", "Level 1"],
      ["1.10", "Automated", "Level 1"],
      ["1.11", "Automated", "Level 1"],
      ["1.12", "Automated", "Level 1"],
      ["1.13", "Automated", "Level 1"],
      ["1.14", "Automated", "Level 1"],
      ["1.15", "Automated", "Level 1"],
      ["1.16", "Automated", "Level 1"],
      ["1.17", "Automated", "Level 1"],
      ["1.18", "Manual", "Level 2"],
      ["1.19", "Automated", "Level 1"],
      ["1.20", "Automated", "Level 1"],
      ["1.21", "Manual", "Level 2"],
    ]);
  });

  it("has the benchmark's titles", () => {
    expect(findRequirement("cis_v150", "1.1")?.title).toBe("Maintain current contact details");
    expect(findRequirement("cis_v150", "1.11")?.title).toBe(
      "Do not setup access keys during initial user setup for all IAM users that have a console password",
    );
    expect(findRequirement("cis_v150", "1.16")?.title).toBe(
      'Ensure IAM policies that allow full "*:*" administrative privileges are not attached',
    );
    expect(findRequirement("cis_v150", "1.21")?.title).toBe(
      "Ensure IAM users are managed centrally via identity federation or AWS Organizations for multi-account environments",
    );
  });

  it("points requirements at their rules (each helper adds its own lines here)", () => {
    const ruled = Object.fromEntries(
      framework.requirements
        .filter((requirement) => requirement.ruleIds.length > 0)
        .map((requirement) => [requirement.id, requirement.ruleIds]),
    );
    expect(ruled).toEqual(
      expect.objectContaining({
        "1.2": ["account_security_contact_registered"],
        "1.11": ["iam_user_no_access_key_at_setup"],
        "1.15": ["iam_user_no_direct_policies"],
        "1.16": ["iam_policy_no_full_admin_attached"],
        "1.17": ["iam_role_support_access_attached"],
        "1.19": ["iam_server_certificate_not_expired"],
        "1.21": ["iam_user_managed_centrally"],
      }),
    );
    for (const id of ["1.1", "1.3"]) expect(ruled[id], id).toBeUndefined();
    // Decided by a rule, the Manual requirements keep the benchmark's own assessment (like 1.18).
    expect(findRequirement("cis_v150", "1.2")?.assessment).toBe("Manual");
  });
});

describe("other versions' facts", () => {
  it("v1.2.0 keeps Scored / Not Scored beside the derived assessment", () => {
    expect(findRequirement("cis_v120", "1.21")).toMatchObject({
      assessment: "Manual",
      scoring: "Not Scored",
      profile: "Level 1",
    });
    expect(findRequirement("cis_v120", "1.22")).toMatchObject({ scoring: "Scored", profile: "Level 2" });
  });

  it("a requirement's keys come in one order; v1.2.0's `scoring` right after `assessment`", () => {
    const common = ["id", "title", "section", "profile", "assessment"];
    const rest = ["concept", "ruleIds", "auditSteps"];
    for (const framework of FRAMEWORKS)
      for (const requirement of framework.requirements)
        expect([framework.id, Object.keys(requirement)]).toEqual([
          framework.id,
          framework.id === "cis_v120" ? [...common, "scoring", ...rest] : [...common, ...rest],
        ]);
  });

  it("v1.3.0 has S3 Block Public Access at 1.20 and central user management at 1.22", () => {
    expect(findRequirement("cis_v130", "1.20")?.concept).toBe("s3_block_public_access");
    expect(findRequirement("cis_v130", "1.22")?.concept).toBe("central_user_management");
  });

  it("v5.0.0 drops security questions; v6.0.0 puts IAM in section 2", () => {
    expect(getFramework("cis_v500").requirements.some((r) => r.concept === "security_questions")).toBe(false);
    expect(findRequirement("cis_v500", "1.3")?.concept).toBe("root_no_access_key");
    expect(findRequirement("cis_v600", "2.10")?.title).toBe(
      "Do not create access keys during initial setup for IAM users with a console password",
    );
    expect(getFramework("cis_v600").sections[0]).toBe("2 Identity and Access Management");
    expect(getFramework("cis_v600").requirements.some((r) => r.id.startsWith("1."))).toBe(false);
  });
});

describe("sections 2–5 (v6.0.0: 3–6)", () => {
  /** Framework id → [number, level, A|M] of the one requirement with this concept (absent: not listed). */
  function numbering(concept: string): Record<string, [string, number, string]> {
    const out: Record<string, [string, number, string]> = {};
    for (const framework of FRAMEWORKS) {
      const found = framework.requirements.filter((requirement) => requirement.concept === concept);
      expect(found.length, `${framework.id} ${concept}`).toBeLessThanOrEqual(1);
      const [requirement] = found;
      if (requirement)
        out[framework.id] = [
          requirement.id,
          requirement.profile === "Level 1" ? 1 : 2,
          requirement.assessment === "Automated" ? "A" : "M",
        ];
    }
    return out;
  }

  it("numbers EBS encryption by default per version (storage, then networking's EC2 subsection)", () => {
    expect(numbering("ebs_encryption_by_default")).toEqual({
      cis_v130: ["2.2.1", 1, "M"],
      cis_v140: ["2.2.1", 1, "M"],
      cis_v150: ["2.2.1", 1, "A"],
      cis_v200: ["2.2.1", 1, "A"],
      cis_v300: ["2.2.1", 1, "A"],
      cis_v400: ["5.1.1", 1, "A"],
      cis_v500: ["5.1.1", 1, "A"],
      cis_v600: ["6.1.1", 1, "A"],
    });
    expect(findRequirement("cis_v130", "2.2.1")?.title).toBe("Ensure EBS volume encryption is enabled");
    expect(findRequirement("cis_v150", "2.2.1")?.title).toBe(
      "Ensure EBS Volume Encryption is Enabled in all Regions",
    );
    expect(findRequirement("cis_v600", "6.1.1")?.title).toBe(
      "Ensure EBS volume encryption is enabled in all regions",
    );
  });

  it("numbers the default security group per version", () => {
    expect(numbering("vpc_default_security_group_restricts_all_traffic")).toEqual({
      cis_v120: ["4.3", 2, "A"],
      cis_v130: ["5.3", 1, "A"],
      cis_v140: ["5.3", 2, "A"],
      cis_v150: ["5.4", 2, "A"],
      cis_v200: ["5.4", 2, "A"],
      cis_v300: ["5.4", 2, "A"],
      cis_v400: ["5.5", 2, "A"],
      cis_v500: ["5.5", 2, "A"],
      cis_v600: ["6.5", 2, "A"],
    });
  });

  it("numbers S3 deny-HTTP per version, with its v1.3.0 title", () => {
    expect(numbering("s3_bucket_enforces_ssl")).toEqual({
      cis_v130: ["2.1.2", 2, "M"],
      cis_v140: ["2.1.2", 2, "M"],
      cis_v150: ["2.1.2", 2, "A"],
      cis_v200: ["2.1.1", 2, "A"],
      cis_v300: ["2.1.1", 2, "A"],
      cis_v400: ["2.1.1", 2, "A"],
      cis_v500: ["2.1.1", 2, "A"],
      cis_v600: ["3.1.1", 2, "A"],
    });
    expect(findRequirement("cis_v130", "2.1.2")?.title).toBe("Ensure S3 Bucket Policy allows HTTPS requests");
    expect(findRequirement("cis_v140", "2.1.2")?.title).toBe(
      "Ensure S3 Bucket Policy is set to deny HTTP requests",
    );
  });

  it("numbers the root-usage metric filter per version, with each version's title", () => {
    expect(numbering("log_metric_filter_root_login")).toEqual({
      cis_v120: ["3.3", 1, "A"],
      cis_v130: ["4.3", 1, "A"],
      cis_v140: ["4.3", 1, "A"],
      cis_v150: ["4.3", 1, "A"],
      cis_v200: ["4.3", 1, "M"],
      cis_v300: ["4.3", 1, "M"],
      cis_v400: ["4.3", 1, "M"],
      cis_v500: ["4.3", 1, "M"],
      cis_v600: ["5.3", 1, "M"],
    });
    expect(
      FRAMEWORKS.map((f) => f.requirements.find((r) => r.concept === "log_metric_filter_root_login")?.title),
    ).toEqual([
      'Ensure a log metric filter and alarm exist for usage of "root" account',
      'Ensure a log metric filter and alarm exist for usage of "root" account',
      "Ensure a log metric filter and alarm exist for usage of 'root' account",
      "Ensure a log metric filter and alarm exist for usage of 'root' account",
      "Ensure usage of 'root' account is monitored",
      "Ensure usage of 'root' account is monitored",
      // Steampipe's "monitoredd" is a typo (Prowler: "monitored").
      "Ensure usage of the 'root' account is monitored",
      "Ensure usage of the 'root' account is monitored",
      "Ensure usage of the 'root' account is monitored",
    ]);
  });

  it("keeps S3 Block Public Access one concept: IAM 1.20 in v1.3.0, storage from v1.4.0", () => {
    expect(numbering("s3_block_public_access")).toEqual({
      cis_v130: ["1.20", 1, "A"],
      cis_v140: ["2.1.5", 1, "A"],
      cis_v150: ["2.1.5", 1, "A"],
      cis_v200: ["2.1.4", 1, "A"],
      cis_v300: ["2.1.4", 1, "A"],
      cis_v400: ["2.1.4", 1, "A"],
      cis_v500: ["2.1.4", 1, "A"],
      cis_v600: ["3.1.4", 1, "A"],
    });
  });

  it("splits security-group admin ports into the concepts whose verdicts differ", () => {
    expect(numbering("vpc_security_group_restrict_ingress_ssh_all")).toEqual({ cis_v120: ["4.1", 1, "A"] });
    expect(numbering("vpc_security_group_restrict_ingress_rdp_all")).toEqual({ cis_v120: ["4.2", 1, "A"] });
    expect(numbering("vpc_security_group_remote_administration")).toEqual({
      cis_v130: ["5.2", 1, "A"],
      cis_v140: ["5.2", 1, "A"],
    });
    expect(Object.keys(numbering("vpc_security_group_remote_administration_ipv4"))).toEqual([
      "cis_v150",
      "cis_v200",
      "cis_v300",
      "cis_v400",
      "cis_v500",
      "cis_v600",
    ]);
    expect(numbering("vpc_security_group_remote_administration_ipv6").cis_v400).toEqual(["5.4", 1, "A"]);
  });

  it("follows the choices recorded in docs/frameworks.md where the sources disagree", () => {
    // v1.2.0 4.4 peering: Not Scored (Prowler v2), like every later version's Manual.
    expect(findRequirement("cis_v120", "4.4")).toMatchObject({ scoring: "Not Scored", assessment: "Manual" });
    expect(findRequirement("cis_v120", "4.3")).toMatchObject({ scoring: "Scored", profile: "Level 2" });
    // v2.0.0 MFA delete: Level 2, Manual; v2.0.0/v3.0.0 metric filters Manual, 4.1 Level 2.
    expect(numbering("s3_bucket_mfa_delete_enabled").cis_v200).toEqual(["2.1.2", 2, "M"]);
    expect(numbering("log_metric_filter_unauthorized_api_v140").cis_v300).toEqual(["4.1", 2, "M"]);
    // v3.0.0 EFS: Manual (Steampipe).
    expect(numbering("efs_file_system_encrypt_data_at_rest").cis_v300).toEqual(["2.4.1", 1, "M"]);
    // v4.0.0 RDS encryption is 2.2.1 (Steampipe's cis_item_id says 2.3.1).
    expect(numbering("rds_db_instance_encryption_at_rest_enabled").cis_v400).toEqual(["2.2.1", 1, "A"]);
    // v5.0.0: CloudTrail 3.1, bucket logging 3.4 and 4.1 Manual; CIFS 5.1.2 Automated.
    expect(["3.1", "3.4", "4.1", "5.1.2"].map((id) => findRequirement("cis_v500", id)?.assessment)).toEqual([
      "Manual",
      "Manual",
      "Manual",
      "Automated",
    ]);
    // v6.0.0 4.8 S3 write data events and 5.6 console authentication failures: Level 2.
    expect(["4.8", "5.6"].map((id) => findRequirement("cis_v600", id)?.profile)).toEqual([
      "Level 2",
      "Level 2",
    ]);
  });

  it("has Automated/Manual totals per version as the research page gives them", () => {
    const marks = Object.fromEntries(
      FRAMEWORKS.map((f) => {
        const later = f.requirements.filter((r) => !iam(f).includes(r));
        return [f.id, [later.filter((r) => r.assessment === "Automated").length, later.length]];
      }),
    );
    expect(marks).toEqual({
      cis_v120: [26, 27],
      cis_v130: [29, 33],
      cis_v140: [32, 37],
      cis_v150: [39, 42],
      cis_v200: [23, 42],
      cis_v300: [21, 40],
      cis_v400: [23, 42],
      cis_v500: [21, 42],
      cis_v600: [21, 42],
    });
  });

  it("decides the concepts of DECIDED_LATER_SECTIONS by their rules (the others by none yet), and gives each concept a severity and 2–4 audit steps", () => {
    for (const framework of FRAMEWORKS) {
      for (const requirement of framework.requirements) {
        if (iam(framework).includes(requirement)) continue;
        expect(requirement.ruleIds, `${framework.id} ${requirement.id}`).toEqual(
          DECIDED_LATER_SECTIONS.get(`${framework.id} ${requirement.concept}`) ??
            DECIDED_LATER_SECTIONS.get(requirement.concept) ??
            MONITORING_RULES.get(requirement.concept) ??
            [],
        );
        const info = CONCEPTS[requirement.concept];
        expect(["critical", "high", "medium", "low"]).toContain(info.severity);
        expect(info.auditSteps.length).toBeGreaterThanOrEqual(2);
        expect(info.auditSteps.length).toBeLessThanOrEqual(4);
        // Steps a person runs: at least one AWS CLI command (aws <service> <operation>).
        expect(info.auditSteps.join(" ")).toMatch(/\baws [a-z0-9-]+ [a-z0-9-]+/);
      }
    }
  });
});

/**
 * The rules deciding requirements of sections 2–5 (v6.0.0: 3–6), by concept, or by `<framework> <concept>`
 * where one version's catalog overrides the concept's rules.
 */
const DECIDED_LATER_SECTIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ["vpc_security_group_restrict_ingress_ssh_all", ["ec2_security_group_ssh_closed_ipv4"]],
  ["vpc_security_group_restrict_ingress_rdp_all", ["ec2_security_group_rdp_closed_ipv4"]],
  ["vpc_default_security_group_restricts_all_traffic", ["ec2_default_security_group_no_rules"]],
  ["vpc_peering_least_access", ["ec2_route_table_peering_least_access"]],
  ["vpc_network_acl_remote_administration", ["ec2_network_acl_admin_ports_closed"]],
  // v1.3.0/v1.4.0 5.2 reads the same source (0.0.0.0/0) and ports as v1.5.0+ 5.2: one verdict.
  ["vpc_security_group_remote_administration", ["ec2_security_group_admin_closed_ipv4"]],
  ["vpc_security_group_remote_administration_ipv4", ["ec2_security_group_admin_closed_ipv4"]],
  ["vpc_security_group_remote_administration_ipv6", ["ec2_security_group_admin_closed_ipv6"]],
  ["ec2_instance_uses_imdsv2", ["ec2_instance_imdsv2_required"]],
  ["vpc_security_group_restrict_ingress_cifs_port_all", ["ec2_security_group_cifs_closed"]],
  ["s3_bucket_protected_by_macie", ["macie_session_enabled"]],
  ["rds_db_instance_encryption_at_rest_enabled", ["rds_instance_storage_encrypted"]],
  ["rds_db_instance_automatic_minor_version_upgrade_enabled", ["rds_instance_minor_version_upgrade_enabled"]],
  ["rds_db_instance_prohibit_public_access", ["rds_instance_no_public_access"]],
  ["rds_db_instance_multiple_az_enabled", ["rds_instance_multi_az"]],
  ["efs_file_system_encrypt_data_at_rest", ["efs_file_system_encrypted"]],
  ["ebs_encryption_by_default", ["ec2_ebs_encryption_by_default_enabled"]],
  ["s3_bucket_default_encryption_enabled", ["s3_bucket_default_encryption_enabled"]],
  ["s3_bucket_enforces_ssl", ["s3_bucket_secure_transport_policy"]],
  ["s3_bucket_mfa_delete_enabled", ["s3_bucket_mfa_delete_enabled"]],
  ["s3_block_public_access", ["s3_bucket_public_access_block_enabled"]],
  ["cloudtrail_multi_region_read_write_enabled", ["cloudtrail_multi_region_enabled"]],
  ["cloudtrail_trail_validation_enabled", ["cloudtrail_log_file_validation_enabled"]],
  ["cloudtrail_trail_integrated_with_logs", ["cloudtrail_cloudwatch_logging_enabled"]],
  ["cloudtrail_trail_logs_encrypted_with_kms_cmk", ["cloudtrail_kms_encryption_enabled"]],
  ["cloudtrail_s3_object_write_events_audit_enabled", ["cloudtrail_s3_dataevents_write_enabled"]],
  ["cloudtrail_s3_object_read_events_audit_enabled", ["cloudtrail_s3_dataevents_read_enabled"]],
  ["config_enabled_all_regions", ["config_recorder_all_regions_enabled"]],
  ["cis_v500 config_enabled_all_regions", ["config_recorder_all_regions_global_once"]],
  ["cis_v600 config_enabled_all_regions", ["config_recorder_all_regions_global_once"]],
  ["kms_cmk_rotation_enabled", ["kms_cmk_rotation_enabled"]],
  ["vpc_flow_logs_enabled", ["vpc_flow_logs_enabled"]],
  ["cloudtrail_bucket_not_public", ["cloudtrail_bucket_not_public"]],
  ["cloudtrail_s3_logging_enabled", ["cloudtrail_bucket_logging_enabled"]],
]);

describe("rules and catalogs agree", () => {
  it("the catalogs give every rule the requirement numbers it had when rules carried them", () => {
    expect(Object.fromEntries(RULES.map((rule) => [rule.id, frameworkMappingsForRule(rule.id)]))).toEqual(
      EXPECTED_RULE_MAPPINGS,
    );
  });

  it("a catalog defined here (a made-up version) maps findings of existing rules without touching any rule", () => {
    const madeUp: Framework = {
      id: "cis_v999" as Framework["id"],
      name: "CIS AWS Foundations Benchmark v9.9.9 (made up)",
      shortName: "CIS AWS Foundations v9.9.9",
      version: "9.9.9",
      sections: ["7 Made up"],
      requirements: [
        {
          id: "7.1",
          title: "Root has no access key",
          section: "7 Made up",
          profile: "Level 1",
          assessment: "Automated",
          concept: "root_no_access_key",
          ruleIds: ["iam_root_no_access_key"],
          auditSteps: [],
        },
      ],
    };
    const rule = RULES.find((candidate) => candidate.id === "iam_root_no_access_key") as AnyRule;
    const snapshot = snapshotFromReport(
      parseCredentialReportCsv(
        [
          "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
          "<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
        ].join("\n"),
        { source: "made-up.csv" },
      ),
      new Date("2024-06-01T00:00:00Z"),
    );
    const [shipped] = evaluate(snapshot, [rule]);
    const [withMadeUp] = evaluate(snapshot, [rule], { catalogs: [...FRAMEWORKS, madeUp] });
    expect(shipped?.frameworks).toEqual(EXPECTED_RULE_MAPPINGS.iam_root_no_access_key);
    expect(withMadeUp?.status).toBe("PASS");
    expect(withMadeUp?.frameworks).toEqual({
      ...EXPECTED_RULE_MAPPINGS.iam_root_no_access_key,
      cis_v999: ["7.1"],
    });
  });

  it("maps iam_user_no_access_key_at_setup to one requirement in each of the nine versions", () => {
    expect(
      requirementsForRule("iam_user_no_access_key_at_setup").map(({ framework, requirement }) => [
        framework.id,
        requirement.id,
      ]),
    ).toEqual([
      ["cis_v120", "1.21"],
      ["cis_v130", "1.11"],
      ["cis_v140", "1.11"],
      ["cis_v150", "1.11"],
      ["cis_v200", "1.11"],
      ["cis_v300", "1.11"],
      ["cis_v400", "1.11"],
      ["cis_v500", "1.10"],
      ["cis_v600", "2.10"],
    ]);
  });

  it("every concept's rule ids exist", () => {
    const known = new Set(RULES.map((rule) => rule.id));
    for (const [concept, info] of Object.entries(CONCEPTS)) {
      for (const id of info.ruleIds) expect(known.has(id), `${concept} → ${id}`).toBe(true);
    }
  });

  it("the metric-filter audit asks for an alarm on the filter's metric stream (dimensions and unit) that fires on one event (docs/frameworks.md, Monitoring)", () => {
    const metricFilterConcepts = Object.entries(CONCEPTS).filter(([concept]) =>
      concept.startsWith("log_metric_filter_"),
    );
    expect(metricFilterConcepts).toHaveLength(18);
    for (const [concept, info] of metricFilterConcepts)
      expect(info.auditSteps[2], concept).toBe(
        "Run aws cloudwatch describe-alarms in the same region and find an alarm on that filter's metric (metricTransformations name and namespace) that watches the metric stream the filter publishes (the same dimensions as the filter's metricTransformations, none when it has none, and no Unit or the filter's unit, which is None when the filter sets none) and can fire on one matching event (with metric value 1: statistic Sum, threshold >= 1, 1 of 1 evaluation periods), whose AlarmActions name an SNS topic; aws sns list-subscriptions-by-topic --topic-arn <topic> must show at least one confirmed subscription.",
      );
  });
});

describe("lookups", () => {
  it("resolves cis_v150:1.11 and a bare 1.11 (cis_v150 by default)", () => {
    expect(resolveRequirement("cis_v150:1.11")?.requirement.concept).toBe("no_access_key_at_setup");
    expect(resolveRequirement("1.11")?.framework.id).toBe("cis_v150");
    expect(resolveRequirement("1.10", "cis_v500")?.requirement.concept).toBe("no_access_key_at_setup");
    expect(resolveRequirement("iam_user_no_access_key_at_setup")).toBeUndefined();
  });

  it("rejects unknown frameworks and requirements with InputError", () => {
    expect(() => getFramework("cis_v999")).toThrow(InputError);
    expect(() => getFramework("cis_v999")).toThrow(
      'Unknown framework "cis_v999"; known: cis_v120, cis_v130, cis_v140, cis_v150, cis_v200, cis_v300, cis_v400, cis_v500, cis_v600.',
    );
    expect(() => resolveRequirement("cis_v150:1.22")).toThrow(
      "cis_v150 has no requirement 1.22 in its catalog (it covers 1.1–1.21, 2.1.1–2.4.1, 3.1–3.11, 4.1–4.16, 5.1–5.5).",
    );
    expect(() => resolveRequirement("nist:1.1")).toThrow(InputError);
  });

  it("points a bare requirement number of another version at that version", () => {
    expect(() => resolveRequirement("2.10")).toThrow(
      "cis_v150 has no requirement 2.10 in its catalog (it covers 1.1–1.21, 2.1.1–2.4.1, 3.1–3.11, 4.1–4.16, 5.1–5.5). Did you mean cis_v600:2.10?",
    );
    expect(() => resolveRequirement("1.22")).toThrow(
      "cis_v150 has no requirement 1.22 in its catalog (it covers 1.1–1.21, 2.1.1–2.4.1, 3.1–3.11, 4.1–4.16, 5.1–5.5). Did you mean cis_v120:1.22, cis_v130:1.22, cis_v200:1.22, cis_v300:1.22, cis_v400:1.22?",
    );
    expect(() => resolveRequirement("9.9")).toThrow(
      /^cis_v150 has no requirement 9\.9 in its catalog \(it covers 1\.1–1\.21, 2\.1\.1–2\.4\.1, 3\.1–3\.11, 4\.1–4\.16, 5\.1–5\.5\)\.$/,
    );
  });
});
