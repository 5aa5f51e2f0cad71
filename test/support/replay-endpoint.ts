/**
 * A tiny local IAM Query-protocol endpoint that replays recorded XML bodies: each POST is answered by
 * its form `Action` with the body given for that action, so the real AWS SDK parses recorded wire data.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/** What the endpoint answers for one action: HTTP status (default 200) and the XML body. */
export interface ReplayRoute {
  readonly status?: number;
  /** The body, or a function of the request's form parameters (e.g. to serve a second page by `Marker`). */
  readonly body: string | ((params: URLSearchParams) => string);
}

/** A running replay endpoint. */
export interface ReplayEndpoint {
  /** `http://127.0.0.1:<port>`, for the SDK's `endpoint`. */
  readonly endpoint: string;
  /** Every request's form parameters, in arrival order. */
  readonly requests: URLSearchParams[];
  close(): Promise<void>;
}

function unknownAction(action: string): string {
  return [
    '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
    "  <Error>",
    "    <Type>Sender</Type>",
    "    <Code>InvalidAction</Code>",
    `    <Message>The replay endpoint has no recording for action ${action || "(none)"}.</Message>`,
    "  </Error>",
    "  <RequestId>00000000-0000-0000-0000-000000000000</RequestId>",
    "</ErrorResponse>",
  ].join("\n");
}

/**
 * Starts the endpoint on 127.0.0.1 (a free port). An action without a route gets HTTP 400 with an
 * IAM `ErrorResponse` (code `InvalidAction`). Responses are `Content-Type: text/xml`.
 */
export async function startReplayEndpoint(routes: Record<string, ReplayRoute>): Promise<ReplayEndpoint> {
  const requests: URLSearchParams[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      requests.push(params);
      const action = params.get("Action") ?? "";
      const route = Object.hasOwn(routes, action) ? routes[action] : undefined;
      const status = route ? (route.status ?? 200) : 400;
      const body = route ? (typeof route.body === "string" ? route.body : route.body(params)) : undefined;
      response.writeHead(status, { "Content-Type": "text/xml" });
      response.end(body ?? unknownAction(action));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
