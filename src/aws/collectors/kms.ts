/**
 * Collector of the KMS dataset (`snapshot/datasets/kms.ts`): in every enabled region, ListKeys (every
 * page), DescribeKey for each key (AWS-managed ones included: only DescribeKey tells them apart), and
 * GetKeyRotationStatus for each key whose rotation CIS judges (`rotationJudged`). Calls per region:
 * 1 per ListKeys page, plus 1 per key, plus 1 per judged key.
 *
 * A key whose DescribeKey or GetKeyRotationStatus is refused (a key policy may not let the auditor in:
 * `AccessDeniedException`) is recorded on the key with the error, and the region is still read; any other
 * failure fails the region.
 *
 * Sources: AWS KMS API Reference, ListKeys, DescribeKey, GetKeyRotationStatus.
 */
import type { KMSClient } from "@aws-sdk/client-kms";
import type { KmsKey, KmsKeyMetadata } from "../../snapshot/datasets/kms.js";
import { rotationJudged } from "../../snapshot/kms-keys.js";
import { awsErrorCode, describeAwsError, isAccessDenied } from "../errors.js";
import { regionalClients, regionalCollector } from "./types.js";

export const keys = regionalCollector({
  dataset: "kms.keys",
  async collect(context, region) {
    const client = await regionalClients(context).kms(region);
    const { paginateListKeys } = await import("@aws-sdk/client-kms");
    const listed: { keyId: string; keyArn: string }[] = [];
    for await (const page of paginateListKeys({ client }, {}))
      for (const key of page.Keys ?? []) listed.push({ keyId: key.KeyId ?? "", keyArn: key.KeyArn ?? "" });
    const result: KmsKey[] = [];
    for (const key of listed) result.push(await readKey(client, key));
    return result;
  },
});

async function readKey(client: KMSClient, key: { keyId: string; keyArn: string }): Promise<KmsKey> {
  const { DescribeKeyCommand, GetKeyRotationStatusCommand } = await import("@aws-sdk/client-kms");
  const described = await refusable(async () => {
    const { KeyMetadata: m } = await client.send(new DescribeKeyCommand({ KeyId: key.keyArn || key.keyId }));
    const metadata: KmsKeyMetadata = {
      keyManager: m?.KeyManager ?? null,
      keySpec: m?.KeySpec ?? m?.CustomerMasterKeySpec ?? null,
      keyUsage: m?.KeyUsage ?? null,
      keyState: m?.KeyState ?? null,
      origin: m?.Origin ?? null,
      customKeyStoreId: m?.CustomKeyStoreId || null,
      multiRegion: m?.MultiRegion === true,
      multiRegionKeyType: m?.MultiRegionConfiguration?.MultiRegionKeyType ?? null,
      description: m?.Description || null,
      creationDate: m?.CreationDate ?? null,
      deletionDate: m?.DeletionDate ?? null,
    };
    return metadata;
  });
  const metadata = described.value;
  if (!metadata || !rotationJudged(metadata))
    return { ...key, metadata, describeError: described.error, rotation: null, rotationError: null };
  const rotation = await refusable(async () => {
    const answer = await client.send(new GetKeyRotationStatusCommand({ KeyId: key.keyArn || key.keyId }));
    return {
      enabled: answer.KeyRotationEnabled === true,
      rotationPeriodInDays: answer.RotationPeriodInDays ?? null,
      nextRotationDate: answer.NextRotationDate ?? null,
    };
  });
  return { ...key, metadata, describeError: null, rotation: rotation.value, rotationError: rotation.error };
}

/** Runs a per-key call; an access error (a key policy) is recorded on the key, anything else thrown. */
async function refusable<V>(
  call: () => Promise<V>,
): Promise<{ value: V | null; error: { code: string; message: string } | null }> {
  try {
    return { value: await call(), error: null };
  } catch (error) {
    if (!isAccessDenied(error)) throw error;
    return {
      value: null,
      error: { code: awsErrorCode(error) ?? "AccessDenied", message: describeAwsError(error) },
    };
  }
}
