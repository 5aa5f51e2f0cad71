/**
 * A local endpoint for the per-region services, beside the IAM/STS fake: EC2 over its Query protocol
 * (`Action=DescribeRegions|DescribeInstances|GetEbsEncryptionByDefault|GetEbsDefaultKmsKeyId|DescribeVpcs|DescribeSecurityGroups|DescribeNetworkAcls|...`, `Version=2016-11-15`, XML with `<item>` lists and
 * `NextToken`, EC2's `<Response><Errors>` envelope) and IAM Access Analyzer over REST-JSON
 * (`GET /analyzer` → `{ analyzers, nextToken }`). Requests are routed by the SigV4 credential scope
 * (`.../<region>/<service>/aws4_request`), so one endpoint serves every region. Point the SDK at it with
 * `endpoint` (or AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_ACCESSANALYZER).
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  type LocalEndpoint,
  listenLocal,
  RequestCounts,
  readBody,
  send as sendBody,
  sigV4Scope,
} from "./endpoint.js";
import { FaultPlan, type FaultSpec, RawFaultAnswer } from "./faults.js";
import { isoSeconds } from "./time.js";
import { ec2ErrorXml, restJsonError, ServiceError, xmlEscape } from "./wire-errors.js";

const EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
const EC2_VERSION = "2016-11-15";

/**
 * EC2 Describe actions the fake answers with an empty list (no resource), by the list's element name:
 * enough for the networking datasets' AccessDenied-per-region tests and exact request counts.
 */
const EMPTY_EC2_LISTS: ReadonlyMap<string, string> = new Map([
  ["DescribeNetworkInterfaces", "networkInterfaceSet"],
  ["DescribeRouteTables", "routeTableSet"],
]);

/** A region as DescribeRegions (AllRegions) lists it. */
export interface SeedRegion {
  readonly regionName: string;
  /** Default `opt-in-not-required`. */
  readonly optInStatus?: "opt-in-not-required" | "opted-in" | "not-opted-in";
}

