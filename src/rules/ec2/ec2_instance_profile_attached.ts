/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.18 (Level 2, Manual in the benchmark, automated
 * here): "Ensure IAM instance roles are used for AWS resource access from instances".
 *
 * Audit: in every enabled region (EC2 DescribeRegions: `opt-in-not-required` or `opted-in`), every EC2
 * instance that is not terminated or shutting down (DescribeInstances) must have an IAM instance
 * profile. One finding per instance: with a profile PASS, without FAIL. A region with no instance gives
 * no finding; a region whose instances could not be read gives one ERROR finding (the engine's, naming
 * the permission and the region). The benchmark leaves this to a person because an instance without a
 * profile may make no AWS call at all; the verdict says so, and the requirement stays Manual in v1.5.0's
 * compliance view.
 */
import { accountArn, buildFinding, type Finding } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import type { Ec2Instance } from "../../snapshot/regional.js";
import type { Snapshot } from "../../snapshot/types.js";
import { failedRegions, notCollectedFinding } from "../regional-common.js";
import type { Rule } from "../types.js";

const ID = "ec2_instance_profile_attached";

/** Instance states that are gone or going: not judged. */
const GONE = new Set(["terminated", "shutting-down"]);

const AUDIT_STEPS = [
  "Run aws ec2 describe-regions --query 'Regions[].RegionName' --output text to list the enabled regions.",
  "In each, run aws ec2 describe-instances --region <region> --query 'Reservations[].Instances[].[InstanceId,State.Name,IamInstanceProfile.Arn]'.",
  "Every running or stopped instance must show an instance profile ARN.",
];

/** The 1.18 rule. */
export const rule: Rule = {
  id: ID,
  title: "EC2 instances use an IAM instance profile (role) for AWS access",
  severity: "medium",
  resourceTypes: ["AWS::EC2::Instance"],
  description:
    "Finds EC2 instances, in every enabled region, that have no IAM instance profile. Software on such an " +
    "instance that calls AWS must bring its own credentials, usually an IAM user's long-term access key " +
    "copied onto the disk or into the user data.",
  rationale:
    "An instance profile hands the instance a role's temporary credentials, rotated automatically and " +
    "never written to disk by a person. Keys stored on an instance outlive it in snapshots and AMIs, leak " +
    "with the disk, and are rarely rotated.",
  remediation: {
    console: [
      "Create a role for EC2 with only the permissions the instance's software needs (IAM → Roles → Create role → AWS service → EC2).",
      "Open the EC2 console in the instance's region and choose Instances, then the instance named in the finding.",
      "Choose Actions → Security → Modify IAM role, pick the role, and choose Update IAM role.",
      "Remove any access key stored on the instance and deactivate it in IAM.",
    ],
    cli: [
      "aws iam create-instance-profile --instance-profile-name <profile>",
      "aws iam add-role-to-instance-profile --instance-profile-name <profile> --role-name <role>",
      "aws ec2 associate-iam-instance-profile --region <region> --instance-id <instance-id> --iam-instance-profile Name=<profile>",
      "aws ec2 describe-iam-instance-profile-associations --region <region> --filters Name=instance-id,Values=<instance-id>",
    ],
    iac: {
      cloudformation: [
        "InstanceProfile:",
        "  Type: AWS::IAM::InstanceProfile",
        "  Properties:",
        "    Roles: [!Ref InstanceRole]",
        "Instance:",
        "  Type: AWS::EC2::Instance",
        "  Properties:",
        "    IamInstanceProfile: !Ref InstanceProfile",
      ].join("\n"),
      terraform: [
        'resource "aws_iam_instance_profile" "app" {',
        "  role = aws_iam_role.app.name",
        "}",
        "",
        'resource "aws_instance" "app" {',
        "  # ...",
        "  iam_instance_profile = aws_iam_instance_profile.app.name",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html",
  ],
  frameworks: {
    cis_v120: ["1.19"],
    cis_v130: ["1.18"],
    cis_v140: ["1.18"],
    cis_v150: ["1.18"],
    cis_v200: ["1.18"],
    cis_v300: ["1.18"],
    cis_v400: ["1.18"],
    cis_v500: ["1.17"],
    cis_v600: ["2.17"],
  },
  requires: ["regions", "ec2Instances"],
  apis: ["ec2:DescribeRegions", "ec2:DescribeInstances"],
  cloudTrailEvents: [
    "RunInstances",
    "AssociateIamInstanceProfile",
    "DisassociateIamInstanceProfile",
    "ReplaceIamInstanceProfileAssociation",
    "StartInstances",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const regional = snapshot.regional;
    if (!regional) return [notCollectedFinding(rule, snapshot, "EC2 instance data", AUDIT_STEPS)];
    const failed = failedRegions(snapshot, "ec2Instances");
    const findings: Finding[] = [];
    for (const region of regional.enabledRegions) {
      if (failed.has(region)) continue; // the engine adds this region's ERROR finding
      const byRegion = regional.ec2Instances;
      const instances = byRegion && Object.hasOwn(byRegion, region) ? byRegion[region] : undefined;
      if (!instances) {
        findings.push(
          buildFinding(rule, snapshot, {
            status: "ERROR",
            resourceType: "AWS::::Account",
            resourceArn: accountArn(snapshot),
            resourceName: snapshot.accountId,
            identity: ["account", region],
            region,
            statusExtended: `Could not judge account ${snapshot.accountId} in ${region}: its EC2 instances were not collected.`,
            evidence: { region, dataset: "ec2Instances" },
          }),
        );
        continue;
      }
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
  const label = instance.name ? `${instance.instanceId} (${instance.name})` : instance.instanceId;
  const profile = instance.instanceProfileArn;
  return buildFinding(rule, snapshot, {
    status: profile ? "PASS" : "FAIL",
    resourceType: "AWS::EC2::Instance",
    resourceArn: arn,
    resourceName: instance.instanceId,
    identity: [arn],
    region,
    statusExtended: profile
      ? `EC2 instance ${label} in ${region} is ${instance.state} with instance profile ${profile}.`
      : `EC2 instance ${label} in ${region} is ${instance.state} and has no IAM instance profile: software on it that calls AWS would need stored access keys.`,
    evidence: {
      region,
      instanceId: instance.instanceId,
      name: instance.name,
      state: instance.state,
      instanceType: instance.instanceType,
      launchTime: instance.launchTime ? isoTime(instance.launchTime) : null,
      instanceProfileArn: profile,
    },
  });
}
