/**
 * A local endpoint for the JSON 1.1 services the logging section reads — CloudTrail
 * (`CloudTrail_20131101.*`: DescribeTrails, GetTrailStatus, GetEventSelectors), AWS Config
 * (`StarlingDoveService.*`: DescribeConfigurationRecorders, DescribeConfigurationRecorderStatus,
 * DescribeDeliveryChannels) and KMS (`TrentService.*`: ListKeys, DescribeKey, GetKeyRotationStatus) —
 * routed by the SigV4 credential scope (region and service), for what moto cannot do: AccessDenied or
 * throttling per action and region, exact request counts per region, and states moto lacks (organization
 * trails of another account, a CloudWatch Logs delivery time, Config status SUCCESS, AWS managed keys).
 * Point the SDK at it with AWS_ENDPOINT_URL_CLOUDTRAIL / _CONFIG_SERVICE / _KMS.
 *
 * Seeded values are in the API's own shapes (as the SDK would send them back); times as ISO text are
 * sent as epoch seconds, as AWS does.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type LocalEndpoint, listenLocal, RequestCounts, readBody, send, sigV4Scope } from "./endpoint.js";
import { FaultPlan } from "./faults.js";
import { awsJsonError, ServiceError } from "./wire-errors.js";

/** A trail as DescribeTrails returns it (TrailARN, HomeRegion, IsMultiRegionTrail, ...). */
export type SeedTrail = Record<string, unknown> & { TrailARN: string; Name: string; HomeRegion: string };

/** What GetTrailStatus / GetEventSelectors answer for a trail in its home region. */
export interface SeedTrailDetails {
  /** GetTrailStatus; times as ISO text. Default `{ IsLogging: true }`. */
  readonly status?: Record<string, unknown>;
  /** `EventSelectors` (default: one All / management selector, AWS's default). */
  readonly eventSelectors?: readonly Record<string, unknown>[];
  /** `AdvancedEventSelectors` (then no classic selectors are sent). */
  readonly advancedEventSelectors?: readonly Record<string, unknown>[];
  /** An error code GetTrailStatus and GetEventSelectors answer for this trail (another account's trail). */
  readonly refuse?: string;
}

/** A KMS key: DescribeKey's `KeyMetadata` (KeyId and Arn required) and its rotation. */
export interface SeedKey {
  readonly metadata: Record<string, unknown> & { KeyId: string; Arn: string };
  /** GetKeyRotationStatus's `KeyRotationEnabled` (default false). */
  readonly rotation?: boolean;
  /** An error code DescribeKey answers for this key (a key policy refusing the auditor). */
  readonly refuseDescribe?: string;
}

/** The fake. */
export interface FakeLogging {
  readonly endpoint: string;
  /** A trail: listed in its home region, and in every region `listedIn` names (its shadow copies). */
  addTrail(trail: SeedTrail, details?: SeedTrailDetails, listedIn?: readonly string[]): void;
  /** The AWS Config answers of `region` (API shapes). */
  setConfig(
    region: string,
    config: {
      recorders?: readonly Record<string, unknown>[];
      statuses?: readonly Record<string, unknown>[];
      channels?: readonly Record<string, unknown>[];
    },
  ): void;
  addKey(region: string, key: SeedKey): void;
  /** ListKeys pages hold at most this many keys (default 100, AWS's default `Limit`). */
  setKeyPageSize(size: number): void;
  /** Answers `code` (default AccessDeniedException) to `action` in `region` (`*`: every region), `times` times (default always). */
  fail(action: string, region: string, code?: string, times?: number): void;
  /** Requests per `<region> <service>:<Action>`, failed ones included. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, on a free port. */
export async function startFakeLogging(): Promise<FakeLogging> {
  return new LoggingServer(await listenLocal());
}

const TARGETS: Readonly<Record<string, string>> = {
  CloudTrail_20131101: "cloudtrail",
  StarlingDoveService: "config",
  TrentService: "kms",
};

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** ISO-text times as epoch seconds, the JSON protocols' timestamp format. */
function wireTimes(value: unknown): unknown {
  if (typeof value === "string" && ISO.test(value)) return Date.parse(value) / 1000;
  if (Array.isArray(value)) return value.map(wireTimes);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, wireTimes(inner)]));
  return value;
}

class LoggingServer implements FakeLogging {
  readonly endpoint: string;
  private readonly trails: { trail: SeedTrail; details: SeedTrailDetails; listedIn: readonly string[] }[] =
    [];
  private readonly config = new Map<string, Parameters<FakeLogging["setConfig"]>[1]>();
  private readonly keys = new Map<string, SeedKey[]>();
  private keyPageSize = 100;
  private readonly faults = new FaultPlan({ wildcard: false });
  private readonly perAction = new RequestCounts();

  constructor(private readonly local: LocalEndpoint) {
    this.endpoint = local.url;
    local.serve((request, response) => this.handle(request, response));
  }

