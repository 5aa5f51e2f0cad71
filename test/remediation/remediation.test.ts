/**
 * Plan → apply → journal → undo → delete through the library, with the real SDK against the local
 * endpoint and an in-memory journal on an injected clock.
 */
import type { IAMClient } from "@aws-sdk/client-iam";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../src/app/scan.js";
import { applyActions } from "../../src/remediation/apply.js";
import { planDeletion } from "../../src/remediation/delete.js";
import { Journal } from "../../src/remediation/journal.js";
import { planDeactivation } from "../../src/remediation/plan.js";
import { reconcilePending } from "../../src/remediation/reconcile.js";
import { planUndo } from "../../src/remediation/undo.js";
import { openStateDatabase, type StateDatabase } from "../../src/store/database.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";
import {
  ACCOUNT,
  CREDENTIALS,
  failFinding,
  iamClient,
  type Seeded,
  scenarioFindings,
  seedScenario,
  updateCalls,
} from "./fixtures.js";

let fake: FakeAws;
let iam: IAMClient;
let db: StateDatabase;
let journal: Journal;
let seeded: Seeded;
let clock: Date;

beforeEach(async () => {
  fake = await startFakeAws();
  iam = iamClient(fake);
  db = openStateDatabase(":memory:");
  clock = new Date("2024-07-01T12:00:00Z");
  journal = new Journal(db, () => new Date(clock.getTime()), "test");
  seeded = seedScenario(fake);
});
afterEach(async () => {
  iam.destroy();
  db.close();
  await fake.close();
});

async function keyStatus(accessKeyId: string, userName: string): Promise<string> {
  const { listAccessKeys } = await import("../../src/aws/iam-users.js");
  const keys = await listAccessKeys(iam, userName);
  return keys.find((key) => key.accessKeyId === accessKeyId)?.status ?? "gone";
}

async function deactivateRun(findings = scenarioFindings(seeded)) {
  const plan = planDeactivation(findings, { accountId: ACCOUNT });
  const runId = journal.startRun("deactivate", ACCOUNT);
  const results = await applyActions(plan.actions, { iam, accountId: ACCOUNT, journal, runId });
  journal.finishRun(runId);
  return { plan, runId, results };
}

describe("planDeactivation", () => {
  it("plans one deactivate per failing key by exact id and lists the rest as skipped with reasons", () => {
    const plan = planDeactivation(
      [
        failFinding("carol", seeded.carolKey),
        failFinding("alice", seeded.aliceOldUnused, { slot: 2 }),
        failFinding("bob", seeded.bobKey, { muted: true }),
        failFinding("dave", undefined, { slot: 1 }),
        failFinding("erin", "AKIAERIN000000000001"),
        failFinding("frank", "AKIAFRANK00000000001"),
        failFinding("grace", "AKIAGRACE00000000001", { accountId: "999999999999" }),
      ],
      { accountId: ACCOUNT, excludeUsers: ["ERIN"], users: [] },
    );
    expect(plan.actions.map((a) => `${a.action} ${a.userName} ${a.accessKeyId}`)).toEqual([
      "deactivate alice AKIAALICEOLDUNUSED01",
      "deactivate carol AKIACAROLUNUSED00001",
      "deactivate frank AKIAFRANK00000000001",
    ]);
    expect(plan.skipped.map((s) => `${s.userName}: ${s.code}: ${s.reason}`)).toEqual([
      "bob: muted: the finding is muted",
      "dave: no-key-id: no exact access key id for report slot 1 (offline report, or no unique match)",
      "erin: excluded-user: excluded by --exclude-user",
      "grace: other-account: the finding is for account 999999999999, the credentials for 123456789012",
    ]);
    // A findings file (remediate --from) can name what IAM cannot have: skipped, never planned (by user).
    const odd = planDeactivation(
      [
        failFinding("bidi\u202egnp.exe", "AKIAODD0000000000001"),
        failFinding("x".repeat(65), "AKIAODD0000000000002"),
        failFinding("heidi", "AKIA; rm -rf ~ #0001"),
        failFinding("ivan", "AKIASHORT"),
      ],
      { accountId: ACCOUNT },
    );
    expect(odd.actions).toEqual([]);
    expect(odd.skipped.map((s) => `${s.code} ${s.accessKeyId}: ${s.reason.split(" (")[0]}`)).toEqual([
      "not-iam-name AKIAODD0000000000001: the finding names a user name IAM cannot have",
      "not-iam-name AKIA; rm -rf ~ #0001: the finding names a key id IAM cannot have",
      "not-iam-name AKIASHORT: the finding names a key id IAM cannot have",
      "not-iam-name AKIAODD0000000000002: the finding names a user name IAM cannot have",
    ]);
    const only = planDeactivation(scenarioFindings(seeded), { users: ["Bob"] });
    expect(only.actions.map((a) => a.userName)).toEqual(["bob"]);
    expect(only.skipped.map((s) => `${s.userName} ${s.code}`)).toEqual([
      "alice filtered-user",
      "carol filtered-user",
    ]);
  });
});

