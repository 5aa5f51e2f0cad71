/**
 * `cloudpatrol remediate`, `undo` and `journal` as a user runs them: the built bin against the fake
 * endpoint, with a journal in a temporary state directory.
 *
 * Every child's output and every journal database file are kept (see `remediate-sandbox.ts`); the last
 * test greps them all for secrets.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Journal } from "../../src/remediation/journal.js";
import { openStateDatabase } from "../../src/store/database.js";
import { DATABASE_FILE } from "../../src/store/state-dir.js";
import {
  failFinding,
  findingsDocument,
  type Seeded,
  scenarioFindings,
  seedScenario,
  updateCalls,
} from "../remediation/fixtures.js";
import { ALL_OUTPUTS, ALL_STORED, ensureBuilt, type Sandbox, SECRET, sandbox } from "./remediate-sandbox.js";

beforeAll(ensureBuilt, 120_000);

async function setup(onTestFinished: (fn: () => Promise<void>) => void) {
  const box = await sandbox(onTestFinished);
  const seeded = seedScenario(box.fake);
  const from = await box.file("findings.json", JSON.stringify(findingsDocument(scenarioFindings(seeded))));
  return { box, seeded, from };
}

async function status(box: Sandbox, seeded: Seeded) {
  const { listAccessKeys } = await import("../../src/aws/iam-users.js");
  const { iamClient } = await import("../remediation/fixtures.js");
  const iam = iamClient(box.fake);
  const result: Record<string, string> = {};
  for (const user of ["alice", "bob", "carol"]) {
    for (const key of await listAccessKeys(iam, user)) result[key.accessKeyId] = key.status;
  }
  iam.destroy();
  for (const id of Object.values(seeded)) result[id] ??= "gone";
  return result;
}

/** `cloudpatrol journal --output json`. */
async function journalCli(box: Sandbox) {
  const run = await box.cli(["journal", "--output", "json"]);
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ReturnType<typeof journalJson>;
}

/** The same journal, read in-process (spawning a process is slow on a busy machine). */
function journalJson(box: Sandbox) {
  const db = openStateDatabase(join(box.stateDir, DATABASE_FILE));
  try {
    const journal = new Journal(db);
    return { runs: journal.runs(), entries: journal.entries() };
  } finally {
    db.close();
  }
}

