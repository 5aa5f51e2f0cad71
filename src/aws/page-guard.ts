/**
 * A listing that never ends is refused instead of followed for ever. The SDK's paginators (and our own
 * page loops) ask for the next page as long as an answer carries a page token, so an endpoint that
 * answers the token it was sent (a proxy replaying one answer, a broken emulator) or a new token on every
 * page would hold a scan, silently, until it is killed. Every client counts, per operation, the requests
 * that carry a page token, and checks each answer:
 * - an answer whose next-page token is the token of its own request is refused at once (the next request
 *   would be the same request again);
 * - more than {@link MAX_CONTINUATION_PAGES} continuation pages of one operation on one client is
 *   refused: the largest listings a scan reads (an Organization's accounts, 20 a page; a region's log
 *   groups, 50 a page) come nowhere near it.
 * Either is a {@link RefusedAnswerError} `EndlessPages`, which the call's dataset reports as an ERROR.
 */
import type {
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  InitializeHandlerOutput,
} from "@aws-sdk/types";
import { quoteExcerpt } from "../model/escape.js";
import { type ClientWithStack, RefusedAnswerError } from "./answer-body.js";

/** Continuation pages (requests carrying a page token) one client may ask of one operation. */
export const MAX_CONTINUATION_PAGES = 5_000;

/** Where a request carries the page token it continues from (AWS API references, per protocol). */
const REQUEST_TOKENS = ["NextToken", "nextToken", "Marker", "ContinuationToken"] as const;

/** Where an answer carries the token of the next page. */
const ANSWER_TOKENS = ["NextToken", "nextToken", "Marker", "NextMarker", "ContinuationToken"] as const;

/** The first non-empty string among `names` of `record`; undefined when there is none. */
function tokenOf(record: unknown, names: readonly string[]): string | undefined {
  if (typeof record !== "object" || record === null) return undefined;
  for (const name of names) {
    const value = (record as Record<string, unknown>)[name];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

/**
 * Whether the answer says more pages follow with `token`: IAM's and others' `Marker` counts only while
 * `IsTruncated` (or KMS's `Truncated`) is not false.
 */
function nextPageToken(output: unknown): string | undefined {
  const token = tokenOf(output, ANSWER_TOKENS);
  if (token === undefined) return undefined;
  const flags = output as { IsTruncated?: unknown; Truncated?: unknown };
  if (flags.IsTruncated === false || flags.Truncated === false) return undefined;
  return token;
}

/** Makes `client` refuse listings that never end (see the module comment). */
export function guardPages(client: ClientWithStack, maxPages: number = MAX_CONTINUATION_PAGES): void {
  const pages = new Map<string, number>();
  client.middlewareStack.add(
    (next: InitializeHandler<object, object>, context: HandlerExecutionContext) =>
      async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<object>> => {
        const sent = tokenOf(args.input, REQUEST_TOKENS);
        if (sent !== undefined) {
          const operation = String(context.commandName ?? "unknown").replace(/Command$/, "");
          const count = (pages.get(operation) ?? 0) + 1;
          pages.set(operation, count);
          if (count > maxPages)
            throw new RefusedAnswerError(
              "EndlessPages",
              `the listing asked for more than ${maxPages.toLocaleString("en-US")} further pages without reaching its end (a new page token on every answer): not followed further`,
            );
        }
        const result = await next(args);
        if (sent !== undefined && nextPageToken(result.output) === sent)
          throw new RefusedAnswerError(
            "EndlessPages",
            `the answer gives back the page token it was sent (${quoteExcerpt(sent)}) as the next page's: the listing would never end`,
          );
        return result;
      },
    { step: "initialize", name: "cloudpatrolPageGuard" },
  );
}
