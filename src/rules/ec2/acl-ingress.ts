/**
 * The judgement of the CIS networking rule that asks whether the internet can reach a port through a
 * network ACL (v1.3.0+ 5.1, v4.0.0/v5.0.0 5.2, v6.0.0 6.2). What counts as the internet and which
 * protocols count is in `ingress-traffic.ts`, shared with the security-group rules.
 *
 * Decisions (docs/frameworks.md, "Networking"):
 * - Network ACLs are evaluated as AWS does: inbound entries in increasing rule number, the first that
 *   matches an address decides for it. For "traffic from anywhere", an entry is reached unless earlier
 *   matching denies already cover every address of its CIDR; the allows reached are joined, and the denies
 *   are: whichever union first covers the whole family decides (one `/0` entry is such a union). So a
 *   narrower deny before a wider allow leaves the rest of the internet allowed (FAIL), a narrower allow
 *   alone is not "from 0.0.0.0/0", halves allowed one by one are, and halves denied first close the port.
 *   No union covering the family: denied (AWS's final `*` entry, or no match at all). Egress entries are
 *   not judged.
 * - An entry whose CIDR cannot be read (`model/cidr.ts`, its strict reading) or whose action is neither
 *   allow nor deny decides nothing and is listed in the evidence.
 *
 * Sources: Amazon VPC User Guide, "Network ACL rules" (evaluation order); Amazon EC2 API Reference,
 * NetworkAclEntry.
 */

import {
  type AddressFamily,
  type AddressRange,
  coversFamily,
  coversRange,
  isWholeFamily,
  parseCidr,
} from "../../model/cidr.js";
import type { NetworkAcl, NetworkAclEntry } from "../../snapshot/datasets/ec2.js";
import { familyOf, type InternetSource, reachesPort, TRANSPORTS, type Transport } from "./ingress-traffic.js";

/** How one kind of traffic (source, transport, port) is decided by a network ACL's inbound entries. */
export interface AclDecision {
  readonly source: InternetSource;
  readonly protocol: Transport;
  readonly port: number;
  /** `allow`: every address of the family reaches the port; `deny` otherwise. */
  readonly action: "allow" | "deny";
  /** The one entry that decided: the first reached whose CIDR alone is the whole family; else null. */
  readonly entry: NetworkAclEntry | null;
  /**
   * When no single entry decided: the entries whose CIDRs together are the whole family (the allows
   * reached, for `allow`; the denies, for `deny`), in rule order; else empty.
   */
  readonly together: readonly NetworkAclEntry[];
  /** For `deny`: the allow entries reached before, which let part of the family in (only part); else empty. */
  readonly partlyAllowedBy: readonly NetworkAclEntry[];
}

/** An inbound entry of a network ACL that could not be read: it decides nothing and is listed. */
export interface UnreadableAclEntry {
  readonly ruleNumber: number;
  /** The CIDR as written (IPv4 or IPv6). */
  readonly cidrBlock: string;
  readonly reason: string;
}

/** How a network ACL decides inbound traffic from the internet, and the entries it could not read. */
export interface AclIngress {
  readonly decisions: readonly AclDecision[];
  readonly unreadable: readonly UnreadableAclEntry[];
}

/** An inbound entry of one family, read. */
interface ReadEntry {
  readonly entry: NetworkAclEntry;
  readonly range: AddressRange;
  readonly allow: boolean;
}

/** True when `entry` matches `transport` to `port` (its protocol and port range; the source aside). */
function entryMatches(entry: NetworkAclEntry, transport: Transport, port: number): boolean {
  return reachesPort(
    entry.protocol,
    entry.portRange?.from ?? null,
    entry.portRange?.to ?? null,
    transport,
    port,
  );
}

/**
 * Walks the entries matching one kind of traffic in rule order, as AWS does, for the whole `family`: an
 * entry every address of which earlier denies already decided is not reached; the allows reached are
 * joined, and so are the denies. The first union (or single CIDR) to cover the family decides; none: deny.
 * So a narrower deny before a wider allow does not save the rest of the internet, and halves of the
 * internet allowed one by one are the internet allowed.
 */
function decideTraffic(
  matching: readonly ReadEntry[],
  family: AddressFamily,
): Pick<AclDecision, "action" | "entry" | "together" | "partlyAllowedBy"> {
  const denied: AddressRange[] = [];
  const denies: NetworkAclEntry[] = [];
  const allowed: AddressRange[] = [];
  const allows: NetworkAclEntry[] = [];
  for (const { entry, range, allow } of matching) {
    if (coversRange(denied, range)) continue;
    const alone = isWholeFamily(range, family);
    if (allow) {
      allowed.push(range);
      allows.push(entry);
      if (alone) return { action: "allow", entry, together: [], partlyAllowedBy: [] };
      if (coversFamily(allowed, family))
        return { action: "allow", entry: null, together: allows, partlyAllowedBy: [] };
    } else {
      denied.push(range);
      denies.push(entry);
      if (alone) return { action: "deny", entry, together: [], partlyAllowedBy: allows };
      if (coversFamily(denied, family))
        return { action: "deny", entry: null, together: denies, partlyAllowedBy: allows };
    }
  }
  return { action: "deny", entry: null, together: [], partlyAllowedBy: allows };
}

/**
 * How `acl` decides inbound traffic from the whole internet of each of `sources` to each of `ports` over
 * TCP and UDP: entries in increasing rule number, first match wins, egress entries ignored; the CIDRs of
 * the entries reached are joined (see {@link decideTraffic}). Entries whose CIDR or action cannot be read
 * are skipped and listed.
 */
export function decideAclIngress(
  acl: NetworkAcl,
  ports: readonly number[],
  sources: readonly InternetSource[],
): AclIngress {
  const decisions: AclDecision[] = [];
  const unreadable: UnreadableAclEntry[] = [];
  const inbound = acl.entries.filter((entry) => !entry.egress).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const source of sources) {
    const family = familyOf(source);
    const read: ReadEntry[] = [];
    for (const entry of inbound) {
      const cidr = family === "ipv6" ? entry.ipv6CidrBlock : entry.cidrBlock;
      if (cidr === null) continue;
      const parsed = parseCidr(cidr, family);
      const action = entry.ruleAction.toLowerCase();
      if (!parsed.ok)
        unreadable.push({ ruleNumber: entry.ruleNumber, cidrBlock: cidr, reason: parsed.reason });
      else if (action !== "allow" && action !== "deny")
        unreadable.push({
          ruleNumber: entry.ruleNumber,
          cidrBlock: cidr,
          reason: "the rule action is neither allow nor deny",
        });
      else read.push({ entry, range: parsed.range, allow: action === "allow" });
    }
    for (const port of ports)
      for (const protocol of TRANSPORTS) {
        const matching = read.filter((r) => entryMatches(r.entry, protocol, port));
        decisions.push({ source, protocol, port, ...decideTraffic(matching, family) });
      }
  }
  return { decisions, unreadable };
}
