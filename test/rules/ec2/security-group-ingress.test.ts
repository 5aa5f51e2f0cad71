/**
 * The security-group rules of the networking section over literal datasets: CIS v1.5.0+ 5.2 (IPv4) and
 * 5.3 (IPv6) judged apart, v1.2.0 4.1 (22) and 4.2 (3389), v4.0.0+ CIFS (445, both families). Protocols
 * all / TCP / UDP count, port ranges that include the port count, GRE and ICMP do not; prefix lists and
 * referenced groups are not the internet; egress is never judged. The internet split into smaller CIDRs
 * (`0.0.0.0/1` + `128.0.0.0/1`, `::/1` + `8000::/1`) is the internet: literal and against moto. Plus the
 * engine's ERROR for a region that failed and MANUAL when not collected.
 */
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  EC2Client,
  type IpPermission,
} from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule as ipv4 } from "../../../src/rules/ec2/ec2_security_group_admin_closed_ipv4.js";
import { rule as ipv6 } from "../../../src/rules/ec2/ec2_security_group_admin_closed_ipv6.js";
import { rule as cifs } from "../../../src/rules/ec2/ec2_security_group_cifs_closed.js";
import { rule as rdp } from "../../../src/rules/ec2/ec2_security_group_rdp_closed_ipv4.js";
import { rule as ssh } from "../../../src/rules/ec2/ec2_security_group_ssh_closed_ipv4.js";
import type { SecurityGroup } from "../../../src/snapshot/datasets/ec2.js";
import { describeWithMoto, motoClientConfig } from "../../support/moto.js";
import { ACCOUNT, denied, group, permission, snapshotOf } from "./networking-fixtures.js";
import { collectFromMoto, defaultVpcId } from "./networking-moto.js";

const REGION = "eu-west-1";

/** [status, openRules] of `rule` for one group in eu-west-1. */
function judge(rule: typeof ipv4, g: SecurityGroup) {
  const findings = evaluateRule(rule, snapshotOf({ "ec2.securityGroups": { [REGION]: [g] } }));
  expect(findings).toHaveLength(1);
  const [finding] = findings;
  return [finding?.status, finding?.evidence.openRules];
}

