/**
 * Every answer's body read by cloudpatrol before the SDK deserializes it, within limits an AWS API's
 * answer never comes near: at most {@link MAX_ANSWER_BYTES}, and whole within the request timeout
 * after its headers (the SDK's timeout only measures silence, so an endpoint sending one byte every few
 * seconds would hold a scan for ever). A success answer that is an HTML page (a captive portal's, a
 * proxy's login page) is refused: the SDK's XML parsers read one as an empty list, which the rules
 * would take for "nothing there". The body is handed on as bytes, which the SDK's deserializer reads
 * as it reads a stream, and which stay on an error's `$response` for its message (error-body.ts).
 */
import type {
  DeserializeHandler,
  DeserializeHandlerArguments,
  HandlerExecutionContext,
  MiddlewareStack,
} from "@aws-sdk/types";
import { quoteExcerpt } from "../model/escape.js";

/** The most bytes an answer may have: the largest AWS answers a scan reads are a few MiB. */
export const MAX_ANSWER_BYTES = 32 * 1024 * 1024;

/** What {@link readAnswerBodies} needs of an SDK v3 client. */
export interface ClientWithStack {
  readonly middlewareStack: MiddlewareStack<object, object>;
}

/** Limits of {@link readAnswerBodies}. */
export interface AnswerLimits {
  /** Milliseconds the whole body may take after the answer's headers. */
  readonly timeoutMs: number;
  /** Bytes the body may have (default {@link MAX_ANSWER_BYTES}). */
  readonly maxBytes?: number;
}

/**
 * An answer cloudpatrol did not hand to the SDK: an HTML page as a success answer
 * (`UnreadableResponse`), a body over the size limit (`AnswerTooLarge`), or one that did not arrive in
 * time (`TimeoutError`, the SDK's name for a request timeout); or a listing that would never end
 * (`EndlessPages`, page-guard.ts). `code` is what errors.ts reports.
 */
export class RefusedAnswerError extends Error {
  constructor(
    readonly code: "UnreadableResponse" | "AnswerTooLarge" | "TimeoutError" | "EndlessPages",
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** The raw HTTP response as the SDK's handler gives it to the deserializer (duck-typed). */
export interface RawResponse {
  statusCode: number;
  body: unknown;
}

/** Whether `value` is a {@link RawResponse} (an SDK error's `$response` is one too). */
export function isRawResponse(value: unknown): value is RawResponse {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { statusCode?: unknown }).statusCode === "number" &&
    "body" in value
  );
}

/** A body still to be read, as Node's HTTP handler gives it (an IncomingMessage). */
interface BodyStream extends AsyncIterable<Uint8Array> {
  destroy(error?: Error): void;
}

function isBodyStream(body: unknown): body is BodyStream {
  return (
    typeof body === "object" &&
    body !== null &&
    !(body instanceof Uint8Array) &&
    typeof (body as { destroy?: unknown }).destroy === "function" &&
    Symbol.asyncIterator in body
  );
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}

/**
 * Reads `stream` whole into bytes, within `limits`.
 * @throws {@link RefusedAnswerError} `AnswerTooLarge` past the size limit, `TimeoutError` past the time
 *   limit (the stream is destroyed: no more of it is read).
 */