/** An instance to seed. */
export interface SeedInstance {
  readonly instanceId: string;
  /** Default `running`. */
  readonly state?: string;
  /** Instance profile ARN; none when omitted. */
  readonly instanceProfileArn?: string;
  readonly instanceType?: string;
  /** Default `2024-01-02T03:04:05Z`. */
  readonly launchTime?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** `MetadataOptions.HttpTokens`: default `optional` (AWS's default for most AMIs). */
  readonly httpTokens?: "optional" | "required";
  /** `MetadataOptions.HttpEndpoint`: default `enabled`. */
  readonly httpEndpoint?: "enabled" | "disabled";
}

/** An analyzer to seed. */
export interface SeedAnalyzer {
  readonly name: string;
  /** Default `ACCOUNT`. */
  readonly type?: string;
  /** Default `ACTIVE`. */
  readonly status?: string;
  readonly statusReason?: string;
  /** Default `2024-01-02T03:04:05Z`. */
  readonly createdAt?: string;
}

/** A VPC to seed. */
export interface SeedVpc {
  readonly vpcId: string;
  readonly ownerId?: string;
  readonly isDefault?: boolean;
}

/** A flow log to seed. */
export interface SeedFlowLog {
  readonly flowLogId: string;
  readonly resourceId: string;
  /** Default `ACTIVE`. */
  readonly flowLogStatus?: string;
  /** Default `ALL`. */
  readonly trafficType?: string;
}

/** A security group rule to seed: all traffic (`-1`) unless a protocol and ports are given. */
export interface SeedPermission {
  /** Default `-1` (all traffic). */
  readonly ipProtocol?: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidrIps?: readonly string[];
  /** Groups of this account the rule names (`UserIdGroupPairs`). */
  readonly groupIds?: readonly string[];
}

/** A security group to seed. */
export interface SeedSecurityGroup {
  readonly groupId: string;
  readonly groupName: string;
  readonly vpcId: string;
  /** Default `""`. */
  readonly description?: string;
  readonly ingress?: readonly SeedPermission[];
  readonly egress?: readonly SeedPermission[];
}

/** A network ACL entry to seed (all traffic unless a protocol and ports are given). */
export interface SeedAclEntry {
  readonly ruleNumber: number;
  readonly egress: boolean;
  readonly ruleAction: "allow" | "deny";
  readonly cidrBlock: string;
  /** Default `-1` (all traffic); `6` TCP, `17` UDP. */
  readonly protocol?: string;
  readonly portRange?: { readonly from: number; readonly to: number };
}

/** A network ACL to seed. */
export interface SeedNetworkAcl {
  readonly networkAclId: string;
  readonly vpcId: string;
  /** Default false. */
  readonly isDefault?: boolean;
  readonly entries: readonly SeedAclEntry[];
}

/** The regional fake. */
export interface FakeRegional {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly accountId: string;
  /** Replaces the region list DescribeRegions returns. */
  setRegions(regions: readonly SeedRegion[]): void;
  addInstance(region: string, instance: SeedInstance): void;
  addAnalyzer(region: string, analyzer: SeedAnalyzer): void;
  /** EBS encryption by default in `region` (off by default, as in a new account), and its default key. */
  setEbsEncryptionByDefault(region: string, enabled: boolean, kmsKeyId?: string): void;
  /** DescribeInstances pages hold at most this many instances (default 1000, like MaxResults). */
  setInstancePageSize(size: number): void;
  /** A VPC for DescribeVpcs (owner: this account unless `ownerId`); none by default. */
  addVpc(region: string, vpc: SeedVpc): void;
  /** A flow log for DescribeFlowLogs; none by default. */
  addFlowLog(region: string, flowLog: SeedFlowLog): void;
  /** A security group for DescribeSecurityGroups; none by default. */
  addSecurityGroup(region: string, group: SeedSecurityGroup): void;
  /** A network ACL for DescribeNetworkAcls; none by default. */
  addNetworkAcl(region: string, acl: SeedNetworkAcl): void;
  /**
   * What AWS creates in a new account's region: a default VPC (`vpc-default-<region>`, 172.31.0.0/16), its
   * default security group (all traffic from itself in, all traffic out) and its default network ACL
   * (all traffic in and out allowed, then denied by rule 32767). No flow log.
   */
  addDefaultVpc(region: string): void;
  /** Denies `action` (`DescribeInstances`, `ListAnalyzers`, `DescribeRegions`, `GetEbsEncryptionByDefault`, ...) in `region` (or `*`: every region). */
  deny(action: string, region: string): void;
  /**
   * Makes `action` (as {@link FakeRegional.deny} names them) in `region` (or `*`: every region) fail with
   * `fault`, queued behind earlier faults and denials of that action and region; with `fault.body`, that
   * body as it is instead of an AWS error (a proxy's page).
   */
  fail(action: string, region: string, fault: FaultSpec): void;
  /** Requests per `<region> <Action>`, failed ones included. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

/** Default regions: three enabled by default, one opted in, one not opted in. */
export const DEFAULT_REGIONS: readonly SeedRegion[] = [
  { regionName: "us-east-1" },
  { regionName: "eu-west-1" },
  { regionName: "ap-southeast-2" },
  { regionName: "af-south-1", optInStatus: "opted-in" },
  { regionName: "me-south-1", optInStatus: "not-opted-in" },
];

/** Starts the regional fake on 127.0.0.1, on a free port. */
export async function startFakeRegional(options: { accountId?: string } = {}): Promise<FakeRegional> {
  return new RegionalServer(await listenLocal(), options.accountId ?? "123456789012");
}

function el(name: string, content: string): string {
  return `<${name}>${content}</${name}>`;
}

class RegionalServer implements FakeRegional {
  readonly endpoint: string;
  private regions: SeedRegion[] = [...DEFAULT_REGIONS];
  private readonly instances = new Map<string, SeedInstance[]>();
  private readonly analyzers = new Map<string, SeedAnalyzer[]>();
  /** Denials by `<region> <Action>` (region `*`: every region). */
  private readonly denied = new FaultPlan({ wildcard: false });
  private readonly ebsDefault = new Map<string, { enabled: boolean; kmsKeyId: string }>();
  private pageSize = 1000;
  private readonly vpcs = new Map<string, SeedVpc[]>();
  private readonly flowLogs = new Map<string, SeedFlowLog[]>();
  private readonly securityGroups = new Map<string, SeedSecurityGroup[]>();
  private readonly networkAcls = new Map<string, SeedNetworkAcl[]>();
  private readonly perAction = new RequestCounts();

