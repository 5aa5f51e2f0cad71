/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 5.1 (Level 1, Automated): "Ensure no Network ACLs
 * allow ingress from 0.0.0.0/0 to remote server administration ports" (v1.3.0–v3.0.0 5.1, v4.0.0/v5.0.0
 * 5.2, v6.0.0 6.2).
 *
 * Audit: in every enabled region, every network ACL (DescribeNetworkAcls). Its inbound entries are
 * evaluated as AWS evaluates them: in increasing rule number, the first entry matching the traffic
 * decides. For traffic from anywhere (`0.0.0.0/0`, and `::/0`, its IPv6 equivalent) to ports 22 and 3389
 * over TCP and UDP, the deciding entry must be a deny (or none: AWS's final `*` entry denies). An allow
 * after a lower-numbered deny of the same traffic is harmless. "Anywhere" is every address of the family,
 * whether one `/0` entry names it or several smaller CIDRs together cover it: allows reached whose CIDRs
 * together cover the family (`0.0.0.0/1` and `128.0.0.0/1`) allow it, denies that do deny it
 * (`acl-ingress.ts`). One finding per network ACL: FAIL when any of that traffic is allowed, PASS
 * otherwise; the evidence lists each decision and the entry, or entries together, that made it.
 * Egress entries are not judged. Default network ACLs allow all traffic (rule 100), so every default VPC
 * fails: silence regions you do not use with `--regions` or the mutelist (docs/frameworks.md).
 */
import { buildFinding, type Finding } from "../../model/finding.js";
import type { NetworkAcl, NetworkAclEntry } from "../../snapshot/datasets/ec2.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { type AclDecision, decideAclIngress, type UnreadableAclEntry } from "./acl-ingress.js";
import { type InternetSource, listWords } from "./ingress-traffic.js";

const PORTS: readonly number[] = [22, 3389];
const SOURCES: readonly InternetSource[] = ["0.0.0.0/0", "::/0"];

/** The rule. */
export const rule: Rule = {
  id: "ec2_network_acl_admin_ports_closed",
  title: "No network ACL lets inbound traffic from the internet reach SSH (22) or RDP (3389)",
  severity: "medium",
  resourceTypes: ["AWS::EC2::NetworkAcl"],
  description:
    "Evaluates, in every enabled region, the inbound entries of each network ACL in rule-number order, as " +
    "AWS does, for traffic from any address (0.0.0.0/0 or ::/0) to port 22 or 3389 over TCP or UDP. The " +
    "first matching entry decides: a lower-numbered deny makes a later allow harmless. Entries whose CIDRs " +
    "together cover every address (0.0.0.0/1 and 128.0.0.0/1) count as one from 0.0.0.0/0. Fails when " +
    "that traffic is allowed.",
  rationale:
    "Network ACLs are the subnet-wide, stateless layer in front of security groups. Letting the whole " +
    "internet reach remote administration ports at this layer leaves only the security groups between an " +
    "attacker and SSH or RDP; denying it here protects every instance of the subnet even when one group is " +
    "misconfigured.",
  remediation: {
    console: [
      "Open the VPC console in the finding's region and choose Network ACLs, then the ACL named in the finding.",
      "On Inbound rules choose Edit inbound rules.",
      "Either add deny rules for TCP and UDP ports 22 and 3389 from 0.0.0.0/0 (and ::/0) with rule numbers lower than the allow rule named in the evidence, or replace the allow-all rule by allows of the ports and sources the subnet needs.",
      "Choose Save changes. Network ACLs are stateless: keep the outbound ephemeral ports (1024-65535) the subnet's replies need.",
    ],
    cli: [
      "aws ec2 describe-network-acls --region <region> --network-acl-ids <acl-id> --query 'NetworkAcls[].Entries[?Egress==`false`]'",
      "aws ec2 create-network-acl-entry --region <region> --network-acl-id <acl-id> --ingress --rule-number <number-below-the-allow> --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action deny",
      "aws ec2 create-network-acl-entry --region <region> --network-acl-id <acl-id> --ingress --rule-number <number-below-the-allow> --protocol tcp --port-range From=3389,To=3389 --cidr-block 0.0.0.0/0 --rule-action deny",
      "aws ec2 create-network-acl-entry --region <region> --network-acl-id <acl-id> --ingress --rule-number <number-below-the-allow> --protocol tcp --port-range From=22,To=22 --ipv6-cidr-block ::/0 --rule-action deny",
      "aws ec2 replace-network-acl-entry --region <region> --network-acl-id <acl-id> --ingress --rule-number <rule-number> --protocol tcp --port-range From=<from>,To=<to> --cidr-block <trusted-cidr> --rule-action allow",
    ],
    iac: {
      cloudformation: [
        "DenySshFromInternet:",
        "  Type: AWS::EC2::NetworkAclEntry",
        "  Properties:",
        "    NetworkAclId: !Ref NetworkAcl",
        "    RuleNumber: 50",
        "    Protocol: 6",
        "    RuleAction: deny",
        "    Egress: false",
        "    CidrBlock: 0.0.0.0/0",
        "    PortRange: { From: 22, To: 22 }",
      ].join("\n"),
      terraform: [
        'resource "aws_network_acl_rule" "deny_ssh" {',
        "  network_acl_id = aws_network_acl.this.id",
        "  rule_number    = 50",
        "  egress         = false",
        '  protocol       = "tcp"',
        '  rule_action    = "deny"',
        '  cidr_block     = "0.0.0.0/0"',
        "  from_port      = 22",
        "  to_port        = 22",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/vpc/latest/userguide/nacl-rules.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeNetworkAcls.html",
  ],
  requires: ["ec2.networkAcls"],
  cloudTrailEvents: [
    "CreateNetworkAcl",
    "CreateNetworkAclEntry",
    "DeleteNetworkAcl",
    "DeleteNetworkAclEntry",
    "ReplaceNetworkAclEntry",
    "ReplaceNetworkAclAssociation",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const findings: Finding[] = [];
    for (const [region, acls] of regionalValues(snapshot, "ec2.networkAcls"))
      for (const acl of [...acls].sort((a, b) => a.networkAclId.localeCompare(b.networkAclId)))
        findings.push(judgeAcl(snapshot, region, acl));
    return findings;
  },
};

/** `100`, or `*` for AWS's final entries (32767 IPv4, 32768 IPv6). */
function ruleLabel(ruleNumber: number): string {
  return ruleNumber >= 32767 ? "*" : String(ruleNumber);
}

/** "10", "10 and 11", "10, 20 and 30". */
function listLabels(entries: readonly NetworkAclEntry[]): string {
  return listWords(entries.map((entry) => ruleLabel(entry.ruleNumber)));
}

function describeEntry(entry: NetworkAclEntry): Record<string, unknown> {
  return {
    ruleNumber: entry.ruleNumber,
    ruleAction: entry.ruleAction,
    protocol: entry.protocol,
    portRange: entry.portRange,
    cidrBlock: entry.cidrBlock ?? entry.ipv6CidrBlock,
  };
}

function describeDecision(decision: AclDecision): Record<string, unknown> {
  return {
    source: decision.source,
    protocol: decision.protocol,
    port: decision.port,
    action: decision.action,
    decidedBy: decision.entry ? describeEntry(decision.entry) : null,
    decidedTogetherBy: decision.together.map(describeEntry),
    partlyAllowedBy: decision.partlyAllowedBy.map(describeEntry),
  };
}

/** `entries 10 and 11` once per distinct group of entries, in first-seen order. */
function distinctGroups(groups: readonly (readonly NetworkAclEntry[])[]): string[] {
  return [...new Set(groups.map((group) => listLabels(group)))];
}

/** The parenthesis of a FAIL: the entries that let the internet in. */
function allowedBecause(allowed: readonly AclDecision[]): string {
  const singles = [...new Set(allowed.flatMap((d) => (d.entry ? [ruleLabel(d.entry.ruleNumber)] : [])))];
  const unions = distinctGroups(allowed.filter((d) => d.entry === null).map((d) => d.together));
  return [
    singles.length > 0 ? `entry ${singles.join(", ")} decides first` : "",
    ...unions.map((labels) => `entries ${labels} together allow every address`),
  ]
    .filter(Boolean)
    .join("; ");
}

/**
 * The parenthesis of a PASS: the entries that deny, those that allow part only, those that could not be
 * read, and what no entry matched.
 */
function deniedBecause(decisions: readonly AclDecision[], unreadable: readonly UnreadableAclEntry[]): string {
  const deciding = decisions.flatMap((d) => (d.entry ? [d.entry] : d.together));
  const numbers = [...new Set(deciding.map((e) => e.ruleNumber))].sort((a, b) => a - b);
  const by =
    numbers.length > 0
      ? `entr${numbers.length === 1 ? "y" : "ies"} ${numbers.map(ruleLabel).join(", ")}`
      : "";
  const partly = [
    ...new Map(decisions.flatMap((d) => d.partlyAllowedBy).map((e) => [e.ruleNumber, e])).values(),
  ].sort((a, b) => a.ruleNumber - b.ruleNumber);
  const part =
    partly.length > 0
      ? `entr${partly.length === 1 ? "y" : "ies"} ${listLabels(partly)} allow${partly.length === 1 ? "s" : ""} part of the address space only, the rest denied`
      : "";
  const unmatched = decisions.some(
    (d) => !d.entry && d.together.length === 0 && d.partlyAllowedBy.length === 0,
  )
    ? "no entry matching, so denied"
    : "";
  const skipped = [...new Set(unreadable.map((e) => ruleLabel(e.ruleNumber)))];
  const unread =
    skipped.length > 0
      ? `entr${skipped.length === 1 ? "y" : "ies"} ${skipped.join(", ")} could not be read, see the evidence`
      : "";
  return [by, part, unread, unmatched].filter(Boolean).join("; ");
}

function judgeAcl(snapshot: Snapshot, region: string, acl: NetworkAcl): Finding {
  const arn = `arn:${snapshot.partition}:ec2:${region}:${snapshot.accountId}:network-acl/${acl.networkAclId}`;
  const { decisions, unreadable } = decideAclIngress(acl, PORTS, SOURCES);
  const allowed = decisions.filter((d) => d.action === "allow");
  const label = `Network ACL ${acl.networkAclId} (${[acl.vpcId, acl.isDefault ? "default" : null].filter(Boolean).join(", ")}) in ${region}`;
  let statusExtended: string;
  if (allowed.length > 0) {
    const parts = [...new Set(allowed.map((d) => `${d.source} to ${d.protocol} ${d.port}`))];
    statusExtended = `${label} allows inbound traffic from ${parts.join(", ")} (${allowedBecause(allowed)}).`;
  } else {
    statusExtended = `${label} denies inbound traffic from 0.0.0.0/0 and ::/0 to ports 22 and 3389 over TCP and UDP (${deniedBecause(decisions, unreadable)}).`;
  }
  return buildFinding(rule, snapshot, {
    status: allowed.length > 0 ? "FAIL" : "PASS",
    resourceType: "AWS::EC2::NetworkAcl",
    resourceArn: arn,
    resourceName: acl.networkAclId,
    identity: [arn],
    region,
    statusExtended,
    evidence: {
      region,
      networkAclId: acl.networkAclId,
      vpcId: acl.vpcId,
      isDefault: acl.isDefault,
      subnetIds: acl.subnetIds,
      portsJudged: PORTS,
      evaluation:
        "inbound entries in increasing rule number; an entry whose CIDR earlier denies already cover is not reached; the allows reached, or the denies, whose CIDRs together first cover every address decide; no such union: denied",
      decisions: decisions.map(describeDecision),
      unreadableEntries: unreadable,
      source: "ec2:DescribeNetworkAcls",
    },
  });
}