describe("planDeactivation of a findings file that disagrees with itself or with IAM", () => {
  const arnOf = (account: string, user: string) => `arn:aws:iam::${account}:user/${user}`;
  const withEvidence = (finding: ReturnType<typeof failFinding>, evidence: Record<string, unknown>) => ({
    ...finding,
    evidence: { ...finding.evidence, ...evidence },
  });

  it("a ruleId written as the rule's Prowler alias is skipped with its reason, never silently ignored", () => {
    const plan = planDeactivation(
      [{ ...failFinding("bob", seeded.bobKey), ruleId: "iam_user_no_setup_initial_access_key" }],
      { accountId: ACCOUNT },
    );
    expect(plan.actions).toEqual([]);
    expect(plan.skipped.map((s) => `${s.userName} ${s.accessKeyId} ${s.code}: ${s.reason}`)).toEqual([
      "bob AKIABOBUNUSED0000001 alias-rule-id: the finding's ruleId iam_user_no_setup_initial_access_key is Prowler's id of iam_user_no_access_key_at_setup, which cloudpatrol scan never writes (a converted or edited file): not acted on",
    ]);
    // Another rule's findings stay out of the plan, as before.
    expect(
      planDeactivation([{ ...failFinding("bob", seeded.bobKey), ruleId: "iam_root_mfa_enabled" }]),
    ).toEqual({ kind: "deactivate", actions: [], skipped: [] });
  });

  it("evidence.userArn or resourceArn naming another user or account: skipped as user-mismatch naming both", () => {
    const plan = planDeactivation(
      [
        withEvidence(failFinding("alice", seeded.aliceOldUnused), { userArn: arnOf(ACCOUNT, "mallory") }),
        withEvidence(failFinding("bob", seeded.bobKey), { userArn: arnOf("999999999999", "bob") }),
        { ...failFinding("carol", seeded.carolKey), resourceArn: arnOf(ACCOUNT, "trent") },
        withEvidence(failFinding("dave", "AKIADAVE000000000001"), { userArn: 42 }),
        withEvidence(failFinding("erin", "AKIAERIN000000000001"), { userArn: arnOf(ACCOUNT, "dev/erin") }),
      ],
      { accountId: ACCOUNT },
    );
    // A user's path is part of the ARN, not of the name: erin under /dev/ is erin.
    expect(plan.actions.map((a) => `${a.userName} ${a.accessKeyId}`)).toEqual(["erin AKIAERIN000000000001"]);
    expect(plan.skipped.map((s) => `${s.userName} ${s.code}: ${s.reason}`)).toEqual([
      "alice user-mismatch: evidence.userArn arn:aws:iam::123456789012:user/mallory does not name user alice of account 123456789012 (it names user mallory of account 123456789012): not acted on",
      "bob user-mismatch: evidence.userArn arn:aws:iam::999999999999:user/bob does not name user bob of account 123456789012 (it names user bob of account 999999999999): not acted on",
      "carol user-mismatch: resourceArn arn:aws:iam::123456789012:user/trent does not name user carol of account 123456789012 (it names user trent of account 123456789012): not acted on",
      "dave user-mismatch: evidence.userArn 42 does not name user dave of account 123456789012 (not an IAM user ARN): not acted on",
    ]);
  });

  it("a lower-case (or not AKIA/ASIA) access key id is not-iam-name, never planned", () => {
    const plan = planDeactivation(
      [
        failFinding("bob", seeded.bobKey.toLowerCase()),
        failFinding("carol", "AkiaCAROLUNUSED00001"),
        failFinding("dave", "AIDADAVE000000000001"),
        failFinding("erin", "AKIA_ERIN_000000001"),
        failFinding("frank", "ASIAFRANK00000000001"),
      ],
      { accountId: ACCOUNT },
    );
    expect(plan.actions.map((a) => a.accessKeyId)).toEqual(["ASIAFRANK00000000001"]);
    expect(plan.skipped.map((s) => `${s.code} ${s.accessKeyId}: ${s.reason}`)).toEqual([
      "not-iam-name akiabobunused0000001: the finding names a key id IAM cannot have (1 to 64 of A-Z a-z 0-9 + = , . @ _ - for a user; AKIA or ASIA then upper-case A-Z 0-9, 16 to 128 in all, for a key id)",
      "not-iam-name AkiaCAROLUNUSED00001: the finding names a key id IAM cannot have (1 to 64 of A-Z a-z 0-9 + = , . @ _ - for a user; AKIA or ASIA then upper-case A-Z 0-9, 16 to 128 in all, for a key id)",
      "not-iam-name AIDADAVE000000000001: the finding names a key id IAM cannot have (1 to 64 of A-Z a-z 0-9 + = , . @ _ - for a user; AKIA or ASIA then upper-case A-Z 0-9, 16 to 128 in all, for a key id)",
      "not-iam-name AKIA_ERIN_000000001: the finding names a key id IAM cannot have (1 to 64 of A-Z a-z 0-9 + = , . @ _ - for a user; AKIA or ASIA then upper-case A-Z 0-9, 16 to 128 in all, for a key id)",
    ]);
  });
});

