/**
 * The shared judgement of the CIS networking rules that ask whether the internet can reach a port through
 * a security group (CIS v1.2.0 4.1/4.2, v1.3.0+ 5.2, v1.5.0+ 5.2/5.3, v4.0.0+ CIFS 5.1.2). Each rule file
 * holds its metadata and its port list and address families; the decisions live here once, so the rules
 * cannot drift apart. Network ACLs (v1.3.0+ 5.1) are judged in `acl-ingress.ts`; what counts as the
 * internet and which protocols count is in `ingress-traffic.ts`.
 *
 * Decisions (docs/frameworks.md, "Networking"):
 * - The CIDRs of every inbound rule that reaches a port over a transport are joined; when their union is
 *   the whole family (`0.0.0.0/1` plus `128.0.0.0/1` is `0.0.0.0/0`), every one of them is "open to the
 *   internet". Managed prefix lists and referenced security groups are never the internet, whatever they
 *   contain. A CIDR that cannot be read (`model/cidr.ts`, its strict reading) adds nothing and is listed
 *   in the evidence.
 *
 * Sources: Amazon VPC User Guide, "Security group rules"; Amazon EC2 API Reference, IpPermission.
 */

import { type AddressRange, coversFamily, isWholeFamily, parseCidr } from "../../model/cidr.js";
import { buildFinding, type Finding } from "../../model/finding.js";
import type { SecurityGroup, SecurityGroupPermission } from "../../snapshot/datasets/ec2.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  familyOf,
  type InternetSource,
  listWords,
  reachesPort,
  TRANSPORTS,
  type Transport,
} from "./ingress-traffic.js";

/** The transports of `permission` that reach `port` (empty when it does not count). */
function permissionReaches(permission: SecurityGroupPermission, port: number): Transport[] {
  return TRANSPORTS.filter((transport) =>
    reachesPort(permission.ipProtocol, permission.fromPort, permission.toPort, transport, port),
  );
}

/**
 * One CIDR of one inbound rule of a security group that opens a judged port to the internet: a CIDR of
 * prefix length 0, or one piece of several whose union is the whole address family.
 */
export interface OpenPermission {
  readonly source: InternetSource;
  /** The CIDR as AWS returned it: `0.0.0.0/0` itself, or a piece of the union (`128.0.0.0/1`). */
  readonly cidr: string;
  readonly ipProtocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
  /** The judged ports it opens (those for which the union it belongs to is the whole family). */
  readonly ports: readonly number[];
  readonly description: string | null;
}

/** A CIDR of an inbound rule reaching a judged port that could not be read: it adds nothing to a union. */
export interface UnreadableCidr {
  readonly cidr: string;
  /** Why, as {@link parseCidr} says. */
  readonly reason: string;
  readonly ipProtocol: string;
  readonly fromPort: number | null;
  readonly toPort: number | null;
}

/** What the inbound rules of a security group open to the internet on the judged ports. */
export interface GroupExposure {
  /** The CIDRs open to the internet, in the group's order (rule, then family, then CIDR). */
  readonly open: readonly OpenPermission[];
  /** The CIDRs of rules reaching a judged port that could not be read, in the same order. */
  readonly unreadable: readonly UnreadableCidr[];
  /**
   * True when some port is open only through a union of smaller CIDRs (no single CIDR of prefix length 0
   * reaches it over that transport).
   */
  readonly pieced: boolean;
}

/** One readable CIDR of an inbound rule that reaches a judged port. */
interface Piece {
  readonly permission: SecurityGroupPermission;
  readonly source: InternetSource;
  readonly cidr: string;
  readonly description: string | null;
  readonly range: AddressRange;
  /** Per judged port (same index): the transports over which the rule reaches it. */
  readonly reach: readonly (readonly Transport[])[];
}

/**
 * What the inbound rules of `group` open to each of `sources` on each of `ports`: for each family, port
 * and transport, the CIDRs of every rule reaching that port over that transport are joined; when their
 * union is every address of the family, each of them is open to the internet.
 */
