/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.17 (Level 1, Automated):
 * "Ensure a support role has been created to manage incidents with AWS Support".
 *
 * Audit: at least one IAM role has the AWS managed policy `AWSSupportAccess`
 * (`arn:<partition>:iam::aws:policy/AWSSupportAccess`) attached. Users and groups holding it do not
 * count (they are named in the evidence). One account-wide finding.
 * Data: IAM GetAccountAuthorizationDetails (attachments of users, groups and roles).
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import type { PolicyHolder } from "../../snapshot/authorization.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

const ID = "iam_role_support_access_attached";

/** The AWS managed policy's name. */
export const SUPPORT_POLICY_NAME = "AWSSupportAccess";

function hasSupportPolicy(holder: PolicyHolder): boolean {
  return holder.attachedManagedPolicies.some((policy) =>
    /^arn:[^:]+:iam::aws:policy\/AWSSupportAccess$/.test(policy.policyArn),
  );
}

function list(kind: string, names: readonly string[]): string {
  return `${kind}${names.length === 1 ? "" : "s"} ${names.join(", ")}`;
}

/** The 1.17 rule. */
export const rule: Rule = {
  id: ID,
  title: "A support role exists to manage incidents with AWS Support",
  severity: "low",
  resourceTypes: ["AWS::::Account", "AWS::IAM::Role"],
  description:
    `Checks that at least one IAM role has the AWS managed policy ${SUPPORT_POLICY_NAME} attached, so that ` +
    "the people who handle incidents can open and follow AWS Support cases. Users or groups with the " +
    "policy do not satisfy it.",
  rationale:
    "During an incident, whoever works with AWS Support needs access to cases without being given broad " +
    "rights or the root user. A role with exactly that access, assumed by the named responders, keeps it " +
    "available, auditable and separate from everyday permissions.",
  remediation: {
    console: [
      "Open the IAM console and choose Roles → Create role.",
      "Choose AWS account as the trusted entity (this account, or the account your responders sign in to).",
      `Attach the AWS managed policy ${SUPPORT_POLICY_NAME}, name the role (e.g. aws-support), and create it.`,
      "Allow the incident responders' users or group to assume it (sts:AssumeRole on the role's ARN).",
    ],
    cli: [
      "aws iam create-role --role-name aws-support --assume-role-policy-document file://trust-policy.json",
      `aws iam attach-role-policy --role-name aws-support --policy-arn arn:aws:iam::aws:policy/${SUPPORT_POLICY_NAME}`,
      `aws iam list-entities-for-policy --policy-arn arn:aws:iam::aws:policy/${SUPPORT_POLICY_NAME}`,
    ],
    iac: {
      cloudformation: [
        "SupportRole:",
        "  Type: AWS::IAM::Role",
        "  Properties:",
        "    RoleName: aws-support",
        "    AssumeRolePolicyDocument:",
        '      Version: "2012-10-17"',
        "      Statement:",
        "        - Effect: Allow",
        "          Principal: { AWS: !Ref AWS::AccountId }",
        "          Action: sts:AssumeRole",
        `    ManagedPolicyArns: [arn:aws:iam::aws:policy/${SUPPORT_POLICY_NAME}]`,
      ].join("\n"),
      terraform: [
        'resource "aws_iam_role" "support" {',
        '  name               = "aws-support"',
        "  assume_role_policy = data.aws_iam_policy_document.support_trust.json",
        "}",
        'resource "aws_iam_role_policy_attachment" "support" {',
        "  role       = aws_iam_role.support.name",
        `  policy_arn = "arn:aws:iam::aws:policy/${SUPPORT_POLICY_NAME}"`,
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/awssupport/latest/user/accessing-support.html",
    "https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSSupportAccess.html",
  ],
  requires: ["iam.authorizationDetails"],
  cloudTrailEvents: ["AttachRolePolicy", "DetachRolePolicy", "DeleteRole", "CreateRole"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const details = snapshot.authorization?.details;
    if (!details) return [];
    const roles = details.roles.filter(hasSupportPolicy);
    const users = details.users.filter(hasSupportPolicy).map((user) => user.userName);
    const groups = details.groups.filter(hasSupportPolicy).map((group) => group.groupName);
    const elsewhere = [
      ...(users.length > 0 ? [list("user", users)] : []),
      ...(groups.length > 0 ? [list("group", groups)] : []),
    ];
    const roleNames = roles.map((role) => role.roleName);
    return [
      buildFinding(rule, snapshot, {
        status: roles.length > 0 ? "PASS" : "FAIL",
        ...accountResource(snapshot),
        identity: ["support-role"],
        statusExtended:
          roles.length > 0
            ? `${list("Role", roleNames)} ${roles.length === 1 ? "has" : "have"} ${SUPPORT_POLICY_NAME} attached.`
            : `No role has ${SUPPORT_POLICY_NAME} attached${elsewhere.length > 0 ? ` (only ${elsewhere.join(" and ")}, which do not count)` : ""}: create a support role.`,
        evidence: {
          policyName: SUPPORT_POLICY_NAME,
          roles: roles.map((role) => ({ roleName: role.roleName, roleArn: role.arn })),
          users,
          groups,
          roleCount: details.roles.length,
          source: "iam:GetAccountAuthorizationDetails",
        },
      }),
    ];
  },
};
