/**
 * A local Security Hub endpoint for tests: node:http on 127.0.0.1 (port 0) speaking the restJson1
 * protocol of BatchImportFindings (`POST /findings/import`, JSON `{Findings:[...]}` → `{FailedCount,
 * SuccessCount, FailedFindings:[{Id, ErrorCode, ErrorMessage}]}`). It can throttle calls (HTTP 429
 * `TooManyRequestsException`), reject chosen finding ids, and counts what it saw.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

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
  /** Every finding imported, last version by Id. */
  readonly findings: ReadonlyMap<string, Record<string, unknown>>;
  /** The next `count` BatchImportFindings requests get HTTP 429 TooManyRequestsException. */
  throttleNext(count: number): void;
  /** These finding ids are returned in FailedFindings instead of imported. */
  reject(ids: Iterable<string>, errorCode?: string): void;
  /** Stops the server. */
  close(): Promise<void>;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    "x-amzn-requestid": `fake-${Math.random().toString(16).slice(2)}`,
    ...headers,
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts a fake Security Hub on a free local port. */
export async function startFakeSecurityHub(): Promise<FakeSecurityHub> {
  let requests = 0;
  let throttled = 0;
  let throttleBudget = 0;
  const batches: number[] = [];
  const findings = new Map<string, Record<string, unknown>>();
  const rejected = new Map<string, string>();

  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    if (request.method !== "POST" || request.url !== "/findings/import") {
      send(
        response,
        404,
        { message: `no route ${request.method} ${request.url}` },
        {
          "x-amzn-errortype": "ResourceNotFoundException",
        },
      );
      return;
    }
    requests += 1;
    if (throttleBudget > 0) {
      throttleBudget -= 1;
      throttled += 1;
      send(
        response,
        429,
        { Code: "TooManyRequestsException", Message: "Rate exceeded" },
        {
          "x-amzn-errortype": "TooManyRequestsException",
        },
      );
      return;
    }
    let parsed: { Findings?: Record<string, unknown>[] };
    try {
      parsed = JSON.parse(body) as { Findings?: Record<string, unknown>[] };
    } catch {
      send(
        response,
        400,
        { Code: "InvalidInputException", Message: "body is not JSON" },
        {
          "x-amzn-errortype": "InvalidInputException",
        },
      );
      return;
    }
    const batch = parsed.Findings ?? [];
    if (batch.length === 0 || batch.length > 100) {
      send(
        response,
        400,
        { Code: "InvalidInputException", Message: `Findings has ${batch.length} items` },
        {
          "x-amzn-errortype": "InvalidInputException",
        },
      );
      return;
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
    send(response, 200, {
      FailedCount: failed.length,
      SuccessCount: batch.length - failed.length,
      FailedFindings: failed,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get throttled() {
      return throttled;
    },
    batches,
    findings,
    throttleNext(count) {
      throttleBudget += count;
    },
    reject(ids, errorCode = "InvalidInput") {
      for (const id of ids) rejected.set(id, errorCode);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
