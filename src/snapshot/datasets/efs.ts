/**
 * Amazon EFS datasets (per region).
 *
 * Source: Amazon EFS API Reference, DescribeFileSystems (`GET /2015-02-01/file-systems`, `Marker` paging).
 */
import type { z as zod } from "zod";
import { defineDataset } from "../dataset.js";

/** One EFS file system. */
export interface EfsFileSystem {
  readonly fileSystemId: string;
  readonly arn: string;
  /** The `Name` tag, or null. */
  readonly name: string | null;
  readonly encrypted: boolean;
  readonly kmsKeyId: string | null;
  /** `creating`, `available`, `updating`, `deleting`, `deleted`, `error`. */
  readonly lifeCycleState: string | null;
  readonly creationTime: Date | null;
}

export const fileSystems = defineDataset({
  name: "efs.fileSystems",
  scope: "region",
  title: "the EFS file systems",
  actions: ["elasticfilesystem:DescribeFileSystems"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z): zod.ZodType<readonly EfsFileSystem[]> =>
    z
      .array(
        z.looseObject({
          fileSystemId: z.string(),
          arn: z.string(),
          name: z.string().nullable(),
          encrypted: z.boolean(),
          kmsKeyId: z.string().nullable(),
          lifeCycleState: z.string().nullable(),
          creationTime: z.date().nullable(),
        }),
      )
      .readonly(),
});
