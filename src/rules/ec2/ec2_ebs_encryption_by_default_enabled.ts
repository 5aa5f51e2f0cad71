/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.2.1 (Level 1, Automated): "Ensure EBS Volume
 * Encryption is Enabled in all Regions" (v1.3.0/v1.4.0 2.2.1, Manual; v2.0.0/v3.0.0 2.2.1; v4.0.0/v5.0.0
 * 5.1.1; v6.0.0 6.1.1: the catalogs give each version's number and marks).
 *
 * Audit: in every enabled region, EC2 GetEbsEncryptionByDefault must return `EbsEncryptionByDefault`
 * true. The setting is per region (one region's setting says nothing of another's) and applies to
 * volumes created after it is turned on; it is judged whether or not the region has volumes (a region
 * without volumes today is where an unencrypted one would be created tomorrow). One finding per region:
 * PASS or FAIL, with the region's default EBS key (GetEbsDefaultKmsKeyId) as evidence. A region whose
 * setting could not be read gets the engine's ERROR finding for that region only, with the same uid.
 *
 * Sources: Amazon EC2 API Reference, GetEbsEncryptionByDefault, GetEbsDefaultKmsKeyId; Amazon EBS User
 * Guide, "Encryption by default".
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import type { EbsEncryptionByDefault } from "../../snapshot/datasets/ec2.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

/** The rule. */
export const rule: Rule = {
  id: "ec2_ebs_encryption_by_default_enabled",
  title: "EBS encryption by default is enabled in every enabled region",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks, in every region the account has enabled, that Amazon EBS encrypts new volumes (and the " +
    "snapshots made from them) by default. The setting is regional: turning it on in us-east-1 leaves " +
    "eu-west-1 creating unencrypted volumes.",
  rationale:
    "With encryption by default, no new volume, copy or volume restored from an unencrypted snapshot is " +
    "left unencrypted because someone forgot a flag; data at rest and in transit between the instance and " +
    "its storage is encrypted with a KMS key whose use is logged in CloudTrail.",
  remediation: {
    console: [
      "Open the EC2 console in the region named in the finding.",
      "Choose Settings (EC2 Dashboard → Account attributes → Data protection and security).",
      "Under EBS encryption choose Manage, select Enable (Always encrypt new EBS volumes), pick the default key, and choose Update EBS encryption.",
      "Repeat in every enabled region. Existing unencrypted volumes stay unencrypted: copy their snapshots with encryption to replace them.",
    ],
    cli: [
      "aws ec2 describe-regions --query 'Regions[].RegionName' --output text",
      "aws ec2 get-ebs-encryption-by-default --region <region>",
      "aws ec2 enable-ebs-encryption-by-default --region <region>",
      "aws ec2 modify-ebs-default-kms-key-id --region <region> --kms-key-id <key-arn>   # optional: a customer managed key",
    ],
    iac: {
      cloudformation: [
        "# CloudFormation has no resource for this account setting: enable it with the AWS CLI in each",
        "# region, or with a custom resource (a Lambda calling ec2:EnableEbsEncryptionByDefault) deployed",
        "# to every region by a StackSet.",
      ].join("\n"),
      terraform: [
        "# One per enabled region (a provider alias per region).",
        'resource "aws_ebs_encryption_by_default" "this" {',
        "  enabled = true",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_GetEbsEncryptionByDefault.html",
  ],
  requires: ["ec2.ebsEncryptionByDefault"],
  cloudTrailEvents: [
    "EnableEbsEncryptionByDefault",
    "DisableEbsEncryptionByDefault",
    "ModifyEbsDefaultKmsKeyId",
    "ResetEbsDefaultKmsKeyId",
    "EnableRegion",
    "DisableRegion",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    // Only the regions whose setting was read: the engine reports the others' failures.
    return [...regionalValues(snapshot, "ec2.ebsEncryptionByDefault")].map(([region, setting]) =>
      judgeRegion(snapshot, region, setting),
    );
  },
};

function judgeRegion(snapshot: Snapshot, region: string, setting: EbsEncryptionByDefault): Finding {
  const evidence = {
    region,
    ebsEncryptionByDefault: setting.enabled,
    defaultKmsKeyId: setting.kmsKeyId,
    ...(setting.kmsKeyIdError ? { defaultKmsKeyIdError: setting.kmsKeyIdError } : {}),
    source: "ec2:GetEbsEncryptionByDefault",
  };
  const key = setting.kmsKeyId ? ` with ${setting.kmsKeyId}` : "";
  return buildFinding(rule, snapshot, {
    status: setting.enabled ? "PASS" : "FAIL",
    ...accountResource(snapshot),
    // The same identity as the engine's ERROR finding for a region: one uid per region, whatever the verdict.
    identity: ["account", region],
    region,
    statusExtended: setting.enabled
      ? `EBS encryption by default is enabled in ${region}: new volumes are encrypted${key}.`
      : `EBS encryption by default is disabled in ${region}: new EBS volumes there are created unencrypted unless each request asks for encryption.`,
    evidence,
  });
}
