/**
 * CIS v1.5.0 5.1 (ec2_network_acl_admin_ports_closed) over literal network ACLs: inbound entries in
 * rule-number order, the first match decides, a lower-numbered deny neutralises a later allow (and a
 * later deny does not help), the whole internet decides whether one /0 entry or several smaller CIDRs
 * together make it (halves allowed fail, halves denied first close the port, a gap of the space passes),
 * egress is not judged; the evidence is every decision with the entry or entries that made it. The
 * halves against moto too (the real SDK v3), IPv4 and IPv6.
 */
import { CreateNetworkAclCommand, CreateNetworkAclEntryCommand, EC2Client } from "@aws-sdk/client-ec2";
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/ec2/ec2_network_acl_admin_ports_closed.js";
import type { NetworkAcl, NetworkAclEntry } from "../../../src/snapshot/datasets/ec2.js";
import { describeWithMoto, motoClientConfig } from "../../support/moto.js";
import { ACCOUNT, acl, denied, entry, snapshotOf } from "./networking-fixtures.js";
import { collectFromMoto, defaultVpcId } from "./networking-moto.js";

const REGION = "eu-west-1";

function judge(a: NetworkAcl) {
  const findings = evaluateRule(rule, snapshotOf({ "ec2.networkAcls": { [REGION]: [a] } }));
  expect(findings).toHaveLength(1);
  return findings[0];
}

/** `source protocol port → action by rule` for each decision. */
function decisions(a: NetworkAcl): string[] {
  return (
    (judge(a)?.evidence.decisions ?? []) as {
      source: string;
      protocol: string;
      port: number;
      action: string;
      decidedBy: { ruleNumber: number } | null;
      decidedTogetherBy?: { ruleNumber: number }[];
    }[]
  ).map((d) => {
    const by = d.decidedBy
      ? String(d.decidedBy.ruleNumber)
      : d.decidedTogetherBy?.map((e) => e.ruleNumber).join("+") || "none";
    return `${d.source} ${d.protocol} ${d.port} → ${d.action} by ${by}`;
  });
}

/** AWS's default network ACL (IPv4 only, as moto and a VPC without IPv6 have it). */
const DEFAULT = acl(
  "acl-default",
  [
    entry(100, "allow", "-1"),
    entry(32767, "deny", "-1"),
    entry(100, "allow", "-1", { egress: true }),
    entry(32767, "deny", "-1", { egress: true }),
  ],
  { isDefault: true },
);

