/**
 * The body of an HTTP error answer, kept for the error message. The SDK reads an error response's body
 * to find the AWS error code and drops it: when the endpoint answered with something else (a proxy's
 * or load balancer's HTML page), the error says only `Unknown`. A middleware below the SDK's
 * deserializer reads such a body into bytes first, so that the deserializer parses the same bytes and
 * the error's `$response` (which the SDK attaches to every error it deserializes) still holds them.
 */

import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  HandlerExecutionContext,
  MiddlewareStack,
} from "@aws-sdk/types";

/** What {@link keepErrorBodies} needs of an SDK v3 client. */
export interface ClientWithStack {
  readonly middlewareStack: MiddlewareStack<object, object>;
  /** The client's resolved config: its `streamCollector` reads a response body into bytes. */
  readonly config: object;
}

type StreamCollector = (stream: unknown) => Promise<Uint8Array>;

/** The raw HTTP response as the SDK's handler gives it to the deserializer (duck-typed). */
interface RawResponse {
  statusCode: number;
  body: unknown;
}

function isRawResponse(value: unknown): value is RawResponse {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { statusCode?: unknown }).statusCode === "number" &&
    "body" in value
  );
}

/**
 * Makes `client` read the body of every response with an HTTP status of 300 or more into bytes before
 * the SDK deserializes it, so that {@link errorResponseBody} can quote it from the error. Success
 * responses are left alone (streams such as S3 objects stay streams).
 */
export function keepErrorBodies(client: ClientWithStack): void {
  const collector = (client.config as { streamCollector?: unknown }).streamCollector;
  if (typeof collector !== "function") return;
  const collect = collector as StreamCollector;
  client.middlewareStack.add(
    (next: DeserializeHandler<object, object>, _context: HandlerExecutionContext) =>
      async (args: DeserializeHandlerArguments<object>) => {
        const result = await next(args);
        const response = result.response;
        if (isRawResponse(response) && response.statusCode >= 300 && isStream(response.body)) {
          response.body = await collect(response.body);
        }
        return result;
      },
    // "low": below the SDK's deserializer in the same step, so it sees the raw response first.
    { step: "deserialize", priority: "low", name: "cloudpatrolKeepErrorBody" },
  );
}

/** A body still to be read: neither absent nor bytes nor text already. */
function isStream(body: unknown): boolean {
  return typeof body === "object" && body !== null && !(body instanceof Uint8Array);
}

/**
 * The HTTP response an SDK error came from, when the SDK attached it (`$response`): its status and its
 * body as text when known (kept by {@link keepErrorBodies}, or set by the SDK itself after a body it
 * could not parse). `body` is undefined when the body was not kept.
 */
export function errorResponseBody(error: unknown): { status: number; body: string | undefined } | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { $response: response, $responseBodyText: bodyText } = error as {
    $response?: unknown;
    $responseBodyText?: unknown;
  };
  if (!isRawResponse(response)) return undefined;
  const { body } = response;
  if (body instanceof Uint8Array) return { status: response.statusCode, body: utf8(body) };
  if (typeof body === "string") return { status: response.statusCode, body };
  if (typeof bodyText === "string") return { status: response.statusCode, body: bodyText };
  return { status: response.statusCode, body: undefined };
}

/** Bytes as UTF-8 text; bytes that are not UTF-8 become U+FFFD (this text is only ever quoted). */
function utf8(bytes: Uint8Array): string {
  return new TextDecoder("utf-8").decode(bytes);
}
