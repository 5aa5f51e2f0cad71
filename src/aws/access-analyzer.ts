/**
 * IAM Access Analyzer analyzers of one region: ListAnalyzers, every page, every type. Reading only.
 *
 * Source: IAM Access Analyzer API Reference, ListAnalyzers (`GET /analyzer`, `analyzers[]`, `nextToken`).
 */
import { type AccessAnalyzerClient, paginateListAnalyzers } from "@aws-sdk/client-accessanalyzer";
import type { AccessAnalyzer } from "../snapshot/regional.js";

/** access-analyzer:ListAnalyzers in the client's region, every page (one call lists every type). */
export async function listAnalyzers(client: AccessAnalyzerClient): Promise<AccessAnalyzer[]> {
  const analyzers: AccessAnalyzer[] = [];
  for await (const page of paginateListAnalyzers({ client }, {})) {
    for (const analyzer of page.analyzers ?? []) {
      analyzers.push({
        name: analyzer.name ?? "",
        arn: analyzer.arn ?? "",
        type: analyzer.type ?? "",
        status: analyzer.status ?? "",
        statusReason: analyzer.statusReason?.code ?? null,
        createdAt: analyzer.createdAt ?? null,
      });
    }
  }
  return analyzers;
}
