/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.21 (Level 2, Manual):
 * "Ensure IAM users are managed centrally via identity federation or AWS Organizations for
 * multi-account environments".
 *
 * Whether people sign in through federation or IAM Identity Center is an organisational fact no API
 * answers alone, so this rule gives one MANUAL finding with the evidence a reviewer needs: the SAML and
 * OIDC identity providers, and the IAM users present (GetAccountAuthorizationDetails when collected,
 * else the credential report). Data: IAM ListSAMLProviders, ListOpenIDConnectProviders.
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

const ID = "iam_user_managed_centrally";

/** At most this many user names go into the evidence (the count is always exact). */
const MAX_LISTED_USERS = 50;

function iamUsers(snapshot: Snapshot): { names: string[]; source: string } | null {
  const details = snapshot.authorization?.details;
  if (details) {
    return {
      names: details.users.map((user) => user.userName),
      source: "iam:GetAccountAuthorizationDetails",
    };
  }
  const report = snapshot.credentialReport;
  if (report) {
    return {
      names: report.rows.filter((row) => !row.isRoot).map((row) => row.user),
      source: "credential-report",
    };
  }
  return null;
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** The 1.21 rule (MANUAL with evidence). */
export const rule: Rule = {
  id: ID,
  title: "IAM users are managed centrally through identity federation or AWS Organizations",
  severity: "low",
  resourceTypes: ["AWS::::Account"],
  description:
    "Lists the account's SAML and OpenID Connect identity providers and its IAM users, for a reviewer to " +
    "decide whether people get access through a central identity provider or IAM Identity Center rather " +
    "than through IAM users of their own. Always MANUAL.",
  rationale:
    "Identities managed in one place are created, reviewed and removed in one place: someone who leaves " +
    "loses access everywhere at once. IAM users per person and per account multiply long-lived " +
    "credentials and the places where access must be revoked.",
  remediation: {
    console: [
      "Enable IAM Identity Center in the Organization's management account (or connect your identity provider as a SAML/OIDC provider in IAM).",
      "Create permission sets for the job functions and assign groups from the identity source to the accounts.",
      "Move each person from their IAM user to federated access, then delete their IAM user.",
    ],
    cli: [
      "aws iam list-saml-providers",
      "aws iam list-open-id-connect-providers",
      "aws sso-admin list-instances",
      "aws iam list-users",
    ],
    iac: {
      cloudformation: [
        "IdentityProvider:",
        "  Type: AWS::IAM::SAMLProvider",
        "  Properties:",
        "    Name: corporate-idp",
        "    SamlMetadataDocument: '<metadata XML from your identity provider>'",
      ].join("\n"),
      terraform: [
        'resource "aws_iam_saml_provider" "corporate" {',
        '  name                   = "corporate-idp"',
        '  saml_metadata_document = file("idp-metadata.xml")',
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers.html",
    "https://docs.aws.amazon.com/singlesignon/latest/userguide/what-is.html",
  ],
  requires: ["iam.identityProviders"],
  optional: ["iam.authorizationDetails", "iam.credentialReport"],
  cloudTrailEvents: [
    "CreateSAMLProvider",
    "DeleteSAMLProvider",
    "CreateOpenIDConnectProvider",
    "DeleteOpenIDConnectProvider",
    "CreateUser",
    "DeleteUser",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const providers = snapshot.authorization?.identityProviders;
    if (!providers) return [];
    const users = iamUsers(snapshot);
    const federation =
      providers.saml.length + providers.oidc.length === 0
        ? "no SAML or OIDC identity provider"
        : `${count(providers.saml.length, "SAML provider", "SAML providers")} and ${count(providers.oidc.length, "OIDC provider", "OIDC providers")}`;
    const people =
      users === null ? "an unknown number of IAM users" : count(users.names.length, "IAM user", "IAM users");
    return [
      buildFinding(rule, snapshot, {
        status: "MANUAL",
        ...accountResource(snapshot),
        identity: ["central-user-management"],
        statusExtended: `Account ${snapshot.accountId} has ${federation} and ${people}: check that people sign in through federation or IAM Identity Center, not as IAM users.`,
        evidence: {
          samlProviders: providers.saml.map((provider) => ({
            arn: provider.arn,
            createDate: provider.createDate ? isoTime(provider.createDate) : null,
            validUntil: provider.validUntil ? isoTime(provider.validUntil) : null,
          })),
          oidcProviders: [...providers.oidc],
          iamUserCount: users?.names.length ?? null,
          iamUsers: users?.names.slice(0, MAX_LISTED_USERS) ?? null,
          iamUsersSource: users?.source ?? null,
          identityCenter: "not checked: run aws sso-admin list-instances in the management account",
          source: "iam:ListSAMLProviders, iam:ListOpenIDConnectProviders",
        },
      }),
    ];
  },
};
