/**
 * A multi-account scan of the BUILT bin keeps its findings in a spool file (src/cli/finding-spool.ts),
 * not in memory, and reads them back for the mutelist, the history and every report. Its reports must
 * be exactly what the same result renders from memory: the test renders the scan's own JSON document
 * (every finding, in order) in each format with the library and compares the files byte for byte. The
 * Organization is the fake of test/support/fake-org.ts with every service a default scan reads; one
 * member refuses the role (ERROR findings), a mutelist mutes one account's findings of one rule and
 * holds an expired entry, and the history gives a second run `firstSeen` from the first.
 */
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ScanResult } from "../../src/app/scan.js";
import { summarize } from "../../src/engine/summary.js";
import type { Finding } from "../../src/model/finding.js";
import { asffFindings } from "../../src/report/asff.js";
import { EXTENSIONS, OUTPUT_FORMATS, type OutputFormat, render } from "../../src/report/index.js";
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { setupKeyUser } from "../support/fake-aws.js";
import { type FakeOrg, startFakeOrg } from "../support/fake-org.js";
import { startFakeSecurityHub } from "../support/fake-securityhub.js";

const MEMBERS = ["222222222222", "333333333333", "444444444444", "555555555555"];
const DENIED = "444444444444";
const MUTED_ACCOUNT = "333333333333";
const MUTED_RULE = "iam_user_no_access_key_at_setup";

beforeAll(ensureBuilt, 120_000);

let org: FakeOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

const MUTELIST = [
  "Mutelist:",
  "  Accounts:",
  `    "${MUTED_ACCOUNT}":`,
  "      Checks:",
  `        ${MUTED_RULE}:`,
  '          Regions: ["*"]',
  '          Resources: ["*"]',
  "          Reason: rotated by the platform team",
  "          Owner: platform@example.com",
  '    "*":',
  "      Checks:",
  "        iam_root_mfa_enabled:",
  '          Regions: ["*"]',
  '          Resources: ["*"]',
  "          Reason: expired acceptance",
  "          Expires: 2020-01-01",
  "",
].join("\n");

/** Every report file of a run in out/, by format. */
async function reportsOf(dir: string): Promise<Map<OutputFormat, string>> {
  const files = await readdir(join(dir, "out"));
  const byFormat = new Map<OutputFormat, string>();
  for (const format of OUTPUT_FORMATS) {
    const name = files.find(
      (file) => /^cloudpatrol-multi-\d{8}T\d{6}Z\.(.+)$/.exec(file)?.[1] === EXTENSIONS[format],
    );
    if (name === undefined) throw new Error(`no ${format} report in ${files.join(", ")}`);
    byFormat.set(format, await readFile(join(dir, "out", name), "utf8"));
  }
  return byFormat;
}