export async function readBody(stream: BodyStream, limits: AnswerLimits): Promise<Uint8Array> {
  const maxBytes = limits.maxBytes ?? MAX_ANSWER_BYTES;
  const chunks: Uint8Array[] = [];
  let size = 0;
  const timer = setTimeout(() => {
    stream.destroy(
      new RefusedAnswerError(
        "TimeoutError",
        `the answer's body did not arrive within ${limits.timeoutMs / 1000} s of its headers (${size} bytes read): the endpoint is too slow or stalled`,
      ),
    );
  }, limits.timeoutMs);
  timer.unref();
  try {
    for await (const chunk of stream) {
      size += chunk.length;
      if (size > maxBytes) {
        const error = new RefusedAnswerError(
          "AnswerTooLarge",
          `the answer is larger than ${mebibytes(maxBytes)}, far more than an AWS API answers: not read`,
        );
        stream.destroy(error);
        throw error;
      }
      chunks.push(chunk);
    }
  } finally {
    clearTimeout(timer);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The start of an XML or HTML text after white space, a byte order mark, an XML declaration and
 * comments: where its first element or doctype begins.
 */
const PROLOGUE = /^\ufeff?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*/;

/** The first 4 KiB of `bytes` as text, after {@link PROLOGUE}. */
function afterPrologue(bytes: Uint8Array): string {
  const start = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString("utf8");
  return start.replace(PROLOGUE, "");
}

/**
 * Whether `bytes` start as an HTML page does (`<!DOCTYPE html` or `<html`, in any case), after white
 * space, a byte order mark, an XML declaration (XHTML) and comments.
 */
export function looksLikeHtml(bytes: Uint8Array): boolean {
  return htmlStart(afterPrologue(bytes));
}

/** {@link looksLikeHtml} of a text already past its prologue. */
function htmlStart(text: string): boolean {
  const start = text.slice(0, 14).toLowerCase();
  return start.startsWith("<!doctype html") || start.startsWith("<html");
}

/**
 * The action of an AWS Query protocol request (IAM, STS, EC2, RDS, ...: a form body with `Action=`),
 * whose answer is an XML document rooted at `<ActionResponse>`; undefined for the other protocols.
 */
export function queryAction(request: unknown): string | undefined {
  const body = (request as { body?: unknown } | null)?.body;
  if (typeof body !== "string") return undefined;
  return /(?:^|&)Action=([A-Za-z0-9]+)(?:&|$)/.exec(body)?.[1];
}

/**
 * The name of the first element of an XML document (after white space, a byte order mark, the XML
 * declaration and comments); undefined when the text does not start as XML does.
 */
export function rootElement(bytes: Uint8Array): string | undefined {
  return rootOf(afterPrologue(bytes));
}

/** {@link rootElement} of a text already past its prologue. */
function rootOf(text: string): string | undefined {
  return /^<([A-Za-z_][\w.-]*)/.exec(text)?.[1];
}

/**
 * Makes `client` read the body of every answer within `limits` before the SDK deserializes it, and
 * refuse a success answer that is an HTML page, or for the Query protocol XML not rooted at the
 * action's `<ActionResponse>` (a proxy's or portal's own XML, which the SDK would read as empty).
 */
export function readAnswerBodies(client: ClientWithStack, limits: AnswerLimits): void {
  client.middlewareStack.add(
    (next: DeserializeHandler<object, object>, _context: HandlerExecutionContext) =>
      async (args: DeserializeHandlerArguments<object>) => {
        const result = await next(args);
        const response = result.response;
        if (!isRawResponse(response) || !isBodyStream(response.body)) return result;
        const bytes = await readBody(response.body, limits);
        response.body = bytes;
        if (response.statusCode >= 300) return result;
        const body = () => quoteExcerpt(new TextDecoder().decode(bytes));
        // The start of the body, decoded once for both checks.
        const start = afterPrologue(bytes);
        if (htmlStart(start)) {
          throw new RefusedAnswerError(
            "UnreadableResponse",
            `the HTTP ${response.statusCode} answer is an HTML page, not what the API returns (a captive portal or a proxy's page?) (body: ${body()})`,
          );
        }
        // Every Query-protocol action answers an XML document rooted at <ActionResponse>, never nothing.
        const action = queryAction(args.request);
        const root = action === undefined ? undefined : rootOf(start);
        if (action !== undefined && root !== `${action}Response`) {
          const what =
            bytes.length === 0
              ? "an empty body"
              : root === undefined
                ? "not XML"
                : `its root element is <${root}>, not <${action}Response>`;
          throw new RefusedAnswerError(
            "UnreadableResponse",
            `the HTTP ${response.statusCode} answer is not the ${action} answer (${what})${bytes.length === 0 ? "" : ` (body: ${body()})`}`,
          );
        }
        return result;
      },
    // "low": below the SDK's deserializer in the same step, so it sees the raw response first.
    { step: "deserialize", priority: "low", name: "cloudpatrolReadAnswerBody" },
  );
}
