/**
 * Regions in snapshot files and in scans of them: every region a value or an error names is an enabled
 * region of the file (region names from the account are data: `constructor` and `__proto__` are refused,
 * never judged or dropped); a per-region rule with no region to judge says so (MANUAL), never silence;
 * `--regions` narrows a snapshot as it narrows a live scan; the reports say the findings are of the
 * snapshot's time and keep per-region findings of one account apart; JSON nested absurdly deep is an
 * input error.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../src/app/scan.js";
import { parseCredentialReportCsv } from "../../src/credential-report/parse.js";
import { evaluateRule } from "../../src/engine/evaluate.js";
import { InputError } from "../../src/model/errors.js";
import { renderJunit } from "../../src/report/junit.js";
import { renderSarif } from "../../src/report/sarif.js";
import { renderText } from "../../src/report/text.js";
import { rule as ebs } from "../../src/rules/ec2/ec2_ebs_encryption_by_default_enabled.js";
import type { EbsEncryptionByDefault } from "../../src/snapshot/datasets/ec2.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { report, userRow } from "../support/report-rows.js";

const ACCOUNT = "111122223333";
const OFF: EbsEncryptionByDefault = { enabled: false, kmsKeyId: null, kmsKeyIdError: null };
const ON: EbsEncryptionByDefault = { enabled: true, kmsKeyId: "alias/aws/ebs", kmsKeyIdError: null };

/** A live snapshot of the EBS setting in eu-west-1 (on) and us-east-1 (off). */
function snapshot(): Snapshot {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: new Date("2026-11-01T08:00:00Z"),
    source: "aws",
    errors: [],
    regional: {
      regions: [
        { regionName: "eu-west-1", optInStatus: "opt-in-not-required" },
        { regionName: "me-south-1", optInStatus: "not-opted-in" },
        { regionName: "us-east-1", optInStatus: "opt-in-not-required" },
      ],
      enabledRegions: ["eu-west-1", "us-east-1"],
    },
    datasets: {
      "ec2.ebsEncryptionByDefault": new Map([
        ["eu-west-1", ON],
        ["us-east-1", OFF],
      ]),
    },
    collected: ["ec2.regions", "ec2.ebsEncryptionByDefault"],
  };
}

/** The file text of `snapshot()` with `edit` applied to its parsed JSON. */
// biome-ignore lint/suspicious/noExplicitAny: a hand-edited JSON document of any shape
function edited(edit: (document: { snapshot: Record<string, any> }) => void): string {
  const document = JSON.parse(serializeSnapshot(snapshot()));
  edit(document);
  return JSON.stringify(document);
}

