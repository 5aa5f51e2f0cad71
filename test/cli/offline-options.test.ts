/**
 * `scan` with a file to judge offline (`--credential-report`, `--snapshot`): combined with `--org` /
 * `--accounts` it is refused up front (exit 2), not "no account left to scan"; live-only options
 * (`--profile`, `--endpoint-url`, `--regions` for a report, `--report-timeout`, `--no-verify`,
 * `--verify-max-users`) are refused in one line naming them, as `--role-name` without `--org` is
 * (trial s6 "summary" items 3 and 4). No AWS call is made: the fake endpoint counts none.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { scan } from "../../src/app/scan.js";
import { checkOfflineOptions } from "../../src/cli/offline-options.js";
import type { ScanCommandOptions } from "../../src/cli/scan-run.js";
import { InputError } from "../../src/model/errors.js";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { startFakeAws } from "../support/fake-aws.js";
import { report, rootRow, userRow } from "../support/report-rows.js";

beforeAll(ensureBuilt, 120_000);

/** A sandbox with a report file and a fake endpoint that must see no request. */
async function setup(onTestFinished: (fn: () => Promise<void>) => void) {
  const dir = await tempDir(onTestFinished);
  const fake = await startFakeAws();
  onTestFinished(() => fake.close());
  await writeFile(join(dir, "report.csv"), report(rootRow(), userRow("alice")));
  await writeFile(join(dir, "snap.json"), "{}");
  const run = (args: readonly string[]) =>
    cli(dir, ["scan", ...args, "--no-history", "-o", "json"], { AWS_ENDPOINT_URL: fake.endpoint });
  return { run, calls: () => fake.requests.length };
}

describe("a file to judge offline with --org or --accounts", () => {
  it("--org --snapshot: exit 2 with one line saying why, no AWS call", async ({ onTestFinished }) => {
    const { run, calls } = await setup(onTestFinished);
    const result = await run(["--org", "--snapshot", "snap.json"]);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      2,
      "",
      "cloudpatrol: --snapshot judges the one account its file holds; drop --org / --accounts, or the file.\n",
    ]);
    expect(calls()).toBe(0);
  });

  it("--accounts --credential-report: the same refusal", async ({ onTestFinished }) => {
    const { run, calls } = await setup(onTestFinished);
    const result = await run(["--accounts", "111111111111", "--credential-report", "report.csv"]);
    expect([result.code, result.stderr]).toEqual([
      2,
      "cloudpatrol: --credential-report judges the one account its file holds; drop --org / --accounts, or the file.\n",
    ]);
    expect(calls()).toBe(0);
  });

  it("the library refuses snapshotPath with organization as it refuses credentialReportPath", async () => {
    const refused = await scan({ organization: true, snapshotPath: "/nonexistent/snap.json" }).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(InputError);
    expect((refused as Error).message).toBe(
      "a snapshot file holds one account; drop --org / --accounts, or the file.",
    );
  });
});

describe("live-only options with a file to judge offline", () => {
  it("--credential-report with --regions, --profile, --endpoint-url, --no-verify, --verify-max-users, --report-timeout: exit 2 naming them all", async ({
    onTestFinished,
  }) => {
    const { run, calls } = await setup(onTestFinished);
    const result = await run([
      "--credential-report",
      "report.csv",
      "--regions",
      "eu-west-1",
      "--profile",
      "prod",
      "--endpoint-url",
      "http://127.0.0.1:9",
      "--no-verify",
      "--verify-max-users",
      "5",
      "--report-timeout",
      "10",
    ]);
    expect([result.code, result.stdout, result.stderr]).toEqual([
      2,
      "",
      "cloudpatrol: --profile, --endpoint-url, --regions, --report-timeout, --no-verify, --verify-max-users have no effect with --credential-report, whose file is judged offline without calling AWS: drop them.\n",
    ]);
    expect(calls()).toBe(0);
  });

  it("--snapshot with --no-verify alone: named alone", async ({ onTestFinished }) => {
    const { run } = await setup(onTestFinished);
    const result = await run(["--snapshot", "snap.json", "--no-verify"]);
    expect([result.code, result.stderr]).toEqual([
      2,
      "cloudpatrol: --no-verify has no effect with --snapshot, whose file is judged offline without calling AWS: drop it.\n",
    ]);
  });

  it("kept: --region (the ASFF region) and the default values", async ({ onTestFinished }) => {
    const { run, calls } = await setup(onTestFinished);
    const plain = await run(["--credential-report", "report.csv", "--region", "eu-west-1"]);
    expect([plain.code, plain.stderr]).toEqual([3, ""]);
    expect(JSON.parse(plain.stdout).scan.source).toBe("credential-report-file");
    expect(calls()).toBe(0);
  });
});

describe("checkOfflineOptions", () => {
  const options = (extra: Partial<ScanCommandOptions>) => ({ ...extra }) as ScanCommandOptions;
  const given =
    (...keys: string[]) =>
    (key: string) =>
      keys.includes(key);
  it("--profile and --endpoint-url serve --send-to-security-hub offline: kept with it", () => {
    expect(() =>
      checkOfflineOptions(
        options({ credentialReport: "r.csv", sendToSecurityHub: true }),
        given("profile", "endpointUrl"),
      ),
    ).not.toThrow();
    expect(() => checkOfflineOptions(options({ credentialReport: "r.csv" }), given("profile"))).toThrow(
      "--profile has no effect with --credential-report, whose file is judged offline without calling AWS: drop it.",
    );
  });
  it("--regions narrows a snapshot's regions: kept with --snapshot; nothing refused for a live scan", () => {
    expect(() => checkOfflineOptions(options({ snapshot: "s.json" }), given("regions"))).not.toThrow();
    expect(() => checkOfflineOptions(options({}), given("regions", "verify", "profile"))).not.toThrow();
  });
});
