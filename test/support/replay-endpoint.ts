/**
 * A tiny local IAM Query-protocol endpoint that replays recorded XML bodies: each POST is answered by
 * its form `Action` with the body given for that action, so the real AWS SDK parses recorded wire data.
 */
import { listenLocal, readBody, send } from "./endpoint.js";
import { XML_NAMESPACES } from "./query-protocol.js";
import { queryErrorXml } from "./wire-errors.js";

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
  const message = `The replay endpoint has no recording for action ${action || "(none)"}.`;
  return queryErrorXml(
    XML_NAMESPACES.iam,
    { type: "Sender", code: "InvalidAction", message },
    "00000000-0000-0000-0000-000000000000",
  );
}

/**
 * Starts the endpoint on 127.0.0.1 (a free port). An action without a route gets HTTP 400 with an
 * IAM `ErrorResponse` (code `InvalidAction`). Responses are `Content-Type: text/xml`.
 */
export async function startReplayEndpoint(routes: Record<string, ReplayRoute>): Promise<ReplayEndpoint> {
  const requests: URLSearchParams[] = [];
  const local = await listenLocal();
  local.serve(async (request, response) => {
    const params = new URLSearchParams(await readBody(request));
    requests.push(params);
    const action = params.get("Action") ?? "";
    const route = Object.hasOwn(routes, action) ? routes[action] : undefined;
    const status = route ? (route.status ?? 200) : 400;
    const body = route ? (typeof route.body === "string" ? route.body : route.body(params)) : undefined;
    send(response, status, body ?? unknownAction(action), { "Content-Type": "text/xml" });
  });
  return { endpoint: local.url, requests, close: () => local.close() };
}
