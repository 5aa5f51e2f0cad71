/**
 * Every real-format credential report in ../shared/samples/credential-reports is read and judged.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCredentialReportInput, readCredentialReportFile } from "../../src/credential-report/index.js";
import type { Finding } from "../../src/model/finding.js";
import { rule } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { snapshotFromReport } from "../../src/snapshot/from-report.js";
import { HAVE_SAMPLES, SAMPLES_DIR, SAMPLES_SKIP_REASON, samplePath } from "../support/samples.js";

const SCAN_TIME = new Date("2026-11-29T00:00:00Z");

async function judge(file: string): Promise<Finding[]> {
  const report = await readCredentialReportFile(samplePath("credential-reports", file));
  return rule.evaluate(snapshotFromReport(report, SCAN_TIME), rule.defaults);
}

function failures(findings: Finding[]) {
  return findings
    .filter((finding) => finding.status === "FAIL")
    .map((finding) => ({
      user: finding.evidence.userName,
      slot: finding.evidence.accessKeySlot,
      createdAtSetup: finding.evidence.createdAtSetup,
    }));
}

function judgedUsers(findings: Finding[]): string[] {
  return [...new Set(findings.map((finding) => String(finding.evidence.userName)))];
}

describe.skipIf(!HAVE_SAMPLES)(
  `credential report samples${HAVE_SAMPLES ? "" : ` (${SAMPLES_SKIP_REASON})`}`,
  () => {
    it("reads every CSV and GetCredentialReport JSON file in the folder", async () => {
      const files = readdirSync(samplePath("credential-reports")).filter((name) =>
        /\.(csv|json)$/.test(name),
      );
      expect(files.length).toBe(10);
      for (const file of files) {
        const report = await readCredentialReportFile(samplePath("credential-reports", file));
        expect(report.rows.length, file).toBeGreaterThan(0);
      }
    });

    it("custodian 2016: exactly one FAIL, kale key 1 created at setup; root not judged", async () => {
      for (const file of [
        "custodian-placebo-2016-11-unused-keys.content-derived.csv",
        "custodian-placebo-2016-11-unused-keys.GetCredentialReport.json",
      ]) {
        const findings = await judge(file);
        expect(failures(findings), file).toEqual([{ user: "kale", slot: 1, createdAtSetup: true }]);
        expect(findings.find((f) => f.status === "FAIL")?.evidence.secondsAfterUserCreation).toBe(0);
        expect(judgedUsers(findings)).toEqual([
          "charmworld",
          "Hazmat",
          "kale",
          "kapok",
          "rome",
          "syracuse",
          "tyre",
        ]);
        expect(findings.filter((f) => f.status === "PASS")).toHaveLength(6);
      }
      const json = await readCredentialReportFile(
        samplePath("credential-reports", "custodian-placebo-2016-11-unused-keys.GetCredentialReport.json"),
      );
      expect(json.generatedAt?.toISOString()).toBe("2016-11-25T14:30:42.000Z");
    });

    it("custodian 2017: exactly two FAILs, alder key 1 and rye key 1, neither at setup; duplicate chestnut merged", async () => {
      for (const file of [
        "custodian-placebo-2017-02-account-report.content-derived.csv",
        "custodian-placebo-2017-02-account-report.GetCredentialReport.json",
      ]) {
        const findings = await judge(file);
        expect(failures(findings), file).toEqual([
          { user: "alder", slot: 1, createdAtSetup: false },
          { user: "rye", slot: 1, createdAtSetup: false },
        ]);
        expect(findings.filter((f) => f.evidence.userName === "chestnut")).toHaveLength(1);
        expect(judgedUsers(findings)).not.toContain("<root_account>");
        expect(new Set(findings.map((f) => f.uid)).size).toBe(findings.length);
      }
      const alder = (await judge("custodian-placebo-2017-02-account-report.content-derived.csv")).find(
        (f) => f.status === "FAIL",
      );
      expect(alder?.statusExtended).toBe(
        "alder has a console password and access key 1, created 41 days after the user, is active and has never been used.",
      );
    });

    it("testbench 2023 (+00:00) and saa-notes 2025 (Z, root password_enabled=true): no FAIL, root not judged", async () => {
      const testbench = await judge("aws-testbench-2023-01-real-download.csv");
      expect(failures(testbench)).toEqual([]);
      expect(judgedUsers(testbench)).toEqual(["cloudgoat", "juniper", "test_account", "test_key_account"]);
      expect(testbench.find((f) => f.evidence.userName === "test_key_account")?.statusExtended).toBe(
        "test_key_account has no console password.",
      );
      const saa = await judge("saa-notes-2025-01-real-download-zulu-root-true.csv");
      expect(failures(saa)).toEqual([]);
      expect(judgedUsers(saa)).toEqual(["Ash", "Regular"]);
    });

    it("edited custodian fixtures: upper-case booleans without root, a key older than its user", async () => {
      const upper = await judge("custodian-placebo-2020-04-EDITED-uppercase-bools.content-derived.csv");
      expect(upper.map((f) => [f.evidence.userName, f.status])).toEqual([["zelkova", "PASS"]]);
      const future = await judge("custodian-placebo-2021-02-EDITED-future-dates.content-derived.csv");
      expect(future.map((f) => [f.evidence.userName, f.status, f.statusExtended])).toEqual([
        ["test1", "PASS", "test1 has no console password."],
      ]);
    });

    it("the 16-column transcription: a clear error as is, the right parse once its glued first line is split", () => {
      const path = samplePath("credential-reports", "aws-docs-powershell-example-2015-16col.transcribed.txt");
      const text = readFileSync(path, "utf8");
      expect(() => parseCredentialReportInput(text, { source: "transcribed.txt" })).toThrow(
        "transcribed.txt, line 1: the header has no column cert_2_last_rotated: expected a credential report header (user,arn,user_creation_time,...) (the header line also holds row data such as an ARN: is the line break after the header missing?)",
      );
      // The page also lost the angle brackets of <root_account>: a root ARN under another name is an
      // invalid line (issue 16 item 3), so the repair restores them.
      const glued = text.replace(" root_account,", "\nroot_account,");
      expect(() => parseCredentialReportInput(glued, { source: "transcribed.txt" })).toThrow(
        'transcribed.txt, line 2, column 2: the arn "arn:aws:iam::123456789012:root" is the root user\'s, but user is "root_account", not <root_account>',
      );
      const split = text.replace(" root_account,", "\n<root_account>,");
      const report = parseCredentialReportInput(split, { source: "transcribed.txt" });
      expect(report.layout).toBe("16-column");
      expect(report.rows.map((row) => [row.user, row.isRoot])).toEqual([
        ["<root_account>", true],
        ["Administrator", false],
        ["Bill", false],
      ]);
      const findings = rule.evaluate(snapshotFromReport(report, SCAN_TIME), rule.defaults);
      expect(findings.map((f) => [f.resourceName, f.status])).toEqual([
        ["Administrator access key 1", "MANUAL"],
        ["Administrator access key 2", "MANUAL"],
        ["Bill", "PASS"],
      ]);
    });

    it("reads the DERIVED GetCredentialReport XML's content the same as the CSV it came from", () => {
      const xml = readFileSync(
        samplePath("iam-query-xml", "GetCredentialReport.DERIVED-real-content.xml"),
        "utf8",
      );
      const content = /<Content>([^<]+)<\/Content>/.exec(xml)?.[1] ?? "";
      const fromXml = parseCredentialReportInput(JSON.stringify({ Content: content }));
      const fromCsv = parseCredentialReportInput(
        readFileSync(samplePath("credential-reports", "aws-testbench-2023-01-real-download.csv"), "utf8"),
      );
      expect(fromXml.rows).toEqual(fromCsv.rows);
      expect(SAMPLES_DIR.endsWith("samples")).toBe(true);
    });
  },
);
