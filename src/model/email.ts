/**
 * The one check of an email address, for `deploy template --email` (written into a CloudFormation
 * template) and for the tag values `explain` shows as contacts.
 */
import { z } from "zod";

/** The longest address SMTP carries (RFC 5321: a 256-octet path, `<` and `>` included). */
export const EMAIL_ADDRESS_MAX = 254;

/**
 * zod's "practical" email form: ASCII letters, digits, `_ ' + -` and single dots before the `@` (not
 * first, not last); after it a domain name of at least two labels, the last of at least two letters.
 */
const EMAIL = z.email().max(EMAIL_ADDRESS_MAX);

/**
 * Whether `text` is a plain email address: {@link EMAIL}'s form, at most {@link EMAIL_ADDRESS_MAX}
 * characters. So no double quote, backslash, space, control, bidirectional or other non-ASCII character,
 * and one `@`: such an address reads as it is, in a template or on a terminal. The apostrophe stays
 * (`o'brien@example.com` is a real address; the template is written by a JSON or YAML library).
 */
export function isEmailAddress(text: string): boolean {
  if (!EMAIL.safeParse(text).success) return false;
  // RFC 5321: a local part of at most 64 octets; RFC 1035: domain labels of at most 63.
  const at = text.lastIndexOf("@");
  const labels = text.slice(at + 1).split(".");
  return at <= 64 && labels.every((label) => label.length <= 63);
}

/** What an option taking an email address accepts, for its error message. */
export const EMAIL_ADDRESS_FORM = `a plain email address such as secops@example.com: ASCII letters, digits, _ ' + - and single dots before the @ (at most 64), a domain name after it (labels of at most 63), at most ${EMAIL_ADDRESS_MAX} characters`;