  constructor(
    private readonly local: LocalEndpoint,
    readonly accountId: string,
  ) {
    this.endpoint = local.url;
    local.serve((request, response) => this.handle(request, response));
  }

  setRegions(regions: readonly SeedRegion[]): void {
    this.regions = [...regions];
  }
  addInstance(region: string, instance: SeedInstance): void {
    this.instances.set(region, [...(this.instances.get(region) ?? []), instance]);
  }
  addAnalyzer(region: string, analyzer: SeedAnalyzer): void {
    this.analyzers.set(region, [...(this.analyzers.get(region) ?? []), analyzer]);
  }
  setInstancePageSize(size: number): void {
    this.pageSize = size;
  }
  addVpc(region: string, vpc: SeedVpc): void {
    this.vpcs.set(region, [...(this.vpcs.get(region) ?? []), vpc]);
  }
  addFlowLog(region: string, flowLog: SeedFlowLog): void {
    this.flowLogs.set(region, [...(this.flowLogs.get(region) ?? []), flowLog]);
  }
  addSecurityGroup(region: string, group: SeedSecurityGroup): void {
    this.securityGroups.set(region, [...(this.securityGroups.get(region) ?? []), group]);
  }
  addNetworkAcl(region: string, acl: SeedNetworkAcl): void {
    this.networkAcls.set(region, [...(this.networkAcls.get(region) ?? []), acl]);
  }
  addDefaultVpc(region: string): void {
    const vpcId = `vpc-default-${region}`;
    const groupId = `sg-default-${region}`;
    this.addVpc(region, { vpcId, isDefault: true });
    this.addSecurityGroup(region, {
      groupId,
      groupName: "default",
      vpcId,
      description: "default VPC security group",
      ingress: [{ groupIds: [groupId] }],
      egress: [{ cidrIps: ["0.0.0.0/0"] }],
    });
    this.addNetworkAcl(region, {
      networkAclId: `acl-default-${region}`,
      vpcId,
      isDefault: true,
      entries: [false, true].flatMap((egress) => [
        { ruleNumber: 100, egress, ruleAction: "allow" as const, cidrBlock: "0.0.0.0/0" },
        { ruleNumber: 32767, egress, ruleAction: "deny" as const, cidrBlock: "0.0.0.0/0" },
      ]),
    });
  }
  setEbsEncryptionByDefault(region: string, enabled: boolean, kmsKeyId = "alias/aws/ebs"): void {
    this.ebsDefault.set(region, { enabled, kmsKeyId });
  }
  deny(action: string, region: string): void {
    this.denied.add(`${region} ${action}`, { code: "AccessDenied" });
  }
  fail(action: string, region: string, fault: FaultSpec): void {
    this.denied.add(`${region} ${action}`, fault);
  }
  counts(): Record<string, number> {
    return this.perAction.snapshot();
  }
  close(): Promise<void> {
    return this.local.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const scope = sigV4Scope(request.headers.authorization);
    const region = scope?.region ?? "";
    const service = scope?.service ?? "";
    const url = new URL(request.url ?? "/", this.endpoint);
    if (service === "ec2") return this.ec2(region, new URLSearchParams(body), response);
    if (service === "access-analyzer")
      return this.accessAnalyzer(region, request.method ?? "", url, response);
    send(response, 403, "application/json", JSON.stringify({ message: `No such service: ${service}` }));
  }

