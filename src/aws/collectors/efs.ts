/**
 * Collector of the EFS dataset (`snapshot/datasets/efs.ts`): DescribeFileSystems (every page) in every
 * enabled region.
 *
 * Source: Amazon EFS API Reference, DescribeFileSystems.
 */
import type { EfsFileSystem } from "../../snapshot/datasets/efs.js";
import { callAws } from "../errors.js";
import { regionalClients, regionalCollector } from "./types.js";

export const fileSystems = regionalCollector({
  dataset: "efs.fileSystems",
  async collect(context, region): Promise<readonly EfsFileSystem[]> {
    const efs = await regionalClients(context).efs(region);
    const { paginateDescribeFileSystems } = await import("@aws-sdk/client-efs");
    const found: EfsFileSystem[] = [];
    await callAws("elasticfilesystem:DescribeFileSystems", context.accountId, async () => {
      for await (const page of paginateDescribeFileSystems({ client: efs }, {}))
        for (const fs of page.FileSystems ?? [])
          found.push({
            fileSystemId: fs.FileSystemId ?? "",
            arn: fs.FileSystemArn ?? "",
            name: fs.Name ?? null,
            encrypted: fs.Encrypted === true,
            kmsKeyId: fs.KmsKeyId ?? null,
            lifeCycleState: fs.LifeCycleState ?? null,
            creationTime: fs.CreationTime ?? null,
          });
    });
    return found.sort((a, b) =>
      a.fileSystemId < b.fileSystemId ? -1 : a.fileSystemId > b.fileSystemId ? 1 : 0,
    );
  },
});
