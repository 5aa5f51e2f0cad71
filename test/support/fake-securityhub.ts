/**
 * A local Security Hub endpoint for tests: node:http on 127.0.0.1 (port 0) speaking the restJson1
 * protocol of BatchImportFindings (`POST /findings/import`, JSON `{Findings:[...]}` → `{FailedCount,
 * SuccessCount, FailedFindings:[{Id, ErrorCode, ErrorMessage}]}`). It can throttle calls (HTTP 429
 * `TooManyRequestsException`), reject chosen finding ids, and counts what it saw.
 *
 * With `accountOf` it checks the caller as AWS does for the default product: a call holding a finding
 * whose `AwsAccountId` (or `ProductArn` account) is not the calling account's is refused whole, HTTP 403
 * `AccessDeniedException` (AWS Support's answer quoted in prowler-cloud/prowler#867; the
 * BatchImportFindings reference: "the identifier of the account that you are calling BatchImportFindings
 * from needs to be the same as the AwsAccountId attribute for the finding").
 */
import type { ServerResponse } from "node:http";
import { listenLocal, readBody, send, sigV4Scope } from "./endpoint.js";
import { type JsonErrorWire, restJsonError } from "./wire-errors.js";

/** A running fake Security Hub. */
export interface FakeSecurityHub {
  /** `http://127.0.0.1:<port>` for the SDK's `endpoint` or `AWS_ENDPOINT_URL_SECURITYHUB`. */
  readonly endpoint: string;
  /** HTTP requests to BatchImportFindings, throttled ones included. */
  readonly requests: number;
  /** Requests answered with 429. */
  readonly throttled: number;
  /** Findings per accepted (non-throttled) call, in order. */
  readonly batches: readonly number[];
  /** With `accountOf`: the calling account of each accepted call, in order. */
  readonly callers: readonly string[];
  /** Every finding imported, last version by Id. */
  readonly findings: ReadonlyMap<string, Record<string, unknown>>;
  /** The next `count` BatchImportFindings requests get HTTP 429 TooManyRequestsException. */
  throttleNext(count: number): void;
  /** Every later answer says these counts instead of the real ones (the findings are still stored). */
  answerCounts(counts: { SuccessCount: number; FailedCount: number }): void;
  /** These finding ids are returned in FailedFindings instead of imported. */
  reject(ids: Iterable<string>, errorCode?: string): void;
  /** Stops the server. */
  close(): Promise<void>;
}

function requestId(): string {
  return `fake-${Math.random().toString(16).slice(2)}`;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON.stringify(body), {
    "content-type": "application/json",
    "x-amzn-requestid": requestId(),
  });
}

function sendError(response: ServerResponse, status: number, wire: JsonErrorWire): void {
  send(response, status, wire.body, {
    "content-type": "application/json",
    "x-amzn-requestid": requestId(),
    ...wire.headers,
  });
}

/** Options of {@link startFakeSecurityHub}. */
export interface FakeSecurityHubOptions {
  /** The account of a SigV4 access key id (e.g. FakeOrg's `accountOfAccessKey`): turns the account check on. */
  readonly accountOf?: (accessKeyId: string) => string;
}

/** Starts a fake Security Hub on a free local port. */
export async function startFakeSecurityHub(options: FakeSecurityHubOptions = {}): Promise<FakeSecurityHub> {
  const callers: string[] = [];
  let requests = 0;
  let throttled = 0;
  let throttleBudget = 0;
  const batches: number[] = [];
  const findings = new Map<string, Record<string, unknown>>();
  const rejected = new Map<string, string>();
  let forcedCounts: { SuccessCount: number; FailedCount: number } | undefined;

  const local = await listenLocal();
  local.serve(async (request, response) => {
    const body = await readBody(request);
    if (request.method !== "POST" || request.url !== "/findings/import") {
      sendError(
        response,
        404,
        restJsonError("ResourceNotFoundException", `no route ${request.method} ${request.url}`),
      );
      return;
    }
    requests += 1;
    if (throttleBudget > 0) {
      throttleBudget -= 1;
      throttled += 1;
      sendError(
        response,
        429,
        restJsonError("TooManyRequestsException", "Rate exceeded", { fields: "Code" }),
      );
      return;
    }
    let parsed: { Findings?: Record<string, unknown>[] };
    try {
      parsed = JSON.parse(body) as { Findings?: Record<string, unknown>[] };
    } catch {
      sendError(
        response,
        400,
        restJsonError("InvalidInputException", "body is not JSON", { fields: "Code" }),
      );
      return;
    }
    const batch = parsed.Findings ?? [];
    if (batch.length === 0 || batch.length > 100) {
      sendError(
        response,
        400,
        restJsonError("InvalidInputException", `Findings has ${batch.length} items`, { fields: "Code" }),
      );
      return;
    }
    if (options.accountOf) {
      const caller = options.accountOf(sigV4Scope(request.headers.authorization)?.accessKeyId ?? "");
      const foreign = batch.find(
        (finding) => finding.AwsAccountId !== caller || String(finding.ProductArn).split(":")[4] !== caller,
      );
      if (foreign) {
        sendError(
          response,
          403,
          restJsonError(
            "AccessDeniedException",
            `User: arn:aws:sts::${caller}:assumed-role/fake/fake is not authorized to perform: securityhub:BatchImportFindings on resource: ${String(foreign.ProductArn)}`,
          ),
        );
        return;
      }
      callers.push(caller);
    }
    batches.push(batch.length);
    const failed: { Id: string; ErrorCode: string; ErrorMessage: string }[] = [];
    for (const finding of batch) {
      const id = String(finding.Id);
      const code = rejected.get(id);
      if (code)
        failed.push({ Id: id, ErrorCode: code, ErrorMessage: `Finding ${id} was rejected by the fake.` });
      else findings.set(id, finding);
    }
    sendJson(response, 200, {
      FailedCount: failed.length,
      SuccessCount: batch.length - failed.length,
      FailedFindings: failed,
      ...forcedCounts,
    });
  });
  return {
    endpoint: local.url,
    get requests() {
      return requests;
    },
    get throttled() {
      return throttled;
    },
    batches,
    callers,
    findings,
    throttleNext(count) {
      throttleBudget += count;
    },
    answerCounts(counts) {
      forcedCounts = counts;
    },
    reject(ids, errorCode = "InvalidInput") {
      for (const id of ids) rejected.set(id, errorCode);
    },
    close: () => local.close(),
  };
}
