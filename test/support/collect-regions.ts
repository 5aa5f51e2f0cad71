/**
 * Collects some regional datasets of the moto account (or any endpoint) through the runner, in named
 * regions only, with production's client factory; returns the snapshot and the API calls made.
 */
import { createClients } from "../../src/aws/clients.js";
import { collectDatasets } from "../../src/aws/runner.js";
import type { DatasetName } from "../../src/snapshot/datasets/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { MOTO_ACCOUNT_ID, MOTO_CREDENTIALS } from "./moto.js";

/** Collects `datasets` from `endpoint` in `regions` (one attempt per call). */
export async function collectInRegions(
  endpoint: string,
  datasets: readonly DatasetName[],
  regions: readonly string[],
  options: { collectedAt?: Date; accountId?: string } = {},
): Promise<{ snapshot: Snapshot; calls: Record<string, number> }> {
  const clients = createClients({
    endpointUrl: endpoint,
    region: "us-east-1",
    credentials: { ...MOTO_CREDENTIALS },
    maxAttempts: 1,
  });
  try {
    const { snapshot } = await collectDatasets(
      clients,
      { accountId: options.accountId ?? MOTO_ACCOUNT_ID, partition: "aws" },
      { datasets, collectedAt: options.collectedAt ?? new Date(), regions },
    );
    return { snapshot, calls: clients.apiCalls() };
  } finally {
    clients.destroy();
  }
}
