/**
 * `scan --framework cis_v150` against the local endpoint, an account failing twelve requirements: the
 * compliance view with exact counts. The endpoint serves IAM and STS only, so the per-region rules
 * (1.18, 1.20) can read no region and report ERROR, which makes the exit code 1.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

beforeAll(ensureBuilt, 120_000);

const DAY = 86_400_000;
let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
  // Root: an access key (1.4), no MFA (1.5, 1.6), password used yesterday (1.7). No password policy (1.8, 1.9).
  fake.setRoot({
    passwordLastUsed: new Date(Date.now() - DAY),
    accessKeys: [{ createDate: "2021-01-01T00:00:00Z" }],
  });
  // alice: console password without MFA (1.10) never used since 2024 (1.12), a key made at setup and never
  // used (1.11, 1.12), a second active key (1.13), both keys older than 90 days (1.14); key 2 used 5 days ago.
  fake.addUser({
    userName: "alice",
    createDate: "2024-01-10T09:00:00Z",
    loginProfile: { createDate: "2024-01-10T09:00:01Z" },
    accessKeys: [
      { accessKeyId: "AKIAALICE00000000001", createDate: "2024-01-10T09:00:01Z" },
      {
        accessKeyId: "AKIAALICE00000000002",
        createDate: "2024-02-10T09:00:01Z",
        lastUsed: { date: new Date(Date.now() - 5 * DAY), serviceName: "s3", region: "us-east-1" },
      },
    ],
  });
});
afterEach(async () => {
  await fake.close();
});

describe("scan --framework cis_v150, live", () => {
  it("prints the compliance view with twelve failing requirements", async ({ onTestFinished }) => {
    const dir = await tempDir(onTestFinished);
    const run = await cli(dir, ["scan", "--framework", "cis_v150", "--no-history"], {
      AWS_ENDPOINT_URL: fake.endpoint,
      CLOUDPATROL_REPORT_POLL_MS: "1",
    });
    expect(run.code).toBe(1);
    const view = run.stdout.slice(run.stdout.indexOf("Compliance with"));
    expect(view.split("\n").map((line) => line.slice(0, 53))).toEqual([
      "Compliance with CIS AWS Foundations Benchmark v1.5.0 ",
      "Req   Level  Assessment  PASS  FAIL  MANUAL  ERROR  R",
      "1.1   L1     Manual         0     0       1      0  M",
      "1.2   L1     Manual         0     0       1      0  M",
      "1.3   L1     Manual         0     0       1      0  M",
      "1.4   L1     Automated      0     1       0      0  F",
      "1.5   L1     Automated      0     1       0      0  F",
      "1.6   L2     Automated      0     1       0      0  F",
      "1.7   L1     Automated      0     1       0      0  F",
      "1.8   L1     Automated      0     1       0      0  F",
      "1.9   L1     Automated      0     1       0      0  F",
      "1.10  L1     Automated      0     1       0      0  F",
      "1.11  L1     Automated      0     1       0      0  F",
      "1.12  L1     Automated      1     2       0      0  F",
      "1.13  L1     Automated      0     1       0      0  F",
      "1.14  L1     Automated      0     2       0      0  F",
      "1.15  L1     Automated      1     0       0      0  P",
      "1.16  L1     Automated      0     0       0      0  -",
      "1.17  L1     Automated      0     1       0      0  F",
      "1.18  L2     Manual         0     0       0      1  E",
      "1.19  L1     Automated      1     0       0      0  P",
      "1.20  L1     Automated      0     0       0      1  E",
      "1.21  L2     Manual         0     0       1      0  M",
      "21 requirements: 2 PASS, 12 FAIL, 4 MANUAL, 2 ERROR, ",
      "",
      "23 findings: 14 FAIL, 2 ERROR, 4 MANUAL, 3 PASS",
      "",
    ]);
    expect(view).toContain("21 requirements: 2 PASS, 12 FAIL, 4 MANUAL, 2 ERROR, 1 without findings.\n");
  });
});
