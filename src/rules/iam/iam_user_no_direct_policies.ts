/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.15 (Level 1, Automated):
 * "Ensure IAM Users Receive Permissions Only Through Groups" (v1.2.0 1.16: "Ensure IAM policies are
 * attached only to groups or roles").
 *
 * Audit: every IAM user's attached managed policies and inline policies must both be empty; permissions
 * come from the groups the user belongs to. One finding per user: FAIL when it has either kind.
 * Data: IAM GetAccountAuthorizationDetails (UserDetailList), no call per user.
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import type { AuthorizationUser } from "../../snapshot/authorization.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

const ID = "iam_user_no_direct_policies";

function names(list: readonly string[]): string {
  return list.join(", ");
}

function sentence(user: AuthorizationUser): string {
  const managed = user.attachedManagedPolicies.map((policy) => policy.policyName);
  const inline = user.inlinePolicies.map((policy) => policy.policyName);
  const groups =
    user.groups.length === 0
      ? "is in no group"
      : `is in ${user.groups.length === 1 ? "group" : "groups"} ${names(user.groups)}`;
  if (managed.length === 0 && inline.length === 0) {
    return `${user.userName} has no policy of its own and ${groups}.`;
  }
  const parts = [
    ...(managed.length > 0
      ? [`attached managed ${managed.length === 1 ? "policy" : "policies"} ${names(managed)}`]
      : []),
    ...(inline.length > 0 ? [`inline ${inline.length === 1 ? "policy" : "policies"} ${names(inline)}`] : []),
  ];
  return `${user.userName} gets permissions directly through ${parts.join(" and ")} (it ${groups}): grant them through a group instead.`;
}

/** The 1.15 rule. */
export const rule: Rule = {
  id: ID,
  title: "IAM users receive permissions only through groups",
  severity: "low",
  resourceTypes: ["AWS::IAM::User"],
  description:
    "Finds IAM users with managed policies attached to them or inline policies embedded in them. Each user " +
    "is one finding; a user whose permissions come only from its groups passes.",
  rationale:
    "Permissions granted per user drift: they are hard to review, easy to forget when a person changes " +
    "role, and make two people with the same job hold different rights. Granting them through groups " +
    "(or roles) keeps access defined once per job function.",
  remediation: {
    console: [
      "Open the IAM console and choose User groups; create (or pick) a group for the job function and attach the policies the user needs.",
      "Choose Users, then the user named in the finding, and add it to that group (Groups tab → Add user to groups).",
      "On the Permissions tab, remove each policy listed as Attached directly, and delete each inline policy.",
    ],
    cli: [
      "aws iam list-attached-user-policies --user-name <user>",
      "aws iam list-user-policies --user-name <user>",
      "aws iam add-user-to-group --group-name <group> --user-name <user>",
      "aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>",
      "aws iam delete-user-policy --user-name <user> --policy-name <inline-policy-name>",
    ],
    iac: {
      cloudformation: [
        "Developers:",
        "  Type: AWS::IAM::Group",
        "  Properties:",
        "    ManagedPolicyArns: [!Ref DeveloperPolicy]",
        "Alice:",
        "  Type: AWS::IAM::User",
        "  Properties:",
        "    Groups: [!Ref Developers]   # no ManagedPolicyArns and no Policies on the user",
      ].join("\n"),
      terraform: [
        'resource "aws_iam_group_policy_attachment" "developers" {',
        "  group      = aws_iam_group.developers.name",
        "  policy_arn = aws_iam_policy.developer.arn",
        "}",
        'resource "aws_iam_user_group_membership" "alice" {',
        "  user   = aws_iam_user.alice.name",
        "  groups = [aws_iam_group.developers.name]",
        "}",
        "# and no aws_iam_user_policy / aws_iam_user_policy_attachment for the user",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_attach-policy.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html",
  ],
  requires: ["iam.authorizationDetails"],
  cloudTrailEvents: [
    "AttachUserPolicy",
    "DetachUserPolicy",
    "PutUserPolicy",
    "DeleteUserPolicy",
    "CreateUser",
    "DeleteUser",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const details = snapshot.authorization?.details;
    if (!details) return [];
    return details.users.map((user) => {
      const direct = user.attachedManagedPolicies.length > 0 || user.inlinePolicies.length > 0;
      return buildFinding(rule, snapshot, {
        status: direct ? "FAIL" : "PASS",
        resourceType: "AWS::IAM::User",
        resourceArn: user.arn,
        resourceName: user.userName,
        identity: [user.arn],
        statusExtended: sentence(user),
        evidence: {
          userName: user.userName,
          userArn: user.arn,
          userId: user.userId,
          userCreationTime: isoTime(user.createDate),
          groups: [...user.groups],
          attachedManagedPolicies: user.attachedManagedPolicies.map((policy) => ({
            policyName: policy.policyName,
            policyArn: policy.policyArn,
          })),
          inlinePolicies: user.inlinePolicies.map((policy) => policy.policyName),
          source: "iam:GetAccountAuthorizationDetails",
        },
      });
    });
  },
};
