/**
 * A local AWS Organization for multi-account tests and benchmarks: ONE node:http server on
 * `http://127.0.0.1:<random port>` that
 * - answers Organizations `ListAccounts` (JSON 1.1, `X-Amz-Target: AWSOrganizationsV20161128.ListAccounts`,
 *   `NextToken` pages; accounts ACTIVE or SUSPENDED; or raw bodies of the test's choosing:
 *   {@link FakeOrg.answerListAccounts}) and STS `AssumeRole` (Query/XML: `ASIA…` temporary credentials
 *   bound to the target account, or to another one: {@link FakeOrg.assumedRoleIsAccount}; AccessDenied
 *   per account on demand; ExternalId checks);
 * - routes every other request, by the access key id in the SigV4 `Authorization` header, to the
 *   {@link FakeAws} of that account (one per account; handed over in this process, without a second HTTP
 *   hop): keys it issued go to their account, any other key is the management account's own credentials;
 *   with `regional`, every other service a default scan reads goes to the account's
 *   {@link FakeAccountServices} instead (started on first use): EC2 and Access Analyzer to a
 *   {@link FakeRegional} (four enabled regions, each with a default VPC, its default security group and
 *   network ACL), S3, S3 Control, Macie, RDS and EFS to a {@link FakeS3} (no bucket, no Block Public
 *   Access, Macie off), CloudTrail, Config and KMS to a {@link FakeLogging} (no trail, recorder or key),
 *   Security Hub to a {@link FakeMonitoring} (not enabled), so that a default scan gets every answer;
 * - counts every request as `<service>:<Operation>`, named as the scan's own call counts name them
 *   (`s3control:GetPublicAccessBlock`, `securityhub:DescribeHub`, ...);
 * - records, per account, requests and in-flight counts, so a test can assert the concurrency bound, and
 *   each request's arrival and response times ({@link FakeOrg.roundTrips}).
 *
 * @example
 * ```ts
 * const org = await startFakeOrg({ members: [{ id: "222222222222" }, { id: "333333333333", status: "SUSPENDED" }] });
 * org.account("222222222222").addUser({ userName: "alice", createDate: "2024-01-02T03:04:05Z" });
 * org.denyAssumeRole("222222222222");
 * await scan({ organization: true, connection: { endpointUrl: org.endpoint, credentials } });
 * await org.close();
 * ```
 */
import { randomBytes, randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { accountAction } from "./account-api.js";
import {
  dispatchLocal,
  Latency,
  type LocalEndpoint,
  listenLocal,
  RequestCounts,
  readBodyBytes,
  send,
  sigV4Scope,
} from "./endpoint.js";
import { type FakeAws, startFakeAws } from "./fake-aws.js";
import { type FakeLogging, startFakeLogging } from "./fake-logging.js";
import { type FakeMonitoring, startFakeMonitoring } from "./fake-monitoring.js";
import { DEFAULT_REGIONS, type FakeRegional, startFakeRegional } from "./fake-regional.js";
import { type FakeS3, s3Operation, startFakeS3 } from "./fake-s3.js";
import { errorEnvelope, parseQueryParams, QueryError, successEnvelope } from "./query-protocol.js";
import { awsJsonError } from "./wire-errors.js";

/** A member account to create. */
export interface FakeOrgMember {
  /** 12 digits. */
  readonly id: string;
  /** Default `member-<id>`. */
  readonly name?: string;
  /** Default `ACTIVE`. */
  readonly status?: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
}

/** Options of {@link startFakeOrg}. */
export interface FakeOrgOptions {
  /** The account whose credentials the caller holds. Default `"111111111111"`, named `management`. */
  readonly managementAccountId?: string;
  readonly managementName?: string;
  /** Member accounts, listed after the management account in this order. */
  readonly members?: readonly FakeOrgMember[];
  /** Accounts per ListAccounts page (a smaller `MaxResults` wins). Default 20. */
  readonly pageSize?: number;
  /** The role AssumeRole accepts in every member. Default `CloudPatrolAudit`. */
  readonly roleName?: string;
  /** ARN partition of the role ARNs AssumeRole accepts and returns. Default `aws`. */
  readonly partition?: string;
  /** Delay added before every response (also proxied ones), in milliseconds. Default 0. */
  readonly latencyMs?: number;
  /**
   * Route every service a default scan reads besides IAM, STS and the Account API to the account's
   * {@link FakeAccountServices} (default false: they go to the account's FakeAws, which knows none).
   */
  readonly regional?: boolean;
}

/** The fakes behind one account with `regional`, besides its {@link FakeAws}; seed them to change the account. */
export interface FakeAccountServices {
  /** EC2 and Access Analyzer; a default VPC in each enabled region. */
  readonly regional: FakeRegional;
  /** S3, S3 Control, Macie, RDS and EFS. */
  readonly storage: FakeS3;
  /** CloudTrail, AWS Config and KMS. */
  readonly logging: FakeLogging;
  /** Security Hub (DescribeHub). */
  readonly monitoring: FakeMonitoring;
}

/** One AssumeRole request as received. */
export interface AssumeRoleRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId: string | undefined;
  /** Account of the target role. */
  readonly accountId: string;
}

