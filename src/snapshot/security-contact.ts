/**
 * The account's security alternate contact read through the AWS Account Management API, as a plain type.
 * Source: AWS Account Management API Reference — GetAlternateContact (`AlternateContactType: SECURITY`):
 * `AlternateContact { AlternateContactType, EmailAddress, Name, PhoneNumber, Title }`, or
 * `ResourceNotFoundException` when none is registered.
 */
import type { z as zod } from "zod";

/**
 * One alternate contact. The API requires every field when a contact is put; absent fields are null
 * here so a partial answer is never mistaken for a complete one. These are account settings, not secrets.
 */
export interface AlternateContact {
  /** `SECURITY` (also `BILLING`, `OPERATIONS` in the API). */
  readonly alternateContactType: string;
  readonly name: string | null;
  readonly title: string | null;
  readonly emailAddress: string | null;
  readonly phoneNumber: string | null;
}

/**
 * The security contact (`Snapshot.securityContact`, data set `securityContact`): the contact, or null
 * when the account has none (ResourceNotFoundException). Absent when not collected (see `Snapshot.errors`).
 */
export type SecurityContact = AlternateContact | null;

/**
 * The zod schema of {@link SecurityContact} in a snapshot file (unknown extra fields kept). Built with
 * the `z` the caller loaded, like `iamAccountDataSchema`: zod is loaded only to read a snapshot file.
 */
export function securityContactSchema(z: typeof zod) {
  const contact = z.looseObject({
    alternateContactType: z.string(),
    name: z.string().nullable(),
    title: z.string().nullable(),
    emailAddress: z.string().nullable(),
    phoneNumber: z.string().nullable(),
  }) satisfies zod.ZodType<AlternateContact>;
  return contact.nullable() satisfies zod.ZodType<SecurityContact>;
}
