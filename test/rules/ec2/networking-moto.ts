/**
 * Networking datasets collected from moto through the runner (the one way production collects, with the
 * real SDK v3), for the rules' moto tests; and the id of the default VPC of a region.
 */
import { DescribeVpcsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { collectDatasets } from "../../../src/aws/runner.js";
import type { DatasetName } from "../../../src/snapshot/datasets/index.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { clientsFor } from "../../support/collect-datasets.js";
import { MOTO_ACCOUNT_ID, MOTO_CREDENTIALS } from "../../support/moto.js";

/** `datasets` of `regions`, collected from the moto server at `endpoint` through the runner. */
export async function collectFromMoto(
  endpoint: string,
  datasets: readonly DatasetName[],
  regions: readonly string[],
): Promise<Snapshot> {
  const clients = clientsFor(endpoint, { ...MOTO_CREDENTIALS });
  try {
    const { snapshot } = await collectDatasets(
      clients,
      { accountId: MOTO_ACCOUNT_ID, partition: "aws" },
      { datasets, collectedAt: new Date(), regions },
    );
    if (snapshot.errors.length > 0) throw new Error(`collection failed: ${JSON.stringify(snapshot.errors)}`);
    return snapshot;
  } finally {
    clients.destroy();
  }
}

/** The id of the default VPC of `ec2`'s region (moto makes one in every region). */
export async function defaultVpcId(ec2: EC2Client): Promise<string> {
  const { Vpcs } = await ec2.send(
    new DescribeVpcsCommand({ Filters: [{ Name: "is-default", Values: ["true"] }] }),
  );
  const vpcId = Vpcs?.[0]?.VpcId;
  if (vpcId === undefined) throw new Error("moto gave no default VPC");
  return vpcId;
}
