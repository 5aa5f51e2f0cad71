/**
 * Default VPCs are real findings in every region; the mutelist in docs/frameworks.md ("Networking")
 * silences the regions it names, and only those (read from the doc itself, so the doc cannot rot). Plus
 * two edge cases the doc states: half-space denies together are a /0 deny, and AWS's old `-1`/`-1` port
 * pair of a TCP rule means every port.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { muteFindings, parseMutelist } from "../../../src/engine/mutelist.js";
import { rule as defaultGroupRule } from "../../../src/rules/ec2/ec2_default_security_group_no_rules.js";
import { rule as aclRule } from "../../../src/rules/ec2/ec2_network_acl_admin_ports_closed.js";
import { rule as ipv4 } from "../../../src/rules/ec2/ec2_security_group_admin_closed_ipv4.js";
import { acl, entry, group, permission, snapshotOf } from "./networking-fixtures.js";

const DEFAULT_ACL = acl("acl-d", [entry(100, "allow", "-1"), entry(32767, "deny", "-1")], {
  isDefault: true,
});
const DEFAULT_GROUP = group("sg-d", [], {
  groupName: "default",
  egress: [permission({ ipProtocol: "-1", cidrs: ["0.0.0.0/0"] })],
});

/** The YAML example of the networking section of docs/frameworks.md. */
function docMutelist(): string {
  const doc = readFileSync(new URL("../../../docs/frameworks.md", import.meta.url), "utf8");
  const section = doc.slice(doc.indexOf("## Networking"));
  const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/^ {2}/, ""))
    .join("\n");
}

describe("default VPCs in unused regions", () => {
  it("fail in every region; the documented mutelist mutes the regions it names, keeping their status", () => {
    const regions = ["ap-southeast-2", "eu-west-1", "sa-east-1"];
    const snapshot = snapshotOf({
      "ec2.networkAcls": Object.fromEntries(regions.map((r) => [r, [DEFAULT_ACL]])),
      "ec2.securityGroups": Object.fromEntries(regions.map((r) => [r, [DEFAULT_GROUP]])),
      "ec2.networkInterfaces": Object.fromEntries(regions.map((r) => [r, []])),
    });
    const findings = [...evaluateRule(aclRule, snapshot), ...evaluateRule(defaultGroupRule, snapshot)];
    expect(findings.map((f) => [f.ruleId, f.region, f.status])).toEqual([
      [aclRule.id, "ap-southeast-2", "FAIL"],
      [aclRule.id, "eu-west-1", "FAIL"],
      [aclRule.id, "sa-east-1", "FAIL"],
      [defaultGroupRule.id, "ap-southeast-2", "FAIL"],
      [defaultGroupRule.id, "eu-west-1", "FAIL"],
      [defaultGroupRule.id, "sa-east-1", "FAIL"],
    ]);
    const { findings: muted } = muteFindings(
      findings,
      parseMutelist(docMutelist(), "docs/frameworks.md"),
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(muted.map((f) => [f.ruleId, f.region, f.status, f.muted])).toEqual([
      [aclRule.id, "ap-southeast-2", "FAIL", true],
      [aclRule.id, "eu-west-1", "FAIL", false],
      [aclRule.id, "sa-east-1", "FAIL", true],
      [defaultGroupRule.id, "ap-southeast-2", "FAIL", true],
      [defaultGroupRule.id, "eu-west-1", "FAIL", false],
      [defaultGroupRule.id, "sa-east-1", "FAIL", true],
    ]);
  });
});

describe("edge cases stated in docs/frameworks.md", () => {
  it("two half-space denies before an allow-all are a /0 deny: no address reaches the allow, PASS, decided by the two", () => {
    const halves = acl("acl-h", [
      entry(10, "deny", "-1", { cidrBlock: "0.0.0.0/1" }),
      entry(20, "deny", "-1", { cidrBlock: "128.0.0.0/1" }),
      entry(100, "allow", "-1"),
    ]);
    const [finding] = evaluateRule(aclRule, snapshotOf({ "ec2.networkAcls": { "eu-west-1": [halves] } }));
    expect(finding?.status).toBe("PASS");
    expect(
      (
        (finding?.evidence.decisions ?? []) as {
          decidedBy: unknown;
          decidedTogetherBy: { ruleNumber: number }[];
        }[]
      )
        .slice(0, 4)
        .map((d) => [d.decidedBy, d.decidedTogetherBy.map((e) => e.ruleNumber)]),
    ).toEqual([
      [null, [10, 20]],
      [null, [10, 20]],
      [null, [10, 20]],
      [null, [10, 20]],
    ]);
  });

  it("a TCP rule with AWS's old -1/-1 port pair opens every port", () => {
    const old = group("sg-o", [permission({ fromPort: -1, toPort: -1, cidrs: ["0.0.0.0/0"] })]);
    const [finding] = evaluateRule(ipv4, snapshotOf({ "ec2.securityGroups": { "eu-west-1": [old] } }));
    expect([
      finding?.status,
      ((finding?.evidence.openRules ?? []) as { ports: number[] }[])[0]?.ports,
    ]).toEqual(["FAIL", [22, 3389]]);
  });
});

describe("Prowler's check ids of the same requirement", () => {
  it("mute the rule they alias (a Prowler mutelist for default groups works here)", () => {
    const snapshot = snapshotOf({
      "ec2.securityGroups": { "eu-west-1": [DEFAULT_GROUP], "sa-east-1": [DEFAULT_GROUP] },
      "ec2.networkInterfaces": { "eu-west-1": [], "sa-east-1": [] },
    });
    const mutelist = parseMutelist(
      [
        "Mutelist:",
        "  Accounts:",
        '    "*":',
        "      Checks:",
        "        ec2_securitygroup_default_restrict_traffic:",
        '          Regions: ["sa-east-1"]',
        '          Resources: ["*"]',
        "          Reason: unused region",
      ].join("\n"),
      "prowler.yaml",
    );
    const { findings } = muteFindings(
      evaluateRule(defaultGroupRule, snapshot),
      mutelist,
      new Date("2026-01-01T00:00:00Z"),
    );
    expect(findings.map((f) => [f.region, f.status, f.muted])).toEqual([
      ["eu-west-1", "FAIL", false],
      ["sa-east-1", "FAIL", true],
    ]);
  });
});
