/**
 * Collects some datasets of one account through the runner (the one way production collects), for
 * tests that look at one group of datasets: the IAM account settings, the authorization details, the
 * security contact. Returns the snapshot's parts and the collection errors.
 */

import type { AwsClients } from "../../src/aws/clients.js";
import { createClients } from "../../src/aws/clients.js";
import { collectDatasets } from "../../src/aws/runner.js";
import type { DatasetName } from "../../src/snapshot/datasets/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";

/** The datasets of the IAM account settings, the authorization details, the security contact. */
export const IAM_ACCOUNT: readonly DatasetName[] = [
  "iam.passwordPolicy",
  "iam.accountSummary",
  "iam.virtualMfaDevices",
];
export const AUTHORIZATION: readonly DatasetName[] = [
  "iam.authorizationDetails",
  "iam.serverCertificates",
  "iam.identityProviders",
];

/** Runs the runner for `datasets` of `accountId` with `clients`. */
export async function collectSome(
  clients: AwsClients,
  accountId: string,
  datasets: readonly DatasetName[],
): Promise<Snapshot> {
  return (
    await collectDatasets(clients, { accountId, partition: "aws" }, { datasets, collectedAt: new Date() })
  ).snapshot;
}

/** Clients for `endpoint` with one attempt per call (createClients, the production factory). */
export function clientsFor(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) {
  return createClients({ endpointUrl: endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
}
