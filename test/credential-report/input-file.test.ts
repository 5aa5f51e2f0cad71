/**
 * `--credential-report FILE`: a file with the header and no row is refused (a real report always has the
 * `<root_account>` row), while a report holding the root row alone is read.
 */
import { mkdtemp, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MAX_REPORT_ROWS, readCredentialReportFile } from "../../src/credential-report/input.js";
import { InputError } from "../../src/model/errors.js";
import { report, rootRow, userRow } from "../support/report-rows.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cloudpatrol-input-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readCredentialReportFile", () => {
  it("refuses a header-only report: no principal at all, not even <root_account>", async () => {
    const path = join(dir, "header-only.csv");
    await writeFile(path, report());
    const failure = await readCredentialReportFile(path).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(InputError);
    expect((failure as InputError).message).toBe(
      `${path}: the credential report lists no principal at all, not even <root_account> (AWS always writes that row): not a complete report, nothing to judge.`,
    );
  });

  it("reads a report whose only row is <root_account>", async () => {
    const path = join(dir, "root-only.csv");
    await writeFile(path, report(rootRow()));
    const read = await readCredentialReportFile(path);
    expect(read.rows.map((row) => [row.user, row.isRoot])).toEqual([["<root_account>", true]]);
  });

  it("refuses more rows than one account can have (IAM allows 5,000 users)", async () => {
    const users = Array.from({ length: MAX_REPORT_ROWS }, (_, index) => userRow(`u${index}`));
    const path = join(dir, "too-many.csv");
    await writeFile(path, report(rootRow(), ...users));
    const failure = await readCredentialReportFile(path).catch((error: unknown) => error);
    expect((failure as InputError).message).toBe(
      `${path}: the credential report lists 10002 principals, but IAM allows at most 5,000 users in one account: not one account's report (at most 10001 rows are accepted).`,
    );
    await writeFile(path, report(rootRow(), ...users.slice(1)));
    expect((await readCredentialReportFile(path)).rows).toHaveLength(MAX_REPORT_ROWS);
  });

  it("refuses a file over 32 MiB before reading it", async () => {
    const path = join(dir, "huge.csv");
    await writeFile(path, report(rootRow()));
    await truncate(path, 33 * 1_048_576); // sparse: nothing is written
    const failure = await readCredentialReportFile(path).catch((error: unknown) => error);
    expect((failure as InputError).message).toBe(
      `${path}: 33 MiB, more than the 32 MiB a credential report may have: refused before reading it`,
    );
  });
});
