/**
 * A local AWS-compatible endpoint for integration and CLI tests: IAM and STS over the real AWS Query
 * protocol, and the AWS Account Management API (GetAlternateContact) over REST-JSON, on
 * `http://127.0.0.1:<random port>`, backed by one in-memory account that each test seeds. Requests are
 * routed by the SigV4 credential scope's service name. Point the real SDK v3 clients at it with
 * `endpoint: fake.endpoint` (or `AWS_ENDPOINT_URL`).
 *
 * @example
 * ```ts
 * const fake = await startFakeAws();
 * fake.addUser({ userName: "alice", createDate: "2024-01-02T03:04:05Z" });
 * const iam = new IAMClient({ region: "us-east-1", endpoint: fake.endpoint, credentials, maxAttempts: 1 });
 * // ...
 * await fake.close();
 * ```
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AccountApiError, AccountState, accountAction, type SeedAlternateContact } from "./account-api.js";
import { buildCredentialReportCsv } from "./credential-report-builder.js";
import {
  Latency,
  type LocalEndpoint,
  listenLocal,
  RequestCounts,
  readBody,
  send,
  sigV4Scope,
} from "./endpoint.js";
import { FaultPlan, type FaultSpec, RawFaultAnswer } from "./faults.js";
import type { SeedPasswordPolicy, SeedVirtualMfaDevice } from "./iam-account-state.js";
import { type ActionContext, type ActionHandler, IAM_ACTIONS } from "./iam-actions.js";
import type { AuthorizationControl } from "./iam-authorization-state.js";
import {
  type AccessKeyStatus,
  IamState,
  type SeedAccessKey,
  type SeedKeyUsage,
  type SeedLoginProfile,
  type SeedRoot,
  type SeedUser,
  type UserRecord,
} from "./iam-state.js";
import {
  API_VERSIONS,
  type AwsService,
  errorEnvelope,
  parseQueryParams,
  QueryError,
  serviceFromAuthorization,
  serviceFromVersion,
  successEnvelope,
} from "./query-protocol.js";
import { CredentialReportMachine, type ReportControl } from "./report-control.js";
import { STS_ACTIONS } from "./sts-actions.js";
import { restJsonError } from "./wire-errors.js";

export type { SeedAlternateContact } from "./account-api.js";
export type { FaultSpec } from "./faults.js";
export type { SeedPasswordPolicy, SeedVirtualMfaDevice } from "./iam-account-state.js";
export type {
  AccessKeyStatus,
  SeedAccessKey,
  SeedKeyUsage,
  SeedLoginProfile,
  SeedRoot,
  SeedUser,
} from "./iam-state.js";
export { setupKeyUser } from "./iam-state.js";
export type { ReportControl, ReportState } from "./report-control.js";
export type { DateInput } from "./time.js";

/** Options of {@link startFakeAws}. */
export interface FakeAwsOptions {
  /** Default `"123456789012"`. */
  accountId?: string;
  /** The IAM user the credentials belong to (GetCallerIdentity, GetUser without name). Default `"auditor"`. */
  callerUserName?: string;
}

/** One request the endpoint answered. */
export interface RecordedRequest {
  readonly service: AwsService | "account";
  readonly action: string;
  /** Arrival time, `Date.now()` milliseconds. */
  readonly at: number;
  /** HTTP status sent. */
  readonly status: number;
  /** Error code sent, if the request failed. */
  readonly errorCode?: string;
  /** The decoded form parameters, `Action` and `Version` included (Account API: the JSON body's text fields). */
  readonly params: Readonly<Record<string, string>>;
}

/** A running fake endpoint and the account behind it. */
export interface FakeAws {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly accountId: string;
  readonly callerUserName: string;