describe("a live scan feeds the plan", () => {
  it("slot 1 newer+used, slot 2 older+never used: the plan names the older key, and only it becomes Inactive", async () => {
    fake.report.generateCallsUntilComplete = 0;
    const result = await scan({
      connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 },
      reportPollBaseMs: 1,
    });
    const plan = planDeactivation(result.findings, { accountId: ACCOUNT, users: ["alice"] });
    expect(plan.actions.map((a) => a.accessKeyId)).toEqual(["AKIAALICEOLDUNUSED01"]);
    const runId = journal.startRun("deactivate", ACCOUNT);
    const results = await applyActions(plan.actions, { iam, accountId: ACCOUNT, journal, runId });
    expect(results.map((r) => r.outcome)).toEqual(["succeeded"]);
    expect(updateCalls(fake)).toEqual(["AKIAALICEOLDUNUSED01→Inactive"]);
    expect(await keyStatus(seeded.aliceOldUnused, "alice")).toBe("Inactive");
    expect(await keyStatus(seeded.aliceNewUsed, "alice")).toBe("Active");
    expect(await keyStatus(seeded.bobKey, "bob")).toBe("Active");
  });
});

describe("applyActions", () => {
  it("journals intent and outcome; the plan from findings deactivates exactly the named keys", async () => {
    const { runId, results } = await deactivateRun();
    expect(results.map((r) => `${r.action.accessKeyId} ${r.outcome}`)).toEqual([
      "AKIAALICEOLDUNUSED01 succeeded",
      "AKIABOBUNUSED0000001 succeeded",
      "AKIACAROLUNUSED00001 succeeded",
    ]);
    expect(await keyStatus(seeded.aliceNewUsed, "alice")).toBe("Active");
    const entries = journal.entries(runId);
    expect(entries.map((e) => [e.userName, e.accessKeyId, e.action, e.statusBefore, e.outcome])).toEqual([
      ["alice", "AKIAALICEOLDUNUSED01", "deactivate", "Active", "succeeded"],
      ["bob", "AKIABOBUNUSED0000001", "deactivate", "Active", "succeeded"],
      ["carol", "AKIACAROLUNUSED00001", "deactivate", "Active", "succeeded"],
    ]);
    expect(entries[0]?.intendedAt).toBe("2024-07-01T12:00:00.000Z");
    expect(journal.run(runId)?.finishedAt).toBe("2024-07-01T12:00:00.000Z");
  });

  it("skips a key used between the scan and the apply, with the reason; nothing else changes", async () => {
    fake.markAccessKeyUsed(seeded.bobKey, {
      date: "2024-06-30T10:00:00Z",
      serviceName: "ec2",
      region: "eu-west-1",
    });
    const plan = planDeactivation(scenarioFindings(seeded), { accountId: ACCOUNT, users: ["bob"] });
    const runId = journal.startRun("deactivate", ACCOUNT);
    const results = await applyActions(plan.actions, { iam, accountId: ACCOUNT, journal, runId });
    expect(results).toHaveLength(1);
    expect(results[0]?.outcome).toBe("skipped");
    expect(results[0]?.reason).toBe(
      "the key was used since the scan, last at 2024-06-30T10:00:00Z (ec2, eu-west-1): it is in use",
    );
    expect(updateCalls(fake)).toEqual([]);
    expect(await keyStatus(seeded.bobKey, "bob")).toBe("Active");
    expect(journal.entries(runId).map((e) => e.outcome)).toEqual(["skipped"]);
  });

  it("skips keys that are gone, already inactive, or whose user lost the console password", async () => {
    fake.removeAccessKey(seeded.aliceOldUnused);
    fake.setAccessKeyStatus(seeded.bobKey, "Inactive");
    fake.removeLoginProfile("carol");
    const { results } = await deactivateRun();
    expect(results.map((r) => `${r.outcome}: ${r.reason}`)).toEqual([
      "skipped: access key AKIAALICEOLDUNUSED01 no longer exists",
      "skipped: the key is already Inactive",
      "skipped: carol no longer has a console password, so CIS 1.11 no longer applies",
    ]);
    expect(updateCalls(fake)).toEqual([]);
  });

  it("AccessDenied on UpdateAccessKey for one user: journaled as failed, the others go on", async () => {
    fake.fail("UpdateAccessKey", { code: "AccessDenied", times: 1 });
    const { runId, results } = await deactivateRun();
    expect(results.map((r) => `${r.action.userName} ${r.outcome}`)).toEqual([
      "alice failed",
      "bob succeeded",
      "carol succeeded",
    ]);
    expect(results[0]?.error).toMatch(/^iam:UpdateAccessKey failed in account 123456789012: AccessDenied: /);
    expect(results[0]?.error).toMatch(/The caller lacks the IAM permission iam:UpdateAccessKey\.$/);
    const failed = journal.entries(runId)[0];
    expect(failed?.outcome).toBe("failed");
    expect(failed?.error).toBe(results[0]?.error);
    expect(await keyStatus(seeded.aliceOldUnused, "alice")).toBe("Active");
    expect(await keyStatus(seeded.bobKey, "bob")).toBe("Inactive");
  });
});

