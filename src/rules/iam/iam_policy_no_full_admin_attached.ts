/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.16 (Level 1, Automated):
 * "Ensure IAM policies that allow full "*:*" administrative privileges are not attached".
 *
 * Audit: every managed policy attached to a user, group or role (customer and AWS managed) is read at
 * its DEFAULT version; a statement with `"Effect": "Allow"`, `"Action": "*"` (or `NotAction`, which
 * allows everything else) and `"Resource": "*"` (or `NotResource`) fails it. Inline policies of users,
 * groups and roles are judged the same way: they are attached by construction. Unattached policies and
 * non-default versions do not count. Partial wildcards (`s3:*`) pass. An account where nothing holds any
 * policy gets one account-wide PASS, so the requirement never shows as judged by no finding.
 * Data: IAM GetAccountAuthorizationDetails (documents URL-encoded on the wire, decoded at collection).
 */
import { buildFinding, type Finding, type Verdict } from "../../model/finding.js";
import type {
  AuthorizationDetails,
  InlinePolicy,
  ManagedPolicy,
  PolicyDocument,
  PolicyHolder,
} from "../../snapshot/authorization.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { accountVerdict } from "./iam-common.js";
import { type AdminStatement, fullAdminStatements } from "./iam-policy-document.js";

const ID = "iam_policy_no_full_admin_attached";

type HolderKind = "user" | "group" | "role";

interface Holder {
  readonly kind: HolderKind;
  readonly name: string;
  readonly arn: string;
}

const INLINE_TYPES: Readonly<Record<HolderKind, string>> = {
  user: "AWS::IAM::UserPolicy",
  group: "AWS::IAM::GroupPolicy",
  role: "AWS::IAM::RolePolicy",
};

function holders(details: AuthorizationDetails): { holder: Holder; of: PolicyHolder }[] {
  return [
    ...details.users.map((of) => ({ holder: { kind: "user" as const, name: of.userName, arn: of.arn }, of })),
    ...details.groups.map((of) => ({
      holder: { kind: "group" as const, name: of.groupName, arn: of.arn },
      of,
    })),
    ...details.roles.map((of) => ({ holder: { kind: "role" as const, name: of.roleName, arn: of.arn }, of })),
  ];
}

function describeHolders(list: readonly Holder[]): string {
  return list.map((holder) => `${holder.kind} ${holder.name}`).join(", ");
}

function describeGrant(statement: AdminStatement): string {
  const actions =
    statement.actionKey === "Action" ? "every action" : `every action except ${statement.actions.join(", ")}`;
  const resources =
    statement.resourceKey === "Resource"
      ? "every resource"
      : `every resource except ${statement.resources.join(", ")}`;
  const where = statement.sid ? `statement "${statement.sid}"` : `statement ${statement.index + 1}`;
  return `${actions} on ${resources} (${where}${statement.conditional ? ", with a Condition" : ""})`;
}

function statementEvidence(statement: AdminStatement) {
  return {
    statementIndex: statement.index,
    sid: statement.sid,
    [statement.actionKey]: [...statement.actions],
    [statement.resourceKey]: [...statement.resources],
    conditional: statement.conditional,
  };
}

/** Judges one document: FAIL/PASS, or ERROR when it cannot be read. */
function judgeDocument(
  document: PolicyDocument,
  what: string,
): { status: "PASS" | "FAIL" | "ERROR"; sentence: string; statements: AdminStatement[]; error?: string } {
  if (!document.ok) {
    return {
      status: "ERROR",
      sentence: `${what} could not be read: ${document.error}.`,
      statements: [],
      error: document.error,
    };
  }
  let statements: AdminStatement[];
  try {
    statements = fullAdminStatements(document.value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: "ERROR",
      sentence: `${what} could not be read: ${message}.`,
      statements: [],
      error: message,
    };
  }
  if (statements.length === 0) {
    return { status: "PASS", sentence: `${what} does not allow every action on every resource.`, statements };
  }
  return {
    status: "FAIL",
    sentence: `${what} allows ${statements.map(describeGrant).join("; and ")}: replace it with least-privilege permissions.`,
    statements,
  };
}