/** A running fake Organization. */
export interface FakeOrg {
  /** `http://127.0.0.1:<port>`: use as the endpoint of every client (or AWS_ENDPOINT_URL). */
  readonly endpoint: string;
  readonly managementAccountId: string;
  /** Every account id, the management account first. */
  readonly accountIds: readonly string[];
  /** The FakeAws behind an account (throws for an unknown id). */
  account(accountId: string): FakeAws;
  /** Makes AssumeRole into this account fail with AccessDenied (optionally with this message). */
  denyAssumeRole(accountId: string, message?: string): void;
  /**
   * The account an access key id belongs to, as this server routes requests: a key AssumeRole issued →
   * its account; any other key → the management account (for a fake Security Hub's account check).
   */
  accountOfAccessKey(accessKeyId: string): string;
  /** Every role's trust policy requires this ExternalId from now on (undefined: none). */
  requireExternalId(externalId: string | undefined): void;
  /**
   * Answers ListAccounts with these raw bodies from now on (HTTP 200, JSON 1.1), whatever the request:
   * the n-th ListAccounts request gets `bodies[n]` (counted from this call; the last one repeats).
   * `undefined`: the Organization's own accounts again.
   */
  answerListAccounts(bodies: readonly string[] | undefined): void;
  /**
   * Makes the credentials AssumeRole issues for `accountId`'s role from now on `asAccountId`'s (a known
   * account): every request made with them, GetCallerIdentity included, goes to `asAccountId`'s fakes.
   */
  assumedRoleIsAccount(accountId: string, asAccountId: string): void;
  /** Delay added before every response, in milliseconds. */
  setLatency(ms: number): void;
  /** Requests per `<service>:<Action>` this server saw (proxied ones included), e.g. `sts:AssumeRole`. */
  counts(): Record<string, number>;
  /** Requests per account (AssumeRole counts for the target account; ListAccounts for the management). */
  requestsPerAccount(): Record<string, number>;
  /** Most requests one account had open at once. */
  peakInFlight(accountId: string): number;
  /**
   * Most accounts "in flight" at once, where an account is in flight from the arrival of its first request
   * to the sending of its last response. Accounts in `exclude` are left out.
   */
  peakAccountsInFlight(exclude?: readonly string[]): number;
  /**
   * The longest chain of the account's requests in which each request arrived after the previous one's
   * response: how many round trips, one after another, the account's scan waited for (its critical path).
   */
  roundTrips(accountId: string): number;
  /** The regional fake of an account (with `regional`; started on first use). */
  regionalOf(accountId: string): Promise<FakeRegional>;
  /** Every service fake of an account besides its FakeAws (with `regional`; started on first use). */
  servicesOf(accountId: string): Promise<FakeAccountServices>;
  /** Every AssumeRole request, in arrival order. */
  readonly assumeRoleRequests: ReadonlyArray<AssumeRoleRequest>;
  /** Stops this server and every FakeAws behind it. */
  close(): Promise<void>;
}

interface AccountStats {
  requests: number;
  inFlight: number;
  peak: number;
  first: number;
  last: number;
  /** Arrival and response time (performance.now(), ms) of each request, in arrival order. */
  readonly spans: [number, number][];
}

/** Which of an account's {@link FakeAccountServices} answers a service, by SigV4 service name. */
const SERVICE_ROUTES: ReadonlyMap<string, keyof FakeAccountServices> = new Map([
  ["ec2", "regional"],
  ["access-analyzer", "regional"],
  ["s3", "storage"],
  ["macie2", "storage"],
  ["rds", "storage"],
  ["elasticfilesystem", "storage"],
  ["cloudtrail", "logging"],
  ["config", "logging"],
  ["kms", "logging"],
  ["securityhub", "monitoring"],
]);

