/**
 * Collector of the Security Hub dataset (`snapshot/datasets/securityhub.ts`): DescribeHub in every
 * enabled region, one call each. `InvalidAccessException` saying the account is not subscribed is the
 * answer "not enabled" (a value, judged FAIL); any other error (AccessDenied above all) fails the region,
 * which the engine reports as ERROR.
 *
 * Source: AWS Security Hub API Reference, DescribeHub.
 */
import { awsErrorCode, describeAwsError } from "../errors.js";
import { regionalClients, regionalCollector } from "./types.js";

/** True for the error DescribeHub gives where Security Hub is not enabled. */
function isNotSubscribed(error: unknown): boolean {
  if (awsErrorCode(error) !== "InvalidAccessException") return false;
  const message = error instanceof Error ? error.message.toLowerCase() : "";
  return message.includes("not subscribed");
}

export const hub = regionalCollector({
  dataset: "securityhub.hub",
  async collect(context, region) {
    const client = await regionalClients(context).securityHub(region);
    const { DescribeHubCommand } = await import("@aws-sdk/client-securityhub");
    try {
      const answer = await client.send(new DescribeHubCommand({}));
      return {
        enabled: true,
        hubArn: answer.HubArn ?? null,
        subscribedAt: answer.SubscribedAt ?? null,
        autoEnableControls: answer.AutoEnableControls ?? null,
        notEnabledMessage: null,
      };
    } catch (error) {
      if (!isNotSubscribed(error)) throw error;
      return {
        enabled: false,
        hubArn: null,
        subscribedAt: null,
        autoEnableControls: null,
        notEnabledMessage: describeAwsError(error),
      };
    }
  },
});
