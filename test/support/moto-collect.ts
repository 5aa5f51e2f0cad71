/**
 * What `cloudpatrol collect` against moto_server gives in us-east-1 and eu-west-1: moto answers neither
 * Access Analyzer nor Macie, so the snapshot is written with those two datasets' errors and collect
 * exits 1 saying so. Shared by the live tests that collect from moto.
 */
import { readFile } from "node:fs/promises";
import { expect } from "vitest";

/** Asserts the collect run `collected` (exit code, stderr) and the errors in the snapshot file at `snapshotPath`. */
export async function expectMotoCollectGaps(
  collected: { code: number | null; stderr: string },
  snapshotPath: string,
): Promise<void> {
  expect(collected.code, collected.stderr).toBe(1);
  expect(collected.stderr).toMatch(
    /\ncloudpatrol: 2 of \d+ datasets could not be collected \(wholly or in some regions\); the snapshot was written, and scan --snapshot gives the rules that need them ERROR findings\n$/,
  );
  const written = JSON.parse(await readFile(snapshotPath, "utf8")) as {
    snapshot: { errors: { dataset: string; region?: string }[] };
  };
  expect(written.snapshot.errors.map((e) => [e.dataset, e.region])).toEqual([
    ["accessanalyzer.analyzers", "eu-west-1"],
    ["macie2.session", "eu-west-1"],
    ["accessanalyzer.analyzers", "us-east-1"],
    ["macie2.session", "us-east-1"],
  ]);
}
