/**
 * Our own endpoint in front of moto_server: it forwards every request to moto unchanged and answers
 * moto's reply, while it counts requests per `<region> <service>:<Operation>` (from the SigV4 scope and
 * the protocol's operation name) and answers AccessDenied itself for an operation denied in a region
 * (the error in the service's own protocol). For exact request counts and per-region denials on top of
 * moto's state, which moto cannot give.
 *
 * Operation names: JSON protocols from `X-Amz-Target` (`Logs_20140328.DescribeMetricFilters` →
 * `DescribeMetricFilters`), Query protocols from the body's `Action`, Security Hub's REST `GET /accounts`
 * as `DescribeHub` (other REST paths as `<METHOD> <path>`).
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { listenLocal, RequestCounts, readBodyBytes, send, sigV4Scope } from "./endpoint.js";
import { awsJsonError, queryErrorXml, restJsonError } from "./wire-errors.js";

/** A running proxy. */
export interface MotoProxy {
  /** `http://127.0.0.1:<port>`: point the SDK here instead of at moto. */
  readonly endpoint: string;
  /** Answers AccessDenied for `service:Operation` (`securityhub:DescribeHub`) in `region` (or `*`). */
  deny(operation: string, region: string): void;
  /** Requests per `<region> <service>:<Operation>`, denied ones included. */
  counts(): Record<string, number>;
  /** Forgets counts and denials. */
  reset(): void;
  close(): Promise<void>;
}

function operationOf(request: IncomingMessage, body: string): string {
  const target = request.headers["x-amz-target"];
  if (typeof target === "string") return target.slice(target.lastIndexOf(".") + 1);
  const action = new URLSearchParams(body).get("Action");
  if (action) return action;
  const path = (request.url ?? "/").split("?")[0];
  if (request.method === "GET" && path === "/accounts") return "DescribeHub";
  return `${request.method} ${path}`;
}

function deniedResponse(service: string, operation: string, region: string, request: IncomingMessage) {
  const message = `User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: ${service}:${operation} in ${region}`;
  if (service === "securityhub") {
    const wire = restJsonError("AccessDeniedException", message, { fields: "Code" });
    return { status: 403, body: wire.body, headers: { "content-type": "application/json", ...wire.headers } };
  }
  if (service === "monitoring") {
    const wire = awsJsonError("AccessDenied", message);
    return {
      status: 403,
      body: wire.body,
      headers: {
        "content-type": "application/x-amz-json-1.0",
        "x-amzn-query-error": "AccessDenied;Sender",
        ...wire.headers,
      },
    };
  }
  if (typeof request.headers["x-amz-target"] === "string") {
    const wire = awsJsonError("AccessDeniedException", message);
    return {
      status: 400,
      body: wire.body,
      headers: { "content-type": "application/x-amz-json-1.1", ...wire.headers },
    };
  }
  const code = service === "sns" ? "AuthorizationError" : "AccessDenied";
  return {
    status: 403,
    body: queryErrorXml(
      "http://sns.amazonaws.com/doc/2010-03-31/",
      { type: "Sender", code, message },
      "proxy-denied",
    ),
    headers: { "content-type": "text/xml" },
  };
}

/** Starts a proxy in front of `motoEndpoint` (`http://127.0.0.1:<port>`). */
export async function startMotoProxy(motoEndpoint: string): Promise<MotoProxy> {
  const target = new URL(motoEndpoint);
  const counts = new RequestCounts();
  let denied = new Set<string>();
  const local = await listenLocal();
  local.serve(async (request, response) => {
    const bytes = await readBodyBytes(request);
    const scope = sigV4Scope(request.headers.authorization);
    const service = scope?.service ?? "unknown";
    const region = scope?.region ?? "unknown";
    const operation = operationOf(request, bytes.toString("utf8"));
    // CloudWatch signs as "monitoring"; count it under its IAM prefix.
    const prefix = service === "monitoring" ? "cloudwatch" : service;
    counts.add(`${region} ${prefix}:${operation}`);
    if (denied.has(`${prefix}:${operation} ${region}`) || denied.has(`${prefix}:${operation} *`)) {
      const answer = deniedResponse(service, operation, region, request);
      send(response, answer.status, answer.body, answer.headers);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const forward = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: target.host },
        },
        (upstream) => {
          response.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(response);
          upstream.on("end", resolve);
          upstream.on("error", reject);
        },
      );
      forward.on("error", reject);
      forward.end(bytes);
    });
  });
  return {
    endpoint: local.url,
    deny(operation, region) {
      denied.add(`${operation} ${region}`);
    },
    counts: () => counts.snapshot(),
    reset() {
      counts.reset();
      denied = new Set();
    },
    close: () => local.close(),
  };
}