describe("ec2_network_acl_admin_ports_closed over literal datasets", () => {
  it("a default network ACL (allow all at 100) fails, with every decision and the entry that made it", () => {
    const finding = judge(DEFAULT);
    expect(finding).toMatchObject({
      status: "FAIL",
      region: REGION,
      resourceType: "AWS::EC2::NetworkAcl",
      resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:network-acl/acl-default`,
      resourceName: "acl-default",
      statusExtended:
        "Network ACL acl-default (vpc-1, default) in eu-west-1 allows inbound traffic from 0.0.0.0/0 to tcp 22, 0.0.0.0/0 to udp 22, 0.0.0.0/0 to tcp 3389, 0.0.0.0/0 to udp 3389 (entry 100 decides first).",
    });
    const allowAll = {
      ruleNumber: 100,
      ruleAction: "allow",
      protocol: "-1",
      portRange: null,
      cidrBlock: "0.0.0.0/0",
    };
    const none = { decidedTogetherBy: [], partlyAllowedBy: [] };
    expect(finding?.evidence).toEqual({
      region: REGION,
      networkAclId: "acl-default",
      vpcId: "vpc-1",
      isDefault: true,
      subnetIds: ["subnet-1"],
      portsJudged: [22, 3389],
      evaluation:
        "inbound entries in increasing rule number; an entry whose CIDR earlier denies already cover is not reached; the allows reached, or the denies, whose CIDRs together first cover every address decide; no such union: denied",
      decisions: [
        { source: "0.0.0.0/0", protocol: "tcp", port: 22, action: "allow", decidedBy: allowAll, ...none },
        { source: "0.0.0.0/0", protocol: "udp", port: 22, action: "allow", decidedBy: allowAll, ...none },
        { source: "0.0.0.0/0", protocol: "tcp", port: 3389, action: "allow", decidedBy: allowAll, ...none },
        { source: "0.0.0.0/0", protocol: "udp", port: 3389, action: "allow", decidedBy: allowAll, ...none },
        // No IPv6 entry at all: AWS denies.
        { source: "::/0", protocol: "tcp", port: 22, action: "deny", decidedBy: null, ...none },
        { source: "::/0", protocol: "udp", port: 22, action: "deny", decidedBy: null, ...none },
        { source: "::/0", protocol: "tcp", port: 3389, action: "deny", decidedBy: null, ...none },
        { source: "::/0", protocol: "udp", port: 3389, action: "deny", decidedBy: null, ...none },
      ],
      unreadableEntries: [],
      source: "ec2:DescribeNetworkAcls",
    });
  });

  it("lower-numbered denies of the same traffic neutralise a later allow-all: PASS, the denies as evidence", () => {
    const a = acl("acl-1", [
      entry(100, "allow", "-1"),
      entry(10, "deny", "6", { portRange: { from: 22, to: 22 } }),
      entry(20, "deny", "6", { portRange: { from: 3389, to: 3389 } }),
      entry(30, "deny", "17", { portRange: { from: 0, to: 65535 } }),
      entry(32767, "deny", "-1"),
    ]);
    const finding = judge(a);
    expect(finding?.status).toBe("PASS");
    expect(finding?.statusExtended).toBe(
      "Network ACL acl-1 (vpc-1) in eu-west-1 denies inbound traffic from 0.0.0.0/0 and ::/0 to ports 22 and 3389 over TCP and UDP (entries 10, 20, 30; no entry matching, so denied).",
    );
    expect(decisions(a)).toEqual([
      "0.0.0.0/0 tcp 22 → deny by 10",
      "0.0.0.0/0 udp 22 → deny by 30",
      "0.0.0.0/0 tcp 3389 → deny by 20",
      "0.0.0.0/0 udp 3389 → deny by 30",
      "::/0 tcp 22 → deny by none",
      "::/0 udp 22 → deny by none",
      "::/0 tcp 3389 → deny by none",
      "::/0 udp 3389 → deny by none",
    ]);
  });

  it("a deny numbered after the allow does not help: the allow matches first", () => {
    const a = acl("acl-1", [
      entry(200, "deny", "6", { portRange: { from: 22, to: 22 } }),
      entry(100, "allow", "-1"),
    ]);
    expect(judge(a)?.status).toBe("FAIL");
    expect(decisions(a).slice(0, 1)).toEqual(["0.0.0.0/0 tcp 22 → allow by 100"]);
  });

  it("a deny of part of the internet (10.0.0.0/8) leaves the rest allowed: FAIL", () => {
    const a = acl("acl-1", [entry(50, "deny", "-1", { cidrBlock: "10.0.0.0/8" }), entry(100, "allow", "-1")]);
    expect(judge(a)?.status).toBe("FAIL");
    expect(decisions(a)[0]).toBe("0.0.0.0/0 tcp 22 → allow by 100");
  });

  it("an allow from a private range only is not from 0.0.0.0/0: PASS", () => {
    const a = acl("acl-1", [
      entry(100, "allow", "-1", { cidrBlock: "10.0.0.0/8" }),
      entry(32767, "deny", "-1"),
    ]);
    expect(judge(a)?.status).toBe("PASS");
    expect(decisions(a)[0]).toBe("0.0.0.0/0 tcp 22 → deny by 32767");
  });

  it("a port range counts when it includes the port: TCP 0-1024 allows tcp 22 only", () => {
    const a = acl("acl-1", [
      entry(100, "allow", "6", { portRange: { from: 0, to: 1024 } }),
      entry(32767, "deny", "-1"),
    ]);
    const finding = judge(a);
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      "Network ACL acl-1 (vpc-1) in eu-west-1 allows inbound traffic from 0.0.0.0/0 to tcp 22 (entry 100 decides first).",
    );
    expect(decisions(a).slice(0, 4)).toEqual([
      "0.0.0.0/0 tcp 22 → allow by 100",
      "0.0.0.0/0 udp 22 → deny by 32767",
      "0.0.0.0/0 tcp 3389 → deny by 32767",
      "0.0.0.0/0 udp 3389 → deny by 32767",
    ]);
  });

  it("an allow of HTTPS only passes (decided by the final * entry)", () => {
    const a = acl("acl-1", [
      entry(100, "allow", "6", { portRange: { from: 443, to: 443 } }),
      entry(32767, "deny", "-1"),
    ]);
    expect(judge(a)?.status).toBe("PASS");
    expect(judge(a)?.statusExtended).toContain("(entry *; no entry matching, so denied)");
  });

  it("UDP counts: UDP 3389 allowed fails", () => {
    const a = acl("acl-1", [entry(100, "allow", "17", { portRange: { from: 3389, to: 3389 } })]);
    expect(judge(a)?.status).toBe("FAIL");
    expect(decisions(a)[3]).toBe("0.0.0.0/0 udp 3389 → allow by 100");
  });

  it("protocols without ports (GRE 47, ICMP 1) never match: PASS", () => {
    const a = acl("acl-1", [entry(100, "allow", "47"), entry(110, "allow", "1"), entry(32767, "deny", "-1")]);
    expect(judge(a)?.status).toBe("PASS");
    expect(decisions(a)[0]).toBe("0.0.0.0/0 tcp 22 → deny by 32767");
  });

  it("egress entries are not judged: an outbound allow-all with inbound denied passes", () => {
    const a = acl("acl-1", [
      entry(100, "allow", "-1", { egress: true }),
      entry(100, "allow", "-1", { egress: true, cidrBlock: null, ipv6CidrBlock: "::/0" }),
      entry(32767, "deny", "-1"),
    ]);
    expect(judge(a)?.status).toBe("PASS");
  });

  it("IPv6: an allow-all from ::/0 (AWS's default entry 101 in an IPv6 VPC) fails for ::/0", () => {
    const a = acl("acl-1", [
      entry(100, "deny", "-1"),
      entry(101, "allow", "-1", { cidrBlock: null, ipv6CidrBlock: "::/0" }),
      entry(32768, "deny", "-1", { cidrBlock: null, ipv6CidrBlock: "::/0" }),
    ]);
    const finding = judge(a);
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      "Network ACL acl-1 (vpc-1) in eu-west-1 allows inbound traffic from ::/0 to tcp 22, ::/0 to udp 22, ::/0 to tcp 3389, ::/0 to udp 3389 (entry 101 decides first).",
    );
    expect(decisions(a)).toEqual([
      "0.0.0.0/0 tcp 22 → deny by 100",
      "0.0.0.0/0 udp 22 → deny by 100",
      "0.0.0.0/0 tcp 3389 → deny by 100",
      "0.0.0.0/0 udp 3389 → deny by 100",
      "::/0 tcp 22 → allow by 101",
      "::/0 udp 22 → allow by 101",
      "::/0 tcp 3389 → allow by 101",
      "::/0 udp 3389 → allow by 101",
    ]);
  });

  it("one finding per network ACL in every region read; a failed region → its ERROR, the others judged", () => {
    const snapshot = snapshotOf({ "ec2.networkAcls": { "us-east-1": [acl("acl-b", []), DEFAULT] } }, [
      denied("ec2.networkAcls", "ec2:DescribeNetworkAcls", "eu-west-1"),
    ]);
    expect(evaluateRule(rule, snapshot).map((f) => [f.region, f.resourceName, f.status])).toEqual([
      ["us-east-1", "acl-b", "PASS"],
      ["us-east-1", "acl-default", "FAIL"],
      ["eu-west-1", ACCOUNT, "ERROR"],
    ]);
  });
});

/** An entry as the evidence describes it. */
function described(e: NetworkAclEntry) {
  return {
    ruleNumber: e.ruleNumber,
    ruleAction: e.ruleAction,
    protocol: e.protocol,
    portRange: e.portRange,
    cidrBlock: e.cidrBlock ?? e.ipv6CidrBlock,
  };
}

/** The evidence's decision for `source protocol port`. */
function decision(a: NetworkAcl, source: string, protocol: string, port: number) {
  return ((judge(a)?.evidence.decisions ?? []) as Record<string, unknown>[]).find(
    (d) => d.source === source && d.protocol === protocol && d.port === port,
  );
}

describe("the internet split into smaller CIDRs (the union of the entries reached)", () => {
  const SSH = { portRange: { from: 22, to: 22 } };
  const lowerHalf = entry(10, "allow", "6", { ...SSH, cidrBlock: "0.0.0.0/1" });
  const upperHalf = entry(11, "allow", "6", { ...SSH, cidrBlock: "128.0.0.0/1" });

  it("allow entries 10 and 11 for tcp 22 from 0.0.0.0/1 and 128.0.0.0/1: FAIL, both named, no claim of a deny", () => {
    const a = acl("acl-1", [lowerHalf, upperHalf, entry(32767, "deny", "-1")]);
    const finding = judge(a);
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      "Network ACL acl-1 (vpc-1) in eu-west-1 allows inbound traffic from 0.0.0.0/0 to tcp 22 (entries 10 and 11 together allow every address).",
    );
    expect(decision(a, "0.0.0.0/0", "tcp", 22)).toEqual({
      source: "0.0.0.0/0",
      protocol: "tcp",
      port: 22,
      action: "allow",
      decidedBy: null,
      decidedTogetherBy: [described(lowerHalf), described(upperHalf)],
      partlyAllowedBy: [],
    });
    expect(decisions(a).slice(0, 4)).toEqual([
      "0.0.0.0/0 tcp 22 → allow by 10+11",
      "0.0.0.0/0 udp 22 → deny by 32767",
      "0.0.0.0/0 tcp 3389 → deny by 32767",
      "0.0.0.0/0 udp 3389 → deny by 32767",
    ]);
    expect(finding?.evidence.unreadableEntries).toEqual([]);
    // Without AWS's final * entry (moto's new ACLs): the same.
    expect(judge(acl("acl-1", [upperHalf, lowerHalf]))?.status).toBe("FAIL");
  });

  it("IPv6: ::/1 and 8000::/1 allowed (one TCP 3389, one all protocols): FAIL for ::/0 on tcp 3389", () => {
    const v6 = { cidrBlock: null };
    const a = acl("acl-1", [
      entry(100, "allow", "6", { ...v6, ipv6CidrBlock: "::/1", portRange: { from: 3389, to: 3389 } }),
      entry(101, "allow", "-1", { ...v6, ipv6CidrBlock: "8000::/1" }),
      entry(32768, "deny", "-1", { ...v6, ipv6CidrBlock: "::/0" }),
    ]);
    const finding = judge(a);
    expect(finding?.status).toBe("FAIL");
    expect(finding?.statusExtended).toBe(
      "Network ACL acl-1 (vpc-1) in eu-west-1 allows inbound traffic from ::/0 to tcp 3389 (entries 100 and 101 together allow every address).",
    );
    expect(decisions(a).slice(4)).toEqual([
      "::/0 tcp 22 → deny by 32768",
      "::/0 udp 22 → deny by 32768",
      "::/0 tcp 3389 → allow by 100+101",
      "::/0 udp 3389 → deny by 32768",
    ]);
    expect(decision(a, "::/0", "udp", 22)?.partlyAllowedBy).toEqual([
      {
        ruleNumber: 101,
        ruleAction: "allow",
        protocol: "-1",
        portRange: null,
        cidrBlock: "8000::/1",
      },
    ]);
  });

  it("a narrow deny before the halves still FAILs: most of the internet is allowed (as with one /0 allow)", () => {
    const a = acl("acl-1", [
      entry(5, "deny", "6", { ...SSH, cidrBlock: "10.0.0.0/8" }),
      lowerHalf,
      upperHalf,
    ]);
    expect(judge(a)?.status).toBe("FAIL");
    expect(decisions(a)[0]).toBe("0.0.0.0/0 tcp 22 → allow by 10+11");
  });

  it("three allow pieces FAIL; with a gap (128.0.0.0/2 missing) PASS, the pieces named as allowing part only", () => {
    const pieces = [
      entry(10, "allow", "6", { ...SSH, cidrBlock: "0.0.0.0/1" }),
      entry(20, "allow", "6", { ...SSH, cidrBlock: "192.0.0.0/2" }),
      entry(30, "allow", "6", { ...SSH, cidrBlock: "128.0.0.0/2" }),
    ];
    expect(decisions(acl("acl-1", pieces))[0]).toBe("0.0.0.0/0 tcp 22 → allow by 10+20+30");
    const gap = acl("acl-1", pieces.slice(0, 2));
    const finding = judge(gap);
    expect(finding?.status).toBe("PASS");
    expect(finding?.statusExtended).toBe(
      "Network ACL acl-1 (vpc-1) in eu-west-1 denies inbound traffic from 0.0.0.0/0 and ::/0 to ports 22 and 3389 over TCP and UDP (entries 10 and 20 allow part of the address space only, the rest denied; no entry matching, so denied).",
    );
    expect(decision(gap, "0.0.0.0/0", "tcp", 22)).toEqual({
      source: "0.0.0.0/0",
      protocol: "tcp",
      port: 22,
      action: "deny",
      decidedBy: null,
      decidedTogetherBy: [],
      partlyAllowedBy: pieces.slice(0, 2).map(described),
    });
    // With AWS's final * entry: decided by it, the pieces still named.
    const star = acl("acl-1", [...pieces.slice(0, 2), entry(32767, "deny", "-1")]);
    expect(judge(star)?.statusExtended).toBe(
      "Network ACL acl-1 (vpc-1) in eu-west-1 denies inbound traffic from 0.0.0.0/0 and ::/0 to ports 22 and 3389 over TCP and UDP (entry *; entries 10 and 20 allow part of the address space only, the rest denied; no entry matching, so denied).",
    );
  });

  it("denies covering the whole space together, before the allows, decide: PASS, no address reaches the port", () => {
    const halvesDenied = [
      entry(1, "deny", "-1", { cidrBlock: "0.0.0.0/1" }),
      entry(2, "deny", "-1", { cidrBlock: "128.0.0.0/1" }),
    ];
    const a = acl("acl-1", [...halvesDenied, lowerHalf, upperHalf, entry(100, "allow", "-1")]);
    const finding = judge(a);
    expect(finding?.status).toBe("PASS");
    expect(decisions(a).slice(0, 4)).toEqual([
      "0.0.0.0/0 tcp 22 → deny by 1+2",
      "0.0.0.0/0 udp 22 → deny by 1+2",
      "0.0.0.0/0 tcp 3389 → deny by 1+2",
      "0.0.0.0/0 udp 3389 → deny by 1+2",
    ]);
    expect(decision(a, "0.0.0.0/0", "tcp", 22)?.decidedTogetherBy).toEqual(halvesDenied.map(described));
  });

  it("only earlier denies make an entry unreachable: allow 0.0.0.0/1, deny 128.0.0.0/1, then allow-all → FAIL by the allow-all (docs: the cautious reading)", () => {
    const a = acl("acl-1", [
      lowerHalf,
      entry(20, "deny", "6", { ...SSH, cidrBlock: "128.0.0.0/1" }),
      entry(100, "allow", "-1"),
    ]);
    expect(judge(a)?.status).toBe("FAIL");
    expect(decisions(a)[0]).toBe("0.0.0.0/0 tcp 22 → allow by 100");
  });

  it("a whole-space deny first: later halves are never reached, PASS by the deny", () => {
    const a = acl("acl-1", [entry(5, "deny", "6", { ...SSH }), lowerHalf, upperHalf]);
    expect(judge(a)?.status).toBe("PASS");
    expect(decisions(a)[0]).toBe("0.0.0.0/0 tcp 22 → deny by 5");
    expect(decision(a, "0.0.0.0/0", "tcp", 22)?.partlyAllowedBy).toEqual([]);
  });

  it("an allow whose range earlier denies already decided adds nothing: 0.0.0.0/1 allowed, the rest denied, 128.0.0.0/1 allowed after → PASS", () => {
    const a = acl("acl-1", [
      lowerHalf,
      entry(20, "deny", "6", SSH),
      entry(30, "allow", "6", { ...SSH, cidrBlock: "128.0.0.0/1" }),
    ]);
    expect(judge(a)?.status).toBe("PASS");
    expect(decision(a, "0.0.0.0/0", "tcp", 22)).toMatchObject({
      action: "deny",
      decidedBy: described(entry(20, "deny", "6", SSH)),
      partlyAllowedBy: [described(lowerHalf)],
    });
  });

  it("an entry with a malformed CIDR (a hand-made snapshot) never crashes: listed as unreadable, skipped", () => {
    const a = acl("acl-1", [
      entry(5, "deny", "-1", { cidrBlock: "0.0.0.0/33" }),
      entry(6, "deny", "-1", { cidrBlock: null, ipv6CidrBlock: "::g/0" }),
      lowerHalf,
      upperHalf,
    ]);
    const finding = judge(a);
    expect(finding?.status).toBe("FAIL");
    expect(finding?.evidence.unreadableEntries).toEqual([
      { ruleNumber: 5, cidrBlock: "0.0.0.0/33", reason: "the prefix length is not a number from 0 to 32" },
      { ruleNumber: 6, cidrBlock: "::g/0", reason: "the address is not an IPv6 address" },
    ]);
    const alone = judge(acl("acl-1", [entry(5, "allow", "-1", { cidrBlock: "0.0.0.0/33" })]));
    expect([alone?.status, alone?.statusExtended]).toEqual([
      "PASS",
      "Network ACL acl-1 (vpc-1) in eu-west-1 denies inbound traffic from 0.0.0.0/0 and ::/0 to ports 22 and 3389 over TCP and UDP (entry 5 could not be read, see the evidence; no entry matching, so denied).",
    ]);
  });
});

describeWithMoto("the internet split into smaller CIDRs, against moto (the real SDK v3)", (moto) => {
  it("halves allowed fail (IPv4 on tcp 22, IPv6 on tcp 3389); halves denied before an allow-all pass; a gap passes", async () => {
    type Entry = { RuleNumber: number; Protocol: string; RuleAction: "allow" | "deny" } & (
      | { CidrBlock: string }
      | { Ipv6CidrBlock: string }
    ) & { PortRange?: { From: number; To: number } };
    const ec2 = new EC2Client(motoClientConfig(moto(), REGION));
    const ids = new Map<string, string>();
    try {
      const vpcId = await defaultVpcId(ec2);
      const make = async (name: string, entries: Entry[]) => {
        const { NetworkAcl } = await ec2.send(new CreateNetworkAclCommand({ VpcId: vpcId }));
        const id = NetworkAcl?.NetworkAclId as string;
        for (const e of entries)
          await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: id, Egress: false, ...e }));
        ids.set(id, name);
      };
      const ssh = { Protocol: "6", PortRange: { From: 22, To: 22 } };
      await make("v4-halves", [
        { RuleNumber: 10, RuleAction: "allow", CidrBlock: "0.0.0.0/1", ...ssh },
        { RuleNumber: 11, RuleAction: "allow", CidrBlock: "128.0.0.0/1", ...ssh },
      ]);
      await make("v6-halves", [
        {
          RuleNumber: 10,
          RuleAction: "allow",
          Ipv6CidrBlock: "::/1",
          Protocol: "6",
          PortRange: { From: 3389, To: 3389 },
        },
        { RuleNumber: 11, RuleAction: "allow", Ipv6CidrBlock: "8000::/1", Protocol: "-1" },
      ]);
      await make("halves-denied", [
        { RuleNumber: 10, RuleAction: "deny", CidrBlock: "0.0.0.0/1", Protocol: "-1" },
        { RuleNumber: 20, RuleAction: "deny", CidrBlock: "128.0.0.0/1", Protocol: "-1" },
        { RuleNumber: 100, RuleAction: "allow", CidrBlock: "0.0.0.0/0", Protocol: "-1" },
      ]);
      await make("gap", [
        { RuleNumber: 10, RuleAction: "allow", CidrBlock: "0.0.0.0/1", ...ssh },
        { RuleNumber: 11, RuleAction: "allow", CidrBlock: "192.0.0.0/2", ...ssh },
      ]);
    } finally {
      ec2.destroy();
    }
    const snapshot = await collectFromMoto(moto().endpoint, ["ec2.networkAcls"], [REGION]);
    const findings = new Map(
      evaluateRule(rule, snapshot).map((f) => [ids.get(f.resourceName) ?? "default", f]),
    );
    expect(new Map([...findings].map(([name, f]) => [name, f.status]))).toEqual(
      new Map([
        ["default", "FAIL"], // moto's default VPC: allow all at 100
        ["v4-halves", "FAIL"],
        ["v6-halves", "FAIL"],
        ["halves-denied", "PASS"],
        ["gap", "PASS"],
      ]),
    );
    const said = (name: string) =>
      findings.get(name)?.statusExtended.replace(/^Network ACL \S+ \(vpc-\w+\)/, "");
    expect(said("v4-halves")).toBe(
      " in eu-west-1 allows inbound traffic from 0.0.0.0/0 to tcp 22 (entries 10 and 11 together allow every address).",
    );
    expect(said("v6-halves")).toBe(
      " in eu-west-1 allows inbound traffic from ::/0 to tcp 3389 (entries 10 and 11 together allow every address).",
    );
    expect(said("halves-denied")).toBe(
      " in eu-west-1 denies inbound traffic from 0.0.0.0/0 and ::/0 to ports 22 and 3389 over TCP and UDP (entries 10, 20; no entry matching, so denied).",
    );
    expect(said("gap")).toBe(
      " in eu-west-1 denies inbound traffic from 0.0.0.0/0 and ::/0 to ports 22 and 3389 over TCP and UDP (entries 10 and 11 allow part of the address space only, the rest denied; no entry matching, so denied).",
    );
    const v4 = ((findings.get("v4-halves")?.evidence.decisions ?? []) as Record<string, unknown>[])[0];
    expect(v4).toEqual({
      source: "0.0.0.0/0",
      protocol: "tcp",
      port: 22,
      action: "allow",
      decidedBy: null,
      decidedTogetherBy: [
        {
          ruleNumber: 10,
          ruleAction: "allow",
          protocol: "6",
          portRange: { from: 22, to: 22 },
          cidrBlock: "0.0.0.0/1",
        },
        {
          ruleNumber: 11,
          ruleAction: "allow",
          protocol: "6",
          portRange: { from: 22, to: 22 },
          cidrBlock: "128.0.0.0/1",
        },
      ],
      partlyAllowedBy: [],
    });
  });
});
