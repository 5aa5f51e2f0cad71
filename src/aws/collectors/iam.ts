/**
 * Collectors of the IAM datasets (`snapshot/datasets/iam.ts`). IAM is global: one call set per account.
 */
import { getAuthorizationDetails, listIdentityProviders, listServerCertificates } from "../authorization.js";
import { fetchCredentialReport, requireOwnReport } from "../credential-report.js";
import { getAccountSummary, getPasswordPolicy, listVirtualMfaDevices } from "../iam-account.js";
import { verifySnapshot } from "../verify.js";
import { accountCollector, reportOf } from "./types.js";

export const credentialReport = accountCollector({
  dataset: "iam.credentialReport",
  // A live report is the caller's account's own or it is not judged (requireOwnReport).
  collect: async (context) =>
    requireOwnReport(
      await fetchCredentialReport(context.clients.iam, {
        accountId: context.accountId,
        ...(context.report.timeoutMs !== undefined ? { timeoutMs: context.report.timeoutMs } : {}),
        ...(context.report.pollBaseMs !== undefined ? { pollBaseMs: context.report.pollBaseMs } : {}),
        ...(context.report.onWait ? { onWait: context.report.onWait } : {}),
      }),
      context.accountId,
    ),
  store: (draft, report) => {
    draft.credentialReport = report;
  },
});

/**
 * The report refined through the IAM API: every user that exists now (ListUsers), and a fresh read of
 * the users the selected rules ask to re-check (`Rule.recheckUsers`) and of users created after the
 * report, at most `verifyMaxUsers` of them. Failures here are warnings, never errors: the verdicts then
 * come from the report (the report's own rules still judge every user).
 */
export const userCredentials = accountCollector({
  dataset: "iam.userCredentials",
  async collect(context) {
    const snapshot = { ...context.draft, credentialReport: reportOf(context) };
    const flagged = new Set<string>();
    for (const rule of context.rules) {
      if (!rule.recheckUsers) continue;
      const params = { ...rule.defaults, ...(context.params[rule.id] ?? {}) };
      for (const userName of rule.recheckUsers(snapshot, params)) flagged.add(userName);
    }
    const verification = await verifySnapshot(context.clients.iam, snapshot, flagged, {
      ...(context.verifyMaxUsers !== undefined ? { maxUsers: context.verifyMaxUsers } : {}),
    });
    for (const warning of verification.warnings) context.warn(warning);
    return {
      iamUsers: verification.snapshot.iamUsers,
      userCredentials: verification.snapshot.userCredentials,
    };
  },
  store: (draft, value) => {
    if (value.iamUsers) draft.iamUsers = value.iamUsers;
    if (value.userCredentials) draft.userCredentials = value.userCredentials;
  },
});

export const passwordPolicy = accountCollector({
  dataset: "iam.passwordPolicy",
  collect: (context) => getPasswordPolicy(context.clients.iam, context.accountId),
  store: (draft, value) => {
    draft.iamAccount = { ...draft.iamAccount, passwordPolicy: value };
  },
});

export const accountSummary = accountCollector({
  dataset: "iam.accountSummary",
  collect: (context) => getAccountSummary(context.clients.iam, context.accountId),
  store: (draft, value) => {
    draft.iamAccount = { ...draft.iamAccount, accountSummary: value };
  },
});

export const virtualMfaDevices = accountCollector({
  dataset: "iam.virtualMfaDevices",
  collect: (context) => listVirtualMfaDevices(context.clients.iam, context.accountId),
  store: (draft, value) => {
    draft.iamAccount = { ...draft.iamAccount, virtualMfaDevices: value };
  },
});

export const authorizationDetails = accountCollector({
  dataset: "iam.authorizationDetails",
  collect: (context) => getAuthorizationDetails(context.clients.iam, context.accountId),
  store: (draft, value) => {
    draft.authorization = { ...draft.authorization, details: value };
  },
});

export const serverCertificates = accountCollector({
  dataset: "iam.serverCertificates",
  collect: (context) => listServerCertificates(context.clients.iam, context.accountId),
  store: (draft, value) => {
    draft.authorization = { ...draft.authorization, serverCertificates: value };
  },
});

export const identityProviders = accountCollector({
  dataset: "iam.identityProviders",
  collect: (context) => listIdentityProviders(context.clients.iam, context.accountId),
  store: (draft, value) => {
    draft.authorization = { ...draft.authorization, identityProviders: value };
  },
});
