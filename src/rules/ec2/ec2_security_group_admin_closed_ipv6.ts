/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 5.3 (Level 1, Automated): "Ensure no security groups allow
 * ingress from ::/0 to remote server administration ports" (v2.0.0/v3.0.0 5.3, v4.0.0/v5.0.0 5.4, v6.0.0 6.4).
 *
 * Audit: in every enabled region, every security group (DescribeSecurityGroups) must have no inbound rule
 * whose source is `::/0` and whose protocol (all, TCP or UDP) and port range include port 22 or 3389. One
 * finding per security group: FAIL with the open rules as evidence, PASS otherwise. Several rules whose
 * CIDRs together cover every address (::/1 and 8000::/1) count as that source. Prefix lists and referenced
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

const PORTS: readonly number[] = [22, 3389];
const SOURCES = ["::/0"] as const;

/** The rule. */
export const rule: Rule = {
  id: "ec2_security_group_admin_closed_ipv6",
  title: "No security group allows inbound IPv6 traffic from ::/0 to SSH (22) or RDP (3389)",
  severity: "high",
  resourceTypes: ["AWS::EC2::SecurityGroup"],
  description:
    "Finds security groups, in every enabled region, with an inbound rule that lets any IPv6 address (::/0) reach port 22 or 3389 over TCP, UDP or all protocols, whether the rule names the port, a range that includes it, or all traffic. Rules whose CIDRs together cover every address (::/1 and 8000::/1) count as one such rule. IPv4 (0.0.0.0/0) is judged by its own rule.",
  rationale:
    "Remote administration services (SSH on 22, RDP on 3389) open to the whole internet are scanned and brute-forced within minutes of appearing; one weak password or unpatched service is a way in. Reaching them only from known networks, or through Session Manager, removes that exposure. An IPv6 rule is as open as its IPv4 twin: instances with an IPv6 address are reachable from the whole IPv6 internet.",
  remediation: securityGroupRemediation(PORTS, SOURCES),
  references: SECURITY_GROUP_REFERENCES,
  requires: ["ec2.securityGroups"],
  cloudTrailEvents: SECURITY_GROUP_EVENTS,
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeSecurityGroupIngress(rule, snapshot, { ports: PORTS, sources: SOURCES });
  },
};
