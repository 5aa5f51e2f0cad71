/**
 * `rules list --framework cis_v120` and `cis_v130` leave no "(no rule yet)" requirement in section 1 (IAM):
 * only the requirements the benchmark assesses by hand are "(manual check)". And the storage section of
 * every version that has one is decided by rules, under each version's own numbers.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { rulesCommand } from "../../src/cli/rules.js";
import { FRAMEWORKS } from "../../src/frameworks/index.js";

async function list(framework: string): Promise<string[][]> {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  await rulesCommand().parseAsync(["list", "--framework", framework], { from: "user" });
  vi.restoreAllMocks();
  return out
    .trimEnd()
    .split("\n")
    .slice(2, -1)
    .map((line) => line.split(/\s{2,}/));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("rules list: section 1 of v1.2.0 and v1.3.0", () => {
  it.each([
    ["cis_v120", ["1.15", "1.17"]],
    ["cis_v130", ["1.1", "1.3"]],
  ])(
    "%s: no requirement of section 1 without a rule except the manual checks %j",
    async (framework, manual) => {
      const section1 = (await list(framework)).filter((row) => row[0]?.startsWith("1."));
      expect(section1.filter((row) => row[3] === "(no rule yet)")).toEqual([]);
      expect(section1.filter((row) => row[3] === "(manual check)").map((row) => row[0])).toEqual(manual);
    },
  );

  it("cis_v130 1.20 (S3 Block Public Access) is decided by the storage rule", async () => {
    const row = (await list("cis_v130")).find((line) => line[0] === "1.20");
    expect(row?.[3]).toBe("s3_bucket_public_access_block_enabled");
  });
});

describe("the storage section of every version", () => {
  it("is decided by a rule wherever a version has it", () => {
    const storage = FRAMEWORKS.filter((framework) => framework.id !== "cis_v120").map((framework) => [
      framework.id,
      framework.requirements
        .filter((requirement) => requirement.section.endsWith(" Storage"))
        .map((requirement) => `${requirement.id} ${requirement.ruleIds.join(",") || "-"}`),
    ]);
    expect(Object.fromEntries(storage)).toEqual({
      cis_v130: [
        "2.1.1 s3_bucket_default_encryption_enabled",
        "2.1.2 s3_bucket_secure_transport_policy",
        "2.2.1 ec2_ebs_encryption_by_default_enabled",
      ],
      cis_v140: [
        "2.1.1 s3_bucket_default_encryption_enabled",
        "2.1.2 s3_bucket_secure_transport_policy",
        "2.1.3 s3_bucket_mfa_delete_enabled",
        "2.1.4 macie_session_enabled",
        "2.1.5 s3_bucket_public_access_block_enabled",
        "2.2.1 ec2_ebs_encryption_by_default_enabled",
        "2.3.1 rds_instance_storage_encrypted",
      ],
      cis_v150: [
        "2.1.1 s3_bucket_default_encryption_enabled",
        "2.1.2 s3_bucket_secure_transport_policy",
        "2.1.3 s3_bucket_mfa_delete_enabled",
        "2.1.4 macie_session_enabled",
        "2.1.5 s3_bucket_public_access_block_enabled",
        "2.2.1 ec2_ebs_encryption_by_default_enabled",
        "2.3.1 rds_instance_storage_encrypted",
        "2.3.2 rds_instance_minor_version_upgrade_enabled",
        "2.3.3 rds_instance_no_public_access",
        "2.4.1 efs_file_system_encrypted",
      ],
      cis_v200: [
        "2.1.1 s3_bucket_secure_transport_policy",
        "2.1.2 s3_bucket_mfa_delete_enabled",
        "2.1.3 macie_session_enabled",
        "2.1.4 s3_bucket_public_access_block_enabled",
        "2.2.1 ec2_ebs_encryption_by_default_enabled",
        "2.3.1 rds_instance_storage_encrypted",
        "2.3.2 rds_instance_minor_version_upgrade_enabled",
        "2.3.3 rds_instance_no_public_access",
        "2.4.1 efs_file_system_encrypted",
      ],
      cis_v300: [
        "2.1.1 s3_bucket_secure_transport_policy",
        "2.1.2 s3_bucket_mfa_delete_enabled",
        "2.1.3 macie_session_enabled",
        "2.1.4 s3_bucket_public_access_block_enabled",
        "2.2.1 ec2_ebs_encryption_by_default_enabled",
        "2.3.1 rds_instance_storage_encrypted",
        "2.3.2 rds_instance_minor_version_upgrade_enabled",
        "2.3.3 rds_instance_no_public_access",
        "2.4.1 efs_file_system_encrypted",
      ],
      cis_v400: [
        "2.1.1 s3_bucket_secure_transport_policy",
        "2.1.2 s3_bucket_mfa_delete_enabled",
        "2.1.3 macie_session_enabled",
        "2.1.4 s3_bucket_public_access_block_enabled",
        "2.2.1 rds_instance_storage_encrypted",
        "2.2.2 rds_instance_minor_version_upgrade_enabled",
        "2.2.3 rds_instance_no_public_access",
        "2.2.4 rds_instance_multi_az",
        "2.3.1 efs_file_system_encrypted",
      ],
      cis_v500: [
        "2.1.1 s3_bucket_secure_transport_policy",
        "2.1.2 s3_bucket_mfa_delete_enabled",
        "2.1.3 macie_session_enabled",
        "2.1.4 s3_bucket_public_access_block_enabled",
        "2.2.1 rds_instance_storage_encrypted",
        "2.2.2 rds_instance_minor_version_upgrade_enabled",
        "2.2.3 rds_instance_no_public_access",
        "2.2.4 rds_instance_multi_az",
        "2.3.1 efs_file_system_encrypted",
      ],
      cis_v600: [
        "3.1.1 s3_bucket_secure_transport_policy",
        "3.1.2 s3_bucket_mfa_delete_enabled",
        "3.1.3 macie_session_enabled",
        "3.1.4 s3_bucket_public_access_block_enabled",
        "3.2.1 rds_instance_storage_encrypted",
        "3.2.2 rds_instance_minor_version_upgrade_enabled",
        "3.2.3 rds_instance_no_public_access",
        "3.2.4 rds_instance_multi_az",
        "3.3.1 efs_file_system_encrypted",
      ],
    });
  });
});
