/**
 * Reads the account's security alternate contact with one call: account:GetAlternateContact with
 * `AlternateContactType: SECURITY`. `ResourceNotFoundException` means no security contact is registered
 * (null, not an error). Any other failure throws an {@link AwsApiError}, which the runner records for the
 * `account.securityContact` dataset; an access error carries `missingPermission: "account:GetAlternateContact"` (an Organizations member
 * account whose management account has not enabled trusted access for AWS Account Management may be
 * denied the same way), which the rule reports as MANUAL rather than ERROR.
 *
 * Source: AWS Account Management API Reference — GetAlternateContact.
 */
import {
  type AccountClient,
  GetAlternateContactCommand,
  type AlternateContact as SdkAlternateContact,
} from "@aws-sdk/client-account";
import type { AlternateContact, SecurityContact } from "../snapshot/security-contact.js";
import { awsErrorCode, toAwsApiError } from "./errors.js";

/** The IAM action of the call, as CollectionErrors and rules name it. */
export const GET_ALTERNATE_CONTACT = "account:GetAlternateContact";

/** Trimmed text, or null when absent or blank. */
function text(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** The SDK's (and the AWS CLI's) `AlternateContact` as our {@link AlternateContact}. Pure. */
export function alternateContactFrom(contact: SdkAlternateContact): AlternateContact {
  return {
    alternateContactType: contact.AlternateContactType ?? "SECURITY",
    name: text(contact.Name),
    title: text(contact.Title),
    emailAddress: text(contact.EmailAddress),
    phoneNumber: text(contact.PhoneNumber),
  };
}

/**
 * account:GetAlternateContact (SECURITY) for the caller's own account; null when none is registered
 * (ResourceNotFoundException).
 * @throws {@link AwsApiError} for any other failure (access errors name the missing permission).
 */
export async function getSecurityContact(
  account: AccountClient,
  accountId?: string,
): Promise<SecurityContact> {
  try {
    // No AccountId: the caller's own account (a management account naming a member needs trusted access).
    const { AlternateContact: contact } = await account.send(
      new GetAlternateContactCommand({ AlternateContactType: "SECURITY" }),
    );
    return contact ? alternateContactFrom(contact) : null;
  } catch (error) {
    if (awsErrorCode(error) === "ResourceNotFoundException") return null;
    throw toAwsApiError(GET_ALTERNATE_CONTACT, accountId, error);
  }
}