describe("cloudpatrol remediate (plan only)", () => {
  it("scans live, prints the plan naming the older never-used key, the AWS CLI commands, and changes nothing", async ({
    onTestFinished,
  }) => {
    const { box, seeded } = await setup(onTestFinished);
    const run = await box.cli(["remediate", "--user", "alice"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Plan: deactivate 1 access key in account 123456789012 — plan only, nothing is changed",
    );
    expect(run.stdout).toMatch(/^ {2}alice +AKIAALICEOLDUNUSED01 +deactivate /m);
    expect(run.stdout).not.toContain(seeded.aliceNewUsed);
    expect(run.stdout).toContain(
      "  aws iam update-access-key --user-name alice --access-key-id AKIAALICEOLDUNUSED01 --status Inactive",
    );
    expect(run.stdout).toContain("Or in the IAM console: Users → the user → Security credentials");
    expect(run.stdout).toMatch(/^ {2}bob +AKIABOBUNUSED0000001 +not selected by --user$/m);
    expect(updateCalls(box.fake)).toEqual([]);
    // The scan runs only the remediated rule: its datasets (the report, the users re-read), nothing else.
    const reads = new Set([
      "GetCallerIdentity",
      "GenerateCredentialReport",
      "GetCredentialReport",
      "ListUsers",
      "GetLoginProfile",
      "ListAccessKeys",
      "GetAccessKeyLastUsed",
    ]);
    expect(Object.keys(box.fake.counts()).filter((action) => !reads.has(action))).toEqual([]);
    expect(box.fake.counts().GetCredentialReport).toBeGreaterThan(0);
    expect(await status(box, seeded)).toEqual({
      AKIAALICENEWUSED0001: "Active",
      AKIAALICEOLDUNUSED01: "Active",
      AKIABOBUNUSED0000001: "Active",
      AKIACAROLUNUSED00001: "Active",
    });
  });

  it("--from without --apply plans for the credentials' account: another account's findings are skipped, as --apply skips them", async ({
    onTestFinished,
  }) => {
    const { box, seeded } = await setup(onTestFinished);
    const mixed = await box.file(
      "mixed.json",
      JSON.stringify(
        findingsDocument([
          failFinding("alice", seeded.aliceOldUnused, { slot: 2 }),
          failFinding("bob", seeded.bobKey, { accountId: "999999999999" }),
        ]),
      ),
    );
    const run = await box.cli(["remediate", "--from", mixed]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toContain(
      "Plan: deactivate 1 access key in account 123456789012 — plan only, nothing is changed",
    );
    // Two accounts in the plan's tables: each row names its account.
    expect(run.stdout).toMatch(/^ {2}ACCOUNT +USER +ACCESS KEY ID +ACTION /m);
    expect(run.stdout).toMatch(/^ {2}123456789012 +alice +AKIAALICEOLDUNUSED01 +deactivate /m);
    expect(run.stdout).toMatch(
      /^ {2}999999999999 +bob +AKIABOBUNUSED0000001 +the finding is for account 999999999999, the credentials for 123456789012$/m,
    );
    expect(box.fake.requests.map((request) => request.action)).toEqual(["GetCallerIdentity"]);

    // Offline (nothing answers): the plan lists every account's findings, and says why.
    const offline = await box.cli(["remediate", "--from", mixed], { AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    expect(offline.code).toBe(0);
    expect(offline.stderr).toMatch(
      /^warning: could not identify the credentials' account \(.+\): the plan lists the findings of every account in the file, and pending journal entries are not reconciled; --apply acts on the credentials' account only\n$/,
    );
    expect(offline.stdout).toMatch(/^ {2}999999999999 +bob +AKIABOBUNUSED0000001 +deactivate /m);
    expect(offline.stdout).toMatch(/^ {2}123456789012 +alice +AKIAALICEOLDUNUSED01 +deactivate /m);
  });

  it("a scan or --from file that could not judge CIS 1.11 names the ERROR and exits 1, never 'Nothing to change' with 0", async ({
    onTestFinished,
  }) => {
    const { box } = await setup(onTestFinished);
    box.fake.fail("GenerateCredentialReport", { code: "AccessDenied" });
    const denied =
      "error: not judged, so the plan may miss keys: Could not judge account 123456789012: iam:GenerateCredentialReport failed in account 123456789012: AccessDenied: User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GenerateCredentialReport on resource: *. The caller lacks the IAM permission iam:GenerateCredentialReport.\n";
    const plan = await box.cli(["remediate"]);
    expect([plan.code, plan.stderr]).toEqual([1, denied]);
    expect(plan.stdout).toContain("Plan: deactivate 0 access keys in account 123456789012");
    const applied = await box.cli(["remediate", "--apply", "--yes"]);
    expect([applied.code, applied.stderr]).toEqual([1, denied]);
    expect(applied.stdout).toContain("Nothing to change.");
    // The same ERROR saved by a scan, read back with --from.
    const errorFinding = {
      ...failFinding("alice", undefined),
      status: "ERROR",
      statusExtended: "Could not judge account 123456789012: the credential report could not be read.",
    };
    const saved = await box.file("error.json", JSON.stringify(findingsDocument([errorFinding])));
    const fromFile = await box.cli(["remediate", "--from", saved]);
    expect([fromFile.code, fromFile.stderr]).toEqual([
      1,
      "error: not judged, so the plan may miss keys: Could not judge account 123456789012: the credential report could not be read.\n",
    ]);
  });

  it("--from names why it skips a Prowler rule id, a userArn of another user or account, and a lower-case key id", async ({
    onTestFinished,
  }) => {
    const { box, seeded } = await setup(onTestFinished);
    const alice = failFinding("alice", seeded.aliceOldUnused, { slot: 2 });
    const bob = failFinding("bob", seeded.bobKey);
    const mallory = { ...bob.evidence, userArn: "arn:aws:iam::999999999999:user/mallory" };
    const file = await box.file(
      "hand-made.json",
      JSON.stringify(
        findingsDocument([
          { ...alice, ruleId: "iam_user_no_setup_initial_access_key" },
          { ...bob, evidence: mallory },
          failFinding("carol", seeded.carolKey.toLowerCase()),
        ]),
      ),
    );
    const run = await box.cli(["remediate", "--from", file, "--output", "json"]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const plan = JSON.parse(run.stdout).plan as { actions: unknown[]; skipped: { code: string }[] };
    expect(plan.actions).toEqual([]);
    expect(plan.skipped.map((item) => item.code)).toEqual(["alias-rule-id", "user-mismatch", "not-iam-name"]);
    const text = await box.cli(["remediate", "--from", file]);
    expect(text.stdout).toMatch(
      /^ {2}bob +AKIABOBUNUSED0000001 +evidence\.userArn arn:aws:iam::999999999999:user\/mallory does not name user bob of account 123456789012 \(it names user mallory of account 999999999999\): not acted on$/m,
    );
    // An ERROR written with the Prowler id is no less unjudged: named, exit 1.
    const error = await box.file(
      "alias-error.json",
      JSON.stringify(
        findingsDocument([
          {
            ...alice,
            ruleId: "iam_user_no_setup_initial_access_key",
            status: "ERROR",
            statusExtended: "Could not judge account 123456789012.",
          },
        ]),
      ),
    );
    const unjudged = await box.cli(["remediate", "--from", error]);
    expect([unjudged.code, unjudged.stderr]).toEqual([
      1,
      "error: not judged, so the plan may miss keys: Could not judge account 123456789012.\n",
    ]);
    expect(updateCalls(box.fake)).toEqual([]);
  });

  it("rejects a bad --from file with exit 2", async ({ onTestFinished }) => {
    const { box } = await setup(onTestFinished);
    const bad = await box.file("bad.json", JSON.stringify({ schemaVersion: 1, findings: [{ uid: 1 }] }));
    const run = await box.cli(["remediate", "--from", bad]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `cloudpatrol: --from ${bad} is not the JSON output of cloudpatrol scan: findings.0.uid: Invalid input: expected string, received number\n`,
    );
    // A status no scan writes (lower case) is refused, not ignored as "no FAIL, no ERROR".
    const odd = await box.file(
      "odd.json",
      JSON.stringify(findingsDocument([{ ...failFinding("alice", undefined), status: "error" }])),
    );
    const oddRun = await box.cli(["remediate", "--from", odd]);
    expect([oddRun.code, oddRun.stderr]).toEqual([
      2,
      `cloudpatrol: --from ${odd} is not the JSON output of cloudpatrol scan: findings.0.status: Invalid option: expected one of "PASS"|"FAIL"|"MANUAL"|"ERROR"\n`,
    ]);
  });
});

describe("cloudpatrol remediate --apply", () => {
  it("refuses without a TTY and without --yes, before any AWS call", async ({ onTestFinished }) => {
    const { box, from } = await setup(onTestFinished);
    const run = await box.cli(["remediate", "--from", from, "--apply"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      "cloudpatrol: refusing to deactivate access keys without a terminal to confirm on; pass --yes to confirm in advance (CI)\n",
    );
    expect(box.fake.requests).toEqual([]);
  });

  it("refuses a plan larger than --max-changes, changing nothing", async ({ onTestFinished }) => {
    const { box, from } = await setup(onTestFinished);
    const run = await box.cli(["remediate", "--from", from, "--apply", "--yes", "--max-changes", "2"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("Plan: deactivate 3 access keys in account 123456789012");
    expect(run.stderr).toContain(
      "cloudpatrol: the plan has 3 changes, more than --max-changes 2; nothing was changed.",
    );
    expect(updateCalls(box.fake)).toEqual([]);
  });

  it("AccessDenied for one user: journaled as failed, the others go on, exit 1, the summary says what failed", async ({
    onTestFinished,
  }) => {
    const { box, from, seeded } = await setup(onTestFinished);
    box.fake.fail("UpdateAccessKey", { code: "AccessDenied", times: 1 });
    const run = await box.cli(["remediate", "--from", from, "--apply", "--yes", "--debug"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Run r\d{8}T\d{6}Z-[0-9a-f]{6}: 2 succeeded, 0 skipped, 1 failed/);
    expect(run.stdout).toContain(
      "FAILED: deactivate AKIAALICEOLDUNUSED01 of alice: iam:UpdateAccessKey failed in account 123456789012: AccessDenied:",
    );
    expect(run.stdout).toContain("The caller lacks the IAM permission iam:UpdateAccessKey.");
    expect(await status(box, seeded)).toEqual({
      AKIAALICENEWUSED0001: "Active",
      AKIAALICEOLDUNUSED01: "Active",
      AKIABOBUNUSED0000001: "Inactive",
      AKIACAROLUNUSED00001: "Inactive",
    });
    const journal = await journalCli(box);
    expect(journal.entries.map((e) => `${e.accessKeyId} ${e.action} ${e.outcome}`)).toEqual([
      "AKIAALICEOLDUNUSED01 deactivate failed",
      "AKIABOBUNUSED0000001 deactivate succeeded",
      "AKIACAROLUNUSED00001 deactivate succeeded",
    ]);
    expect(journal.entries[0]?.error).toMatch(/AccessDenied/);
  });

  it("a key used between the scan and --apply is skipped with the reason; nothing else changes", async ({
    onTestFinished,
  }) => {
    const { box, from, seeded } = await setup(onTestFinished);
    box.fake.markAccessKeyUsed(seeded.bobKey, {
      date: "2024-06-30T10:00:00Z",
      serviceName: "ec2",
      region: "eu-west-1",
    });
    const run = await box.cli(["remediate", "--from", from, "--apply", "--yes", "--user", "bob"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("0 succeeded, 1 skipped, 0 failed");
    expect(run.stdout).toContain(
      "skipped  the key was used since the scan, last at 2024-06-30T10:00:00Z (ec2, eu-west-1): it is in use",
    );
    expect(updateCalls(box.fake)).toEqual([]);
    expect((await status(box, seeded)).AKIABOBUNUSED0000001).toBe("Active");
  });

  it("SIGKILL between intent and outcome: the next run reports the pending entry, reconciles it, applies nothing twice", async ({
    onTestFinished,
  }) => {
    const { box, from, seeded } = await setup(onTestFinished);
    box.fake.setLatency(300);
    const { child, done } = box.start(["remediate", "--from", from, "--apply", "--yes", "--user", "alice"]);
    // The intent is journaled before the call is sent; the fake records the call, applies it, and then
    // holds the response for 300 ms: kill the process in that window.
    const deadline = Date.now() + 10_000;
    while (!box.fake.requests.some((r) => r.action === "UpdateAccessKey") && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill("SIGKILL");
    const killed = await done;
    expect(killed.signal).toBe("SIGKILL");
    box.fake.setLatency(0);
    const before = journalJson(box);
    expect(before.entries.map((e) => `${e.accessKeyId} ${e.outcome}`)).toEqual(["AKIAALICEOLDUNUSED01 null"]);
    expect(before.runs[0]?.finishedAt).toBeNull();
    const listed = await box.cli(["journal"]);
    expect(listed.stdout).toMatch(/AKIAALICEOLDUNUSED01 +deactivate +Active +PENDING/);

    const next = await box.cli(["remediate", "--from", from, "--apply", "--yes", "--user", "alice"]);
    expect(next.code).toBe(0);
    expect(next.stderr).toContain("warning: 1 pending journal entry found; reconciling from AWS");
    expect(next.stdout).toContain("Found 1 pending journal entry");
    expect(next.stdout).toMatch(
      /AKIAALICEOLDUNUSED01 +deactivate +succeeded +reconciled: the key is Inactive; the deactivate took effect/,
    );
    expect(next.stdout).toContain("0 succeeded, 1 skipped, 0 failed");
    expect(next.stdout).toContain("the key is already Inactive");
    expect(updateCalls(box.fake)).toEqual(["AKIAALICEOLDUNUSED01→Inactive"]);
    expect(await status(box, seeded)).toMatchObject({
      AKIAALICEOLDUNUSED01: "Inactive",
      AKIAALICENEWUSED0001: "Active",
    });
    const after = journalJson(box);
    expect(after.entries.map((e) => `${e.accessKeyId} ${e.outcome}`)).toEqual([
      "AKIAALICEOLDUNUSED01 succeeded",
      "AKIAALICEOLDUNUSED01 skipped",
    ]);
  }, 20_000);
});

describe("cloudpatrol undo and remediate --delete", () => {
  it("undo restores exactly the keys the run deactivated; a second undo changes nothing", async ({
    onTestFinished,
  }) => {
    const { box, seeded } = await setup(onTestFinished);
    box.fake.setAccessKeyStatus(seeded.aliceNewUsed, "Inactive");
    const from = await box.file(
      "two.json",
      JSON.stringify(
        findingsDocument([
          failFinding("alice", seeded.aliceOldUnused, { slot: 2 }),
          failFinding("bob", seeded.bobKey),
        ]),
      ),
    );
    const applied = await box.cli(["remediate", "--from", from, "--apply", "--yes", "--output", "json"]);
    expect(applied.code).toBe(0);
    const runId = (JSON.parse(applied.stdout) as { run: { runId: string } }).run.runId;
    // The tests' stdin is no terminal: the dry run's plan says undo needs --yes there.
    const dryRun = await box.cli(["undo", runId, "--dry-run"]);
    expect([dryRun.code, dryRun.stderr, dryRun.stdout.split("\n")[0]]).toEqual([
      0,
      "",
      "Plan: reactivate 2 access keys in account 123456789012 — plan only, nothing is changed (run it without --dry-run and with --yes to make these changes; no terminal to confirm on)",
    ]);
    box.fake.resetCounts();
    const undo = await box.cli(["undo", runId, "--yes", "--verbose"]);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain("Plan: reactivate 2 access keys in account 123456789012");
    expect(undo.stdout).toContain("2 succeeded, 0 skipped, 0 failed");
    expect(updateCalls(box.fake)).toEqual(["AKIAALICEOLDUNUSED01→Active", "AKIABOBUNUSED0000001→Active"]);
    expect(await status(box, seeded)).toEqual({
      AKIAALICENEWUSED0001: "Inactive",
      AKIAALICEOLDUNUSED01: "Active",
      AKIABOBUNUSED0000001: "Active",
      AKIACAROLUNUSED00001: "Active",
    });
    box.fake.resetCounts();
    const again = await box.cli(["undo", runId, "--yes"]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Plan: reactivate 0 access keys");
    expect(again.stdout).toContain("already reactivated by run");
    expect(again.stdout).toContain("Nothing to change.");
    expect(updateCalls(box.fake)).toEqual([]);
    const unknown = await box.cli(["undo", "r-unknown", "--yes"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('cloudpatrol: no run "r-unknown" in the journal (see cloudpatrol journal)\n');
  });

  it("--delete refuses keys deactivated less than the quarantine ago and deletes them after (fake clock)", async ({
    onTestFinished,
  }) => {
    const { box, seeded } = await setup(onTestFinished);
    const from = await box.file(
      "bob.json",
      JSON.stringify(findingsDocument([failFinding("bob", seeded.bobKey)])),
    );
    const at = (iso: string) => ({ CLOUDPATROL_NOW: iso });
    const applied = await box.cli(
      ["remediate", "--from", from, "--apply", "--yes"],
      at("2024-07-01T12:00:00Z"),
    );
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain("warning: CLOUDPATROL_NOW is set");

    const early = await box.cli(["remediate", "--delete", "--apply", "--yes"], at("2024-07-08T11:59:59Z"));
    expect(early.code).toBe(0);
    expect(early.stdout).toContain("Plan: delete 0 access keys in account 123456789012");
    expect(early.stdout).toContain("Deletion cannot be undone");
    expect(early.stdout).toMatch(
      /bob +AKIABOBUNUSED0000001 +deactivated by run r20240701T120000Z-[0-9a-f]{6} at 2024-07-01T12:00:00.000Z \(6 days ago\): in quarantine until 2024-07-08T12:00:00.000Z \(--quarantine-days 7\)/,
    );
    expect(box.fake.counts().DeleteAccessKey).toBeUndefined();

    const plan = await box.cli(["remediate", "--delete"], at("2024-07-08T12:00:00Z"));
    expect(plan.stdout).toContain(
      "  aws iam delete-access-key --user-name bob --access-key-id AKIABOBUNUSED0000001",
    );
    expect(box.fake.counts().DeleteAccessKey).toBeUndefined();

    const due = await box.cli(["remediate", "--delete", "--apply", "--yes"], at("2024-07-08T12:00:00Z"));
    expect(due.code).toBe(0);
    expect(due.stdout).toContain("WARNING: Deletion cannot be undone");
    expect(due.stdout).toContain("1 succeeded, 0 skipped, 0 failed");
    expect(box.fake.counts().DeleteAccessKey).toBe(1);
    expect((await status(box, seeded)).AKIABOBUNUSED0000001).toBe("gone");
    expect(due.stdout).not.toContain("Undo with");
  });
});

describe("secrets", () => {
  it("no command printed or stored a secret access key (every output and journal of this file)", async () => {
    expect(ALL_OUTPUTS.length).toBeGreaterThanOrEqual(30);
    expect(ALL_STORED.length).toBeGreaterThanOrEqual(6);
    // A secret access key is 40 characters of base64; nothing we print or store looks like one.
    const secretLike = /(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/;
    for (const text of [...ALL_OUTPUTS, ...ALL_STORED]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toMatch(secretLike);
    }
  });
});
