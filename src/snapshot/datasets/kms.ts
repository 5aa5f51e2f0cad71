/**
 * AWS KMS datasets: per enabled region, every key (ListKeys, all pages) with its DescribeKey metadata,
 * and the rotation status (GetKeyRotationStatus) of the keys whose rotation CIS judges: customer
 * managed, symmetric (`SYMMETRIC_DEFAULT`), enabled, with key material from KMS (`Origin` AWS_KMS) and
 * no custom key store. The other keys' rotation is not asked for (AWS-managed keys rotate every year on
 * their own; asymmetric, HMAC, imported-material and custom-key-store keys cannot rotate automatically).
 *
 * Sources: AWS KMS API Reference, ListKeys, DescribeKey (`KeyMetadata`), GetKeyRotationStatus; AWS KMS
 * Developer Guide, "Rotating AWS KMS keys".
 */
import { type DatasetValue, defineDataset } from "../dataset.js";

/** The keys of one region. */
export const keys = defineDataset({
  name: "kms.keys",
  scope: "region",
  title: "the KMS keys and their rotation status",
  actions: ["kms:ListKeys", "kms:DescribeKey", "kms:GetKeyRotationStatus"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          keyId: z.string(),
          keyArn: z.string(),
          /**
           * DescribeKey's metadata; null when DescribeKey failed for this key (`describeError`: a key
           * policy may deny the auditor).
           */
          metadata: z
            .looseObject({
              /** `CUSTOMER` or `AWS`. */
              keyManager: z.string().nullable(),
              /** `SYMMETRIC_DEFAULT`, `RSA_2048`, `ECC_NIST_P256`, `HMAC_256`, ... */
              keySpec: z.string().nullable(),
              keyUsage: z.string().nullable(),
              /** `Enabled`, `Disabled`, `PendingDeletion`, `PendingImport`, `Unavailable`, ... */
              keyState: z.string().nullable(),
              /** `AWS_KMS`, `EXTERNAL` (imported material), `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`. */
              origin: z.string().nullable(),
              customKeyStoreId: z.string().nullable(),
              multiRegion: z.boolean(),
              /** `PRIMARY` or `REPLICA` for a multi-Region key, else null. */
              multiRegionKeyType: z.string().nullable(),
              description: z.string().nullable(),
              creationDate: z.date().nullable(),
              deletionDate: z.date().nullable(),
            })
            .nullable(),
          describeError: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
          /** GetKeyRotationStatus, for the keys CIS judges only; null for the others (or on failure). */
          rotation: z
            .looseObject({
              enabled: z.boolean(),
              rotationPeriodInDays: z.number().nullable(),
              nextRotationDate: z.date().nullable(),
            })
            .nullable(),
          rotationError: z.looseObject({ code: z.string(), message: z.string() }).nullable(),
        }),
      )
      .readonly(),
});

/** One KMS key of one region. */
export type KmsKey = DatasetValue<typeof keys>[number];
/** DescribeKey's metadata of a key. */
export type KmsKeyMetadata = NonNullable<KmsKey["metadata"]>;
