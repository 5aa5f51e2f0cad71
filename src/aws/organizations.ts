/**
 * The accounts of an AWS Organization, from Organizations ListAccounts
 * (https://docs.aws.amazon.com/organizations/latest/APIReference/API_ListAccounts.html), every page.
 * Callable from the management account or a delegated administrator.
 */
import { OrganizationsClient, paginateListAccounts } from "@aws-sdk/client-organizations";
import { AwsApiError } from "../model/errors.js";
import { type AwsConnection, makeClient } from "./clients.js";
import { awsErrorCode, describeAwsError, isAccessDenied } from "./errors.js";

/** One member account. */
export interface OrganizationAccount {
  readonly id: string;
  readonly name: string;
  /** `ACTIVE`, `SUSPENDED`, `PENDING_CLOSURE`, ... (Organizations `Status`). */
  readonly status: string;
}

/** Creates an Organizations client with the connection's settings (Organizations is global: us-east-1 unless told). */
export function createOrganizationsClient(connection: AwsConnection = {}): OrganizationsClient {
  return makeClient(OrganizationsClient, "organizations", connection);
}

/**
 * Every account of the Organization (all pages), in the order AWS lists them.
 * @throws {@link AwsApiError} naming `organizations:ListAccounts` and the reason.
 */
export async function listAllAccounts(client: OrganizationsClient): Promise<OrganizationAccount[]> {
  const accounts: OrganizationAccount[] = [];
  try {
    for await (const page of paginateListAccounts({ client }, {})) {
      for (const account of page.Accounts ?? []) {
        if (!account.Id) continue;
        accounts.push({
          id: account.Id,
          name: account.Name ?? "",
          status: String(account.State ?? account.Status ?? ""),
        });
      }
    }
  } catch (error) {
    const code = awsErrorCode(error) ?? (error instanceof Error ? error.name : "Error");
    throw new AwsApiError("organizations:ListAccounts", undefined, code, describeAwsError(error), {
      cause: error,
      ...(isAccessDenied(error) ? { missingPermission: "organizations:ListAccounts" } : {}),
    });
  }
  return accounts;
}

/** The ACTIVE accounts of the Organization (suspended and closing accounts cannot be scanned). */
export async function listActiveAccounts(client: OrganizationsClient): Promise<OrganizationAccount[]> {
  return (await listAllAccounts(client)).filter((account) => account.status === "ACTIVE");
}
