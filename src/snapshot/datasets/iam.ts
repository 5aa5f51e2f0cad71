/**
 * IAM datasets (account-wide; IAM is a global service). Their values live in the snapshot's typed IAM
 * fields (`credentialReport`, `iamUsers`/`userCredentials`, `iamAccount`, `authorization`), whose schemas
 * sit next to their types (`snapshot/iam-account.ts`, `snapshot/authorization.ts`, `snapshot/file.ts`).
 *
 * Sources: IAM API Reference (GenerateCredentialReport, GetCredentialReport, ListUsers, GetLoginProfile,
 * ListAccessKeys, GetAccessKeyLastUsed, GetAccountPasswordPolicy, GetAccountSummary,
 * ListVirtualMFADevices, GetAccountAuthorizationDetails, ListServerCertificates, ListSAMLProviders,
 * ListOpenIDConnectProviders).
 */
import { defineDataset } from "../dataset.js";

/** The IAM credential report (snapshot field `credentialReport`). */
export const credentialReport = defineDataset({
  name: "iam.credentialReport",
  scope: "account",
  title: "the IAM credential report",
  actions: ["iam:GenerateCredentialReport", "iam:GetCredentialReport"],
  dependsOn: [],
  stored: "field",
});

/**
 * The credential report refined through the IAM API (snapshot fields `iamUsers`, `userCredentials`):
 * every user that exists now (ListUsers), and a fresh view of the console password and access keys of
 * the users whose report rows a rule must re-check before it reports them (an active access key never
 * used, on a user with a console password: CIS 1.11) and of users created after the report.
 */
export const userCredentials = defineDataset({
  name: "iam.userCredentials",
  scope: "account",
  title: "the IAM users and their credentials read through the IAM API",
  actions: ["iam:ListUsers", "iam:GetLoginProfile", "iam:ListAccessKeys", "iam:GetAccessKeyLastUsed"],
  dependsOn: ["iam.credentialReport"],
  stored: "field",
});

/** Users, groups, roles and managed policies with their documents (snapshot field `authorization.details`). */
export const authorizationDetails = defineDataset({
  name: "iam.authorizationDetails",
  scope: "account",
  title: "the IAM users, groups, roles and policies (GetAccountAuthorizationDetails)",
  actions: ["iam:GetAccountAuthorizationDetails"],
  dependsOn: [],
  stored: "field",
});

/** IAM server certificates (snapshot field `authorization.serverCertificates`). */
export const serverCertificates = defineDataset({
  name: "iam.serverCertificates",
  scope: "account",
  title: "the IAM server certificates",
  actions: ["iam:ListServerCertificates"],
  dependsOn: [],
  stored: "field",
});

/** SAML and OIDC identity providers (snapshot field `authorization.identityProviders`). */
export const identityProviders = defineDataset({
  name: "iam.identityProviders",
  scope: "account",
  title: "the IAM identity providers (SAML and OpenID Connect)",
  actions: ["iam:ListSAMLProviders", "iam:ListOpenIDConnectProviders"],
  dependsOn: [],
  stored: "field",
});

/** The account password policy, or none (snapshot field `iamAccount.passwordPolicy`). */
export const passwordPolicy = defineDataset({
  name: "iam.passwordPolicy",
  scope: "account",
  title: "the IAM password policy",
  actions: ["iam:GetAccountPasswordPolicy"],
  dependsOn: [],
  stored: "field",
});

/** IAM GetAccountSummary's counters (snapshot field `iamAccount.accountSummary`). */
export const accountSummary = defineDataset({
  name: "iam.accountSummary",
  scope: "account",
  title: "the IAM account summary",
  actions: ["iam:GetAccountSummary"],
  dependsOn: [],
  stored: "field",
});

/** Every virtual MFA device (snapshot field `iamAccount.virtualMfaDevices`). */
export const virtualMfaDevices = defineDataset({
  name: "iam.virtualMfaDevices",
  scope: "account",
  title: "the virtual MFA devices",
  actions: ["iam:ListVirtualMFADevices"],
  dependsOn: [],
  stored: "field",
});