/** Operations of the REST protocols a default scan calls, by `<service> <path>` (GET). */
const REST_OPERATIONS: ReadonlyMap<string, string> = new Map([
  ["access-analyzer /analyzer", "ListAnalyzers"],
  ["macie2 /macie", "GetMacieSession"],
  ["elasticfilesystem /2015-02-01/file-systems", "DescribeFileSystems"],
  ["securityhub /accounts", "DescribeHub"],
]);

/**
 * A request's `<service>:<Operation>` as the scan's call counts name it: the Query `Action`, the JSON
 * `X-Amz-Target`'s operation, or the REST path; `<service>:unknown` when none says.
 */
function operationOf(
  service: string,
  request: IncomingMessage,
  url: URL,
  params: Readonly<Record<string, string>>,
  target: string,
): string {
  if (params.Action) return `${service}:${params.Action}`;
  if (target) return `${service}:${target.slice(target.indexOf(".") + 1)}`;
  if (service === "s3") return s3Operation(request.method ?? "", url);
  if (service === "account") return `account:${accountAction(url.pathname)}`;
  return `${service}:${REST_OPERATIONS.get(`${service} ${url.pathname}`) ?? "unknown"}`;
}

/** Starts the Organization: one FakeAws per account and the routing server, each on a free port. */
export async function startFakeOrg(options: FakeOrgOptions = {}): Promise<FakeOrg> {
  const managementId = options.managementAccountId ?? "111111111111";
  const listed = [
    { id: managementId, name: options.managementName ?? "management", status: "ACTIVE" as const },
    ...(options.members ?? []).map((member) => ({
      id: member.id,
      name: member.name ?? `member-${member.id}`,
      status: member.status ?? "ACTIVE",
    })),
  ];
  const fakes = new Map<string, FakeAws>();
  for (const account of listed) fakes.set(account.id, await startFakeAws({ accountId: account.id }));
  return new FakeOrgServer(await listenLocal(), options, managementId, listed, fakes);
}

class FakeOrgServer implements FakeOrg {
  readonly endpoint: string;
  readonly accountIds: readonly string[];
  readonly assumeRoleRequests: AssumeRoleRequest[] = [];

  private readonly pageSize: number;
  private readonly roleName: string;
  private readonly partition: string;
  private readonly latency: Latency;
  private externalId: string | undefined;
  private listBodies: { readonly bodies: readonly string[]; next: number } | undefined;
  /** Role account → account whose credentials AssumeRole issues for it. */
  private readonly issuedAs = new Map<string, string>();
  private readonly denied = new Map<string, string | undefined>();
  /** Issued access key id → account id. */
  private readonly issued = new Map<string, string>();
  private readonly perAction = new RequestCounts();
  private readonly stats = new Map<string, AccountStats>();
  private readonly services = new Map<string, Promise<FakeAccountServices>>();
  private readonly regional: boolean;

  constructor(
    private readonly local: LocalEndpoint,
    options: FakeOrgOptions,
    readonly managementAccountId: string,
    private readonly listed: readonly { id: string; name: string; status: string }[],
    private readonly fakes: Map<string, FakeAws>,
  ) {
    this.endpoint = local.url;
    this.accountIds = listed.map((account) => account.id);
    this.pageSize = options.pageSize ?? 20;
    this.roleName = options.roleName ?? "CloudPatrolAudit";
    this.partition = options.partition ?? "aws";
    this.latency = new Latency(options.latencyMs ?? 0);
    this.regional = options.regional ?? false;
    local.serve((request, response) => this.handle(request, response));
  }

  account(accountId: string): FakeAws {
    const fake = this.fakes.get(accountId);
    if (!fake) throw new Error(`fake-org: no account ${accountId}`);
    return fake;
  }
  denyAssumeRole(accountId: string, message?: string): void {
    this.denied.set(accountId, message);
  }
  accountOfAccessKey(accessKeyId: string): string {
    return this.issued.get(accessKeyId) ?? this.managementAccountId;
  }
  requireExternalId(externalId: string | undefined): void {
    this.externalId = externalId;
  }
  answerListAccounts(bodies: readonly string[] | undefined): void {
    this.listBodies = bodies ? { bodies, next: 0 } : undefined;
  }
  assumedRoleIsAccount(accountId: string, asAccountId: string): void {
    this.account(asAccountId);
    this.issuedAs.set(accountId, asAccountId);
  }
  setLatency(ms: number): void {
    this.latency.set(ms);
  }
  counts(): Record<string, number> {
    return this.perAction.snapshot();
  }
  requestsPerAccount(): Record<string, number> {
    return Object.fromEntries([...this.stats].map(([id, stats]) => [id, stats.requests]));
  }
  peakInFlight(accountId: string): number {
    return this.stats.get(accountId)?.peak ?? 0;
  }
  peakAccountsInFlight(exclude: readonly string[] = []): number {
    // Sweep over [first arrival, last response] windows; on a tie an end comes before a start.
    const events: [number, number][] = [];
    for (const [id, stats] of this.stats) {
      if (exclude.includes(id)) continue;
      events.push([stats.first, 1], [stats.last, -1]);
    }
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    let peak = 0;
    for (const [, delta] of events) {
      open += delta;
      peak = Math.max(peak, open);
    }
    return peak;
  }

