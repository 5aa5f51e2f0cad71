/** A point in time as tests like to write it: a `Date` or an ISO 8601 string. */
export type DateInput = Date | string;

/**
 * Converts a {@link DateInput} to a `Date`, throwing on an unparseable value so that a typo in a test
 * seed fails loudly instead of producing `NaN` timestamps on the wire.
 */
export function toDate(input: DateInput, what: string): Date {
  const date = input instanceof Date ? new Date(input.getTime()) : new Date(input);
  if (Number.isNaN(date.getTime())) {
    throw new Error(`fake-aws: invalid date for ${what}: ${String(input)}`);
  }
  return date;
}

/** Formats a date the way IAM and STS put it on the wire and in the credential report: `2024-01-02T03:04:05Z`. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
