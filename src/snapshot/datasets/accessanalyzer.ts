/**
 * IAM Access Analyzer datasets (per region).
 *
 * Source: IAM Access Analyzer API Reference, ListAnalyzers (`GET /analyzer`, `analyzers[]`, `nextToken`).
 */
import { type DatasetValue, defineDataset } from "../dataset.js";

/** Every analyzer of one region, every type. */
export const analyzers = defineDataset({
  name: "accessanalyzer.analyzers",
  scope: "region",
  title: "the IAM Access Analyzer analyzers",
  actions: ["access-analyzer:ListAnalyzers"],
  dependsOn: ["ec2.regions"],
  stored: "datasets",
  schema: (z) =>
    z
      .array(
        z.looseObject({
          name: z.string(),
          arn: z.string(),
          /** `ACCOUNT`, `ORGANIZATION` (external access) or an unused-access type. */
          type: z.string(),
          /** `ACTIVE`, `CREATING`, `DISABLED`, `FAILED`. */
          status: z.string(),
          /** Why the analyzer is not active (`statusReason.code`), or null. */
          statusReason: z.string().nullable(),
          createdAt: z.date().nullable(),
        }),
      )
      .readonly(),
});

/** One IAM Access Analyzer analyzer, as ListAnalyzers shows it. */
export type AccessAnalyzer = DatasetValue<typeof analyzers>[number];
