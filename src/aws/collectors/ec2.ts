/**
 * Collectors of the EC2 datasets (`snapshot/datasets/ec2.ts`): the regions (once per account), and in
 * every enabled region the instances and the EBS encryption-by-default setting.
 *
 * Sources: Amazon EC2 API Reference, DescribeRegions, DescribeInstances, GetEbsEncryptionByDefault,
 * GetEbsDefaultKmsKeyId.
 */
import { AwsApiError } from "../../model/errors.js";
import { enabledRegions } from "../../snapshot/regional.js";
import { awsErrorCode } from "../errors.js";
import { accountCollector, regionalClients, regionalCollector } from "./types.js";

export const regions = accountCollector({
  dataset: "ec2.regions",
  async collect(context) {
    // The EC2 SDK module is large: loaded only when a rule reads regions.
    const { describeRegions } = await import("../regions.js");
    const listed = await describeRegions(await regionalClients(context).ec2());
    const enabled = enabledRegions(listed);
    // AWS always lists the region asked, and some enabled: an answer with none (a captive portal's or a
    // proxy's page the SDK read as an empty list) must fail the regional rules, never judge no region.
    if (enabled.length === 0)
      throw new AwsApiError(
        "ec2:DescribeRegions",
        context.accountId,
        "NoEnabledRegion",
        listed.length === 0
          ? "the answer lists no region at all (AWS always lists at least the one asked: is the endpoint EC2?)"
          : `the answer lists no enabled region among ${listed.length} (AWS always enables the region asked)`,
      );
    return { regions: listed, enabledRegions: enabled };
  },
  store: (draft, value) => {
    draft.regional = value;
  },
});

export const instances = regionalCollector({
  dataset: "ec2.instances",
  async collect(context, region) {
    const { describeInstances } = await import("../ec2.js");
    return describeInstances(await regionalClients(context).ec2(region));
  },
});

/**
 * `ec2:GetEbsEncryptionByDefault` decides; when it is on, `ec2:GetEbsDefaultKmsKeyId` names the key as
 * evidence. The key is evidence only (CIS reads the setting), so a failure to read it (denied, or an
 * endpoint that does not implement it) leaves `kmsKeyId` null with the error code, never a failed region.
 */
export const ebsEncryptionByDefault = regionalCollector({
  dataset: "ec2.ebsEncryptionByDefault",
  async collect(context, region) {
    const ec2 = await regionalClients(context).ec2(region);
    const { GetEbsEncryptionByDefaultCommand, GetEbsDefaultKmsKeyIdCommand } = await import(
      "@aws-sdk/client-ec2"
    );
    const { EbsEncryptionByDefault } = await ec2.send(new GetEbsEncryptionByDefaultCommand({}));
    const enabled = EbsEncryptionByDefault === true;
    if (!enabled) return { enabled, kmsKeyId: null, kmsKeyIdError: null };
    try {
      const { KmsKeyId } = await ec2.send(new GetEbsDefaultKmsKeyIdCommand({}));
      return { enabled, kmsKeyId: KmsKeyId ?? null, kmsKeyIdError: null };
    } catch (error) {
      return { enabled, kmsKeyId: null, kmsKeyIdError: awsErrorCode(error) ?? "Error" };
    }
  },
});

// Networking (CIS v1.5.0 section 5): one paginated Describe call per dataset and region.

/** `ec2:DescribeSecurityGroups` in the region, every page (1,000 groups a page). */
export const securityGroups = regionalCollector({
  dataset: "ec2.securityGroups",
  async collect(context, region) {
    const { describeSecurityGroups } = await import("../ec2-networking.js");
    return describeSecurityGroups(await regionalClients(context).ec2(region));
  },
});

/** `ec2:DescribeNetworkAcls` in the region, every page (100 ACLs a page). */
export const networkAcls = regionalCollector({
  dataset: "ec2.networkAcls",
  async collect(context, region) {
    const { describeNetworkAcls } = await import("../ec2-networking.js");
    return describeNetworkAcls(await regionalClients(context).ec2(region));
  },
});

/**
 * `ec2:DescribeNetworkInterfaces` in the region, every page (1,000 a page), unfiltered: one request says which
 * resources use every default group (a `group-id` filter would need the groups first).
 */
export const networkInterfaces = regionalCollector({
  dataset: "ec2.networkInterfaces",
  async collect(context, region) {
    const { describeNetworkInterfaces } = await import("../ec2-networking.js");
    return describeNetworkInterfaces(await regionalClients(context).ec2(region));
  },
});

/** `ec2:DescribeRouteTables` in the region, every page (100 tables a page). */
export const routeTables = regionalCollector({
  dataset: "ec2.routeTables",
  async collect(context, region) {
    const { describeRouteTables } = await import("../ec2-networking.js");
    return describeRouteTables(await regionalClients(context).ec2(region));
  },
});

/** ec2:DescribeVpcs in one region, every page. */
export const vpcs = regionalCollector({
  dataset: "ec2.vpcs",
  async collect(context, region) {
    const ec2 = await regionalClients(context).ec2(region);
    const { paginateDescribeVpcs } = await import("@aws-sdk/client-ec2");
    const found = [];
    for await (const page of paginateDescribeVpcs({ client: ec2 }, {}))
      for (const vpc of page.Vpcs ?? [])
        found.push({
          vpcId: vpc.VpcId ?? "",
          ownerId: vpc.OwnerId ?? "",
          isDefault: vpc.IsDefault === true,
          state: vpc.State ?? "",
          cidrBlock: vpc.CidrBlock ?? null,
          name: vpc.Tags?.find((tag) => tag.Key === "Name")?.Value ?? null,
        });
    return found;
  },
});

/** ec2:DescribeFlowLogs in one region, every page (every resource type: the rules pick VPC flow logs). */
export const flowLogs = regionalCollector({
  dataset: "ec2.flowLogs",
  async collect(context, region) {
    const ec2 = await regionalClients(context).ec2(region);
    const { paginateDescribeFlowLogs } = await import("@aws-sdk/client-ec2");
    const found = [];
    for await (const page of paginateDescribeFlowLogs({ client: ec2 }, {}))
      for (const log of page.FlowLogs ?? [])
        found.push({
          flowLogId: log.FlowLogId ?? "",
          resourceId: log.ResourceId ?? "",
          flowLogStatus: log.FlowLogStatus ?? null,
          trafficType: log.TrafficType ?? null,
          logDestinationType: log.LogDestinationType ?? null,
          logDestination: log.LogDestination ?? null,
          logGroupName: log.LogGroupName ?? null,
          deliverLogsStatus: log.DeliverLogsStatus ?? null,
          deliverLogsErrorMessage: log.DeliverLogsErrorMessage ?? null,
          creationTime: log.CreationTime ?? null,
        });
    return found;
  },
});