  addTrail(trail: SeedTrail, details: SeedTrailDetails = {}, listedIn: readonly string[] = []): void {
    this.trails.push({ trail, details, listedIn });
  }
  setConfig(region: string, config: Parameters<FakeLogging["setConfig"]>[1]): void {
    this.config.set(region, config);
  }
  addKey(region: string, key: SeedKey): void {
    this.keys.set(region, [...(this.keys.get(region) ?? []), key]);
  }
  setKeyPageSize(size: number): void {
    this.keyPageSize = size;
  }
  fail(action: string, region: string, code = "AccessDeniedException", times?: number): void {
    this.faults.add(`${region} ${action}`, { code, ...(times !== undefined ? { times } : {}) });
  }
  counts(): Record<string, number> {
    return this.perAction.snapshot();
  }
  close(): Promise<void> {
    return this.local.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(request)) || "{}") as Record<string, unknown>;
    const region = sigV4Scope(request.headers.authorization)?.region ?? "";
    const [prefix = "", operation = ""] = String(request.headers["x-amz-target"] ?? "").split(".");
    const service = TARGETS[prefix] ?? "unknown";
    const key = `${region} ${service}:${operation}`;
    this.perAction.add(key);
    try {
      const fault = this.faults.take(`${region} ${operation}`) ?? this.faults.take(`* ${operation}`);
      if (fault)
        throw new ServiceError(
          fault.code,
          fault.message ?? `${fault.code} for ${operation} in ${region}`,
          400,
        );
      const result = wireTimes(this.answer(service, operation, region, body));
      send(response, 200, JSON.stringify(result), {
        "Content-Type": "application/x-amz-json-1.1",
        "x-amzn-RequestId": randomUUID(),
      });
    } catch (error) {
      const failure =
        error instanceof ServiceError ? error : new ServiceError("InternalFailure", String(error), 500);
      const wire = awsJsonError(failure.code, failure.message);
      send(response, failure.httpStatus, wire.body, {
        "Content-Type": "application/x-amz-json-1.1",
        "x-amzn-RequestId": randomUUID(),
        ...wire.headers,
      });
    }
  }

  private answer(service: string, operation: string, region: string, body: Record<string, unknown>): unknown {
    if (service === "cloudtrail") return this.cloudTrail(operation, region, body);
    if (service === "config") return this.configService(operation, region);
    if (service === "kms") return this.kms(operation, region, body);
    throw new ServiceError("UnknownOperationException", `No such operation ${operation}`, 400);
  }

  private homeTrail(region: string, name: unknown) {
    const found = this.trails.find(
      ({ trail }) => trail.HomeRegion === region && (trail.TrailARN === name || trail.Name === name),
    );
    if (!found)
      throw new ServiceError("TrailNotFoundException", `Unknown trail: ${String(name)} for the user`, 400);
    if (found.details.refuse)
      throw new ServiceError(found.details.refuse, `Refused for ${String(name)}`, 400);
    return found;
  }

  private cloudTrail(operation: string, region: string, body: Record<string, unknown>): unknown {
    if (operation === "DescribeTrails")
      return {
        trailList: this.trails
          .filter(({ trail, listedIn }) => trail.HomeRegion === region || listedIn.includes(region))
          .map(({ trail }) => trail),
      };
    if (operation === "GetTrailStatus")
      return this.homeTrail(region, body.Name).details.status ?? { IsLogging: true };
    if (operation === "GetEventSelectors") {
      const { trail, details } = this.homeTrail(region, body.TrailName);
      if (details.advancedEventSelectors)
        return { TrailARN: trail.TrailARN, AdvancedEventSelectors: details.advancedEventSelectors };
      return {
        TrailARN: trail.TrailARN,
        EventSelectors: details.eventSelectors ?? [
          {
            ReadWriteType: "All",
            IncludeManagementEvents: true,
            DataResources: [],
            ExcludeManagementEventSources: [],
          },
        ],
      };
    }
    throw new ServiceError("UnknownOperationException", `No such operation ${operation}`, 400);
  }

  private configService(operation: string, region: string): unknown {
    const config = this.config.get(region) ?? {};
    if (operation === "DescribeConfigurationRecorders")
      return { ConfigurationRecorders: config.recorders ?? [] };
    if (operation === "DescribeConfigurationRecorderStatus")
      return { ConfigurationRecordersStatus: config.statuses ?? [] };
    if (operation === "DescribeDeliveryChannels") return { DeliveryChannels: config.channels ?? [] };
    throw new ServiceError("UnknownOperationException", `No such operation ${operation}`, 400);
  }

  private kms(operation: string, region: string, body: Record<string, unknown>): unknown {
    const keys = this.keys.get(region) ?? [];
    if (operation === "ListKeys") {
      const start = Number(body.Marker ?? "0");
      const size = Math.min(this.keyPageSize, Number(body.Limit ?? 100));
      const page = keys.slice(start, start + size);
      const more = start + size < keys.length;
      return {
        Keys: page.map(({ metadata }) => ({ KeyId: metadata.KeyId, KeyArn: metadata.Arn })),
        Truncated: more,
        ...(more ? { NextMarker: String(start + size) } : {}),
      };
    }
    const key = keys.find(({ metadata }) => metadata.Arn === body.KeyId || metadata.KeyId === body.KeyId);
    if (!key) throw new ServiceError("NotFoundException", `Key ${String(body.KeyId)} does not exist`, 400);
    if (operation === "DescribeKey") {
      if (key.refuseDescribe) throw new ServiceError(key.refuseDescribe, "Refused by the key policy", 400);
      return { KeyMetadata: key.metadata };
    }
    if (operation === "GetKeyRotationStatus") return { KeyRotationEnabled: key.rotation === true };
    throw new ServiceError("UnknownOperationException", `No such operation ${operation}`, 400);
  }
}
