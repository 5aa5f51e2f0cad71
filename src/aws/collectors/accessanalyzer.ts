/**
 * Collector of the IAM Access Analyzer dataset (`snapshot/datasets/accessanalyzer.ts`), per region.
 */
import { regionalClients, regionalCollector } from "./types.js";

export const analyzers = regionalCollector({
  dataset: "accessanalyzer.analyzers",
  async collect(context, region) {
    const { listAnalyzers } = await import("../access-analyzer.js");
    return listAnalyzers(await regionalClients(context).accessAnalyzer(region));
  },
});
