/**
 * CIS v1.5.0 5.1 (ec2_network_acl_admin_ports_closed) over literal network ACLs: inbound entries in
 * rule-number order, the first match decides, a lower-numbered deny neutralises a later allow (and a
 * later deny does not help), only whole-internet sources decide, egress is not judged; the evidence is
 * every decision with the entry that made it.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/ec2/ec2_network_acl_admin_ports_closed.js";
import type { NetworkAcl } from "../../../src/snapshot/datasets/ec2.js";
import { ACCOUNT, acl, denied, entry, snapshotOf } from "./networking-fixtures.js";

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
    }[]
  ).map((d) => `${d.source} ${d.protocol} ${d.port} → ${d.action} by ${d.decidedBy?.ruleNumber ?? "none"}`);
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
    expect(finding?.evidence).toEqual({
      region: REGION,
      networkAclId: "acl-default",
      vpcId: "vpc-1",
      isDefault: true,
      subnetIds: ["subnet-1"],
      portsJudged: [22, 3389],
      evaluation: "inbound entries in increasing rule number; the first match decides; no match: denied",
      decisions: [
        { source: "0.0.0.0/0", protocol: "tcp", port: 22, action: "allow", decidedBy: allowAll },
        { source: "0.0.0.0/0", protocol: "udp", port: 22, action: "allow", decidedBy: allowAll },
        { source: "0.0.0.0/0", protocol: "tcp", port: 3389, action: "allow", decidedBy: allowAll },
        { source: "0.0.0.0/0", protocol: "udp", port: 3389, action: "allow", decidedBy: allowAll },
        // No IPv6 entry at all: AWS denies.
        { source: "::/0", protocol: "tcp", port: 22, action: "deny", decidedBy: null },
        { source: "::/0", protocol: "udp", port: 22, action: "deny", decidedBy: null },
        { source: "::/0", protocol: "tcp", port: 3389, action: "deny", decidedBy: null },
        { source: "::/0", protocol: "udp", port: 3389, action: "deny", decidedBy: null },
      ],
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
