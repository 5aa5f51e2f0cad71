/**
 * A listing that never ends, or that ends before its last page, is refused instead of followed for ever
 * or read as whole. The SDK's paginators (and our own page loops) ask for the next page as long as an
 * answer carries a page token (whatever `IsTruncated` says), so an endpoint that answers a token it was
 * already sent (a proxy replaying answers, a broken emulator) or a new token on every page would hold a
 * scan, silently, until it is killed; and an answer that says more pages follow but gives no token would
 * end the listing early, its missing pages read as "nothing there". Every client checks, per operation:
 * - an answer whose next-page token is the token its own request sent: refused at once;
 * - a request for a page token the same listing (same operation and input) already followed (tokens
 *   alternating A, B, A): refused before it is sent;
 * - more than {@link MAX_CONTINUATION_PAGES} continuation pages of one operation on one client: refused
 *   (the largest listings a scan reads, an Organization's accounts 20 a page or a region's log groups 50
 *   a page, come nowhere near it);
 * - an answer with `IsTruncated` (or KMS's `Truncated`) true and no page token: refused;
 * - an answer with `IsTruncated` false is the last page, whatever token it also carries (the token is
 *   dropped, so that the paginator does not follow it).
 * Each is a {@link RefusedAnswerError} `EndlessPages` (the last `UnreadableResponse`), which the call's
 * dataset reports as an ERROR.
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

/** The answer's `IsTruncated` (or KMS's `Truncated`): true, false, or undefined when it has neither. */
function truncatedFlag(output: unknown): boolean | undefined {
  if (typeof output !== "object" || output === null) return undefined;
  const flags = output as { IsTruncated?: unknown; Truncated?: unknown };
  const flag = flags.IsTruncated ?? flags.Truncated;
  return typeof flag === "boolean" ? flag : undefined;
}

/** Whether the answer says more pages follow. */
function saysTruncated(output: unknown): boolean {
  return truncatedFlag(output) === true;
}

/** Whether the answer says it is the last page. */
function saysLastPage(output: unknown): boolean {
  return truncatedFlag(output) === false;
}

/** The listing a request belongs to: its operation and its input without the page token. */
function listingKey(operation: string, input: unknown): string {
  const rest: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const name of REQUEST_TOKENS) delete rest[name];
  return `${operation}\u0000${JSON.stringify(rest)}`;
}

/** Makes `client` refuse listings that never end or end early (see the module comment). */
export function guardPages(client: ClientWithStack, maxPages: number = MAX_CONTINUATION_PAGES): void {
  const pages = new Map<string, number>();
  /** Page tokens each listing with more than one page has followed, by {@link listingKey}. */
  const followed = new Map<string, Set<string>>();
  client.middlewareStack.add(
    (next: InitializeHandler<object, object>, context: HandlerExecutionContext) =>
      async (args: InitializeHandlerArguments<object>): Promise<InitializeHandlerOutput<object>> => {
        const operation = String(context.commandName ?? "unknown").replace(/Command$/, "");
        const sent = tokenOf(args.input, REQUEST_TOKENS);
        if (sent === undefined) {
          // A listing starts (again): the tokens an earlier listing of the same input followed are its own.
          if (followed.size > 0) followed.delete(listingKey(operation, args.input));
        } else {
          const count = (pages.get(operation) ?? 0) + 1;
          pages.set(operation, count);
          if (count > maxPages)
            throw new RefusedAnswerError(
              "EndlessPages",
              `the listing asked for more than ${maxPages.toLocaleString("en-US")} further pages without reaching its end (a page token on every answer): not followed further`,
            );
          const key = listingKey(operation, args.input);
          const tokens = followed.get(key) ?? new Set<string>();
          if (tokens.has(sent))
            throw new RefusedAnswerError(
              "EndlessPages",
              `the listing was sent back to a page token it had already followed (${quoteExcerpt(sent)}): it would never end`,
            );
          tokens.add(sent);
          followed.set(key, tokens);
        }
        const result = await next(args);
        if (saysLastPage(result.output)) {
          // The API says this is the last page: a token beside that is not followed (the paginator would).
          for (const name of ANSWER_TOKENS) delete (result.output as Record<string, unknown>)[name];
          return result;
        }
        const token = tokenOf(result.output, ANSWER_TOKENS);
        if (sent !== undefined && token === sent)
          throw new RefusedAnswerError(
            "EndlessPages",
            `the answer gives back the page token it was sent (${quoteExcerpt(sent)}) as the next page's: the listing would never end`,
          );
        if (token === undefined && saysTruncated(result.output))
          throw new RefusedAnswerError(
            "UnreadableResponse",
            "the answer says more pages follow (IsTruncated) but gives no page token: the listing cannot be read whole",
          );
        return result;
      },
    { step: "initialize", name: "cloudpatrolPageGuard" },
  );
}
