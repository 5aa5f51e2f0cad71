/**
 * The vocabulary the networking rules share, for security groups (`internet-ingress.ts`) and network ACLs
 * (`acl-ingress.ts`) alike: the internet sources judged, the transports a port is reached over, and
 * which protocols and port ranges count (docs/frameworks.md, "Networking").
 *
 * - "The internet" is every address of a family: `0.0.0.0/0` (IPv4) or `::/0` (IPv6), whether one CIDR of
 *   prefix length 0 says so or several smaller CIDRs together do (`0.0.0.0/1` plus `128.0.0.0/1` is the
 *   same exposure).
 * - A permission or entry counts for a port when its protocol is all (`-1`), TCP (`tcp`/`6`) or UDP
 *   (`udp`/`17`) and its port range includes the port (protocol all: every port). v4.0.0+ names exactly
 *   these protocols; earlier versions judge "a port range that includes the port", which a UDP range does.
 *   Other protocols (ICMP, GRE `47`, ...) carry no port and never count.
 */
import type { AddressFamily } from "../../model/cidr.js";

/** An address family, by its "whole internet" CIDR. */
export type InternetSource = "0.0.0.0/0" | "::/0";

/** The transport protocols a remote administration port is reached over. */
export type Transport = "tcp" | "udp";

/** TCP and UDP, in the order decisions list them. */
export const TRANSPORTS: readonly Transport[] = ["tcp", "udp"];

/** True when `protocol` is every protocol (`-1`, or `all`): every port of every transport. */
function isAllProtocols(protocol: string): boolean {
  const p = protocol.toLowerCase();
  return p === "-1" || p === "all";
}

/** True when `protocol` (as AWS writes it: `-1`, `tcp`, `6`, `udp`, `17`, `icmp`, `47`, ...) carries `transport`. */
function protocolCarries(protocol: string, transport: Transport): boolean {
  if (isAllProtocols(protocol)) return true;
  const p = protocol.toLowerCase();
  return transport === "tcp" ? p === "tcp" || p === "6" : p === "udp" || p === "17";
}

/**
 * True when a security group rule or network ACL entry of `protocol` with the port range `from`–`to`
 * (null: every port) reaches `port` over `transport` (protocol all: every port, whatever the range).
 */
export function reachesPort(
  protocol: string,
  from: number | null,
  to: number | null,
  transport: Transport,
  port: number,
): boolean {
  return protocolCarries(protocol, transport) && (isAllProtocols(protocol) || rangeIncludes(from, to, port));
}

/** The address family whose whole space `source` names. */
export function familyOf(source: InternetSource): AddressFamily {
  return source === "::/0" ? "ipv6" : "ipv4";
}

/** True when the range `from`–`to` (null: every port) includes `port`. */
function rangeIncludes(from: number | null, to: number | null, port: number): boolean {
  if (from === null || to === null) return true;
  // AWS writes "all ports" of TCP/UDP as 0–65535 and, in older groups, -1/-1.
  if (from === -1 && to === -1) return true;
  return from <= port && port <= to;
}

/** Items for a sentence: "22 and 3389", "10, 20 and 30", "445". */
export function listWords(items: readonly (string | number)[]): string {
  const words = items.map(String);
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}
