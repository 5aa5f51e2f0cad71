/**
 * The benchmark catalogs: well-formed (unique ids, benchmark order, known rule ids only), the exact
 * v1.5.0 section 1, each version's size and numbering of the 1.11 concept, the mapping each rule gets
 * from the catalogs (the only place it lives), and a catalog made up here mapping findings of existing rules.
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

function compare(a: string, b: string): number {
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    const diff = (x[i] ?? 0) - (y[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

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
      it("has unique, consecutive, ordered ids in its one section", () => {
        const ids = framework.requirements.map((requirement) => requirement.id);
        expect(new Set(ids).size).toBe(ids.length);
        expect([...ids].sort(compare)).toEqual(ids);
        const section = framework.id === "cis_v600" ? 2 : 1;
        expect(ids).toEqual(ids.map((_, index) => `${section}.${index + 1}`));
        for (const requirement of framework.requirements)
          expect(framework.sections).toContain(requirement.section);
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
    expect(Object.fromEntries(FRAMEWORKS.map((f) => [f.id, f.requirements.length]))).toEqual({
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
    expect(framework.requirements.map((r) => [r.id, r.assessment, r.profile])).toEqual([
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
    expect(getFramework("cis_v600").sections).toEqual(["2 Identity and Access Management"]);
  });
});

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
      "cis_v150 has no requirement 1.22 in its catalog (it covers 1.1–1.21).",
    );
    expect(() => resolveRequirement("nist:1.1")).toThrow(InputError);
  });

  it("points a bare requirement number of another version at that version", () => {
    expect(() => resolveRequirement("2.10")).toThrow(
      "cis_v150 has no requirement 2.10 in its catalog (it covers 1.1–1.21). Did you mean cis_v600:2.10?",
    );
    expect(() => resolveRequirement("1.22")).toThrow(
      "cis_v150 has no requirement 1.22 in its catalog (it covers 1.1–1.21). Did you mean cis_v120:1.22, cis_v130:1.22, cis_v200:1.22, cis_v300:1.22, cis_v400:1.22?",
    );
    expect(() => resolveRequirement("9.9")).toThrow(
      /^cis_v150 has no requirement 9\.9 in its catalog \(it covers 1\.1–1\.21\)\.$/,
    );
  });
});