function defaultVersion(policy: ManagedPolicy) {
  return (
    policy.versions.find((version) => version.versionId === policy.defaultVersionId) ??
    policy.versions.find((version) => version.isDefaultVersion)
  );
}

function managedVerdict(
  arn: string,
  attachedTo: Holder[],
  policy: ManagedPolicy | undefined,
  name: string,
): Verdict {
  const base = {
    resourceType: "AWS::IAM::ManagedPolicy",
    resourceArn: arn,
    resourceName: policy?.policyName ?? name,
    identity: [arn],
  };
  const attached = describeHolders(attachedTo);
  const common = {
    policyName: policy?.policyName ?? name,
    policyArn: arn,
    policyType: (policy?.awsManaged ?? /:iam::aws:policy\//.test(arn)) ? "aws-managed" : "customer-managed",
    attachedTo: attachedTo.map((holder) => ({ type: holder.kind, name: holder.name, arn: holder.arn })),
    source: "iam:GetAccountAuthorizationDetails",
  };
  const version = policy ? defaultVersion(policy) : undefined;
  if (!policy || !version) {
    return {
      ...base,
      status: "ERROR",
      statusExtended: `Managed policy ${name}, attached to ${attached}, could not be judged: ${policy ? `its default version ${policy.defaultVersionId} was` : "it was"} not in the GetAccountAuthorizationDetails response.`,
      evidence: { ...common, defaultVersionId: policy?.defaultVersionId ?? null },
    };
  }
  const judged = judgeDocument(
    version.document,
    `Managed policy ${policy.policyName} (default version ${version.versionId}), attached to ${attached},`,
  );
  return {
    ...base,
    status: judged.status,
    statusExtended: judged.sentence,
    evidence: {
      ...common,
      defaultVersionId: version.versionId,
      versionCount: policy.versions.length,
      fullAdminStatements: judged.statements.map(statementEvidence),
      ...(judged.error ? { documentError: judged.error } : {}),
    },
  };
}

function inlineVerdict(holder: Holder, policy: InlinePolicy): Verdict {
  const judged = judgeDocument(
    policy.document,
    `Inline policy ${policy.policyName} of ${holder.kind} ${holder.name}`,
  );
  return {
    status: judged.status,
    resourceType: INLINE_TYPES[holder.kind],
    resourceArn: holder.arn,
    resourceName: `${holder.name}/${policy.policyName}`,
    identity: [holder.arn, "inline", policy.policyName],
    statusExtended: judged.sentence,
    evidence: {
      policyName: policy.policyName,
      policyType: "inline",
      attachedTo: [{ type: holder.kind, name: holder.name, arn: holder.arn }],
      fullAdminStatements: judged.statements.map(statementEvidence),
      ...(judged.error ? { documentError: judged.error } : {}),
      source: "iam:GetAccountAuthorizationDetails",
    },
  };
}

/** The account-wide PASS when no user, group or role holds any policy: nothing to judge, nothing grants "*:*". */
function nothingAttached(snapshot: Snapshot, details: AuthorizationDetails): Verdict {
  return accountVerdict(
    snapshot,
    "PASS",
    `No user, group or role of account ${snapshot.accountId} holds a managed or inline policy (users: ${details.users.length}, groups: ${details.groups.length}, roles: ${details.roles.length}): none grants full administrative privileges.`,
    {
      users: details.users.length,
      groups: details.groups.length,
      roles: details.roles.length,
      source: "iam:GetAccountAuthorizationDetails",
    },
  );
}

/** The 1.16 rule. */
export const rule: Rule = {
  id: ID,
  title: 'No attached IAM policy allows full "*:*" administrative privileges',
  severity: "high",
  resourceTypes: [
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::GroupPolicy",
    "AWS::IAM::RolePolicy",
  ],
  description:
    "Reads the default version of every managed policy attached to a user, group or role, and every inline " +
    'policy, and finds statements with "Effect": "Allow" on every action ("Action": "*", or "NotAction", ' +
    'which allows everything not listed) and every resource ("Resource": "*"). One finding per policy; ' +
    "one account-wide PASS when no user, group or role holds any policy.",
  rationale:
    "A policy that allows everything makes whoever holds it an administrator, beyond what any one task " +
    "needs. Least privilege starts from what a job requires and grants only that; full administrative " +
    "access should be rare, named, and reviewed.",
  remediation: {
    console: [
      "Open the IAM console and choose Policies, then the policy named in the finding.",
      "On the Entities attached tab, note who uses it, and work out which actions they need.",
      "Create a least-privilege policy (or a new default version of this one) and attach it instead.",
      "Detach the full-access policy from each user, group and role (Entities attached → Detach); for an inline policy, open the user, group or role and remove it.",
    ],
    cli: [
      "aws iam list-entities-for-policy --policy-arn <policy-arn>",
      "aws iam get-policy-version --policy-arn <policy-arn> --version-id <default-version-id>",
      "aws iam detach-user-policy --user-name <user> --policy-arn <policy-arn>",
      "aws iam detach-group-policy --group-name <group> --policy-arn <policy-arn>",
      "aws iam detach-role-policy --role-name <role> --policy-arn <policy-arn>",
      "aws iam delete-role-policy --role-name <role> --policy-name <inline-policy-name>",
    ],
    iac: {
      cloudformation: [
        "ReadReports:",
        "  Type: AWS::IAM::ManagedPolicy",
        "  Properties:",
        "    PolicyDocument:",
        '      Version: "2012-10-17"',
        "      Statement:",
        "        - Effect: Allow",
        "          Action: [s3:GetObject, s3:ListBucket]   # never Action: '*' with Resource: '*'",
        "          Resource: [arn:aws:s3:::reports, arn:aws:s3:::reports/*]",
      ].join("\n"),
      terraform: [
        'data "aws_iam_policy_document" "read_reports" {',
        "  statement {",
        '    actions   = ["s3:GetObject", "s3:ListBucket"] # never "*" on "*"',
        '    resources = ["arn:aws:s3:::reports", "arn:aws:s3:::reports/*"]',
        "  }",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccountAuthorizationDetails.html",
  ],
  requires: ["iam.authorizationDetails"],
  cloudTrailEvents: [
    "AttachUserPolicy",
    "AttachGroupPolicy",
    "AttachRolePolicy",
    "PutUserPolicy",
    "PutGroupPolicy",
    "PutRolePolicy",
    "CreatePolicyVersion",
    "SetDefaultPolicyVersion",
    "DetachUserPolicy",
    "DetachGroupPolicy",
    "DetachRolePolicy",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const details = snapshot.authorization?.details;
    if (!details) return [];
    const policies = new Map(details.policies.map((policy) => [policy.arn, policy]));
    const attached = new Map<string, { name: string; holders: Holder[] }>();
    const verdicts: Verdict[] = [];
    for (const { holder, of } of holders(details)) {
      for (const policy of of.attachedManagedPolicies) {
        const entry = attached.get(policy.policyArn) ?? { name: policy.policyName, holders: [] };
        entry.holders.push(holder);
        attached.set(policy.policyArn, entry);
      }
      for (const policy of of.inlinePolicies) verdicts.push(inlineVerdict(holder, policy));
    }
    const managed = [...attached].map(([arn, { name, holders: list }]) =>
      managedVerdict(arn, list, policies.get(arn), name),
    );
    const all = [...managed, ...verdicts];
    if (all.length === 0) all.push(nothingAttached(snapshot, details));
    return all.map((verdict) => buildFinding(rule, snapshot, verdict));
  },
};