  roundTrips(accountId: string): number {
    const spans = this.stats.get(accountId)?.spans ?? [];
    // depth[i]: the longest chain ending with request i (spans are in arrival order).
    const depth: number[] = [];
    for (const [index, [arrival]] of spans.entries()) {
      let before = 0;
      for (let other = 0; other < index; other++) {
        if ((spans[other] as [number, number])[1] <= arrival)
          before = Math.max(before, depth[other] as number);
      }
      depth.push(before + 1);
    }
    return Math.max(0, ...depth);
  }

  async regionalOf(accountId: string): Promise<FakeRegional> {
    return (await this.servicesOf(accountId)).regional;
  }

  servicesOf(accountId: string): Promise<FakeAccountServices> {
    let services = this.services.get(accountId);
    if (!services) {
      services = startAccountServices(accountId);
      this.services.set(accountId, services);
    }
    return services;
  }

  async close(): Promise<void> {
    await this.local.close();
    await Promise.all([...this.fakes.values()].map((fake) => fake.close()));
    await Promise.all(
      [...this.services.values()].map(async (services) => {
        const { regional, storage, logging, monitoring } = await services;
        await Promise.all([regional.close(), storage.close(), logging.close(), monitoring.close()]);
      }),
    );
  }

  private begin(accountId: string): { stats: AccountStats; span: [number, number] } {
    const now = performance.now();
    const stats = this.stats.get(accountId) ?? {
      requests: 0,
      inFlight: 0,
      peak: 0,
      first: now,
      last: now,
      spans: [],
    };
    this.stats.set(accountId, stats);
    stats.requests += 1;
    stats.inFlight += 1;
    stats.peak = Math.max(stats.peak, stats.inFlight);
    const span: [number, number] = [now, now];
    stats.spans.push(span);
    return { stats, span };
  }

  private end({ stats, span }: { stats: AccountStats; span: [number, number] }): void {
    stats.inFlight -= 1;
    stats.last = performance.now();
    span[1] = stats.last;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBodyBytes(request);
    const target = String(request.headers["x-amz-target"] ?? "");
    if (target.startsWith("AWSOrganizationsV20161128.")) {
      const stats = this.begin(this.managementAccountId);
      const action = target.slice(target.indexOf(".") + 1);
      this.perAction.add(`organizations:${action}`);
      await this.delay();
      this.organizations(action, body, response);
      this.end(stats);
      return;
    }
    const params = parseQueryParams(body.toString("utf8"), new URL(request.url ?? "/", this.endpoint).search);
    if (params.Action === "AssumeRole") {
      const accountId = params.RoleArn?.split(":")[4] ?? "";
      const stats = this.begin(this.fakes.has(accountId) ? accountId : this.managementAccountId);
      this.perAction.add("sts:AssumeRole");
      await this.delay();
      this.assumeRole(params, accountId, response);
      this.end(stats);
      return;
    }
    const scope = sigV4Scope(request.headers.authorization);
    const accountId = this.accountOfAccessKey(scope?.accessKeyId ?? "");
    const service = scope?.service ?? "unknown";
    const url = new URL(request.url ?? "/", this.endpoint);
    this.perAction.add(operationOf(service, request, url, params, target));
    const stats = this.begin(accountId);
    await this.delay();
    try {
      const route = this.regional ? SERVICE_ROUTES.get(service) : undefined;
      const upstream = route ? (await this.servicesOf(accountId))[route] : this.account(accountId);
      await dispatchLocal(upstream.endpoint, request, body, response);
    } finally {
      this.end(stats);
    }
  }

  private delay(): Promise<void> {
    return this.latency.wait();
  }

