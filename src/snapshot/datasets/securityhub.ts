/**
 * AWS Security Hub datasets (per region).
 *
 * Source: AWS Security Hub API Reference, DescribeHub (`GET /accounts`: `HubArn`, `SubscribedAt`,
 * `AutoEnableControls`; `InvalidAccessException` when the account is not subscribed in that region).
 */
import { type DatasetValue, defineDataset } from "../dataset.js";

/** Whether Security Hub is enabled in one region (CIS v1.5.0–v5.0.0 4.16, v6.0.0 5.16). */
export const hub = defineDataset({
  name: "securityhub.hub",
  scope: "region",
  title: "the Security Hub hub",
  actions: ["securityhub:DescribeHub"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z.looseObject({
      /** True when DescribeHub returned a hub; false when it answered InvalidAccessException "not subscribed". */
      enabled: z.boolean(),
      /** `HubArn`, or null when not enabled. */
      hubArn: z.string().nullable(),
      /** `SubscribedAt` as AWS sent it (ISO 8601, UTC), or null. */
      subscribedAt: z.string().nullable(),
      /** `AutoEnableControls`, or null. */
      autoEnableControls: z.boolean().nullable(),
      /** The InvalidAccessException message when not enabled (evidence), or null. */
      notEnabledMessage: z.string().nullable(),
    }),
});

/** Security Hub in one region. */
export type SecurityHubHub = DatasetValue<typeof hub>;