export function openPermissions(
  group: SecurityGroup,
  ports: readonly number[],
  sources: readonly InternetSource[],
): GroupExposure {
  const pieces: Piece[] = [];
  const unreadable: UnreadableCidr[] = [];
  for (const permission of group.ingress) {
    const reach = ports.map((port) => permissionReaches(permission, port));
    if (reach.every((transports) => transports.length === 0)) continue;
    const rule = {
      ipProtocol: permission.ipProtocol,
      fromPort: permission.fromPort,
      toPort: permission.toPort,
    };
    for (const source of sources) {
      const family = familyOf(source);
      for (const { cidr, description } of family === "ipv6" ? permission.ipv6Ranges : permission.ipv4Ranges) {
        const parsed = parseCidr(cidr, family);
        if (parsed.ok) pieces.push({ permission, source, cidr, description, range: parsed.range, reach });
        else unreadable.push({ cidr, reason: parsed.reason, ...rule });
      }
    }
  }
  // Per source, port (index) and transport: is the union whole, and does one CIDR alone make it so?
  const unions = new Map<string, { whole: boolean; single: boolean }>();
  const key = (source: InternetSource, portIndex: number, transport: Transport) =>
    `${source} ${portIndex} ${transport}`;
  for (const source of sources)
    for (const portIndex of ports.keys())
      for (const transport of TRANSPORTS) {
        const family = familyOf(source);
        const members = pieces
          .filter((piece) => piece.source === source && piece.reach[portIndex]?.includes(transport))
          .map((piece) => piece.range);
        unions.set(key(source, portIndex, transport), {
          whole: coversFamily(members, family),
          single: members.some((range) => isWholeFamily(range, family)),
        });
      }
  const open: OpenPermission[] = [];
  for (const piece of pieces) {
    const opened = ports.filter((_, portIndex) =>
      (piece.reach[portIndex] ?? []).some(
        (transport) => unions.get(key(piece.source, portIndex, transport))?.whole === true,
      ),
    );
    if (opened.length === 0) continue;
    open.push({
      source: piece.source,
      cidr: piece.cidr,
      ipProtocol: piece.permission.ipProtocol,
      fromPort: piece.permission.fromPort,
      toPort: piece.permission.toPort,
      ports: opened,
      description: piece.description,
    });
  }
  const pieced = [...unions.values()].some((union) => union.whole && !union.single);
  return { open, unreadable, pieced };
}

/**
 * The inbound rules of `group` that reach one of `ports` from a prefix list or another security group:
 * not the internet, listed so a person sees what else reaches the port.
 */
function nonCidrSources(group: SecurityGroup, ports: readonly number[]): Record<string, unknown>[] {
  return group.ingress.flatMap((permission) => {
    const reached = ports.filter((port) => permissionReaches(permission, port).length > 0);
    if (reached.length === 0) return [];
    const sources = [
      ...permission.prefixListIds.map((p) => ({ prefixListId: p.prefixListId })),
      ...permission.groupPairs.map((g) => ({ groupId: g.groupId, userId: g.userId })),
    ];
    return sources.map((source) => ({
      ...source,
      ipProtocol: permission.ipProtocol,
      fromPort: permission.fromPort,
      toPort: permission.toPort,
    }));
  });
}

/** What a security-group rule judges: the ports, the internet sources, and how sentences name them. */
export interface SecurityGroupIngressCheck {
  readonly ports: readonly number[];
  readonly sources: readonly InternetSource[];
}

/** The ARN of a security group. */
export function securityGroupArn(snapshot: Snapshot, region: string, groupId: string): string {
  return `arn:${snapshot.partition}:ec2:${region}:${snapshot.accountId}:security-group/${groupId}`;
}

/**
 * One finding per security group of every region read: FAIL when an inbound rule, or several whose CIDRs
 * together cover the family, open one of the ports to one of the sources (evidence: those rules and
 * CIDRs), PASS otherwise.
 */
