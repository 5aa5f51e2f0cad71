/**
 * CIS AWS Foundations Benchmark v4.0.0, recommendation 5.1.2 (Level 1; Manual in v4.0.0, Automated from
 * v5.0.0 per docs/frameworks.md): "Ensure CIFS access is restricted to trusted networks to prevent
 * unauthorized access" (v5.0.0 5.1.2, v6.0.0 6.1.2). The benchmark's audit looks for inbound rules on port
 * 445 from `0.0.0.0/0` or `::/0`: both families in one rule, as the requirement is one.
 *
 * Audit: in every enabled region, every security group (DescribeSecurityGroups) must have no inbound rule
 * whose source is `0.0.0.0/0` or `::/0` and whose protocol (all, TCP or UDP) and port range include port 445. One
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

const PORTS: readonly number[] = [445];
const SOURCES = ["0.0.0.0/0", "::/0"] as const;

/** The rule. */
export const rule: Rule = {
  id: "ec2_security_group_cifs_closed",
  title: "No security group allows inbound traffic from 0.0.0.0/0 or ::/0 to port 445 (CIFS/SMB)",
  severity: "high",
  resourceTypes: ["AWS::EC2::SecurityGroup"],
  description:
    "Finds security groups, in every enabled region, with an inbound rule that lets any IPv4 (0.0.0.0/0) or IPv6 (::/0) address reach port 445 (CIFS/SMB) over TCP, UDP or all protocols, whether the rule names the port, a range that includes it, or all traffic. Rules whose CIDRs together cover every address (0.0.0.0/1 and 128.0.0.0/1) count as one such rule.",
  rationale:
    "SMB on port 445 exposed to the internet has carried worms (WannaCry, NotPetya) and credential-relay attacks; file shares belong behind trusted networks only.",
  remediation: securityGroupRemediation(PORTS, SOURCES),
  references: SECURITY_GROUP_REFERENCES,
  requires: ["ec2.securityGroups"],
  cloudTrailEvents: SECURITY_GROUP_EVENTS,
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeSecurityGroupIngress(rule, snapshot, { ports: PORTS, sources: SOURCES });
  },
};
