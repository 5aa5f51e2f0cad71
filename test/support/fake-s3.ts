/**
 * A local S3 endpoint (REST-XML, path-style `/<bucket>?policy`) with the few EC2 and S3 Control answers an
 * S3 collection needs, for what moto cannot do: AccessDenied per action, bucket and region; buckets whose
 * versioning has MFADelete; buckets without default encryption; ListBuckets with or without
 * `BucketRegion` and in pages; and exact request counts per `<region> <Operation>`. A bucket's calls sent
 * to another region than the bucket's get S3's `PermanentRedirect` (301), as from AWS.
 *
 * Point `createClients({ endpointUrl })` at it: S3 (path style), S3 Control (`GET
 * /v20180820/configuration/publicAccessBlock`, header `x-amz-account-id`), Macie (`GET /macie`), RDS
 * DescribeDBInstances/DescribeDBClusters and EFS DescribeFileSystems (in pages, or denied per region), EC2
 * DescribeRegions and STS GetCallerIdentity all arrive here, routed by the SigV4 service name and the path.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { BucketAclGrant, PublicAccessBlockFlags } from "../../src/snapshot/datasets/s3.js";
import { type LocalEndpoint, listenLocal, RequestCounts, readBody, send, sigV4Scope } from "./endpoint.js";
import { restJsonError, xmlEscape } from "./wire-errors.js";

/** One bucket to seed; every setting absent = not configured. */
export interface SeedBucket {
  readonly name: string;
  readonly region: string;
  /** Default `2024-01-02T03:04:05Z`. */
  readonly creationDate?: string;
  readonly policy?: string;
  readonly grants?: readonly BucketAclGrant[];
  readonly publicAccessBlock?: PublicAccessBlockFlags;
  readonly encryption?: readonly {
    sseAlgorithm: string;
    kmsMasterKeyId?: string;
    bucketKeyEnabled?: boolean;
  }[];
  readonly versioning?: { status?: string; mfaDelete?: string };
  readonly logging?: { targetBucket: string; targetPrefix: string };
}

/** The fake. */
export interface FakeS3 {
  readonly endpoint: string;
  readonly accountId: string;
  /** The enabled regions DescribeRegions lists (default us-east-1, eu-west-1, ap-southeast-2). */
  setRegions(regions: readonly string[]): void;
  addBucket(bucket: SeedBucket): void;
  /** The account's Block Public Access (S3 Control); none by default. */
  setAccountPublicAccessBlock(flags: PublicAccessBlockFlags | null): void;
  /** ListBuckets gives each bucket's `BucketRegion` (as AWS does now) or not (as moto). Default false. */
  setListBucketRegion(on: boolean): void;
  /** ListBuckets pages hold at most this many buckets (default 10000). */
  setListPageSize(size: number): void;
  /** A DB instance (engine, encryption) in `region`; DescribeDBInstances pages hold {@link FakeS3.setPageSize} of them. */
  addDbInstance(region: string, identifier: string, engine: string, encrypted: boolean): void;
  /** An EFS file system in `region`; DescribeFileSystems pages hold {@link FakeS3.setPageSize} of them. */
  addFileSystem(region: string, fileSystemId: string, encrypted: boolean): void;
  /** RDS and EFS pages hold at most this many items (default 100, like AWS's default MaxRecords). */
  setPageSize(size: number): void;
  /** Macie in `region`: its status (`ENABLED`, `PAUSED`), or null: not enabled (the default). */
  setMacie(region: string, status: string | null): void;
  /** Denies `operation` (`GetBucketPolicy`, `ListBuckets`, ...) in `region` (`*`: any), for `bucket` (`*`: any). */
  deny(operation: string, region: string, bucket?: string): void;
  /** Requests per `<region> <Operation>` (and `<region> <Operation> <bucket>` per bucket), failed ones included. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1 on a free port. */
export async function startFakeS3(options: { accountId?: string } = {}): Promise<FakeS3> {
  return new S3Server(await listenLocal(), options.accountId ?? "123456789012");
}

const S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

class FakeError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const el = (name: string, content: string) => `<${name}>${content}</${name}>`;

/** The bucket sub-resources the S3 collectors read, and the operation each stands for. */
const SUBRESOURCES: readonly (readonly [string, string])[] = [
  ["location", "GetBucketLocation"],
  ["policy", "GetBucketPolicy"],
  ["acl", "GetBucketAcl"],
  ["publicAccessBlock", "GetPublicAccessBlock"],
  ["encryption", "GetBucketEncryption"],
  ["versioning", "GetBucketVersioning"],
  ["logging", "GetBucketLogging"],
];

/**
 * The operation of an S3 or S3 Control request as this fake reads it, named as the SDK's command and
 * counted by the caller (`s3:ListBuckets`, `s3:GetBucketPolicy`, `s3control:GetPublicAccessBlock`), or
 * `s3:unknown`.
 */
export function s3Operation(method: string, url: URL): string {
  if (url.pathname === "/v20180820/configuration/publicAccessBlock") return "s3control:GetPublicAccessBlock";
  if (method !== "GET") return "s3:unknown";
  if (url.pathname === "/") return "s3:ListBuckets";
  const sub = SUBRESOURCES.find(([param]) => url.searchParams.has(param));
  return `s3:${sub?.[1] ?? "unknown"}`;
}

class S3Server implements FakeS3 {
  readonly endpoint: string;
  private regions: string[] = ["us-east-1", "eu-west-1", "ap-southeast-2"];
  private readonly buckets = new Map<string, SeedBucket>();
  private accountBlock: PublicAccessBlockFlags | null = null;
  private bucketRegion = false;
  private pageSize = 10_000;
  private readonly denied = new Set<string>();
  private readonly macie = new Map<string, string>();
  private readonly dbInstances = new Map<
    string,
    { identifier: string; engine: string; encrypted: boolean }[]
  >();
  private readonly fileSystems = new Map<string, { fileSystemId: string; encrypted: boolean }[]>();
  private itemsPerPage = 100;
  private readonly perKey = new RequestCounts();

