/**
 * Network addresses and ports in a snapshot file are checked as what they are: an invalid CIDR or port in
 * a security group or network ACL entry is refused with its path, never judged (a newcomer trial turned
 * `0.0.0.0/99` on an SSH rule into a silent PASS).
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/model/errors.js";
import type { SecurityGroup } from "../../src/snapshot/datasets/ec2.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const GROUP: SecurityGroup = {
  groupId: "sg-0ssh",
  groupName: "ssh-open",
  vpcId: "vpc-1",
  ownerId: "111122223333",
  description: null,
  ingress: [
    {
      ipProtocol: "tcp",
      fromPort: 22,
      toPort: 22,
      ipv4Ranges: [{ cidr: "0.0.0.0/0", description: null }],
      ipv6Ranges: [{ cidr: "::/0", description: null }],
      prefixListIds: [],
      groupPairs: [],
    },
  ],
  egress: [],
};

function snapshot(): Snapshot {
  return {
    accountId: "111122223333",
    partition: "aws",
    collectedAt: new Date("2026-11-01T08:00:00Z"),
    source: "aws",
    errors: [],
    regional: {
      regions: [{ regionName: "us-east-1", optInStatus: "opt-in-not-required" }],
      enabledRegions: ["us-east-1"],
    },
    datasets: { "ec2.securityGroups": new Map([["us-east-1", [GROUP]]]) },
    collected: ["ec2.regions", "ec2.securityGroups"],
  };
}

/** The message parseSnapshot refuses the file with, after `edit` changed the group's first ingress rule. */
function refusal(edit: (rule: Record<string, unknown>) => void): string {
  const document = JSON.parse(serializeSnapshot(snapshot()));
  edit(document.snapshot.datasets["ec2.securityGroups"]["us-east-1"][0].ingress[0]);
  try {
    parseSnapshot(JSON.stringify(document), "x.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("expected an InputError");
}

const PATH =
  "x.json: not a cloudpatrol snapshot (version 2): snapshot.datasets.ec2.securityGroups.us-east-1.0.ingress.0";

describe("network values in a snapshot file", () => {
  it("a valid group reads back", () => {
    const read = parseSnapshot(serializeSnapshot(snapshot()), "x.json");
    expect(read.datasets?.["ec2.securityGroups"]?.get("us-east-1")).toEqual([GROUP]);
  });

  it.each(["garbage", "0.0.0.0/99", "0.0.0.0/00", "0.0.0.0/-1", "::/0"])(
    "refuses the IPv4 range %j with its path",
    (cidr) => {
      expect(
        refusal((rule) => {
          rule.ipv4Ranges = [{ cidr, description: null }];
        }),
      ).toMatch(`${PATH}.ipv4Ranges.0.cidr: `);
    },
  );

  it.each(["::/0.4", "2001:db8::/6.4", "::/1e1"])(
    "refuses the IPv6 range %j (a prefix length that is not a whole number) with its path",
    (cidr) => {
      expect(
        refusal((rule) => {
          rule.ipv6Ranges = [{ cidr, description: null }];
        }),
      ).toMatch(`${PATH}.ipv6Ranges.0.cidr: `);
    },
  );

  it("refuses an IPv4 address as an IPv6 range, and ports outside -1..65535 or not whole", () => {
    expect(
      refusal((rule) => {
        rule.ipv6Ranges = [{ cidr: "0.0.0.0/0", description: null }];
      }),
    ).toMatch(`${PATH}.ipv6Ranges.0.cidr: `);
    for (const port of [1e308, 65536, -2, 22.5])
      expect(
        refusal((rule) => {
          rule.fromPort = port;
        }),
      ).toMatch(`${PATH}.fromPort: `);
  });
});
