/**
 * What `cloudpatrol collect` against moto_server gives in us-east-1 and eu-west-1: moto answers neither
 * Access Analyzer nor Macie, and its credential report of an account without users has no row at all
 * (no `<root_account>` row, which AWS always writes), which a live scan refuses as not a real report
 * (and so the users' re-check, which needs it); the snapshot is written with those four datasets' errors
 * and collect exits 1 saying so. Shared by the live tests that collect from moto.
 */
import { readFile } from "node:fs/promises";
import { expect } from "vitest";

/**
 * Asserts the collect run `collected` (exit code, stderr) and the errors in the snapshot file at
 * `snapshotPath`. `verified`: false for a collect run with `--no-verify` (no users' re-check to miss).
 */
export async function expectMotoCollectGaps(
  collected: { code: number | null; stderr: string },
  snapshotPath: string,
  verified = true,
): Promise<void> {
  expect(collected.code, collected.stderr).toBe(1);
  const gaps = verified ? 4 : 3;
  // The last line, exactly (the dataset total depends on the framework's datasets).
  expect(collected.stderr.endsWith("\n")).toBe(true);
  const last = collected.stderr.split("\n").at(-2) ?? "";
  expect(last.replace(/ of \d+ datasets/, " of N datasets")).toBe(
    `cloudpatrol: ${gaps} of N datasets could not be collected (wholly or in some regions); the snapshot was written, and scan --snapshot gives the rules that need them ERROR findings`,
  );
  const written = JSON.parse(await readFile(snapshotPath, "utf8")) as {
    snapshot: { errors: { dataset: string; region?: string }[] };
  };
  expect(written.snapshot.errors.map((e) => [e.dataset, e.region])).toEqual([
    ["iam.credentialReport", undefined],
    ["accessanalyzer.analyzers", "eu-west-1"],
    ["macie2.session", "eu-west-1"],
    ["accessanalyzer.analyzers", "us-east-1"],
    ["macie2.session", "us-east-1"],
  ]);
}