export function judgeSecurityGroupIngress(
  rule: Pick<Rule, "id" | "severity">,
  snapshot: Snapshot,
  check: SecurityGroupIngressCheck,
): Finding[] {
  const findings: Finding[] = [];
  for (const [region, groups] of regionalValues(snapshot, "ec2.securityGroups")) {
    const sorted = [...groups].sort((a, b) => a.groupId.localeCompare(b.groupId));
    for (const group of sorted) {
      const { open, unreadable, pieced } = openPermissions(group, check.ports, check.sources);
      const arn = securityGroupArn(snapshot, region, group.groupId);
      const label = `Security group ${group.groupId} (${group.groupName}${group.vpcId ? `, ${group.vpcId}` : ""}) in ${region}`;
      const ports = listWords(check.ports);
      const sources = listWords(check.sources);
      const openPorts = [...new Set(open.flatMap((o) => o.ports))].sort((a, b) => a - b);
      const openSources = [...new Set(open.map((o) => o.source))];
      findings.push(
        buildFinding(rule, snapshot, {
          status: open.length > 0 ? "FAIL" : "PASS",
          resourceType: "AWS::EC2::SecurityGroup",
          resourceArn: arn,
          resourceName: group.groupId,
          identity: [arn],
          region,
          statusExtended:
            open.length > 0
              ? `${label} allows inbound traffic from ${listWords(openSources)} to port${openPorts.length === 1 ? "" : "s"} ${listWords(openPorts)} (${open.length} rule${open.length === 1 ? "" : "s"}${pieced ? ", whose CIDRs together cover every address" : ""}).`
              : `${label} has no inbound rule open to ${sources} on port${check.ports.length === 1 ? "" : "s"} ${ports}${unreadable.length > 0 ? ` (${unreadable.length} CIDR${unreadable.length === 1 ? "" : "s"} could not be read; see the evidence)` : ""}.`,
          evidence: {
            region,
            groupId: group.groupId,
            groupName: group.groupName,
            vpcId: group.vpcId,
            portsJudged: check.ports,
            sourcesJudged: check.sources,
            protocolsCounted: ["-1", "tcp", "udp"],
            openRules: open,
            unreadableCidrs: unreadable,
            prefixListAndGroupSources: nonCidrSources(group, check.ports),
            source: "ec2:DescribeSecurityGroups",
          },
        }),
      );
    }
  }
  return findings;
}

/** How to close a security group's inbound rules open to the internet on `ports` (rule metadata). */
export function securityGroupRemediation(ports: readonly number[], sources: readonly InternetSource[]) {
  const flag = (source: InternetSource) =>
    source === "::/0" ? "Ipv6Ranges=[{CidrIpv6=::/0}]" : "IpRanges=[{CidrIp=0.0.0.0/0}]";
  return {
    console: [
      "Open the VPC console in the finding's region and choose Security groups, then the group named in the finding.",
      `On Inbound rules choose Edit inbound rules and delete each rule whose source is ${listWords(sources)} and whose port range includes ${listWords(ports)} (or is All traffic), and each rule the finding's evidence lists under openRules with a smaller CIDR: together those CIDRs cover every address, so they are open to the internet too.`,
      "Add rules for the sources that need access instead: a VPN or office CIDR, a managed prefix list, or another security group; or reach instances through Systems Manager Session Manager, which needs no inbound port.",
      "Choose Save rules.",
    ],
    cli: [
      "aws ec2 describe-security-groups --region <region> --group-ids <group-id> --query 'SecurityGroups[].IpPermissions'",
      ...sources.map(
        (source) =>
          `aws ec2 revoke-security-group-ingress --region <region> --group-id <group-id> --ip-permissions 'IpProtocol=<protocol>,FromPort=<from-port>,ToPort=<to-port>,${flag(source)}'`,
      ),
      "aws ec2 authorize-security-group-ingress --region <region> --group-id <group-id> --ip-permissions 'IpProtocol=tcp,FromPort=<port>,ToPort=<port>,IpRanges=[{CidrIp=<trusted-cidr>}]'",
    ],
    iac: {
      cloudformation: [
        "SecurityGroupIngress:",
        "  - IpProtocol: tcp",
        `    FromPort: ${ports[0]}`,
        `    ToPort: ${ports[0]}`,
        "    CidrIp: 10.0.0.0/8 # a trusted range, never 0.0.0.0/0 or ::/0",
      ].join("\n"),
      terraform: [
        'resource "aws_vpc_security_group_ingress_rule" "admin" {',
        "  security_group_id = aws_security_group.this.id",
        '  ip_protocol       = "tcp"',
        `  from_port         = ${ports[0]}`,
        `  to_port           = ${ports[0]}`,
        '  cidr_ipv4         = "10.0.0.0/8" # a trusted range, never 0.0.0.0/0 or ::/0',
        "}",
      ].join("\n"),
    },
  };
}

/** References of the security-group rules. */
export const SECURITY_GROUP_REFERENCES: readonly string[] = [
  "https://www.cisecurity.org/benchmark/amazon_web_services",
  "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html",
  "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeSecurityGroups.html",
];

/** CloudTrail events that change a security group's inbound rules. */
export const SECURITY_GROUP_EVENTS: readonly string[] = [
  "AuthorizeSecurityGroupIngress",
  "RevokeSecurityGroupIngress",
  "ModifySecurityGroupRules",
  "UpdateSecurityGroupRuleDescriptionsIngress",
  "CreateSecurityGroup",
  "DeleteSecurityGroup",
];
