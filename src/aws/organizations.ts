/**
 * The accounts of an AWS Organization, from Organizations ListAccounts
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html), every page.
 * Callable from the management account or a delegated administrator.
 *
 * The answer is data: each page is checked against a schema before any of it is used. A page that is
 * not a ListAccounts answer (`Accounts` not a list, `NextToken` not a string) fails the listing
 * (`UnreadableResponse`); an entry that is malformed (not an object, a field of the wrong type) or whose
 * `Id` is not 12 digits is left out with a warning naming it, and so is every entry after the first
 * with the same `Id`: the other accounts are listed.
 */
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { type ZodError, z } from "zod";
import { AwsApiError } from "../model/errors.js";
import { escapeTerminal, quoteExcerpt } from "../model/escape.js";
import { type AwsConnection, makeClient } from "./clients.js";
import { awsErrorCode, describeAwsError, isAccessDenied, UNREADABLE_RESPONSE } from "./errors.js";

/** One member account. */
export interface OrganizationAccount {
  /** 12 digits. */
  readonly id: string;
  readonly name: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, ... (Organizations `State`, else `Status`). */
  readonly status: string;
}

/** What {@link listAllAccounts} gives: the accounts, and a warning for each entry left out. */
export interface AccountListing {
  readonly accounts: OrganizationAccount[];
  /** Every warning: the entries left out, then the ids listed more than once. */
  readonly warnings: string[];
  /** How many entries were left out (malformed, or an id that is not 12 digits). */
  readonly leftOut: number;
}

const API = "organizations:ListAccounts";

const ACCOUNT_ID = /^\d{12}$/;

/** One page of the answer (the SDK hands wrong-typed fields on as they came). */
const PAGE = z.object({
  Accounts: z.array(z.unknown()).nullish(),
  NextToken: z.string().nullish(),
});

/** One entry of `Accounts` (other fields are not read). A JSON null stands for an absent field. */
const ENTRY = z.object({
  Id: z.string(),
  Name: z.string().nullish(),
  State: z.string().nullish(),
  Status: z.string().nullish(),
});

/** Creates an Organizations client with the connection's settings (Organizations is global: us-east-1 unless told). */
export function createOrganizationsClient(connection: AwsConnection = {}): OrganizationsClient {
  return makeClient(OrganizationsClient, "organizations", connection);
}

/** `Accounts[1].Name`: where a zod issue is, under `prefix`. */
function issuePath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (where, key) => (typeof key === "number" ? `${where}[${key}]` : `${where}.${String(key)}`),
    prefix,
  );
}

/** The first issue of `error` as `Accounts[1].Name: Invalid input: expected string, received number`. */
function firstIssue(prefix: string, error: ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issuePath(prefix, issue.path)}: ${issue.message}` : prefix;
}

/** ` (page 2)` after a place in the answer, for pages after the first. */
function pageSuffix(page: number): string {
  return page > 1 ? ` (page ${page})` : "";
}

/** A value of the answer quoted, escaped and cut for a message. */
function shown(value: string): string {
  return escapeTerminal(quoteExcerpt(value));
}

/** The error for a page that is no ListAccounts answer. */
function unreadablePage(detail: string): AwsApiError {
  return new AwsApiError(API, undefined, UNREADABLE_RESPONSE, `${UNREADABLE_RESPONSE}: ${detail}`);
}

/**
 * Every account of the Organization (all pages), in the order AWS lists them, each id once.
 * @throws {@link AwsApiError} naming `organizations:ListAccounts` and the reason (`UnreadableResponse`
 *   for a page that is no ListAccounts answer).
 */
export async function listAllAccounts(client: OrganizationsClient): Promise<AccountListing> {
  const accounts: OrganizationAccount[] = [];
  const warnings: string[] = [];
  /** Entries seen per id, in first-seen order (a Map: ids come from the answer). */
  const seen = new Map<string, { first: OrganizationAccount; count: number }>();
  let pageNumber = 0;
  try {
    for await (const answer of paginateListAccounts({ client }, {})) {
      pageNumber += 1;
      const page = PAGE.safeParse(answer);
      if (!page.success)
        throw unreadablePage(`${firstIssue("", page.error).replace(/^\./, "")}${pageSuffix(pageNumber)}`);
      for (const [index, raw] of (page.data.Accounts ?? []).entries()) {
        const where = `Accounts[${index}]${pageSuffix(pageNumber)}`;
        const entry = ENTRY.safeParse(raw);
        if (!entry.success) {
          const id = (raw as { Id?: unknown } | null)?.Id;
          const named = typeof id === "string" ? ` (Id ${shown(id)})` : "";
          warnings.push(
            `${API} answered an entry cloudpatrol cannot read, left out (not scanned): ${where}${named}: ${UNREADABLE_RESPONSE}: ${firstIssue(`Accounts[${index}]`, entry.error)}.`,
          );
          continue;
        }
        const { Id: id, Name: name, State: state, Status: status } = entry.data;
        if (!ACCOUNT_ID.test(id)) {
          warnings.push(
            `${API} answered an account id that is not 12 digits, left out (not scanned): ${where}.Id ${shown(id)}${name ? ` (Name ${shown(name)})` : ""}.`,
          );
          continue;
        }
        const account = { id, name: name ?? "", status: state ?? status ?? "" };
        const before = seen.get(id);
        if (before) {
          before.count += 1;
          continue;
        }
        seen.set(id, { first: account, count: 1 });
        accounts.push(account);
      }
    }
  } catch (error) {
    if (error instanceof AwsApiError) throw error;
    const code = awsErrorCode(error) ?? (error instanceof Error ? error.name : "Error");
    throw new AwsApiError(API, undefined, code, describeAwsError(error), {
      cause: error,
      ...(isAccessDenied(error) ? { missingPermission: API } : {}),
    });
  }
  const leftOut = warnings.length;
  for (const [id, { first, count }] of seen)
    if (count > 1)
      warnings.push(
        `${API} lists account ${id} ${count} times: it is scanned once, as its first entry says (${first.name ? `Name ${shown(first.name)}, ` : ""}${first.status || "no"} State).`,
      );
  return { accounts, warnings, leftOut };
}

/** The ACTIVE accounts of the Organization (suspended and closing accounts cannot be scanned). */
export async function listActiveAccounts(client: OrganizationsClient): Promise<AccountListing> {
  const listing = await listAllAccounts(client);
  return { ...listing, accounts: listing.accounts.filter((account) => account.status === "ACTIVE") };
}
