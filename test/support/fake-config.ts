/**
 * A local AWS Config endpoint for the custom-rule handler's tests: the real AWS JSON 1.1 protocol
 * (`X-Amz-Target: StarlingDoveService.<Action>`) on `http://127.0.0.1:<random port>`, answering
 * PutEvaluations, GetResourceConfigHistory and GetComplianceDetailsByConfigRule from in-memory state
 * that each test seeds. Point `ConfigServiceClient` at it with `endpoint: fake.endpoint`.
 *
 * @example
 * ```ts
 * const config = await startFakeConfig();
 * config.addConfigurationItem({ resourceType: "AWS::IAM::User", resourceId: "AIDA…", resourceName: "alice", ... });
 * // run the handler, then:
 * expect(config.evaluations()).toHaveLength(1);
 * await config.close();
 * ```
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type LocalEndpoint, listenLocal, RequestCounts, readBody, send } from "./endpoint.js";
import { FaultPlan } from "./faults.js";
import { awsJsonError, ServiceError } from "./wire-errors.js";

/** An evaluation as received (OrderingTimestamp decoded to a Date). */
export interface ReceivedEvaluation {
  readonly ComplianceResourceType: string;
  readonly ComplianceResourceId: string;
  readonly ComplianceType: string;
  readonly Annotation?: string;
  readonly OrderingTimestamp: Date;
}

/** One PutEvaluations request. */
export interface PutEvaluationsCall {
  readonly evaluations: readonly ReceivedEvaluation[];
  readonly resultToken: string;
  readonly testMode: boolean;
}

/** A configuration item to serve from GetResourceConfigHistory (API field names). */
export interface SeedConfigurationItem {
  resourceType: string;
  resourceId: string;
  resourceName?: string;
  awsRegion?: string;
  accountId?: string;
  /** Default `OK`. */
  configurationItemStatus?: string;
  configurationItemCaptureTime: Date | string;
  /** Serialised to the JSON string the API returns. */
  configuration?: unknown;
}

/** A previous evaluation result of a rule, for GetComplianceDetailsByConfigRule. */
export interface SeedEvaluationResult {
  resourceType: string;
  resourceId: string;
  complianceType: "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";
}

/** An error to answer instead of running an action. */
export interface ConfigFault {
  /** e.g. `AccessDeniedException`, `ThrottlingException`. */
  code: string;
  message?: string;
  /** Default 400. */
  httpStatus?: number;
  /** Default: every request. */
  times?: number;
}

/** A running fake AWS Config endpoint. */
export interface FakeConfig {
  readonly endpoint: string;
  /** Every PutEvaluations call, in order (successful ones only). */
  readonly putEvaluationsCalls: readonly PutEvaluationsCall[];
  /** All evaluations received, flattened in arrival order. */
  evaluations(): ReceivedEvaluation[];
  addConfigurationItem(item: SeedConfigurationItem): void;
  /** Replaces what GetComplianceDetailsByConfigRule answers for `ruleName`. */
  setEvaluationResults(ruleName: string, results: readonly SeedEvaluationResult[]): void;
  fail(action: string, fault: ConfigFault): void;
  /** Requests per action, failed ones included. */
  counts(): Record<string, number>;
  /** The JSON bodies of every request, in order. */
  readonly requests: ReadonlyArray<{ action: string; body: Record<string, unknown> }>;
  close(): Promise<void>;
}

function epochSeconds(date: Date): number {
  return date.getTime() / 1000;
}

/** Decodes a JSON 1.1 timestamp: epoch seconds (what the SDK sends) or an ISO string. */
function decodeTime(value: unknown): Date {
  if (typeof value === "number") return new Date(value * 1000);
  return new Date(String(value));
}

/** Starts the endpoint on 127.0.0.1, on a free port. */
export async function startFakeConfig(): Promise<FakeConfig> {
  return new FakeConfigServer(await listenLocal());
}

class FakeConfigServer implements FakeConfig {
  readonly endpoint: string;
  readonly putEvaluationsCalls: PutEvaluationsCall[] = [];
  readonly requests: { action: string; body: Record<string, unknown> }[] = [];
  private readonly items: SeedConfigurationItem[] = [];
  private readonly results = new Map<string, readonly SeedEvaluationResult[]>();
  /** One fault per action: a new `fail` replaces the previous one; `"*"` is no wildcard here. */
  private readonly faults = new FaultPlan({ wildcard: false });
  private readonly perAction = new RequestCounts();

  constructor(private readonly local: LocalEndpoint) {
    this.endpoint = local.url;
    local.serve((request, response) => this.handle(request, response));
  }

  evaluations(): ReceivedEvaluation[] {
    return this.putEvaluationsCalls.flatMap((call) => call.evaluations);
  }
  addConfigurationItem(item: SeedConfigurationItem): void {
    this.items.push(item);
  }
  setEvaluationResults(ruleName: string, results: readonly SeedEvaluationResult[]): void {
    this.results.set(ruleName, [...results]);
  }
  fail(action: string, fault: ConfigFault): void {
    this.faults.set(action, fault);
  }
  counts(): Record<string, number> {
    return this.perAction.snapshot();
  }
  close(): Promise<void> {
    return this.local.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const target = String(request.headers["x-amz-target"] ?? "");
    const action = target.replace(/^StarlingDoveService\./, "");
    const body = JSON.parse(raw || "{}") as Record<string, unknown>;
    this.perAction.add(action);
    this.requests.push({ action, body });
    const headers = { "Content-Type": "application/x-amz-json-1.1", "x-amzn-RequestId": randomUUID() };
    let status = 200;
    let text: string;
    let errorHeaders = {};
    try {
      if (!target.startsWith("StarlingDoveService."))
        throw new ServiceError("UnknownOperationException", target);
      const fault = this.faults.take(action);
      if (fault) {
        throw new ServiceError(
          fault.code,
          fault.message ?? `Injected ${fault.code} for ${action}`,
          fault.httpStatus,
        );
      }
      text = JSON.stringify(this.run(action, body));
    } catch (error) {
      const fault =
        error instanceof ServiceError ? error : new ServiceError("InternalFailure", String(error), 500);
      const wire = awsJsonError(fault.code, fault.message);
      status = fault.httpStatus;
      text = wire.body;
      errorHeaders = wire.headers;
    }
    send(response, status, text, { ...headers, ...errorHeaders });
  }