describe("cloudpatrol scan --accounts (findings spooled to disk)", () => {
  it("writes every format exactly as the result renders from memory, muted and with firstSeen, and leaves no spool file", async ({
    onTestFinished,
  }) => {
    org = await startFakeOrg({ members: MEMBERS.map((id) => ({ id })), regional: true });
    for (const [n, id] of MEMBERS.entries()) {
      for (let user = 0; user <= n; user++) org.account(id).addUser(setupKeyUser(`user-${user}`));
    }
    org.denyAssumeRole(DENIED);
    const dir = await tempDir(onTestFinished);
    await writeFile(join(dir, "mutelist.yaml"), MUTELIST);
    const spoolDir = join(dir, "tmp");
    await mkdir(spoolDir);
    const args = [
      "scan",
      "--accounts",
      MEMBERS.join(","),
      "--concurrency",
      "4",
      "--framework",
      "cis_v500",
      "--mutelist",
      "mutelist.yaml",
      "--output",
      OUTPUT_FORMATS.join(","),
      "--output-dir",
      "out",
      "--state-dir",
      "state",
    ];
    const env = { AWS_ENDPOINT_URL: org.endpoint, CLOUDPATROL_REPORT_POLL_MS: "5", TMPDIR: spoolDir };

    const first = await cli(dir, args, env);
    expect(first.stderr).toContain(`account ${DENIED}`);
    expect(first.code).toBe(1); // the denied account's ERROR findings
    const reports = await reportsOf(dir);
    const result = JSON.parse(reports.get("json") ?? "") as ScanResult;
    expect(await readdir(spoolDir)).toEqual([]);

    // The findings: every account's, in the listed order, muted as the mutelist says, first seen now.
    const accountsInOrder = [...new Set(result.findings.map((finding) => finding.accountId))];
    expect(accountsInOrder).toEqual(MEMBERS);
    expect(result.scan.accounts.map((account) => account.accountId)).toEqual(MEMBERS);
    const muted = result.findings.filter((finding) => finding.muted);
    // The keys of user-0 and user-1 of the muted account (the fake numbers keys in its own order).
    expect(muted.map((finding) => `${finding.accountId} ${finding.ruleId} ${finding.resourceName}`)).toEqual([
      `${MUTED_ACCOUNT} ${MUTED_RULE} AKIAFAKE000000000001`,
      `${MUTED_ACCOUNT} ${MUTED_RULE} AKIAFAKE000000000002`,
    ]);
    expect(muted[0]?.mute).toEqual({
      reason: "rotated by the platform team",
      owner: "platform@example.com",
      expires: null,
      entry: `${MUTED_ACCOUNT}/${MUTED_RULE}`,
    });
    expect(result.findings.every((finding) => finding.firstSeen === result.scan.startedAt)).toBe(true);
    expect(result.summary).toEqual(summarize(result.findings));
    expect(result.summary.muted).toBe(2);
    expect(result.summary.ERROR).toBeGreaterThan(0);
    expect(result.warnings.some((warning) => warning.includes("expired on 2020-01-01"))).toBe(true);
    // The denied account: one ERROR per rule, then the same MANUAL findings as a scanned account (the
    // requirements of v5.0.0 no rule decides).
    const denied = result.findings.filter((finding) => finding.accountId === DENIED);
    const manualOf = (accountId: string) =>
      result.findings
        .filter((finding) => finding.accountId === accountId && finding.ruleId.startsWith("manual_"))
        .map((finding) => finding.ruleId);
    expect(manualOf(DENIED)).toHaveLength(2);
    expect(manualOf(DENIED)).toEqual(manualOf(MUTED_ACCOUNT));
    expect(denied.map((f) => f.status)).toEqual([
      ...denied.slice(0, -2).map(() => "ERROR"),
      "MANUAL",
      "MANUAL",
    ]);

    // Every other format: byte for byte what the same result renders from memory.
    const options = { color: false, region: "us-east-1", framework: "cis_v500" };
    for (const format of OUTPUT_FORMATS) {
      expect(reports.get(format), format).toBe(render(result, format, options));
    }

    // A second run: unchanged findings were first seen by the first run.
    await rm(join(dir, "out"), { recursive: true });
    const second = await cli(dir, args, env);
    expect(second.code).toBe(1);
    const again = JSON.parse((await reportsOf(dir)).get("json") ?? "") as ScanResult;
    const keyOf = (finding: Finding) => finding.uid;
    const firstStatus = new Map(result.findings.map((finding) => [keyOf(finding), finding.status]));
    const carried = again.findings.filter((finding) => firstStatus.get(keyOf(finding)) === finding.status);
    expect(carried.length).toBeGreaterThan(0);
    // The denied account judged nothing in either run: its ERROR streak goes on; so does every other's.
    expect(carried.every((finding) => finding.firstSeen === result.scan.startedAt)).toBe(true);
    expect(again.scan.startedAt).not.toBe(result.scan.startedAt);
    expect(await readdir(spoolDir)).toEqual([]);
  }, 120_000);

  it("--send-to-security-hub --only-failed sends the spooled FAIL findings as they are read, each account's with its own credentials, exactly as from memory", async ({
    onTestFinished,
  }) => {
    const members = ["222222222222", "333333333333"];
    const fake = await startFakeOrg({ members: members.map((id) => ({ id })) });
    org = fake;
    for (const id of members)
      for (let user = 0; user < 130; user++)
        fake.account(id).addUser({
          userName: `user-${String(user).padStart(3, "0")}`,
          createDate: "2024-01-02T03:04:05Z",
          loginProfile: { createDate: "2024-01-02T03:04:05Z" },
          // Every other user has a key made at setup (FAIL); the others have none (PASS).
          ...(user % 2 === 0 ? { accessKeys: [{ createDate: "2024-01-02T03:04:10Z" }] } : {}),
        });
    // The hub checks the caller as AWS does: a finding goes in only from its own account.
    const hub = await startFakeSecurityHub({ accountOf: (key) => fake.accountOfAccessKey(key) });
    onTestFinished(() => hub.close());
    const dir = await tempDir(onTestFinished);
    const run = await cli(
      dir,
      [
        "scan",
        "--accounts",
        members.join(","),
        "--rule",
        MUTED_RULE,
        "--send-to-security-hub",
        "--only-failed",
        "--output",
        "json",
        "--no-history",
        "--quiet",
      ],
      {
        AWS_ENDPOINT_URL: fake.endpoint,
        AWS_ENDPOINT_URL_SECURITYHUB: hub.endpoint,
        CLOUDPATROL_REPORT_POLL_MS: "5",
      },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout) as ScanResult;
    expect(result.summary).toEqual({ PASS: 130, FAIL: 130, MANUAL: 0, ERROR: 0, muted: 0, total: 260 });
    // One account per call, each sent with that account's assumed-role credentials (one more AssumeRole
    // per account after the scan's).
    expect(hub.batches).toEqual([65, 65]);
    expect(hub.callers).toEqual(members);
    expect(fake.counts()["sts:AssumeRole"]).toBe(4);
    const expected = asffFindings(result, { region: "us-east-1", onlyFailed: true });
    expect(expected.length).toBe(130);
    expect([...hub.findings.values()]).toEqual(expected);
  }, 60_000);

  it("decides the exit code from the spooled findings' statuses, severities and mutes: 3, 0 when every FAIL is muted or below --fail-on", async ({
    onTestFinished,
  }) => {
    const members = ["222222222222", "333333333333"];
    org = await startFakeOrg({ members: members.map((id) => ({ id })) });
    for (const id of members) org.account(id).addUser(setupKeyUser("user-0"));
    const dir = await tempDir(onTestFinished);
    const muting = (accounts: string[]) =>
      [
        "Mutelist:",
        "  Accounts:",
        ...accounts.flatMap((account) => [
          `    "${account}":`,
          "      Checks:",
          `        ${MUTED_RULE}:`,
          '          Resources: ["*"]',
          "          Reason: accepted",
        ]),
        "",
      ].join("\n");
    await writeFile(join(dir, "one.yaml"), muting([members[0] as string]));
    await writeFile(join(dir, "both.yaml"), muting(members));
    const env = { AWS_ENDPOINT_URL: org.endpoint, CLOUDPATROL_REPORT_POLL_MS: "5" };
    const run = (...extra: string[]) =>
      cli(
        dir,
        [
          "scan",
          "--accounts",
          members.join(","),
          "--rule",
          MUTED_RULE,
          "--no-history",
          "-q",
          "--output",
          "json",
          ...extra,
        ],
        env,
      );
    const plain = await run();
    expect(plain.stderr).toBe("");
    expect((JSON.parse(plain.stdout) as ScanResult).summary).toEqual({
      PASS: 0,
      FAIL: 2,
      MANUAL: 0,
      ERROR: 0,
      muted: 0,
      total: 2,
    });
    expect(plain.code).toBe(3);
    expect((await run("--mutelist", "one.yaml")).code).toBe(3);
    const both = await run("--mutelist", "both.yaml");
    expect((JSON.parse(both.stdout) as ScanResult).summary.muted).toBe(2);
    expect(both.code).toBe(0);
    // The rule's FAILs are medium: below --fail-on high, at --fail-on medium.
    expect((await run("--fail-on", "high")).code).toBe(0);
    expect((await run("--fail-on", "medium")).code).toBe(3);
  }, 60_000);
});
