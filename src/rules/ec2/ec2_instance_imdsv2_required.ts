/**
 * CIS AWS Foundations Benchmark v2.0.0, recommendation 5.6 (Level 1, Automated): "Ensure that EC2
 * Metadata Service only allows IMDSv2" (v3.0.0 5.6, v4.0.0/v5.0.0 5.7, v6.0.0 6.7; the requirement is
 * not in v1.2.0–v1.5.0).
 *
 * Audit: in every enabled region, every instance (DescribeInstances) that is not terminated or shutting
 * down must have `MetadataOptions.HttpTokens` `required`. An instance whose metadata endpoint is disabled
 * (`HttpEndpoint` `disabled`) has no metadata service to abuse: PASS, saying so. One finding per
 * instance: PASS or FAIL with the metadata options as evidence; MANUAL for an instance whose options were
 * not recorded (a snapshot written before cloudpatrol read them).
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import type { Ec2Instance } from "../../snapshot/datasets/ec2.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

/** Instance states that are gone or going: not judged. */
const GONE = new Set(["terminated", "shutting-down"]);

/** The rule. */
export const rule: Rule = {
  id: "ec2_instance_imdsv2_required",
  aliases: ["ec2_instance_imdsv2_enabled"],
  title: "EC2 instances require IMDSv2 (session tokens) for the instance metadata service",
  severity: "high",
  resourceTypes: ["AWS::EC2::Instance"],
  description:
    "Finds EC2 instances, in every enabled region, whose instance metadata service still answers IMDSv1 " +
    "requests (HttpTokens optional). Instances with the metadata endpoint turned off pass.",
  rationale:
    "IMDSv1 answers any plain GET from the instance, so a server-side request forgery or an open proxy on " +
    "the instance hands out the instance role's credentials. IMDSv2 requires a session token obtained with " +
    "a PUT that such requests cannot make, and that does not cross a network hop.",
  remediation: {
    console: [
      "Check first that the software on the instance uses an AWS SDK or CLI recent enough for IMDSv2 (the CloudWatch metric MetadataNoToken shows IMDSv1 use).",
      "Open the EC2 console in the instance's region and choose Instances, then the instance named in the finding.",
      "Choose Actions → Instance settings → Modify instance metadata options, set IMDSv2 to Required, and save.",
      "For new instances, set the account default (EC2 → Settings → Data protection and security → IMDS defaults) or require it in launch templates.",
    ],
    cli: [
      "aws ec2 describe-instances --region <region> --instance-ids <instance-id> --query 'Reservations[].Instances[].MetadataOptions'",
      "aws ec2 modify-instance-metadata-options --region <region> --instance-id <instance-id> --http-tokens required --http-endpoint enabled",
      "aws ec2 modify-instance-metadata-defaults --region <region> --http-tokens required",
    ],
    iac: {
      cloudformation: [
        "LaunchTemplate:",
        "  Type: AWS::EC2::LaunchTemplate",
        "  Properties:",
        "    LaunchTemplateData:",
        "      MetadataOptions:",
        "        HttpTokens: required",
        "        HttpEndpoint: enabled",
      ].join("\n"),
      terraform: [
        'resource "aws_instance" "this" {',
        "  # ...",
        "  metadata_options {",
        '    http_tokens   = "required"',
        '    http_endpoint = "enabled"',
        "  }",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_InstanceMetadataOptionsResponse.html",
  ],
  requires: ["ec2.instances"],
  cloudTrailEvents: ["RunInstances", "ModifyInstanceMetadataOptions", "StartInstances"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const findings: Finding[] = [];
    for (const [region, instances] of regionalValues(snapshot, "ec2.instances")) {
      const judged = instances
        .filter((instance) => !GONE.has(instance.state))
        .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
      for (const instance of judged) findings.push(judgeInstance(snapshot, region, instance));
    }
    return findings;
  },
};

function judgeInstance(snapshot: Snapshot, region: string, instance: Ec2Instance): Finding {
  const arn = `arn:${snapshot.partition}:ec2:${region}:${snapshot.accountId}:instance/${instance.instanceId}`;
  const label = `EC2 instance ${instance.name ? `${instance.instanceId} (${instance.name})` : instance.instanceId} in ${region}`;
  const tokens = instance.httpTokens ?? null;
  const endpoint = instance.httpEndpoint ?? null;
  let status: Finding["status"];
  let statusExtended: string;
  if (endpoint === "disabled") {
    status = "PASS";
    statusExtended = `${label} has its instance metadata endpoint disabled: no IMDSv1 (nor IMDSv2) request is answered.`;
  } else if (tokens === "required") {
    status = "PASS";
    statusExtended = `${label} requires IMDSv2 (HttpTokens required).`;
  } else if (tokens === "optional") {
    status = "FAIL";
    statusExtended = `${label} allows IMDSv1 (HttpTokens optional, metadata endpoint ${endpoint ?? "enabled"}): any request from the instance can read its role's credentials without a session token.`;
  } else {
    status = "MANUAL";
    statusExtended = `${label}: its metadata options are unknown (DescribeInstances gave none, or the snapshot was written before cloudpatrol read them); check HttpTokens with aws ec2 describe-instances.`;
  }
  return buildFinding(rule, snapshot, {
    status,
    resourceType: "AWS::EC2::Instance",
    resourceArn: arn,
    resourceName: instance.instanceId,
    identity: [arn],
    region,
    statusExtended,
    evidence: {
      region,
      instanceId: instance.instanceId,
      name: instance.name,
      state: instance.state,
      httpTokens: tokens,
      httpEndpoint: endpoint,
      metadataOptionsState: instance.metadataOptionsState ?? null,
      source: "ec2:DescribeInstances",
    },
  });
}
