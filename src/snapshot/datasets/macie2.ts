/**
 * Amazon Macie datasets (per region).
 *
 * Source: Amazon Macie API Reference, GetMacieSession (`GET /macie`: `status` ENABLED or PAUSED,
 * `createdAt`, `updatedAt`, `findingPublishingFrequency`); in a region where Macie is not enabled the call
 * fails with AccessDeniedException "Macie is not enabled".
 */
import type { z as zod } from "zod";
import { defineDataset } from "../dataset.js";

/** Macie in one region: its session, or `status` null when Macie is not enabled there. */
export interface MacieSession {
  /** `ENABLED` or `PAUSED`; null when Macie is not enabled in the region. */
  readonly status: string | null;
  readonly createdAt: Date | null;
  readonly updatedAt: Date | null;
  /** `FIFTEEN_MINUTES`, `ONE_HOUR` or `SIX_HOURS`, or null. */
  readonly findingPublishingFrequency: string | null;
  /** AWS's words when Macie is not enabled ("Macie is not enabled."), else null. */
  readonly notEnabledMessage: string | null;
}

/** The Macie session of one region. */
export const session = defineDataset({
  name: "macie2.session",
  scope: "region",
  title: "the Amazon Macie status",
  actions: ["macie2:GetMacieSession"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z): zod.ZodType<MacieSession> =>
    z.looseObject({
      status: z.string().nullable(),
      createdAt: z.date().nullable(),
      updatedAt: z.date().nullable(),
      findingPublishingFrequency: z.string().nullable(),
      notEnabledMessage: z.string().nullable(),
    }),
});
