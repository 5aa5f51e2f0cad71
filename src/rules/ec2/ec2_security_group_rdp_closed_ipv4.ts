/**
 * CIS AWS Foundations Benchmark v1.2.0, recommendation 4.2 (Level 1, Scored): "Ensure no security groups allow
 * ingress from 0.0.0.0/0 to port 3389" (later versions judge 22 and 3389 together, and each address family
 * apart: `ec2_security_group_admin_closed_ipv4`).
 *
 * Audit: in every enabled region, every security group (DescribeSecurityGroups) must have no inbound rule
 * whose source is `0.0.0.0/0` and whose protocol (all, TCP or UDP) and port range include port 3389. One
 * finding per security group: FAIL with the open rules as evidence, PASS otherwise. Several rules whose
 * CIDRs together cover every address (0.0.0.0/1 and 128.0.0.0/1) count as that source. Prefix lists and referenced
 * groups are not the internet. The judgement is shared (`internet-ingress.ts`).
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  judgeSecurityGroupIngress,
  SECURITY_GROUP_EVENTS,
  SECURITY_GROUP_REFERENCES,
  securityGroupRemediation,
} from "./internet-ingress.js";

const PORTS: readonly number[] = [3389];
const SOURCES = ["0.0.0.0/0"] as const;

/** The rule. */
export const rule: Rule = {
  id: "ec2_security_group_rdp_closed_ipv4",
  title: "No security group allows inbound IPv4 traffic from 0.0.0.0/0 to port 3389 (RDP)",
  severity: "high",
  resourceTypes: ["AWS::EC2::SecurityGroup"],
  description:
    "Finds security groups, in every enabled region, with an inbound rule that lets any IPv4 address (0.0.0.0/0) reach port 3389 over TCP, UDP (RDP uses both) or all protocols, whether the rule names the port, a range that includes it, or all traffic. Rules whose CIDRs together cover every address (0.0.0.0/1 and 128.0.0.0/1) count as one such rule.",
  rationale:
    "RDP open to the whole internet is scanned and brute-forced within minutes of appearing and has a history of pre-authentication flaws. Reaching it only from known networks, or through Session Manager or a bastion, removes that exposure.",
  remediation: securityGroupRemediation(PORTS, SOURCES),
  references: SECURITY_GROUP_REFERENCES,
  requires: ["ec2.securityGroups"],
  cloudTrailEvents: SECURITY_GROUP_EVENTS,
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeSecurityGroupIngress(rule, snapshot, { ports: PORTS, sources: SOURCES });
  },
};