  private check(region: string, action: string): void {
    this.perAction.add(`${region} ${action}`);
    const fault = this.denied.take(`${region} ${action}`) ?? this.denied.take(`* ${action}`);
    if (fault?.body !== undefined) throw new RawFaultAnswer(fault);
    if (fault && fault.code !== "AccessDenied")
      throw new ServiceError(
        fault.code,
        fault.message ?? `Injected ${fault.code} fault for ${action}`,
        fault.httpStatus,
      );
    if (fault) {
      const service = action === "ListAnalyzers" ? "access-analyzer" : "ec2";
      throw new ServiceError(
        service === "ec2" ? "UnauthorizedOperation" : "AccessDeniedException",
        service === "ec2"
          ? "You are not authorized to perform this operation."
          : `User: arn:aws:iam::${this.accountId}:user/auditor is not authorized to perform: ${service}:${action} on resource: arn:aws:access-analyzer:${region}:${this.accountId}:*`,
        403,
      );
    }
  }

  private ec2(region: string, params: URLSearchParams, response: ServerResponse): void {
    const action = params.get("Action") ?? "";
    const requestId = randomUUID();
    try {
      if (params.get("Version") !== EC2_VERSION)
        throw new ServiceError("InvalidParameterValue", `Unsupported Version ${params.get("Version")}`, 400);
      let result: string;
      if (action === "DescribeRegions") {
        this.check(region, action);
        const all = params.get("AllRegions") === "true";
        const listed = this.regions.filter(
          (r) => all || (r.optInStatus ?? "opt-in-not-required") !== "not-opted-in",
        );
        result = el(
          "regionInfo",
          listed
            .map((r) =>
              el(
                "item",
                el("regionName", r.regionName) +
                  el("regionEndpoint", `ec2.${r.regionName}.amazonaws.com`) +
                  el("optInStatus", r.optInStatus ?? "opt-in-not-required"),
              ),
            )
            .join(""),
        );
      } else if (action === "DescribeInstances") {
        this.check(region, action);
        const all = this.instances.get(region) ?? [];
        const start = Number(params.get("NextToken") ?? "0");
        const size = Math.min(this.pageSize, Number(params.get("MaxResults") ?? "1000"));
        const page = all.slice(start, start + size);
        const next = start + size < all.length ? String(start + size) : undefined;
        result =
          el(
            "reservationSet",
            page
              .map((instance) =>
                el(
                  "item",
                  el("reservationId", `r-${instance.instanceId.slice(2)}`) +
                    el("ownerId", this.accountId) +
                    el("instancesSet", el("item", instanceXml(instance, region, this.accountId))),
                ),
              )
              .join(""),
          ) + (next ? el("nextToken", next) : "");
      } else if (action === "GetEbsEncryptionByDefault") {
        this.check(region, action);
        const enabled = this.ebsDefault.get(region)?.enabled ?? false;
        result = el("ebsEncryptionByDefault", String(enabled)) + el("sseType", "sse-ebs");
      } else if (action === "GetEbsDefaultKmsKeyId") {
        this.check(region, action);
        result = el("kmsKeyId", this.ebsDefault.get(region)?.kmsKeyId ?? "alias/aws/ebs");
      } else if (EMPTY_EC2_LISTS.has(action)) {
        this.check(region, action);
        result = el(EMPTY_EC2_LISTS.get(action) as string, "");
      } else if (action === "DescribeSecurityGroups") {
        this.check(region, action);
        result = el(
          "securityGroupInfo",
          (this.securityGroups.get(region) ?? [])
            .map((group) => el("item", securityGroupXml(group, this.accountId)))
            .join(""),
        );
      } else if (action === "DescribeNetworkAcls") {
        this.check(region, action);
        result = el(
          "networkAclSet",
          (this.networkAcls.get(region) ?? []).map((acl) => el("item", networkAclXml(acl))).join(""),
        );
      } else if (action === "DescribeVpcs") {
        this.check(region, action);
        result = el(
          "vpcSet",
          (this.vpcs.get(region) ?? [])
            .map((vpc) =>
              el(
                "item",
                el("vpcId", vpc.vpcId) +
                  el("ownerId", vpc.ownerId ?? this.accountId) +
                  el("state", "available") +
                  el("cidrBlock", "172.31.0.0/16") +
                  el("isDefault", String(vpc.isDefault ?? false)),
              ),
            )
            .join(""),
        );
      } else if (action === "DescribeFlowLogs") {
        this.check(region, action);
        result = el(
          "flowLogSet",
          (this.flowLogs.get(region) ?? [])
            .map((log) =>
              el(
                "item",
                el("flowLogId", log.flowLogId) +
                  el("resourceId", log.resourceId) +
                  el("flowLogStatus", log.flowLogStatus ?? "ACTIVE") +
                  el("trafficType", log.trafficType ?? "ALL") +
                  el("logDestinationType", "s3") +
                  el("logDestination", "arn:aws:s3:::flow-logs") +
                  el("deliverLogsStatus", "SUCCESS"),
              ),
            )
            .join(""),
        );
      } else {
        throw new ServiceError(
          "InvalidAction",
          `The action ${action} is not valid for this web service.`,
          400,
        );
      }
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${EC2_NAMESPACE}">${el("requestId", requestId)}${result}</${action}Response>`;
      send(response, 200, "text/xml;charset=UTF-8", xml);
    } catch (error) {
      if (error instanceof RawFaultAnswer) {
        send(response, error.httpStatus, error.contentType, error.body);
        return;
      }
      const failure =
        error instanceof ServiceError ? error : new ServiceError("InternalError", String(error), 500);
      const xml = ec2ErrorXml(failure.code, failure.message, requestId);
      send(response, failure.httpStatus, "text/xml;charset=UTF-8", xml);
    }
  }