  /** Organizations over JSON 1.1: ListAccounts with NextToken pages. */
  private organizations(action: string, body: Buffer, response: ServerResponse): void {
    const headers = { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": randomUUID() };
    const fail = (code: string, message: string) => {
      const wire = awsJsonError(code, message);
      send(response, 400, wire.body, { ...headers, ...wire.headers });
    };
    if (action !== "ListAccounts") {
      fail("UnknownOperationException", `fake-org: ${action}`);
      return;
    }
    if (this.listBodies) {
      const { bodies, next } = this.listBodies;
      this.listBodies.next += 1;
      send(response, 200, bodies[Math.min(next, bodies.length - 1)] ?? "{}", headers);
      return;
    }
    const input = (body.length > 0 ? JSON.parse(body.toString("utf8")) : {}) as {
      NextToken?: string;
      MaxResults?: number;
    };
    const start = input.NextToken ? Number(input.NextToken.replace(/^page-/, "")) : 0;
    if (!Number.isInteger(start) || start < 0 || start > this.listed.length) {
      fail("InvalidInputException", "Invalid NextToken");
      return;
    }
    const size = Math.min(this.pageSize, input.MaxResults ?? this.pageSize);
    const page = this.listed.slice(start, start + size);
    const next = start + size < this.listed.length ? `page-${start + size}` : undefined;
    const document = {
      Accounts: page.map((account) => ({
        Id: account.id,
        Arn: `arn:${this.partition}:organizations::${this.managementAccountId}:account/o-fake/${account.id}`,
        Email: `${account.name}@example.com`,
        Name: account.name,
        Status: account.status,
        State: account.status,
        JoinedMethod: "CREATED",
        JoinedTimestamp: 1_700_000_000,
      })),
      ...(next ? { NextToken: next } : {}),
    };
    send(response, 200, JSON.stringify(document), headers);
  }

  /** STS AssumeRole over Query/XML. */
  private assumeRole(
    params: Readonly<Record<string, string>>,
    accountId: string,
    response: ServerResponse,
  ): void {
    const requestId = randomUUID();
    const roleArn = params.RoleArn ?? "";
    const sessionName = params.RoleSessionName ?? "";
    this.assumeRoleRequests.push({ roleArn, sessionName, externalId: params.ExternalId, accountId });
    const sendXml = (status: number, xml: string) =>
      send(response, status, xml, { "Content-Type": "text/xml", "x-amzn-RequestId": requestId });
    const caller = `arn:${this.partition}:iam::${this.managementAccountId}:user/auditor`;
    const deny = (message: string) => {
      const error = new QueryError("AccessDenied", message);
      sendXml(error.httpStatus, errorEnvelope("sts", error, requestId));
    };
    const expected = `arn:${this.partition}:iam::${accountId}:role/${this.roleName}`;
    if (!this.fakes.has(accountId) || roleArn !== expected) {
      deny(`User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      return;
    }
    if (this.denied.has(accountId)) {
      deny(
        this.denied.get(accountId) ??
          `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      );
      return;
    }
    if (this.externalId !== undefined && params.ExternalId !== this.externalId) {
      deny(`User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
      return;
    }
    const accessKeyId = `ASIA${randomBytes(8).toString("hex").toUpperCase()}`;
    this.issued.set(accessKeyId, this.issuedAs.get(accountId) ?? accountId);
    const expiration = new Date(Date.now() + Number(params.DurationSeconds ?? 3600) * 1000);
    sendXml(
      200,
      successEnvelope(
        "sts",
        "AssumeRole",
        {
          Credentials: {
            AccessKeyId: accessKeyId,
            SecretAccessKey: randomBytes(20).toString("base64"),
            SessionToken: `FakeSessionToken${randomBytes(16).toString("hex")}`,
            Expiration: expiration,
          },
          AssumedRoleUser: {
            AssumedRoleId: `AROAFAKE${accountId}:${sessionName}`,
            Arn: `arn:${this.partition}:sts::${accountId}:assumed-role/${this.roleName}/${sessionName}`,
          },
        },
        requestId,
      ),
    );
  }
}

/**
 * Starts the fakes of one account with `regional`: a default VPC in each region enabled by default, and
 * nothing else (no bucket, trail, recorder, key; Macie and Security Hub off).
 */
async function startAccountServices(accountId: string): Promise<FakeAccountServices> {
  const [regional, storage, logging, monitoring] = await Promise.all([
    startFakeRegional({ accountId }),
    startFakeS3({ accountId }),
    startFakeLogging(),
    startFakeMonitoring({ accountId }),
  ]);
  for (const region of DEFAULT_REGIONS)
    if (region.optInStatus !== "not-opted-in") regional.addDefaultVpc(region.regionName);
  return { regional, storage, logging, monitoring };
}