  /** Adds an IAM user (throws if the name exists, case-insensitively). */
  addUser(user: SeedUser): void;
  /** Removes a user with everything it owns. */
  removeUser(userName: string): void;
  /** Gives a user a console password (replacing any). */
  setLoginProfile(userName: string, profile: SeedLoginProfile): void;
  removeLoginProfile(userName: string): void;
  setMfaActive(userName: string, active: boolean): void;
  /** Adds a key in the user's next report slot (at most two); returns its id. */
  addAccessKey(userName: string, key: SeedAccessKey): string;
  /** Removes a key of a user or of root. */
  removeAccessKey(accessKeyId: string): void;
  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void;
  markAccessKeyUsed(accessKeyId: string, usage: SeedKeyUsage): void;
  /** Replaces the root user's data; omitted fields get their defaults. */
  setRoot(root: SeedRoot): void;
  /** Sets the account password policy (omitted fields: IAM defaults), or removes it with null. */
  setPasswordPolicy(policy: SeedPasswordPolicy | null): void;
  /**
   * Overrides GetAccountSummary entries (the rest are derived from the state); null leaves an entry out of
   * the SummaryMap; `{}` clears overrides.
   */
  setAccountSummary(overrides: Readonly<Record<string, number | null>>): void;
  /** Adds a virtual MFA device (`assignedTo: "root"` also turns root MFA on); returns its serial number. */
  addVirtualMfaDevice(device: SeedVirtualMfaDevice): string;
  /**
   * Registers the account's security alternate contact (account:GetAlternateContact, type SECURITY), or
   * removes it with null. Default: none (GetAlternateContact answers ResourceNotFoundException).
   */
  setSecurityContact(contact: SeedAlternateContact | null): void;

  /** Credential report lifecycle and settings. */
  readonly report: ReportControl;
  /** Seeds groups, roles, managed/inline policies, attachments, server certificates, SAML/OIDC providers. */
  readonly authorization: AuthorizationControl;

  /**
   * Makes requests to `action` (or `"*"`: any action) fail with an error instead of running. Faults
   * queue per action: `fail(a, {code: "Throttling", times: 2}); fail(a, {code: "AccessDenied"})` throttles
   * twice, then denies forever. Account API actions take its own codes:
   * `fail("GetAlternateContact", { code: "AccessDeniedException" })`. With `body`, the request is answered
   * with that body as it is (a proxy's page: `{ code: "ProxyError", httpStatus: 500, body: "<html>boom</html>" }`).
   */
  fail(action: string, fault: FaultSpec): void;
  /** Drops injected faults for one action, or all. */
  clearFaults(action?: string): void;
  /** Delay added before every response, in milliseconds. */
  setLatency(ms: number): void;
  /** Serve the next ListUsers pages with these sizes (e.g. [60, 77]), whatever MaxItems asks. */
  setListUsersPageSizes(sizes: readonly number[]): void;

  /** Requests per action since start or {@link FakeAws.resetCounts}, failed ones included. */
  counts(): Record<string, number>;
  /** Every request since start or {@link FakeAws.resetCounts}, in arrival order. */
  readonly requests: ReadonlyArray<RecordedRequest>;
  /** Clears {@link FakeAws.counts} and {@link FakeAws.requests}. */
  resetCounts(): void;

  /** Stops the server, dropping open connections. */
  close(): Promise<void>;
}

const ACTIONS: Readonly<Record<AwsService, Readonly<Record<string, ActionHandler>>>> = {
  iam: IAM_ACTIONS,
  sts: STS_ACTIONS,
};

/** Starts the endpoint on 127.0.0.1, on a free port. */
export async function startFakeAws(options: FakeAwsOptions = {}): Promise<FakeAws> {
  return new FakeAwsServer(await listenLocal(), options);
}

class FakeAwsServer implements FakeAws {
  readonly endpoint: string;
  readonly accountId: string;
  readonly callerUserName: string;
  readonly report: CredentialReportMachine;
  readonly requests: RecordedRequest[] = [];

  private readonly state: IamState;
  private readonly accountApi: AccountState;
  private readonly faults = new FaultPlan();
  private readonly context: ActionContext;
  private readonly latency = new Latency();
  private readonly perAction = new RequestCounts();

  constructor(
    private readonly local: LocalEndpoint,
    options: FakeAwsOptions,
  ) {
    this.endpoint = local.url;
    this.accountId = options.accountId ?? "123456789012";
    this.callerUserName = options.callerUserName ?? "auditor";
    this.state = new IamState(this.accountId);
    this.accountApi = new AccountState(this.accountId);
    this.report = new CredentialReportMachine(() => buildCredentialReportCsv(this.state));
    this.context = { state: this.state, report: this.report, caller: () => this.caller() };
    local.serve((request, response) => this.handle(request, response));
  }

