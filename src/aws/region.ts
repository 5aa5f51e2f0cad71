/**
 * The region AWS clients use when none is given, as the AWS CLI resolves it from the environment. No
 * SDK import, so the CLI can use it without loading the SDK at start-up.
 */

/** `explicit` (`--region`), else AWS_REGION, else AWS_DEFAULT_REGION, else `us-east-1`. */
export function regionOrDefault(explicit?: string): string {
  // An empty value is unset, as in the AWS CLI.
  return explicit || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || "us-east-1";
}
