/**
 * The body of an HTTP error answer, kept for the error message. The SDK reads an error response's body
 * to find the AWS error code and drops it: when the endpoint answered with something else (a proxy's
 * or load balancer's HTML page), the error says only `Unknown`. Every answer's body is read into bytes
 * before the SDK deserializes it (answer-body.ts), so that the deserializer parses the same bytes and
 * the error's `$response` (which the SDK attaches to every error it deserializes) still holds them.
 */

import { isRawResponse } from "./answer-body.js";

/**
 * The HTTP response an SDK error came from, when the SDK attached it (`$response`): its status and its
 * body as text when known (read by answer-body.ts, or set by the SDK itself after a body it
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