  constructor(
    private readonly local: LocalEndpoint,
    readonly accountId: string,
  ) {
    this.endpoint = local.url;
    local.serve((request, response) => this.handle(request, response));
  }

  setRegions(regions: readonly string[]): void {
    this.regions = [...regions];
  }
  addBucket(bucket: SeedBucket): void {
    this.buckets.set(bucket.name, bucket);
  }
  setAccountPublicAccessBlock(flags: PublicAccessBlockFlags | null): void {
    this.accountBlock = flags;
  }
  setListBucketRegion(on: boolean): void {
    this.bucketRegion = on;
  }
  setListPageSize(size: number): void {
    this.pageSize = size;
  }
  addDbInstance(region: string, identifier: string, engine: string, encrypted: boolean): void {
    this.dbInstances.set(region, [
      ...(this.dbInstances.get(region) ?? []),
      { identifier, engine, encrypted },
    ]);
  }
  addFileSystem(region: string, fileSystemId: string, encrypted: boolean): void {
    this.fileSystems.set(region, [...(this.fileSystems.get(region) ?? []), { fileSystemId, encrypted }]);
  }
  setPageSize(size: number): void {
    this.itemsPerPage = size;
  }
  setMacie(region: string, status: string | null): void {
    if (status === null) this.macie.delete(region);
    else this.macie.set(region, status);
  }
  deny(operation: string, region: string, bucket = "*"): void {
    this.denied.add(`${operation} ${region} ${bucket}`);
  }
  counts(): Record<string, number> {
    return this.perKey.snapshot();
  }
  close(): Promise<void> {
    return this.local.close();
  }