describe("reconcilePending", () => {
  it("settles intents without outcome from the key's real state", async () => {
    const runId = journal.startRun("deactivate", ACCOUNT);
    const target = {
      runId,
      accountId: ACCOUNT,
      action: "deactivate" as const,
      statusBefore: "Active" as const,
    };
    const took = journal.recordIntent({ ...target, userName: "alice", accessKeyId: seeded.aliceOldUnused });
    const didNot = journal.recordIntent({ ...target, userName: "bob", accessKeyId: seeded.bobKey });
    fake.setAccessKeyStatus(seeded.aliceOldUnused, "Inactive");
    const items = await reconcilePending(iam, journal, ACCOUNT, null);
    expect(items.map((i) => [i.entry.entryId, i.outcome, i.reason])).toEqual([
      [took, "succeeded", "reconciled: the key is Inactive; the deactivate took effect"],
      [didNot, "failed", "reconciled: the key is still Active; the deactivate did not take effect"],
    ]);
    expect(journal.pending()).toEqual([]);
    expect(updateCalls(fake)).toEqual([]);
  });
});

describe("undo", () => {
  it("reactivates exactly the keys the run deactivated; a second undo changes nothing", async () => {
    fake.setAccessKeyStatus(seeded.aliceNewUsed, "Inactive"); // deactivated by someone else: not ours
    const { runId } = await deactivateRun([
      failFinding("alice", seeded.aliceOldUnused, { slot: 2 }),
      failFinding("bob", seeded.bobKey),
    ]);
    fake.resetCounts();
    const plan = planUndo(journal, runId, ACCOUNT);
    expect(plan.actions.map((a) => `${a.action} ${a.accessKeyId}`)).toEqual([
      "reactivate AKIAALICEOLDUNUSED01",
      "reactivate AKIABOBUNUSED0000001",
    ]);
    const undoRun = journal.startRun("undo", ACCOUNT, runId);
    const results = await applyActions(plan.actions, { iam, accountId: ACCOUNT, journal, runId: undoRun });
    expect(results.map((r) => r.outcome)).toEqual(["succeeded", "succeeded"]);
    expect(updateCalls(fake)).toEqual(["AKIAALICEOLDUNUSED01→Active", "AKIABOBUNUSED0000001→Active"]);
    expect(await keyStatus(seeded.aliceNewUsed, "alice")).toBe("Inactive");
    expect(await keyStatus(seeded.carolKey, "carol")).toBe("Active");

    fake.resetCounts();
    const again = planUndo(journal, runId, ACCOUNT);
    expect(again.actions).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual([
      `already reactivated by run ${undoRun}`,
      `already reactivated by run ${undoRun}`,
    ]);
    expect(updateCalls(fake)).toEqual([]);
  });

  it("refuses unknown runs, runs of another account and undo runs", async () => {
    const { runId } = await deactivateRun();
    expect(() => planUndo(journal, "r-nope")).toThrow(
      'no run "r-nope" in the journal (see cloudpatrol journal)',
    );
    expect(() => planUndo(journal, runId, "999999999999")).toThrow(
      /credentials are for account 999999999999/,
    );
    const undoRun = journal.startRun("undo", ACCOUNT, runId);
    expect(() => planUndo(journal, undoRun)).toThrow(/is itself an undo/);
  });
});

