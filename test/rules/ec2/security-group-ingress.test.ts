/**
 * The security-group rules of the networking section over literal datasets: CIS v1.5.0+ 5.2 (IPv4) and
 * 5.3 (IPv6) judged apart, v1.2.0 4.1 (22) and 4.2 (3389), v4.0.0+ CIFS (445, both families). Protocols
 * all / TCP / UDP count, port ranges that include the port count, GRE and ICMP do not; prefix lists and
 * referenced groups are not the internet; egress is never judged. Plus the engine's ERROR for a region
 * that failed and MANUAL when not collected.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule as ipv4 } from "../../../src/rules/ec2/ec2_security_group_admin_closed_ipv4.js";
import { rule as ipv6 } from "../../../src/rules/ec2/ec2_security_group_admin_closed_ipv6.js";
import { rule as cifs } from "../../../src/rules/ec2/ec2_security_group_cifs_closed.js";
import { rule as rdp } from "../../../src/rules/ec2/ec2_security_group_rdp_closed_ipv4.js";
import { rule as ssh } from "../../../src/rules/ec2/ec2_security_group_ssh_closed_ipv4.js";
import type { SecurityGroup } from "../../../src/snapshot/datasets/ec2.js";
import { ACCOUNT, denied, group, permission, snapshotOf } from "./networking-fixtures.js";

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
        { source: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 22, toPort: 22, ports: [22], description: null },
      ],
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
      [{ source: "::/0", ipProtocol: "tcp", fromPort: 3389, toPort: 3389, ports: [3389], description: null }],
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
      [{ source: "0.0.0.0/0", ipProtocol: "tcp", fromPort: 0, toPort: 1024, ports: [22], description: null }],
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
      { source: "::/0", ipProtocol: "tcp", fromPort: 445, toPort: 445, ports: [445], description: null },
      {
        source: "0.0.0.0/0",
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
