/**
 * The AWS Account Management API (`account`, 2021-02-01) as the fake endpoint speaks it: REST-JSON,
 * `POST /getAlternateContact` with a JSON body `{ AlternateContactType, AccountId? }`, answering
 * `{ AlternateContact: { AlternateContactType, EmailAddress, Name, PhoneNumber, Title } }`; errors carry an
 * `x-amzn-ErrorType` header and a `{ "message": ... }` body. Only the security contact is seeded; the
 * billing and operations contacts are never set (ResourceNotFoundException). Pure state and functions; the
 * HTTP part lives in fake-aws.ts.
 *
 * Source: AWS Account Management API Reference — GetAlternateContact (request syntax, errors).
 */
import { ServiceError } from "./wire-errors.js";

/** A security contact to seed: every field is required by PutAlternateContact. */
export interface SeedAlternateContact {
  readonly name: string;
  readonly title: string;
  readonly emailAddress: string;
  readonly phoneNumber: string;
}

/** An Account API error: its code (`x-amzn-ErrorType`), message and HTTP status. */
export class AccountApiError extends ServiceError {
  constructor(code: string, message: string, httpStatus: number = accountErrorStatus(code)) {
    super(code, message, httpStatus);
    this.name = "AccountApiError";
  }
}

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ValidationException: 400,
  TooManyRequestsException: 429,
  InternalServerException: 500,
  UnknownOperationException: 404,
};

/** The HTTP status the Account API uses for an error code; 400 for codes not listed. */
export function accountErrorStatus(code: string): number {
  return STATUS_BY_CODE[code] ?? 400;
}

/** The operation of a request path: `/getAlternateContact` → `GetAlternateContact`. */
export function accountAction(path: string): string {
  const name = path.replace(/^\/+/, "").split(/[/?]/)[0] ?? "";
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : "";
}

const CONTACT_TYPES = new Set(["BILLING", "OPERATIONS", "SECURITY"]);

/** The account's alternate contacts and the operations over them. */
export class AccountState {
  /** The security contact, or null when none is registered (the default). */
  securityContact: SeedAlternateContact | null = null;

  constructor(readonly accountId: string) {}

  /** Runs one operation on a parsed JSON body; returns the JSON response body. */
  run(action: string, body: Readonly<Record<string, unknown>>): Record<string, unknown> {
    if (action !== "GetAlternateContact") {
      throw new AccountApiError(
        "UnknownOperationException",
        `The fake Account API has no operation ${action}.`,
      );
    }
    const type = body.AlternateContactType;
    if (typeof type !== "string" || !CONTACT_TYPES.has(type)) {
      throw new AccountApiError(
        "ValidationException",
        `1 validation error detected: Value '${String(type)}' at 'alternateContactType' failed to satisfy constraint: Member must satisfy enum value set: [SECURITY, BILLING, OPERATIONS]`,
      );
    }
    const accountId = body.AccountId;
    if (accountId !== undefined && accountId !== this.accountId) {
      throw new AccountApiError(
        "AccessDeniedException",
        `User is not authorized to access account ${String(accountId)}: trusted access for AWS Account Management is not enabled in the organization.`,
      );
    }
    const contact = type === "SECURITY" ? this.securityContact : null;
    if (!contact)
      throw new AccountApiError(
        "ResourceNotFoundException",
        "No contact of the inputted alternate contact type found.",
      );
    return {
      AlternateContact: {
        AlternateContactType: type,
        EmailAddress: contact.emailAddress,
        Name: contact.name,
        PhoneNumber: contact.phoneNumber,
        Title: contact.title,
      },
    };
  }
}