  private run(action: string, body: Record<string, unknown>): unknown {
    switch (action) {
      case "PutEvaluations":
        return this.putEvaluations(body);
      case "GetResourceConfigHistory":
        return this.history(body);
      case "GetComplianceDetailsByConfigRule":
        return this.complianceDetails(body);
      default:
        throw new ServiceError("UnknownOperationException", `Unknown operation ${action}`);
    }
  }

  private putEvaluations(body: Record<string, unknown>): unknown {
    const raw = (body.Evaluations ?? []) as Record<string, unknown>[];
    const resultToken = String(body.ResultToken ?? "");
    if (resultToken === "")
      throw new ServiceError("InvalidResultTokenException", "The result token is empty.");
    if (raw.length > 100)
      throw new ServiceError(
        "ValidationException",
        `1 validation error detected: Value at 'evaluations' failed to satisfy constraint: Member must have length less than or equal to 100`,
      );
    const evaluations = raw.map((item) => {
      const annotation = item.Annotation === undefined ? undefined : String(item.Annotation);
      if (annotation !== undefined && annotation.length > 256)
        throw new ServiceError(
          "ValidationException",
          "Annotation must have length less than or equal to 256",
        );
      return {
        ComplianceResourceType: String(item.ComplianceResourceType),
        ComplianceResourceId: String(item.ComplianceResourceId),
        ComplianceType: String(item.ComplianceType),
        ...(annotation !== undefined ? { Annotation: annotation } : {}),
        OrderingTimestamp: decodeTime(item.OrderingTimestamp),
      };
    });
    this.putEvaluationsCalls.push({ evaluations, resultToken, testMode: body.TestMode === true });
    return { FailedEvaluations: [] };
  }

  private history(body: Record<string, unknown>): unknown {
    const laterTime = body.laterTime === undefined ? undefined : decodeTime(body.laterTime);
    const items = this.items
      .filter((item) => item.resourceType === body.resourceType && item.resourceId === body.resourceId)
      .map((item) => ({ ...item, captured: new Date(item.configurationItemCaptureTime) }))
      .filter((item) => !laterTime || item.captured.getTime() <= laterTime.getTime())
      .sort((a, b) => b.captured.getTime() - a.captured.getTime());
    if (items.length === 0) {
      throw new ServiceError(
        "ResourceNotDiscoveredException",
        `Resource ${String(body.resourceId)} of resourceType:${String(body.resourceType)} is unknown or has not been discovered`,
      );
    }
    const limit = typeof body.limit === "number" && body.limit > 0 ? body.limit : 10;
    return {
      configurationItems: items.slice(0, limit).map((item) => ({
        version: "1.3",
        accountId: item.accountId ?? "123456789012",
        configurationItemCaptureTime: epochSeconds(item.captured),
        configurationItemStatus: item.configurationItemStatus ?? "OK",
        configurationStateId: String(item.captured.getTime()),
        arn: item.resourceName
          ? `arn:aws:iam::${item.accountId ?? "123456789012"}:user/${item.resourceName}`
          : undefined,
        resourceType: item.resourceType,
        resourceId: item.resourceId,
        resourceName: item.resourceName,
        awsRegion: item.awsRegion ?? "global",
        availabilityZone: "Not Applicable",
        tags: {},
        relatedEvents: [],
        relationships: [],
        configuration: JSON.stringify(item.configuration ?? {}),
        supplementaryConfiguration: {},
      })),
    };
  }

  private complianceDetails(body: Record<string, unknown>): unknown {
    const ruleName = String(body.ConfigRuleName ?? "");
    const wanted = (body.ComplianceTypes as string[] | undefined) ?? ["COMPLIANT", "NON_COMPLIANT"];
    const all = (this.results.get(ruleName) ?? []).filter((result) => wanted.includes(result.complianceType));
    const limit = typeof body.Limit === "number" && body.Limit > 0 ? Math.min(body.Limit, 100) : 10;
    const start = body.NextToken ? Number(body.NextToken) : 0;
    const page = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : undefined;
    return {
      EvaluationResults: page.map((result) => ({
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: {
            ConfigRuleName: ruleName,
            ResourceType: result.resourceType,
            ResourceId: result.resourceId,
            EvaluationMode: "DETECTIVE",
          },
          OrderingTimestamp: epochSeconds(new Date("2026-01-01T00:00:00Z")),
        },
        ComplianceType: result.complianceType,
        ResultRecordedTime: epochSeconds(new Date("2026-01-01T00:00:01Z")),
        ConfigRuleInvokedTime: epochSeconds(new Date("2026-01-01T00:00:00Z")),
      })),
      ...(next ? { NextToken: next } : {}),
    };
  }
}