describe("ec2_security_group_admin_closed_ipv4 / _ipv6 (CIS v1.5.0 5.2 / 5.3)", () => {
  it("TCP 22 from 0.0.0.0/0 fails 5.2 with the rule as evidence, and passes 5.3", () => {
    const g = group("sg-1", [permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] })]);
    const [finding] = evaluateRule(ipv4, snapshotOf({ "ec2.securityGroups": { [REGION]: [g] } }));
    expect(finding).toMatchObject({
      status: "FAIL",
      region: REGION,
      resourceType: "AWS::EC2::SecurityGroup",
      resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-1`,
      resourceName: "sg-1",
      uid: findingUid(ACCOUNT, ipv4.id, [`arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-1`]),
      statusExtended:
        "Security group sg-1 (group-sg-1, vpc-1) in eu-west-1 allows inbound traffic from 0.0.0.0/0 to port 22 (1 rule).",
    });
    expect(finding?.evidence).toEqual({
      region: REGION,
      groupId: "sg-1",
      groupName: "group-sg-1",
      vpcId: "vpc-1",
      portsJudged: [22, 3389],
      sourcesJudged: ["0.0.0.0/0"],
      protocolsCounted: ["-1", "tcp", "udp"],
      openRules: [
        {
          source: "0.0.0.0/0",
          cidr: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: 22,
          toPort: 22,
          ports: [22],
          description: null,
        },
      ],
      unreadableCidrs: [],
      prefixListAndGroupSources: [],
      source: "ec2:DescribeSecurityGroups",
    });
    const [v6] = evaluateRule(ipv6, snapshotOf({ "ec2.securityGroups": { [REGION]: [g] } }));
    expect([v6?.status, v6?.statusExtended, v6?.evidence.openRules]).toEqual([
      "PASS",
      "Security group sg-1 (group-sg-1, vpc-1) in eu-west-1 has no inbound rule open to ::/0 on ports 22 and 3389.",
      [],
    ]);
  });

  it("TCP 3389 from ::/0 fails 5.3 and passes 5.2: the families are judged apart", () => {
    const g = group("sg-1", [permission({ fromPort: 3389, toPort: 3389, cidrs: ["::/0"] })]);
    expect(judge(ipv6, g)).toEqual([
      "FAIL",
      [
        {
          source: "::/0",
          cidr: "::/0",
          ipProtocol: "tcp",
          fromPort: 3389,
          toPort: 3389,
          ports: [3389],
          description: null,
        },
      ],
    ]);
    expect(judge(ipv4, g)).toEqual(["PASS", []]);
  });

  it("all traffic (-1) opens both ports", () => {
    const g = group("sg-1", [permission({ ipProtocol: "-1", cidrs: ["0.0.0.0/0", "::/0"] })]);
    expect(judge(ipv4, g)).toEqual([
      "FAIL",
      [
        {
          source: "0.0.0.0/0",
          cidr: "0.0.0.0/0",
          ipProtocol: "-1",
          fromPort: null,
          toPort: null,
          ports: [22, 3389],
          description: null,
        },
      ],
    ]);
    expect(judge(ipv6, g)).toEqual([
      "FAIL",
      [
        {
          source: "::/0",
          cidr: "::/0",
          ipProtocol: "-1",
          fromPort: null,
          toPort: null,
          ports: [22, 3389],
          description: null,
        },
      ],
    ]);
  });

  it("a port range counts when it includes a port (0-1024 includes 22), not otherwise (1000-2000)", () => {
    expect(
      judge(ipv4, group("sg-1", [permission({ fromPort: 0, toPort: 1024, cidrs: ["0.0.0.0/0"] })])),
    ).toEqual([
      "FAIL",
      [
        {
          source: "0.0.0.0/0",
          cidr: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: 0,
          toPort: 1024,
          ports: [22],
          description: null,
        },
      ],
    ]);
    expect(
      judge(ipv4, group("sg-1", [permission({ fromPort: 1000, toPort: 2000, cidrs: ["0.0.0.0/0"] })])),
    ).toEqual(["PASS", []]);
    expect(
      judge(ipv4, group("sg-1", [permission({ fromPort: 23, toPort: 3388, cidrs: ["0.0.0.0/0"] })])),
    ).toEqual(["PASS", []]);
  });

  it("UDP counts (the v4.0.0+ text names TCP, UDP and all), as does a numeric protocol (6, 17)", () => {
    expect(
      judge(
        ipv4,
        group("sg-1", [
          permission({ ipProtocol: "udp", fromPort: 3389, toPort: 3389, cidrs: ["0.0.0.0/0"] }),
        ]),
      ),
    ).toEqual([
      "FAIL",
      [
        {
          source: "0.0.0.0/0",
          cidr: "0.0.0.0/0",
          ipProtocol: "udp",
          fromPort: 3389,
          toPort: 3389,
          ports: [3389],
          description: null,
        },
      ],
    ]);
    expect(
      judge(
        ipv4,
        group("sg-1", [permission({ ipProtocol: "6", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] })]),
      )[0],
    ).toBe("FAIL");
    expect(
      judge(
        ipv4,
        group("sg-1", [permission({ ipProtocol: "17", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] })]),
      )[0],
    ).toBe("FAIL");
  });

  it("GRE (47), ICMP and ICMPv6 carry no port: open to the internet, still PASS", () => {
    const g = group("sg-1", [
      permission({ ipProtocol: "47", cidrs: ["0.0.0.0/0", "::/0"] }),
      permission({ ipProtocol: "icmp", fromPort: -1, toPort: -1, cidrs: ["0.0.0.0/0"] }),
      permission({ ipProtocol: "icmpv6", fromPort: -1, toPort: -1, cidrs: ["::/0"] }),
      // ICMP type 3 code 22 (numbers that look like a port) is not port 22 either.
      permission({ ipProtocol: "icmp", fromPort: 3, toPort: 22, cidrs: ["0.0.0.0/0"] }),
    ]);
    expect(judge(ipv4, g)).toEqual(["PASS", []]);
    expect(judge(ipv6, g)).toEqual(["PASS", []]);
  });

  it("prefix lists and referenced groups are not the internet: PASS, listed as evidence", () => {
    const g = group("sg-1", [
      permission({
        fromPort: 22,
        toPort: 22,
        prefixListIds: [{ prefixListId: "pl-0office", description: "office" }],
        groupPairs: [
          {
            groupId: "sg-bastion",
            userId: ACCOUNT,
            vpcId: null,
            vpcPeeringConnectionId: null,
            description: null,
          },
        ],
      }),
      permission({ fromPort: 22, toPort: 22, cidrs: ["10.0.0.0/8", "2001:db8::/32"] }),
    ]);
    const [finding] = evaluateRule(ipv4, snapshotOf({ "ec2.securityGroups": { [REGION]: [g] } }));
    expect(finding?.status).toBe("PASS");
    expect(finding?.evidence.prefixListAndGroupSources).toEqual([
      { prefixListId: "pl-0office", ipProtocol: "tcp", fromPort: 22, toPort: 22 },
      { groupId: "sg-bastion", userId: ACCOUNT, ipProtocol: "tcp", fromPort: 22, toPort: 22 },
    ]);
    expect(judge(ipv6, g)).toEqual(["PASS", []]);
  });

  it("egress rules are never judged (every default group allows all outbound)", () => {
    const g = group("sg-1", [], { egress: [permission({ ipProtocol: "-1", cidrs: ["0.0.0.0/0", "::/0"] })] });
    expect(judge(ipv4, g)).toEqual(["PASS", []]);
    expect(judge(ipv6, g)).toEqual(["PASS", []]);
  });

  it("one finding per group in every region read, sorted by group id; a failed region → its ERROR", () => {
    const open = permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] });
    const snapshot = snapshotOf(
      { "ec2.securityGroups": { "us-east-1": [group("sg-b", [open]), group("sg-a", [])] } },
      [denied("ec2.securityGroups", "ec2:DescribeSecurityGroups", "eu-west-1")],
    );
    const findings = evaluateRule(ipv4, snapshot);
    expect(findings.map((f) => [f.region, f.resourceName, f.status])).toEqual([
      ["us-east-1", "sg-a", "PASS"],
      ["us-east-1", "sg-b", "FAIL"],
      ["eu-west-1", ACCOUNT, "ERROR"],
    ]);
    expect(findings[2]?.evidence).toMatchObject({
      api: "ec2:DescribeSecurityGroups",
      missingPermission: "ec2:DescribeSecurityGroups",
      region: "eu-west-1",
    });
  });

  it("not collected → one MANUAL naming the dataset and its API", () => {
    const findings = evaluateRule(ipv4, { ...snapshotOf({}), collected: ["iam.credentialReport"] });
    expect(findings.map((f) => [f.status, f.evidence.notCollected, f.evidence.apis])).toEqual([
      [
        "MANUAL",
        ["ec2.regions", "ec2.securityGroups"],
        ["ec2:DescribeRegions", "ec2:DescribeSecurityGroups"],
      ],
    ]);
  });
});

describe("v1.2.0 4.1 / 4.2: one port each", () => {
  it("3389 open fails 4.2 only; 22 open fails 4.1 only; both judge IPv4 only", () => {
    const rdpOpen = group("sg-1", [permission({ fromPort: 3389, toPort: 3389, cidrs: ["0.0.0.0/0"] })]);
    expect(judge(rdp, rdpOpen)).toEqual([
      "FAIL",
      [
        {
          source: "0.0.0.0/0",
          cidr: "0.0.0.0/0",
          ipProtocol: "tcp",
          fromPort: 3389,
          toPort: 3389,
          ports: [3389],
          description: null,
        },
      ],
    ]);
    expect(judge(ssh, rdpOpen)).toEqual(["PASS", []]);
    const sshOpen = group("sg-1", [permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] })]);
    expect(judge(ssh, sshOpen)[0]).toBe("FAIL");
    expect(judge(rdp, sshOpen)[0]).toBe("PASS");
    const v6 = group("sg-1", [permission({ ipProtocol: "-1", cidrs: ["::/0"] })]);
    expect(judge(ssh, v6)).toEqual(["PASS", []]);
    expect(judge(rdp, v6)).toEqual(["PASS", []]);
  });

  it("says which port it judged", () => {
    const [finding] = evaluateRule(
      ssh,
      snapshotOf({ "ec2.securityGroups": { [REGION]: [group("sg-1", [])] } }),
    );
    expect(finding?.statusExtended).toBe(
      "Security group sg-1 (group-sg-1, vpc-1) in eu-west-1 has no inbound rule open to 0.0.0.0/0 on port 22.",
    );
    expect(finding?.evidence.portsJudged).toEqual([22]);
  });
});

describe("ec2_security_group_cifs_closed (CIS v4.0.0+ 5.1.2 / v6.0.0 6.1.2)", () => {
  it("445 from 0.0.0.0/0 or ::/0 fails (both families, one requirement); 22 open does not concern it", () => {
    const g = group("sg-1", [
      permission({ fromPort: 445, toPort: 445, cidrs: ["::/0"] }),
      permission({ ipProtocol: "-1", cidrs: ["0.0.0.0/0"] }),
    ]);
    const [finding] = evaluateRule(cifs, snapshotOf({ "ec2.securityGroups": { [REGION]: [g] } }));
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      "Security group sg-1 (group-sg-1, vpc-1) in eu-west-1 allows inbound traffic from ::/0 and 0.0.0.0/0 to port 445 (2 rules).",
    );
    expect(finding?.evidence.openRules).toEqual([
      {
        source: "::/0",
        cidr: "::/0",
        ipProtocol: "tcp",
        fromPort: 445,
        toPort: 445,
        ports: [445],
        description: null,
      },
      {
        source: "0.0.0.0/0",
        cidr: "0.0.0.0/0",
        ipProtocol: "-1",
        fromPort: null,
        toPort: null,
        ports: [445],
        description: null,
      },
    ]);
    expect(finding?.evidence.sourcesJudged).toEqual(["0.0.0.0/0", "::/0"]);
    expect(
      judge(cifs, group("sg-1", [permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] })])),
    ).toEqual(["PASS", []]);
    expect(
      judge(cifs, group("sg-1", [permission({ fromPort: 445, toPort: 445, cidrs: ["192.168.0.0/16"] })])),
    ).toEqual(["PASS", []]);
  });
});

describe("the whole address space split into smaller CIDRs (the union of the rules that reach a port)", () => {
  /** The evidence item of one CIDR of one rule that is part of an open union. */
  function item(source: string, cidr: string, p: Partial<{ ipProtocol: string; ports: number[] }> = {}) {
    return {
      source,
      cidr,
      ipProtocol: p.ipProtocol ?? "tcp",
      fromPort: p.ipProtocol === "-1" ? null : 22,
      toPort: p.ipProtocol === "-1" ? null : 22,
      ports: p.ports ?? [22],
      description: null,
    };
  }

  it("TCP 22 from 0.0.0.0/1 and 128.0.0.0/1 fails 5.2 like 0.0.0.0/0, naming both CIDRs; 5.3 passes", () => {
    const g = group("sg-1", [permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/1", "128.0.0.0/1"] })]);
    const [finding] = evaluateRule(ipv4, snapshotOf({ "ec2.securityGroups": { [REGION]: [g] } }));
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      "Security group sg-1 (group-sg-1, vpc-1) in eu-west-1 allows inbound traffic from 0.0.0.0/0 to port 22 (2 rules, whose CIDRs together cover every address).",
    );
    expect(finding?.evidence.openRules).toEqual([
      item("0.0.0.0/0", "0.0.0.0/1"),
      item("0.0.0.0/0", "128.0.0.0/1"),
    ]);
    expect(finding?.evidence.unreadableCidrs).toEqual([]);
    expect(judge(ipv6, g)).toEqual(["PASS", []]);
  });

  it("IPv6: ::/1 and 8000::/1 in two rules fail 5.3 (and CIFS on 445); 5.2 passes", () => {
    const g = group("sg-1", [
      permission({ fromPort: 22, toPort: 22, cidrs: ["::/1"] }),
      permission({ ipProtocol: "-1", cidrs: ["8000::/1"] }),
    ]);
    expect(judge(ipv6, g)).toEqual([
      "FAIL",
      [item("::/0", "::/1"), item("::/0", "8000::/1", { ipProtocol: "-1" })],
    ]);
    expect(judge(ipv4, g)).toEqual(["PASS", []]);
    const smb = group("sg-2", [
      permission({ fromPort: 445, toPort: 445, cidrs: ["::/1"] }),
      permission({ fromPort: 0, toPort: 1024, cidrs: ["8000::/1"] }),
    ]);
    expect(judge(cifs, smb)[0]).toBe("FAIL");
  });

  it("three pieces over three rules fail; the rule with the port range counts only for the port it covers", () => {
    const g = group("sg-1", [
      permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/2"] }),
      permission({ fromPort: 22, toPort: 22, cidrs: ["64.0.0.0/2"] }),
      permission({ ipProtocol: "-1", cidrs: ["128.0.0.0/1"] }),
    ]);
    expect(judge(ipv4, g)).toEqual([
      "FAIL",
      [
        item("0.0.0.0/0", "0.0.0.0/2"),
        item("0.0.0.0/0", "64.0.0.0/2"),
        // -1 reaches 3389 too, but only half the internet reaches 3389: it is open on 22 only.
        item("0.0.0.0/0", "128.0.0.0/1", { ipProtocol: "-1" }),
      ],
    ]);
  });

  it("a gap of one address is not the whole internet: PASS; the missing /32 makes it FAIL", () => {
    // 0.0.0.0/1, 128.0.0.0/2, …, 255.255.255.254/32: every address but 255.255.255.255.
    const pieces = Array.from({ length: 32 }, (_, i) => {
      const network = 2 ** 32 - 2 ** (32 - i);
      return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".")}/${i + 1}`;
    });
    expect([pieces[0], pieces[1], pieces[31]]).toEqual(["0.0.0.0/1", "128.0.0.0/2", "255.255.255.254/32"]);
    const gap = group("sg-1", [permission({ fromPort: 22, toPort: 22, cidrs: pieces })]);
    expect(judge(ipv4, gap)).toEqual(["PASS", []]);
    const closed = group("sg-1", [
      permission({ fromPort: 22, toPort: 22, cidrs: pieces }),
      permission({ fromPort: 22, toPort: 22, cidrs: ["255.255.255.255/32"] }),
    ]);
    const [status, open] = judge(ipv4, closed);
    expect(status).toBe("FAIL");
    expect(open).toHaveLength(33);
    expect((open as { cidr: string }[])[32]).toEqual(item("0.0.0.0/0", "255.255.255.255/32"));
  });

  it("pieces reaching different ports, or one over TCP and one over UDP only, do not add up: PASS", () => {
    const ports = group("sg-1", [
      permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/1"] }),
      permission({ fromPort: 3389, toPort: 3389, cidrs: ["128.0.0.0/1"] }),
    ]);
    expect(judge(ipv4, ports)).toEqual(["PASS", []]);
    const transports = group("sg-1", [
      permission({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/1"] }),
      permission({ ipProtocol: "udp", fromPort: 22, toPort: 22, cidrs: ["128.0.0.0/1"] }),
    ]);
    expect(judge(ipv4, transports)).toEqual(["PASS", []]);
    // ... but all protocols (-1) carries TCP: TCP half + all-protocols half is the whole internet on TCP.
    const all = group("sg-1", [
      permission({ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/1"] }),
      permission({ ipProtocol: "-1", cidrs: ["128.0.0.0/1"] }),
    ]);
    expect(judge(ipv4, all)[0]).toBe("FAIL");
  });

  it("a narrower CIDR beside 0.0.0.0/0 is part of the union and listed too", () => {
    const g = group("sg-1", [permission({ fromPort: 22, toPort: 22, cidrs: ["10.0.0.0/8", "0.0.0.0/0"] })]);
    const [finding] = evaluateRule(ipv4, snapshotOf({ "ec2.securityGroups": { [REGION]: [g] } }));
    expect(finding?.statusExtended).toBe(
      "Security group sg-1 (group-sg-1, vpc-1) in eu-west-1 allows inbound traffic from 0.0.0.0/0 to port 22 (2 rules).",
    );
    expect(finding?.evidence.openRules).toEqual([
      item("0.0.0.0/0", "10.0.0.0/8"),
      item("0.0.0.0/0", "0.0.0.0/0"),
    ]);
  });

  it("a malformed CIDR (a hand-made snapshot) never crashes: listed as unreadable, the rest judged", () => {
    const g = group("sg-1", [
      permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/33", "0.0.0.0/1", "128.0.0.0/1"] }),
      permission({ fromPort: 3389, toPort: 3389, cidrs: ["not a cidr"] }),
      permission({ fromPort: 80, toPort: 80, cidrs: ["bad/80"] }), // not a judged port: not listed
    ]);
    const [finding] = evaluateRule(ipv4, snapshotOf({ "ec2.securityGroups": { [REGION]: [g] } }));
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.openRules).toEqual([
      item("0.0.0.0/0", "0.0.0.0/1"),
      item("0.0.0.0/0", "128.0.0.0/1"),
    ]);
    expect(finding?.evidence.unreadableCidrs).toEqual([
      {
        cidr: "0.0.0.0/33",
        reason: "the prefix length is not a number from 0 to 32",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
      },
      {
        cidr: "not a cidr",
        reason: "not of the form address/prefix-length",
        ipProtocol: "tcp",
        fromPort: 3389,
        toPort: 3389,
      },
    ]);
    const alone = group("sg-1", [permission({ fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/33"] })]);
    const [pass] = evaluateRule(ipv4, snapshotOf({ "ec2.securityGroups": { [REGION]: [alone] } }));
    expect([pass?.status, pass?.statusExtended]).toEqual([
      "PASS",
      "Security group sg-1 (group-sg-1, vpc-1) in eu-west-1 has no inbound rule open to 0.0.0.0/0 on ports 22 and 3389 (1 CIDR could not be read; see the evidence).",
    ]);
  });
});

describeWithMoto("the union of smaller CIDRs, against moto (the real SDK v3)", (moto) => {
  it("halves of IPv4 on 22 fail 5.2, halves of IPv6 on 3389 fail 5.3 and halves on 445 fail CIFS; halves on two ports pass", async () => {
    const ec2 = new EC2Client(motoClientConfig(moto(), REGION));
    const ids = new Map<string, string>();
    try {
      const vpcId = await defaultVpcId(ec2);
      const make = async (name: string, IpPermissions: IpPermission[]) => {
        const { GroupId } = await ec2.send(
          new CreateSecurityGroupCommand({ GroupName: name, Description: name, VpcId: vpcId }),
        );
        await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId, IpPermissions }));
        ids.set(name, GroupId as string);
      };
      await make("v4-halves", [
        {
          IpProtocol: "tcp",
          FromPort: 22,
          ToPort: 22,
          IpRanges: [{ CidrIp: "0.0.0.0/1" }, { CidrIp: "128.0.0.0/1", Description: "upper half" }],
        },
      ]);
      await make("v6-halves", [
        { IpProtocol: "tcp", FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: "::/1" }] },
        { IpProtocol: "-1", Ipv6Ranges: [{ CidrIpv6: "8000::/1" }] },
      ]);
      await make("smb-halves", [
        { IpProtocol: "tcp", FromPort: 445, ToPort: 445, IpRanges: [{ CidrIp: "0.0.0.0/1" }] },
        { IpProtocol: "tcp", FromPort: 0, ToPort: 1024, IpRanges: [{ CidrIp: "128.0.0.0/1" }] },
      ]);
      await make("two-ports", [
        { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/1" }] },
        { IpProtocol: "tcp", FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: "128.0.0.0/1" }] },
      ]);
    } finally {
      ec2.destroy();
    }
    const snapshot = await collectFromMoto(moto().endpoint, ["ec2.securityGroups"], [REGION]);
    const judged = (rule: typeof ipv4) =>
      new Map(
        evaluateRule(rule, snapshot).map((f) => [
          [...ids].find(([, id]) => id === f.resourceName)?.[0] ?? "default",
          [f.status, f.evidence.openRules],
        ]),
      );
    const open = (
      source: string,
      cidr: string,
      rule: object,
      ports: number[],
      description: string | null = null,
    ) => ({
      source,
      cidr,
      ...rule,
      ports,
      description,
    });
    const tcp = (from: number, to: number) => ({ ipProtocol: "tcp", fromPort: from, toPort: to });
    const all = { ipProtocol: "-1", fromPort: null, toPort: null };
    expect(judged(ipv4)).toEqual(
      new Map<string, unknown>([
        ["default", ["PASS", []]],
        [
          "v4-halves",
          [
            "FAIL",
            [
              open("0.0.0.0/0", "0.0.0.0/1", tcp(22, 22), [22]),
              open("0.0.0.0/0", "128.0.0.0/1", tcp(22, 22), [22], "upper half"),
            ],
          ],
        ],
        ["v6-halves", ["PASS", []]],
        ["smb-halves", ["PASS", []]],
        ["two-ports", ["PASS", []]],
      ]),
    );
    expect(judged(ipv6)).toEqual(
      new Map<string, unknown>([
        ["default", ["PASS", []]],
        ["v4-halves", ["PASS", []]],
        [
          "v6-halves",
          ["FAIL", [open("::/0", "::/1", tcp(3389, 3389), [3389]), open("::/0", "8000::/1", all, [3389])]],
        ],
        ["smb-halves", ["PASS", []]],
        ["two-ports", ["PASS", []]],
      ]),
    );
    expect(judged(cifs).get("smb-halves")).toEqual([
      "FAIL",
      [
        open("0.0.0.0/0", "0.0.0.0/1", tcp(445, 445), [445]),
        open("0.0.0.0/0", "128.0.0.0/1", tcp(0, 1024), [445]),
      ],
    ]);
    expect(judged(cifs).get("v6-halves")?.[0]).toBe("PASS"); // ::/1 reaches 3389 only
  });
});