  private accessAnalyzer(region: string, method: string, url: URL, response: ServerResponse): void {
    try {
      if (method !== "GET" || url.pathname !== "/analyzer")
        throw new ServiceError("ResourceNotFoundException", `No route ${method} ${url.pathname}`, 404);
      this.check(region, "ListAnalyzers");
      const type = url.searchParams.get("type");
      const all = (this.analyzers.get(region) ?? []).filter((a) => !type || (a.type ?? "ACCOUNT") === type);
      const start = Number(url.searchParams.get("nextToken") ?? "0");
      const size = Number(url.searchParams.get("maxResults") ?? "100");
      const page = all.slice(start, start + size);
      const next = start + size < all.length ? String(start + size) : undefined;
      const analyzers = page.map((analyzer) => ({
        arn: `arn:aws:access-analyzer:${region}:${this.accountId}:analyzer/${analyzer.name}`,
        name: analyzer.name,
        type: analyzer.type ?? "ACCOUNT",
        createdAt: analyzer.createdAt ?? "2024-01-02T03:04:05Z",
        status: analyzer.status ?? "ACTIVE",
        ...(analyzer.statusReason ? { statusReason: { code: analyzer.statusReason } } : {}),
      }));
      send(
        response,
        200,
        "application/json",
        JSON.stringify({ analyzers, ...(next ? { nextToken: next } : {}) }),
      );
    } catch (error) {
      if (error instanceof RawFaultAnswer) {
        send(response, error.httpStatus, error.contentType, error.body);
        return;
      }
      const failure =
        error instanceof ServiceError
          ? error
          : new ServiceError("InternalServerException", String(error), 500);
      const wire = restJsonError(failure.code, failure.message, {
        errorType: `${failure.code}:http://internal.amazon.com/coral/com.amazonaws.accessanalyzer/`,
      });
      send(response, failure.httpStatus, "application/json", wire.body, wire.headers);
    }
  }
}

function permissionXml(permission: SeedPermission, accountId: string): string {
  return el(
    "item",
    el("ipProtocol", permission.ipProtocol ?? "-1") +
      (permission.fromPort !== undefined ? el("fromPort", String(permission.fromPort)) : "") +
      (permission.toPort !== undefined ? el("toPort", String(permission.toPort)) : "") +
      el(
        "groups",
        (permission.groupIds ?? [])
          .map((groupId) => el("item", el("userId", accountId) + el("groupId", groupId)))
          .join(""),
      ) +
      el("ipRanges", (permission.cidrIps ?? []).map((cidr) => el("item", el("cidrIp", cidr))).join("")) +
      el("ipv6Ranges", "") +
      el("prefixListIds", ""),
  );
}

function securityGroupXml(group: SeedSecurityGroup, accountId: string): string {
  return (
    el("ownerId", accountId) +
    el("groupId", group.groupId) +
    el("groupName", xmlEscape(group.groupName)) +
    el("groupDescription", xmlEscape(group.description ?? "")) +
    el("vpcId", group.vpcId) +
    el("ipPermissions", (group.ingress ?? []).map((p) => permissionXml(p, accountId)).join("")) +
    el("ipPermissionsEgress", (group.egress ?? []).map((p) => permissionXml(p, accountId)).join(""))
  );
}

function networkAclXml(acl: SeedNetworkAcl): string {
  return (
    el("networkAclId", acl.networkAclId) +
    el("vpcId", acl.vpcId) +
    el("default", String(acl.isDefault ?? false)) +
    el(
      "entrySet",
      acl.entries
        .map((entry) =>
          el(
            "item",
            el("ruleNumber", String(entry.ruleNumber)) +
              el("protocol", entry.protocol ?? "-1") +
              el("ruleAction", entry.ruleAction) +
              el("egress", String(entry.egress)) +
              el("cidrBlock", entry.cidrBlock) +
              (entry.portRange
                ? el(
                    "portRange",
                    el("from", String(entry.portRange.from)) + el("to", String(entry.portRange.to)),
                  )
                : ""),
          ),
        )
        .join(""),
    ) +
    el("associationSet", "")
  );
}

function instanceXml(instance: SeedInstance, region: string, accountId: string): string {
  const state = instance.state ?? "running";
  const code =
    { pending: 0, running: 16, "shutting-down": 32, terminated: 48, stopping: 64, stopped: 80 }[state] ?? 16;
  const tags = Object.entries(instance.tags ?? {});
  return (
    el("instanceId", instance.instanceId) +
    el("instanceType", instance.instanceType ?? "t3.micro") +
    el("launchTime", isoSeconds(new Date(instance.launchTime ?? "2024-01-02T03:04:05Z"))) +
    el("placement", el("availabilityZone", `${region}a`)) +
    el("instanceState", el("code", String(code)) + el("name", state)) +
    (instance.instanceProfileArn
      ? el(
          "iamInstanceProfile",
          el("arn", xmlEscape(instance.instanceProfileArn)) + el("id", "AIPAFAKEPROFILE000001"),
        )
      : "") +
    (tags.length > 0
      ? el(
          "tagSet",
          tags
            .map(([key, value]) => el("item", el("key", xmlEscape(key)) + el("value", xmlEscape(value))))
            .join(""),
        )
      : "") +
    el(
      "metadataOptions",
      el("state", "applied") +
        el("httpTokens", instance.httpTokens ?? "optional") +
        el("httpEndpoint", instance.httpEndpoint ?? "enabled"),
    ) +
    el("ownerId", accountId)
  );
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendBody(response, status, body, { "Content-Type": type, "x-amzn-RequestId": randomUUID(), ...headers });
}