describe("planDeletion", () => {
  it("refuses keys deactivated less than the quarantine ago, accepts them after, or with force", async () => {
    const { runId } = await deactivateRun([failFinding("bob", seeded.bobKey)]);
    const options = { accountId: ACCOUNT, quarantineDays: 7 };
    const early = planDeletion(journal.succeeded(ACCOUNT), {
      ...options,
      now: new Date("2024-07-08T11:59:59Z"),
    });
    expect(early.actions).toEqual([]);
    expect(early.skipped.map((s) => s.reason)).toEqual([
      `deactivated by run ${runId} at 2024-07-01T12:00:00.000Z (6 days ago): in quarantine until 2024-07-08T12:00:00.000Z (--quarantine-days 7)`,
    ]);
    const forced = planDeletion(journal.succeeded(ACCOUNT), {
      ...options,
      now: new Date("2024-07-02T12:00:00Z"),
      force: true,
    });
    expect(forced.actions.map((a) => a.accessKeyId)).toEqual([seeded.bobKey]);
    const due = planDeletion(journal.succeeded(ACCOUNT), {
      ...options,
      now: new Date("2024-07-08T12:00:00Z"),
    });
    expect(due.actions.map((a) => `${a.action} ${a.accessKeyId} ${a.deactivatedAt}`)).toEqual([
      "delete AKIABOBUNUSED0000001 2024-07-01T12:00:00.000Z",
    ]);
    clock = new Date("2024-07-08T12:00:00Z");
    const deleteRun = journal.startRun("delete", ACCOUNT);
    const results = await applyActions(due.actions, { iam, accountId: ACCOUNT, journal, runId: deleteRun });
    expect(results.map((r) => r.outcome)).toEqual(["succeeded"]);
    expect(await keyStatus(seeded.bobKey, "bob")).toBe("gone");
    // Deleted: no longer a candidate, and its deactivation can no longer be undone.
    expect(planDeletion(journal.succeeded(ACCOUNT), { ...options, now: clock }).actions).toEqual([]);
    expect(planUndo(journal, runId).skipped.map((s) => s.reason)).toEqual([
      `deleted by run ${deleteRun}: deletion cannot be undone`,
    ]);
  });

  it("never deletes a key that is Active again or was used", async () => {
    await deactivateRun([failFinding("bob", seeded.bobKey), failFinding("carol", seeded.carolKey)]);
    fake.setAccessKeyStatus(seeded.bobKey, "Active");
    fake.markAccessKeyUsed(seeded.carolKey, {
      date: "2024-07-03T00:00:00Z",
      serviceName: "s3",
      region: "us-east-1",
    });
    const plan = planDeletion(journal.succeeded(ACCOUNT), {
      accountId: ACCOUNT,
      quarantineDays: 7,
      now: new Date("2024-08-01T00:00:00Z"),
    });
    const runId = journal.startRun("delete", ACCOUNT);
    const results = await applyActions(plan.actions, { iam, accountId: ACCOUNT, journal, runId });
    expect(results.map((r) => `${r.action.userName} ${r.outcome}: ${r.reason}`)).toEqual([
      "bob skipped: the key is Active again: only inactive keys are deleted",
      "carol skipped: the key has been used (last at 2024-07-03T00:00:00Z (s3, us-east-1)): not deleting a key someone used",
    ]);
    expect(fake.counts().DeleteAccessKey).toBeUndefined();
  });
});
