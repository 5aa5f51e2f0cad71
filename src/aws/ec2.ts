/**
 * EC2 instances of one region: DescribeInstances, every page. Reading only.
 *
 * Source: Amazon EC2 API Reference, DescribeInstances (`Reservations[].Instances[]`, `IamInstanceProfile`,
 * `State.Name`, `MetadataOptions`, `NextToken`).
 */
import { type EC2Client, paginateDescribeInstances } from "@aws-sdk/client-ec2";
import type { Ec2Instance } from "../snapshot/regional.js";

/** Instances per DescribeInstances page (the API's maximum). */
const PAGE_SIZE = 1000;

/** ec2:DescribeInstances in the client's region, every page, every state. */
export async function describeInstances(ec2: EC2Client): Promise<Ec2Instance[]> {
  const instances: Ec2Instance[] = [];
  for await (const page of paginateDescribeInstances({ client: ec2 }, { MaxResults: PAGE_SIZE })) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        if (!instance.InstanceId) continue;
        // Object.fromEntries defines own properties: a tag key `__proto__` or `constructor` is data.
        const tags: Record<string, string> = Object.fromEntries(
          (instance.Tags ?? []).flatMap((tag) => (tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? ""]])),
        );
        instances.push({
          instanceId: instance.InstanceId,
          state: instance.State?.Name ?? "unknown",
          instanceProfileArn: instance.IamInstanceProfile?.Arn ?? null,
          instanceType: instance.InstanceType ?? null,
          launchTime: instance.LaunchTime ?? null,
          name: Object.hasOwn(tags, "Name") ? (tags.Name as string) : null,
          tags,
          httpTokens: instance.MetadataOptions?.HttpTokens ?? null,
          httpEndpoint: instance.MetadataOptions?.HttpEndpoint ?? null,
          metadataOptionsState: instance.MetadataOptions?.State ?? null,
        });
      }
    }
  }
  return instances;
}