function refusal(text: string): string {
  try {
    parseSnapshot(text, "x.json");
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error("expected an InputError");
}

const PREFIX = "x.json: not a cloudpatrol snapshot (version 2): ";

describe("regions in a snapshot file", () => {
  it("a value for a region that is not an enabled one is refused with its path, whatever its name", () => {
    for (const region of ["constructor", "ap-south-1", "US EAST 1", ""]) {
      const text = edited((d) => {
        d.snapshot.datasets["ec2.ebsEncryptionByDefault"][region] = OFF;
      });
      expect(refusal(text)).toBe(
        `${PREFIX}snapshot.datasets.ec2.ebsEncryptionByDefault.${region}: not an enabled region (regional.enabledRegions)`,
      );
    }
  });

  it("a key named __proto__ is read like any other key (and refused here: not an enabled region), never dropped", () => {
    const text = serializeSnapshot(snapshot()).replace(
      '"us-east-1": {',
      '"__proto__": { "enabled": false, "kmsKeyId": null, "kmsKeyIdError": null },\n        "us-east-1": {',
    );
    expect(text).toContain('"__proto__"');
    expect(refusal(text)).toBe(
      `${PREFIX}snapshot.datasets.ec2.ebsEncryptionByDefault.__proto__: not an enabled region (regional.enabledRegions)`,
    );
  });

  it("the region list: names of regions, each once, the enabled ones among them", () => {
    expect(
      refusal(
        edited((d) => {
          d.snapshot.regional.regions[1].regionName = "constructor";
        }),
      ),
    ).toBe(`${PREFIX}snapshot.regional.regions.1.regionName: not an AWS region name`);
    expect(
      refusal(
        edited((d) => {
          d.snapshot.regional.enabledRegions.push("eu-west-1");
        }),
      ),
    ).toBe(`${PREFIX}snapshot.regional.enabledRegions.2: listed twice`);
    expect(
      refusal(
        edited((d) => {
          d.snapshot.regional.enabledRegions.push("ap-south-1");
        }),
      ),
    ).toBe(`${PREFIX}snapshot.regional.enabledRegions.2: not a region of regional.regions`);
    expect(
      refusal(
        edited((d) => {
          d.snapshot.regional.regions = Array.from({ length: 201 }, (_, i) => ({
            regionName: `xx-test-${i % 99}`,
            optInStatus: "not-opted-in",
          }));
          d.snapshot.regional.enabledRegions = [];
          d.snapshot.datasets = {};
        }),
      ),
    ).toMatch(
      /^x\.json: not a cloudpatrol snapshot \(version 2\): snapshot\.regional\.regions: more than 200 regions/,
    );
  });

  it("an error names an enabled region, and a region is read or failed, not both", () => {
    const error = {
      dataset: "ec2.ebsEncryptionByDefault",
      api: "ec2:GetEbsEncryptionByDefault",
      code: "UnauthorizedOperation",
      message: "denied",
    };
    expect(
      refusal(
        edited((d) => {
          d.snapshot.errors = [{ ...error, region: "constructor" }];
        }),
      ),
    ).toBe(`${PREFIX}snapshot.errors.0.region: not an enabled region (regional.enabledRegions)`);
    expect(
      refusal(
        edited((d) => {
          d.snapshot.errors = [{ ...error, region: "us-east-1" }];
        }),
      ),
    ).toBe(
      `${PREFIX}snapshot.errors.0.region: ec2.ebsEncryptionByDefault has a value for this region too: read or failed, not both`,
    );
  });

  it("an enabled region with neither a value nor an error is refused (nobody would judge it)", () => {
    expect(
      refusal(
        edited((d) => {
          delete d.snapshot.datasets["ec2.ebsEncryptionByDefault"]["us-east-1"];
        }),
      ),
    ).toBe(
      `${PREFIX}snapshot.datasets.ec2.ebsEncryptionByDefault: no value and no error for the enabled region us-east-1`,
    );
  });

  it("regional values without the region list are refused", () => {
    expect(
      refusal(
        edited((d) => {
          delete d.snapshot.regional;
        }),
      ),
    ).toMatch(/snapshot\.datasets\.ec2\.ebsEncryptionByDefault: regional values without regional/);
  });

  it("JSON nested absurdly deep is an input error naming the file, not a crash", () => {
    const deep = `{"cloudpatrolSnapshot": 2, "snapshot": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect(refusal(deep)).toBe(
      "x.json: not a cloudpatrol snapshot: its JSON is nested more than 640 levels deep (a snapshot is at most 64)",
    );
  });
});

describe("a per-region rule with no region to judge", () => {
  it("gives one MANUAL finding saying no region was read, never silence", () => {
    const none: Snapshot = {
      ...snapshot(),
      regional: { regions: snapshot().regional?.regions ?? [], enabledRegions: [] },
      datasets: { "ec2.ebsEncryptionByDefault": new Map() },
    };
    const findings = evaluateRule(ebs, none);
    expect(findings.map((f) => [f.status, f.region, f.evidence.reason, f.evidence.enabledRegions])).toEqual([
      ["MANUAL", "global", "no-region-read", []],
    ]);
    expect(findings[0]?.statusExtended).toContain(
      "no region was read (no enabled region was asked for: check --regions against the account's enabled regions)",
    );
  });
});

describe("scan --snapshot", () => {
  it("speaks of the credential report only when a rule to run reads it", async () => {
    const path = join(dir, "with-report.json");
    // A report without its <root_account> row: a warning for the rules that read it.
    const credentialReport = parseCredentialReportCsv(report(userRow("alice")));
    await writeFile(path, serializeSnapshot({ ...snapshot(), credentialReport, collected: undefined }));
    const ebsOnly = await scan({ snapshotPath: path, rules: [ebs] });
    expect(ebsOnly.warnings).toEqual([]);
    const withReportRules = await scan({ snapshotPath: path });
    expect(withReportRules.warnings).toContain(
      "The credential report has no <root_account> row (AWS always writes one): the root user's rules judge nothing from it.",
    );
  });

  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "cloudpatrol-regions-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("--regions narrows the snapshot's regions; the reports say the findings are of the snapshot's time and name each region", async () => {
    const path = join(dir, "snap.json");
    await writeFile(path, serializeSnapshot(snapshot()));
    const all = await scan({ snapshotPath: path, rules: [ebs] });
    expect(all.findings.map((f) => [f.region, f.status])).toEqual([
      ["eu-west-1", "PASS"],
      ["us-east-1", "FAIL"],
    ]);
    const narrowed = await scan({ snapshotPath: path, rules: [ebs], regions: ["us-east-1", "ap-south-1"] });
    expect(narrowed.findings.map((f) => [f.region, f.status])).toEqual([["us-east-1", "FAIL"]]);
    expect(all.warnings).toEqual([]);
    expect(narrowed.warnings).toEqual([
      `--regions names ap-south-1, which the snapshot ${path} does not hold (not an enabled region when it was collected, or left out by its own --regions): not judged.`,
      `Only 1 of the 2 enabled regions of account ${ACCOUNT} were judged (us-east-1, --regions): requirements for every region hold for those regions only.`,
    ]);
    expect(all.scan.snapshotCollectedAt).toBe("2026-11-01T08:00:00Z");
    expect(renderText(all, { color: false })).toContain("(snapshot collected 2026-11-01T08:00:00Z, started ");
    const junit = renderJunit(all);
    expect(junit).toContain(`name="${ACCOUNT} in eu-west-1"`);
    expect(junit).toContain(`name="${ACCOUNT} in us-east-1"`);
    const sarif = JSON.parse(renderSarif(all)) as {
      runs: { results: { locations: { logicalLocations: { fullyQualifiedName: string }[] }[] }[] }[];
    };
    expect(
      sarif.runs[0]?.results.map((r) => r.locations[0]?.logicalLocations[0]?.fullyQualifiedName),
    ).toEqual([`arn:aws:iam::${ACCOUNT}:root#eu-west-1`, `arn:aws:iam::${ACCOUNT}:root#us-east-1`]);
  });
});