  addUser(user: SeedUser): void {
    this.state.addUser(user);
  }
  removeUser(userName: string): void {
    this.state.removeUser(userName);
  }
  setLoginProfile(userName: string, profile: SeedLoginProfile): void {
    this.state.setLoginProfile(userName, profile);
  }
  removeLoginProfile(userName: string): void {
    this.state.removeLoginProfile(userName);
  }
  setMfaActive(userName: string, active: boolean): void {
    this.state.setMfaActive(userName, active);
  }
  addAccessKey(userName: string, key: SeedAccessKey): string {
    return this.state.addAccessKey(userName, key);
  }
  removeAccessKey(accessKeyId: string): void {
    this.state.removeAccessKey(accessKeyId);
  }
  setAccessKeyStatus(accessKeyId: string, status: AccessKeyStatus): void {
    this.state.setAccessKeyStatus(accessKeyId, status);
  }
  markAccessKeyUsed(accessKeyId: string, usage: SeedKeyUsage): void {
    this.state.markAccessKeyUsed(accessKeyId, usage);
  }
  setRoot(root: SeedRoot): void {
    this.state.setRoot(root);
  }
  setPasswordPolicy(policy: SeedPasswordPolicy | null): void {
    this.state.account.setPasswordPolicy(policy);
  }
  setAccountSummary(overrides: Readonly<Record<string, number | null>>): void {
    this.state.account.summaryOverrides = { ...overrides };
  }
  addVirtualMfaDevice(device: SeedVirtualMfaDevice): string {
    if (device.assignedTo === "root") this.state.root.mfaActive = true;
    return this.state.account.addVirtualMfaDevice(this.accountId, device);
  }

  setSecurityContact(contact: SeedAlternateContact | null): void {
    this.accountApi.securityContact = contact ? { ...contact } : null;
  }

  get authorization(): AuthorizationControl {
    return this.state.authorization;
  }

  fail(action: string, fault: FaultSpec): void {
    this.faults.add(action, fault);
  }
  clearFaults(action?: string): void {
    this.faults.clear(action);
  }
  setLatency(ms: number): void {
    this.latency.set(ms);
  }
  setListUsersPageSizes(sizes: readonly number[]): void {
    this.state.listUsersPageSizes = [...sizes];
  }

  counts(): Record<string, number> {
    return this.perAction.snapshot();
  }
  resetCounts(): void {
    this.perAction.reset();
    this.requests.length = 0;
  }

  close(): Promise<void> {
    return this.local.close();
  }

  /** The calling user: the seeded user of that name, else a synthetic user without credentials. */
  private caller(): UserRecord {
    return (
      this.state.findUser(this.callerUserName) ?? {
        userName: this.callerUserName,
        userId: "AIDAFAKECALLER0000001",
        path: "/",
        arn: this.state.userArn(this.callerUserName),
        createDate: this.state.root.createDate,
        tags: [],
        loginProfile: undefined,
        mfaActive: false,
        accessKeys: [],
      }
    );
  }

  /**
   * Answers a fault's raw body as it is (after the fake's latency), recording the request when `record`
   * is given (a request the fake routed).
   */
  private async answerRaw(
    response: ServerResponse,
    fault: RawFaultAnswer,
    record: Omit<RecordedRequest, "status" | "errorCode"> | undefined,
  ): Promise<void> {
    if (record) this.requests.push({ ...record, status: fault.httpStatus, errorCode: fault.fault.code });
    await this.latency.wait();
    send(response, fault.httpStatus, fault.body, { "Content-Type": fault.contentType });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const at = Date.now();
    const body = await readBody(request);
    if (sigV4Scope(request.headers.authorization)?.service === "account") {
      return this.handleAccount(request, response, body, at);
    }
    const params = parseQueryParams(body, new URL(request.url ?? "/", this.endpoint).search);
    const routed =
      serviceFromAuthorization(request.headers.authorization) ?? serviceFromVersion(params.Version);
    const service = routed ?? "iam";
    const action = params.Action ?? "";
    const requestId = randomUUID();

    let status = 200;
    let xml: string;
    let errorCode: string | undefined;
    try {
      if (!routed) {
        throw new QueryError("MissingAuthenticationToken", "Request is missing Authentication Token");
      }
      this.perAction.add(action);
      xml = successEnvelope(service, action, this.run(service, action, params), requestId);
    } catch (error) {
      if (error instanceof RawFaultAnswer) {
        await this.answerRaw(response, error, routed ? { service, action, at, params } : undefined);
        return;
      }
      const queryError =
        error instanceof QueryError ? error : new QueryError("ServiceFailure", String(error), 500);
      status = queryError.httpStatus;
      errorCode = queryError.code;
      xml = errorEnvelope(service, queryError, requestId);
    }
    if (routed) this.requests.push({ service, action, at, status, errorCode, params });

    await this.latency.wait();
    send(response, status, xml, { "Content-Type": "text/xml", "x-amzn-RequestId": requestId });
  }