  private check(operation: string, region: string, bucket?: string): void {
    this.perKey.add(`${region} ${operation}`);
    const b = bucket ?? "*";
    for (const key of [
      `${operation} ${region} ${b}`,
      `${operation} * ${b}`,
      `${operation} ${region} *`,
      `${operation} * *`,
    ])
      if (this.denied.has(key)) throw new FakeError("AccessDenied", "Access Denied", 403);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const scope = sigV4Scope(request.headers.authorization);
    const region = scope?.region ?? "";
    const url = new URL(request.url ?? "/", this.endpoint);
    try {
      if (scope?.service === "ec2") return this.describeRegions(region, new URLSearchParams(body), response);
      if (scope?.service === "sts") return this.callerIdentity(response);
      if (scope?.service === "macie2") return this.macieSession(region, url, response);
      if (scope?.service === "rds") return this.rds(region, new URLSearchParams(body), response);
      if (scope?.service === "elasticfilesystem") return this.efs(region, url, response);
      if (url.pathname === "/v20180820/configuration/publicAccessBlock")
        return this.accountPublicAccessBlock(region, request, response);
      if (scope?.service !== "s3") throw new FakeError("InvalidRequest", `No service ${scope?.service}`, 400);
      if (request.method !== "GET") throw new FakeError("MethodNotAllowed", "read-only fake", 405);
      if (url.pathname === "/") return this.listBuckets(region, url, response);
      const name = decodeURIComponent(url.pathname.slice(1).replace(/\/$/, ""));
      const sub = SUBRESOURCES.find(([param]) => url.searchParams.has(param));
      if (!sub) throw new FakeError("NotImplemented", `No sub-resource in ${url.search}`, 501);
      return this.bucketCall(region, name, sub[1], response);
    } catch (error) {
      const failure = error instanceof FakeError ? error : new FakeError("InternalError", String(error), 500);
      const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${el("Code", failure.code)}${el("Message", xmlEscape(failure.message))}${el("RequestId", randomUUID())}</Error>`;
      send(response, failure.status, xml, { "Content-Type": "application/xml" });
    }
  }

  private describeRegions(region: string, params: URLSearchParams, response: ServerResponse): void {
    if (params.get("Action") !== "DescribeRegions")
      throw new FakeError("InvalidAction", `${params.get("Action")} is not served here`, 400);
    this.perKey.add(`${region} DescribeRegions`);
    const items = this.regions
      .map((name) => el("item", el("regionName", name) + el("optInStatus", "opt-in-not-required")))
      .join("");
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">${el("requestId", randomUUID())}${el("regionInfo", items)}</DescribeRegionsResponse>`;
    send(response, 200, xml, { "Content-Type": "text/xml;charset=UTF-8" });
  }

  /** Macie over REST-JSON: `GET /macie`; not enabled → 403 AccessDeniedException "Macie is not enabled.". */
  private macieSession(region: string, url: URL, response: ServerResponse) {
    const fail = (status: number, code: string, message: string) => {
      const wire = restJsonError(code, message);
      send(response, status, wire.body, { "Content-Type": "application/json", ...wire.headers });
    };
    if (url.pathname !== "/macie") return fail(404, "ResourceNotFoundException", `No route ${url.pathname}`);
    this.perKey.add(`${region} GetMacieSession`);
    if (this.denied.has(`GetMacieSession ${region} *`) || this.denied.has("GetMacieSession * *"))
      return fail(
        403,
        "AccessDeniedException",
        `User: arn:aws:iam::${this.accountId}:user/auditor is not authorized to perform: macie2:GetMacieSession`,
      );
    const status = this.macie.get(region);
    if (status === undefined) return fail(403, "AccessDeniedException", "Macie is not enabled.");
    send(
      response,
      200,
      JSON.stringify({
        createdAt: "2025-01-02T03:04:05Z",
        updatedAt: "2025-02-03T04:05:06Z",
        findingPublishingFrequency: "SIX_HOURS",
        serviceRole: `arn:aws:iam::${this.accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`,
        status,
      }),
      { "Content-Type": "application/json" },
    );
  }

  /** RDS over AWS Query: DescribeDBInstances in pages (`Marker`), DescribeDBClusters empty; or denied per region. */
  private rds(region: string, params: URLSearchParams, response: ServerResponse) {
    const action = params.get("Action") ?? "";
    this.perKey.add(`${region} ${action}`);
    const requestId = randomUUID();
    if (this.denied.has(`${action} ${region} *`) || this.denied.has(`${action} * *`)) {
      const xml = `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>Sender</Type>${el("Code", "AccessDenied")}${el("Message", `User: arn:aws:iam::${this.accountId}:user/auditor is not authorized to perform: rds:${action}`)}</Error>${el("RequestId", requestId)}</ErrorResponse>`;
      return send(response, 403, xml, { "Content-Type": "text/xml" });
    }
    const list =
      action === "DescribeDBInstances" ? "DBInstances" : action === "DescribeDBClusters" ? "DBClusters" : "";
    if (!list) throw new FakeError("InvalidAction", `${action} is not served here`, 400);
    const all = action === "DescribeDBInstances" ? (this.dbInstances.get(region) ?? []) : [];
    const start = Number(params.get("Marker") ?? "0");
    const page = all.slice(start, start + this.itemsPerPage);
    const next = start + this.itemsPerPage < all.length ? String(start + this.itemsPerPage) : undefined;
    const members = page
      .map((db) =>
        el(
          "DBInstance",
          el("DBInstanceIdentifier", db.identifier) +
            el("DBInstanceArn", `arn:aws:rds:${region}:${this.accountId}:db:${db.identifier}`) +
            el("Engine", db.engine) +
            el("StorageEncrypted", String(db.encrypted)) +
            el("AutoMinorVersionUpgrade", "true") +
            el("PubliclyAccessible", "false") +
            el("MultiAZ", "false"),
        ),
      )
      .join("");
    const xml = `<${action}Response xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><${action}Result>${el(list, members)}${next ? el("Marker", next) : ""}</${action}Result>${el("ResponseMetadata", el("RequestId", requestId))}</${action}Response>`;
    send(response, 200, xml, { "Content-Type": "text/xml" });
  }

  /** EFS over REST-JSON: DescribeFileSystems in pages (`Marker`/`NextMarker`), or denied per region. */
  private efs(region: string, url: URL, response: ServerResponse) {
    this.perKey.add(`${region} DescribeFileSystems`);
    if (url.pathname !== "/2015-02-01/file-systems") throw new FakeError("NotFound", url.pathname, 404);
    if (this.denied.has(`DescribeFileSystems ${region} *`) || this.denied.has("DescribeFileSystems * *")) {
      const wire = restJsonError(
        "AccessDeniedException",
        "not authorized to perform: elasticfilesystem:DescribeFileSystems",
      );
      return send(response, 403, wire.body, { "Content-Type": "application/json", ...wire.headers });
    }
    const all = this.fileSystems.get(region) ?? [];
    const start = Number(url.searchParams.get("Marker") ?? "0");
    const page = all.slice(start, start + this.itemsPerPage);
    const next = start + this.itemsPerPage < all.length ? String(start + this.itemsPerPage) : undefined;
    const body = {
      FileSystems: page.map((fs) => ({
        FileSystemId: fs.fileSystemId,
        FileSystemArn: `arn:aws:elasticfilesystem:${region}:${this.accountId}:file-system/${fs.fileSystemId}`,
        OwnerId: this.accountId,
        CreationToken: fs.fileSystemId,
        CreationTime: 1735689600,
        LifeCycleState: "available",
        NumberOfMountTargets: 0,
        SizeInBytes: { Value: 6144 },
        PerformanceMode: "generalPurpose",
        Encrypted: fs.encrypted,
        Tags: [],
      })),
      ...(next ? { NextMarker: next } : {}),
    };
    send(response, 200, JSON.stringify(body), { "Content-Type": "application/json" });
  }

  private callerIdentity(response: ServerResponse): void {
    this.perKey.add("GetCallerIdentity");
    const xml = `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>${el("Arn", `arn:aws:iam::${this.accountId}:user/auditor`)}${el("UserId", "AIDAAUDITOR")}${el("Account", this.accountId)}</GetCallerIdentityResult>${el("ResponseMetadata", el("RequestId", randomUUID()))}</GetCallerIdentityResponse>`;
    send(response, 200, xml, { "Content-Type": "text/xml" });
  }

  private accountPublicAccessBlock(region: string, request: IncomingMessage, response: ServerResponse): void {
    this.check("GetAccountPublicAccessBlock", region);
    if (request.headers["x-amz-account-id"] !== this.accountId)
      throw new FakeError("AccessDenied", "Access Denied", 403);
    if (!this.accountBlock)
      throw new FakeError(
        "NoSuchPublicAccessBlockConfiguration",
        "The public access block configuration was not found",
        404,
      );
    this.ok(response, flagsXml(this.accountBlock));
  }

  private listBuckets(region: string, url: URL, response: ServerResponse): void {
    this.check("ListBuckets", region);
    const all = [...this.buckets.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
    const start = Number(url.searchParams.get("continuation-token") ?? "0");
    const size = Math.min(this.pageSize, Number(url.searchParams.get("max-buckets") ?? "10000"));
    const page = all.slice(start, start + size);
    const next = start + size < all.length ? String(start + size) : undefined;
    const buckets = page
      .map((bucket) =>
        el(
          "Bucket",
          el("Name", xmlEscape(bucket.name)) +
            el("CreationDate", bucket.creationDate ?? "2024-01-02T03:04:05.000Z") +
            (this.bucketRegion ? el("BucketRegion", bucket.region) : ""),
        ),
      )
      .join("");
    this.ok(
      response,
      `<ListAllMyBucketsResult xmlns="${S3_NAMESPACE}">${el("Owner", el("ID", "owner-id"))}${el("Buckets", buckets)}${next ? el("ContinuationToken", next) : ""}</ListAllMyBucketsResult>`,
    );
  }

  private bucketCall(region: string, name: string, operation: string, response: ServerResponse) {
    this.perKey.add(`${region} ${operation} ${name}`);
    this.check(operation, region, name);
    const bucket = this.buckets.get(name);
    if (!bucket) throw new FakeError("NoSuchBucket", "The specified bucket does not exist", 404);
    if (operation === "GetBucketLocation") {
      const constraint =
        bucket.region === "us-east-1" ? "" : bucket.region === "eu-west-1" ? "EU" : bucket.region;
      return this.ok(
        response,
        `<LocationConstraint xmlns="${S3_NAMESPACE}">${constraint}</LocationConstraint>`,
      );
    }
    if (region !== bucket.region)
      throw new FakeError(
        "PermanentRedirect",
        "The bucket you are attempting to access must be addressed using the specified endpoint.",
        301,
      );
    switch (operation) {
      case "GetBucketPolicy":
        if (bucket.policy === undefined)
          throw new FakeError("NoSuchBucketPolicy", "The bucket policy does not exist", 404);
        return send(response, 200, bucket.policy, { "Content-Type": "application/json" });
      case "GetBucketAcl": {
        const grants = (bucket.grants ?? [])
          .map((grant) =>
            el(
              "Grant",
              `<Grantee xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="${grant.granteeType}">${grant.id ? el("ID", grant.id) : ""}${grant.uri ? el("URI", xmlEscape(grant.uri)) : ""}</Grantee>` +
                el("Permission", grant.permission),
            ),
          )
          .join("");
        return this.ok(
          response,
          `<AccessControlPolicy xmlns="${S3_NAMESPACE}">${el("Owner", el("ID", "owner-id"))}${el("AccessControlList", grants)}</AccessControlPolicy>`,
        );
      }
      case "GetPublicAccessBlock":
        if (!bucket.publicAccessBlock)
          throw new FakeError(
            "NoSuchPublicAccessBlockConfiguration",
            "The public access block configuration was not found",
            404,
          );
        return this.ok(response, flagsXml(bucket.publicAccessBlock));
      case "GetBucketEncryption":
        if (!bucket.encryption)
          throw new FakeError(
            "ServerSideEncryptionConfigurationNotFoundError",
            "The server side encryption configuration was not found",
            404,
          );
        return this.ok(
          response,
          `<ServerSideEncryptionConfiguration xmlns="${S3_NAMESPACE}">${bucket.encryption
            .map((rule) =>
              el(
                "Rule",
                el(
                  "ApplyServerSideEncryptionByDefault",
                  el("SSEAlgorithm", rule.sseAlgorithm) +
                    (rule.kmsMasterKeyId ? el("KMSMasterKeyID", xmlEscape(rule.kmsMasterKeyId)) : ""),
                ) +
                  (rule.bucketKeyEnabled !== undefined
                    ? el("BucketKeyEnabled", String(rule.bucketKeyEnabled))
                    : ""),
              ),
            )
            .join("")}</ServerSideEncryptionConfiguration>`,
        );
      case "GetBucketVersioning":
        return this.ok(
          response,
          `<VersioningConfiguration xmlns="${S3_NAMESPACE}">${bucket.versioning?.status ? el("Status", bucket.versioning.status) : ""}${bucket.versioning?.mfaDelete ? el("MfaDelete", bucket.versioning.mfaDelete) : ""}</VersioningConfiguration>`,
        );
      case "GetBucketLogging":
        return this.ok(
          response,
          `<BucketLoggingStatus xmlns="${S3_NAMESPACE}">${bucket.logging ? el("LoggingEnabled", el("TargetBucket", xmlEscape(bucket.logging.targetBucket)) + el("TargetPrefix", xmlEscape(bucket.logging.targetPrefix))) : ""}</BucketLoggingStatus>`,
        );
      default:
        throw new FakeError("NotImplemented", operation, 501);
    }
  }

  private ok(response: ServerResponse, xml: string): void {
    send(response, 200, `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`, {
      "Content-Type": "application/xml",
      "x-amz-request-id": randomUUID(),
    });
  }
}

function flagsXml(flags: PublicAccessBlockFlags): string {
  return `<PublicAccessBlockConfiguration xmlns="${S3_NAMESPACE}">${el("BlockPublicAcls", String(flags.blockPublicAcls))}${el("IgnorePublicAcls", String(flags.ignorePublicAcls))}${el("BlockPublicPolicy", String(flags.blockPublicPolicy))}${el("RestrictPublicBuckets", String(flags.restrictPublicBuckets))}</PublicAccessBlockConfiguration>`;
}
