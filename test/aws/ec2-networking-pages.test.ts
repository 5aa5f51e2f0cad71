/**
 * Every networking Describe call pages through `NextToken` with the API's largest page (`MaxResults`), one
 * request per page, through a local EC2 Query endpoint made here that answers two pages of each. Exact
 * requests, and the items of both pages in the value.
 */
import { EC2Client } from "@aws-sdk/client-ec2";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  describeNetworkAcls,
  describeNetworkInterfaces,
  describeRouteTables,
  describeSecurityGroups,
} from "../../src/aws/ec2-networking.js";
import { type LocalEndpoint, listenLocal, readBody } from "../support/endpoint.js";

const el = (name: string, content: string) => `<${name}>${content}</${name}>`;

/** Page `n` (1 or 2) of each action's list, as EC2 writes it. */
const PAGES: Record<string, (n: number) => string> = {
  DescribeSecurityGroups: (n) =>
    el(
      "securityGroupInfo",
      el(
        "item",
        el("groupId", `sg-${n}`) +
          el("groupName", n === 1 ? "default" : "web") +
          el("vpcId", "vpc-1") +
          el("ownerId", "123456789012") +
          el("groupDescription", "d") +
          el(
            "ipPermissions",
            el(
              "item",
              el("ipProtocol", "tcp") +
                el("fromPort", "22") +
                el("toPort", "22") +
                el("ipRanges", el("item", el("cidrIp", "0.0.0.0/0"))) +
                el("prefixListIds", el("item", el("prefixListId", "pl-1") + el("description", "office"))),
            ),
          ) +
          el("ipPermissionsEgress", ""),
      ),
    ),
  DescribeNetworkAcls: (n) =>
    el(
      "networkAclSet",
      el(
        "item",
        el("networkAclId", `acl-${n}`) +
          el("vpcId", "vpc-1") +
          el("default", String(n === 1)) +
          el(
            "entrySet",
            el(
              "item",
              el("ruleNumber", "100") +
                el("protocol", "6") +
                el("ruleAction", "allow") +
                el("egress", "false") +
                el("cidrBlock", "0.0.0.0/0") +
                el("portRange", el("from", "22") + el("to", "22")),
            ),
          ) +
          el("associationSet", el("item", el("subnetId", `subnet-${n}`))),
      ),
    ),
  DescribeNetworkInterfaces: (n) =>
    el(
      "networkInterfaceSet",
      el(
        "item",
        el("networkInterfaceId", `eni-${n}`) +
          el("vpcId", "vpc-1") +
          el("interfaceType", "interface") +
          el("description", "d") +
          el("attachment", el("instanceId", `i-${n}`)) +
          el("groupSet", el("item", el("groupId", "sg-1") + el("groupName", "default"))),
      ),
    ),
  DescribeRouteTables: (n) =>
    el(
      "routeTableSet",
      el(
        "item",
        el("routeTableId", `rtb-${n}`) +
          el("vpcId", "vpc-1") +
          el(
            "associationSet",
            el("item", el("main", String(n === 1)) + (n === 2 ? el("subnetId", "subnet-2") : "")),
          ) +
          el(
            "routeSet",
            el(
              "item",
              el("destinationCidrBlock", "10.1.0.0/16") +
                el("vpcPeeringConnectionId", "pcx-1") +
                el("state", "active") +
                el("origin", "CreateRoute"),
            ),
          ),
      ),
    ),
};

describe("the networking Describe calls page through NextToken with the largest page", () => {
  let local: LocalEndpoint;
  let requests: [string | null, string | null, string | null][];
  let ec2: EC2Client;
  beforeEach(async () => {
    requests = [];
    local = await listenLocal();
    local.serve(async (request, response) => {
      const params = new URLSearchParams(await readBody(request));
      const action = params.get("Action") ?? "";
      requests.push([action, params.get("MaxResults"), params.get("NextToken")]);
      const page = params.get("NextToken") === "p2" ? 2 : 1;
      const body = (PAGES[action]?.(page) ?? "") + (page === 1 ? el("nextToken", "p2") : "");
      response.writeHead(200, { "content-type": "text/xml;charset=UTF-8" });
      response.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${el("requestId", "r")}${body}</${action}Response>`,
      );
    });
    ec2 = new EC2Client({
      endpoint: local.url,
      region: "eu-west-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
  });
  afterEach(async () => {
    ec2.destroy();
    await local.close();
  });

  it("security groups: 1,000 a page, both pages read, sources kept apart", async () => {
    const groups = await describeSecurityGroups(ec2);
    expect(requests).toEqual([
      ["DescribeSecurityGroups", "1000", null],
      ["DescribeSecurityGroups", "1000", "p2"],
    ]);
    expect(groups.map((g) => [g.groupId, g.groupName])).toEqual([
      ["sg-1", "default"],
      ["sg-2", "web"],
    ]);
    expect(groups[0]?.ingress).toEqual([
      {
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        ipv4Ranges: [{ cidr: "0.0.0.0/0", description: null }],
        ipv6Ranges: [],
        prefixListIds: [{ prefixListId: "pl-1", description: "office" }],
        groupPairs: [],
      },
    ]);
  });

  it("network ACLs: 100 a page, both pages read, entries with their port range", async () => {
    const acls = await describeNetworkAcls(ec2);
    expect(requests).toEqual([
      ["DescribeNetworkAcls", "100", null],
      ["DescribeNetworkAcls", "100", "p2"],
    ]);
    expect(acls).toEqual(
      [1, 2].map((n) => ({
        networkAclId: `acl-${n}`,
        vpcId: "vpc-1",
        isDefault: n === 1,
        subnetIds: [`subnet-${n}`],
        entries: [
          {
            ruleNumber: 100,
            egress: false,
            protocol: "6",
            ruleAction: "allow",
            cidrBlock: "0.0.0.0/0",
            ipv6CidrBlock: null,
            portRange: { from: 22, to: 22 },
          },
        ],
      })),
    );
  });

  it("network interfaces: 1,000 a page, both pages read, no filter", async () => {
    const interfaces = await describeNetworkInterfaces(ec2);
    expect(requests).toEqual([
      ["DescribeNetworkInterfaces", "1000", null],
      ["DescribeNetworkInterfaces", "1000", "p2"],
    ]);
    expect(interfaces.map((i) => [i.networkInterfaceId, i.instanceId, i.groups])).toEqual([
      ["eni-1", "i-1", [{ groupId: "sg-1", groupName: "default" }]],
      ["eni-2", "i-2", [{ groupId: "sg-1", groupName: "default" }]],
    ]);
  });

  it("route tables: 100 a page, both pages read, main flag and peering routes", async () => {
    const tables = await describeRouteTables(ec2);
    expect(requests).toEqual([
      ["DescribeRouteTables", "100", null],
      ["DescribeRouteTables", "100", "p2"],
    ]);
    expect(
      tables.map((t) => [t.routeTableId, t.main, t.subnetIds, t.routes[0]?.vpcPeeringConnectionId]),
    ).toEqual([
      ["rtb-1", true, [], "pcx-1"],
      ["rtb-2", false, ["subnet-2"], "pcx-1"],
    ]);
  });
});
