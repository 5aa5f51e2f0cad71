/**
 * What no real report of one account holds is said out loud: no root row, no row at all, rows of
 * other accounts, times after the scan.
 */
import { describe, expect, it } from "vitest";
import { reportWarnings } from "../../src/app/scan.js";
import { parseCredentialReportCsv } from "../../src/credential-report/index.js";
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

  it("warns about rows of another account: their findings would be reported under the report's account", () => {
    const stray = userRow("mallory", { arn: "arn:aws:iam::444455556666:user/mallory" });
    expect(warningsOf(report(rootRow(), userRow("alice"), stray))).toEqual([
      "The credential report has rows of other accounts (444455556666) besides 111122223333: their findings are reported under 111122223333. A report covers one account: scan each account's own report.",
    ]);
  });

  it("warns about times more than a day after the scan; not about today's", () => {
    const future = userRow("zed", { user_creation_time: "2030-01-01T00:00:00Z" });
    const today = userRow("amy", { user_creation_time: "2024-03-02T11:00:00Z" });
    expect(warningsOf(report(rootRow(), future, today))).toEqual([
      "1 row has times after this scan (zed): ages and times relative to them are wrong; check the file and this machine's clock.",
    ]);
  });
});
