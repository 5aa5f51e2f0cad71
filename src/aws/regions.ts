/**
 * The regions of an account: EC2 DescribeRegions (all regions with their opt-in status), and the enabled
 * ones (`opt-in-not-required`, `opted-in`) that every regional dataset is read in.
 *
 * Source: Amazon EC2 API Reference, DescribeRegions (`AllRegions`, `OptInStatus`).
 */
import { DescribeRegionsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import type { AwsRegion } from "../snapshot/regional.js";

/** ec2:DescribeRegions with AllRegions: every region and its opt-in status, sorted by name. */
export async function describeRegions(ec2: EC2Client): Promise<AwsRegion[]> {
  const { Regions } = await ec2.send(new DescribeRegionsCommand({ AllRegions: true }));
  return (Regions ?? [])
    .filter((region) => region.RegionName)
    .map((region) => ({
      regionName: region.RegionName as string,
      optInStatus: region.OptInStatus ?? "opt-in-not-required",
    }))
    .sort((a, b) => a.regionName.localeCompare(b.regionName));
}
