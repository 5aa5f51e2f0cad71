/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.4.1 (Level 1, Manual): "Ensure that encryption is
 * enabled for EFS file systems" (v2.0.0/v3.0.0 2.4.1, Manual; v4.0.0/v5.0.0 2.3.1, Automated; v6.0.0
 * 3.3.1).
 *
 * Audit: in every enabled region, every EFS file system (DescribeFileSystems, every page) must show
 * `Encrypted` true. Where the benchmark marks it Manual the rule still decides it: the audit is the same
 * flag. One finding per file system, with its KMS key. No file system in any region: one PASS on the
 * account ("nothing to judge"), never while a region's read failed (`nothingToJudge`).
 *
 * Sources: Amazon EFS API Reference, DescribeFileSystems; Amazon EFS User Guide, "Encrypting data at rest".
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import { nothingToJudge } from "../nothing-to-judge.js";
import type { Rule } from "../types.js";

/** The rule. */
export const rule: Rule = {
  id: "efs_file_system_encrypted",
  aliases: ["efs_encryption_at_rest_enabled"],
  title: "EFS file systems are encrypted at rest",
  severity: "medium",
  resourceTypes: ["AWS::EFS::FileSystem"],
  description:
    "Checks, in every enabled region, that every Amazon EFS file system encrypts its data at rest.",
  rationale:
    "Encryption at rest protects file data and metadata with a KMS key whose use is logged; it can only " +
    "be chosen when the file system is created.",
  remediation: {
    console: [
      "Encryption cannot be turned on for an existing file system: create a new one in the EFS console with Enable encryption of data at rest (the default) and a KMS key.",
      "Copy the data across (for example with AWS DataSync), move the mount targets' clients to it, then delete the unencrypted file system.",
    ],
    cli: [
      "aws efs describe-file-systems --region <region> --query 'FileSystems[].[FileSystemId,Encrypted]'",
      "aws efs create-file-system --encrypted --kms-key-id <key-arn> --region <region>",
    ],
    iac: {
      cloudformation: [
        "FileSystem:",
        "  Type: AWS::EFS::FileSystem",
        "  Properties:",
        "    Encrypted: true",
        "    KmsKeyId: !Ref Key",
      ].join("\n"),
      terraform: [
        'resource "aws_efs_file_system" "this" {',
        "  encrypted  = true",
        "  kms_key_id = aws_kms_key.this.arn",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
  ],
  requires: ["efs.fileSystems"],
  cloudTrailEvents: ["CreateFileSystem", "DeleteFileSystem"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const byRegion = regionalValues(snapshot, "efs.fileSystems");
    const findings = [...byRegion].flatMap(([region, systems]) =>
      systems.map((fs) =>
        buildFinding(rule, snapshot, {
          status: fs.encrypted ? "PASS" : "FAIL",
          resourceType: "AWS::EFS::FileSystem",
          resourceArn: fs.arn,
          resourceName: fs.fileSystemId,
          identity: ["file-system", fs.arn],
          region,
          statusExtended: fs.encrypted
            ? `EFS file system ${fs.fileSystemId}${fs.name ? ` (${fs.name})` : ""} in ${region} is encrypted at rest${fs.kmsKeyId ? ` with ${fs.kmsKeyId}` : ""}.`
            : `EFS file system ${fs.fileSystemId}${fs.name ? ` (${fs.name})` : ""} in ${region} is not encrypted at rest.`,
          evidence: {
            region,
            fileSystemId: fs.fileSystemId,
            fileSystemArn: fs.arn,
            name: fs.name,
            encrypted: fs.encrypted,
            kmsKeyId: fs.kmsKeyId,
            lifeCycleState: fs.lifeCycleState,
            source: "elasticfilesystem:DescribeFileSystems",
          },
        }),
      ),
    );
    if (findings.length > 0 || byRegion.size === 0) return findings;
    return nothingToJudge(rule, snapshot, {
      datasets: ["efs.fileSystems"],
      regions: [...byRegion.keys()],
      noun: "EFS file system",
      evidence: {
        fileSystems: 0,
        regions: [...byRegion.keys()],
        source: "elasticfilesystem:DescribeFileSystems",
      },
    });
  },
};
