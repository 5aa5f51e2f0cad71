/**
 * The record of collection: which datasets a snapshot holds. Live scans and snapshot files carry it
 * (`snapshot.collected`); for snapshots made without it (credential report files, older snapshot files,
 * hand-built snapshots) the data present is the record.
 */
import { DATASETS, type DatasetName } from "./datasets/index.js";
import type { Snapshot } from "./types.js";

/** The datasets present in a snapshot that carries no record. */
function presentDatasets(snapshot: Snapshot): DatasetName[] {
  const present: DatasetName[] = [];
  const add = (name: DatasetName, there: boolean) => {
    if (there) present.push(name);
  };
  add("iam.credentialReport", snapshot.credentialReport !== undefined);
  add("iam.userCredentials", snapshot.iamUsers !== undefined);
  add("iam.authorizationDetails", snapshot.authorization?.details !== undefined);
  add("iam.serverCertificates", snapshot.authorization?.serverCertificates !== undefined);
  add("iam.identityProviders", snapshot.authorization?.identityProviders !== undefined);
  add("iam.passwordPolicy", snapshot.iamAccount?.passwordPolicy !== undefined);
  add("iam.accountSummary", snapshot.iamAccount?.accountSummary !== undefined);
  add("iam.virtualMfaDevices", snapshot.iamAccount?.virtualMfaDevices !== undefined);
  add("ec2.regions", snapshot.regional !== undefined);
  add("account.securityContact", snapshot.securityContact !== undefined);
  for (const name of DATASETS.keys())
    if (snapshot.datasets?.[name as keyof NonNullable<Snapshot["datasets"]>] !== undefined)
      present.push(name);
  for (const name of DATASETS.keys())
    if (snapshot.accountDatasets?.[name as keyof NonNullable<Snapshot["accountDatasets"]>] !== undefined)
      present.push(name);
  return present;
}

/** The datasets the snapshot holds (for regional ones: asked of every enabled region). */
export function collectedDatasets(snapshot: Snapshot): ReadonlySet<DatasetName> {
  return new Set(snapshot.collected ?? presentDatasets(snapshot));
}