  /** One AWS Account Management (REST-JSON) request: an injected fault first, else the operation. */
  private async handleAccount(
    request: IncomingMessage,
    response: ServerResponse,
    body: string,
    at: number,
  ): Promise<void> {
    const action = accountAction(new URL(request.url ?? "/", this.endpoint).pathname);
    const requestId = randomUUID();
    this.perAction.add(action);
    let status = 200;
    let errorCode: string | undefined;
    let params: Record<string, string> = {};
    let json: string;
    let errorHeaders = {};
    try {
      let parsed: unknown;
      try {
        parsed = body ? JSON.parse(body) : {};
      } catch {
        throw new AccountApiError("SerializationException", "The request body is not valid JSON.");
      }
      const input = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
      params = Object.fromEntries(
        Object.entries(input).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
      );
      if (request.method !== "POST") {
        throw new AccountApiError(
          "UnknownOperationException",
          `${request.method} ${request.url} is no operation.`,
        );
      }
      const fault = this.faults.take(action);
      if (fault?.body !== undefined) throw new RawFaultAnswer(fault);
      if (fault) {
        throw new AccountApiError(
          fault.code,
          fault.message ?? this.defaultFaultMessage("account", action, fault.code),
          fault.httpStatus,
        );
      }
      json = JSON.stringify(this.accountApi.run(action, input));
    } catch (error) {
      if (error instanceof RawFaultAnswer) {
        await this.answerRaw(response, error, { service: "account", action, at, params });
        return;
      }
      const failure =
        error instanceof AccountApiError
          ? error
          : new AccountApiError("InternalServerException", String(error), 500);
      status = failure.httpStatus;
      errorCode = failure.code;
      const wire = restJsonError(failure.code, failure.message);
      json = wire.body;
      errorHeaders = wire.headers;
    }
    this.requests.push({ service: "account", action, at, status, errorCode, params });
    await this.latency.wait();
    send(response, status, json, {
      "Content-Type": "application/json",
      "x-amzn-RequestId": requestId,
      ...errorHeaders,
    });
  }

  /** Runs one action: an injected fault first, else the handler. */
  private run(service: AwsService, action: string, params: Readonly<Record<string, string>>) {
    const fault = this.faults.take(action);
    if (fault?.body !== undefined) throw new RawFaultAnswer(fault);
    if (fault) {
      throw new QueryError(
        fault.code,
        fault.message ?? this.defaultFaultMessage(service, action, fault.code),
        fault.httpStatus,
      );
    }
    const handler = ACTIONS[service][action];
    if (!handler) {
      throw new QueryError(
        "InvalidAction",
        `Could not find operation ${action} for version ${API_VERSIONS[service]}`,
      );
    }
    return handler(params, this.context);
  }

  private defaultFaultMessage(service: AwsService | "account", action: string, code: string): string {
    switch (code) {
      case "AccessDenied":
        return `User: ${this.caller().arn} is not authorized to perform: ${service}:${action} on resource: *`;
      case "AccessDeniedException":
        return `User: ${this.caller().arn} is not authorized to perform: ${service}:${action} on resource: arn:aws:account::${this.accountId}:account`;
      case "Throttling":
      case "TooManyRequestsException":
        return "Rate exceeded";
      default:
        return `Injected ${code} fault for ${action}`;
    }
  }
}
