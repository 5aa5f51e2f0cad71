/**
 * A credential report without its root row, or without any row, is said out loud.
 */
import { describe, expect, it } from "vitest";
import { parseCredentialReportCsv } from "../../src/credential-report/index.js";
import { reportWarnings } from "../../src/engine/scan.js";
import { snapshotFromReport } from "../../src/snapshot/from-report.js";
import { report, rootRow, userRow } from "../support/report-rows.js";

const at = new Date("2024-03-02T12:00:00Z");
const warningsOf = (csv: string) =>
  reportWarnings(snapshotFromReport(parseCredentialReportCsv(csv), at)).warnings;

describe("reportWarnings", () => {
  it("warns about a report with no root row and about an empty report; not about a whole one", () => {
    expect(warningsOf(report(userRow("alice")))).toEqual([
      "The credential report has no <root_account> row (AWS always writes one): the root user's rules judge nothing from it.",
    ]);
    expect(warningsOf(report())).toEqual([
      "The credential report lists no principal at all, not even the root user: nothing in it was judged.",
    ]);
    expect(warningsOf(report(rootRow(), userRow("alice")))).toEqual([]);
  });
});
