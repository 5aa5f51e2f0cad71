/**
 * Collector of the Macie dataset (`snapshot/datasets/macie2.ts`): GetMacieSession once per enabled region.
 * "Macie is not enabled" (AccessDeniedException with that message) is a value, not a failure; any other
 * access error means the permission is missing.
 *
 * Source: Amazon Macie API Reference, GetMacieSession.
 */
import { awsErrorCode } from "../errors.js";
import { regionalClients, regionalCollector } from "./types.js";

/** True for GetMacieSession's answer in a region where Macie is not enabled. */
export function isMacieNotEnabled(error: unknown): boolean {
  const code = awsErrorCode(error);
  const message = error instanceof Error ? error.message : "";
  return (
    (code === "AccessDeniedException" || code === "ResourceNotFoundException") &&
    /Macie is not enabled/i.test(message)
  );
}

export const session = regionalCollector({
  dataset: "macie2.session",
  async collect(context, region) {
    const macie = await regionalClients(context).macie2(region);
    const { GetMacieSessionCommand } = await import("@aws-sdk/client-macie2");
    try {
      const answer = await macie.send(new GetMacieSessionCommand({}));
      return {
        status: answer.status ?? null,
        createdAt: answer.createdAt ?? null,
        updatedAt: answer.updatedAt ?? null,
        findingPublishingFrequency: answer.findingPublishingFrequency ?? null,
        notEnabledMessage: null,
      };
    } catch (error) {
      if (!isMacieNotEnabled(error)) throw error;
      return {
        status: null,
        createdAt: null,
        updatedAt: null,
        findingPublishingFrequency: null,
        notEnabledMessage: (error as Error).message,
      };
    }
  },
});
