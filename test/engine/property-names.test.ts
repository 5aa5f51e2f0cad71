/**
 * Issue 16 item 1: IAM user names that are JavaScript property names (`constructor`, `toString`,
 * `valueOf`, `hasOwnProperty`, `__proto__`) are users like any other, offline and live, in every rule,
 * in a saved snapshot and in the remediation plan.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { judgeSnapshot, scan, scanAccount } from "../../src/app/scan.js";
import { createClients } from "../../src/aws/clients.js";
import { selectRules } from "../../src/lambda/common.js";
import type { Finding } from "../../src/model/finding.js";
import { planDeactivation } from "../../src/remediation/plan.js";
import { NON_REGIONAL_RULES } from "../../src/rules/index.js";
import { parseSnapshot, serializeSnapshot } from "../../src/snapshot/file.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

const NAMES = ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__"] as const;
const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const SETUP_RULE = "iam_user_no_access_key_at_setup";

function keyId(index: number): string {
  return `AKIAPROPNAME0000000${index}`;
}

/** Per user: the rules that gave it an ERROR, and its 1.11 verdicts. */
function perUser(findings: readonly Finding[]) {
  return NAMES.map((name) => {
    const mine = findings.filter((f) => f.evidence.userName === name);
    return {
      name,
      errors: mine.filter((f) => f.status === "ERROR").map((f) => f.ruleId),
      setup: mine
        .filter((f) => f.ruleId === SETUP_RULE)
        .map((f) => [f.status, f.evidence.accessKeyId ?? null, f.resourceName]),
    };
  });
}

describe("user names that are JavaScript property names", () => {
  let fake: FakeAws;
  beforeEach(async () => {
    fake = await startFakeAws({ accountId: "111122223333" });
    NAMES.forEach((userName, index) => {
      fake.addUser({
        userName,
        createDate: "2026-01-10T09:00:00Z",
        loginProfile: { createDate: "2026-01-10T09:00:00Z" },
        accessKeys: [{ accessKeyId: keyId(index), createDate: "2026-01-10T09:00:01Z" }],
      });
    });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("live: every rule judges them without an ERROR, 1.11 fails each key, remediate plans all five keys", async () => {
    fake.report.preset({ generatedAt: new Date(Date.now() - 3_600_000) });
    const clients = createClients({
      endpointUrl: fake.endpoint,
      credentials: CREDENTIALS,
      region: "us-east-1",
      retryBaseMs: 1,
    });
    const options = { reportPollBaseMs: 1, rules: NON_REGIONAL_RULES };
    const result = await scanAccount(clients, options).finally(() => clients.destroy());
    expect(result.findings.filter((f) => f.status === "ERROR").map((f) => f.statusExtended)).toEqual([]);
    expect(perUser(result.findings)).toEqual(
      NAMES.map((name, index) => ({
        name,
        errors: [],
        setup: [["FAIL", keyId(index), keyId(index)]],
      })),
    );
    const plan = planDeactivation(result.findings, { accountId: "111122223333" });
    expect(plan.actions.map((a) => [a.userName, a.accessKeyId])).toEqual(
      NAMES.map((name, index) => [name, keyId(index)]).sort((a, b) =>
        (a[0] as string).toLowerCase().localeCompare((b[0] as string).toLowerCase()),
      ),
    );

    // The saved snapshot keeps every user's API view, __proto__ included, and judges the same.
    const reloaded = parseSnapshot(serializeSnapshot(result.snapshot), "snapshot.json");
    expect([...(reloaded.userCredentials?.keys() ?? [])].sort()).toEqual([...NAMES].sort());
    expect(judgeSnapshot(reloaded, options)).toEqual(result.findings);
  });

  it("offline: a credential report of those users gives each its own findings, no ERROR", async ({
    onTestFinished,
  }) => {
    const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-names-"));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, "report.csv");
    fake.report.preset({ generatedAt: "2026-02-01T00:00:00Z" });
    await writeFile(path, fake.report.csv ?? "");
    const result = await scan({ credentialReportPath: path, rules: NON_REGIONAL_RULES });
    expect(result.findings.filter((f) => f.status === "ERROR").map((f) => f.statusExtended)).toEqual([]);
    expect(perUser(result.findings)).toEqual(
      NAMES.map((name) => ({
        name,
        errors: [],
        setup: [["FAIL", null, `${name} access key 1`]],
      })),
    );
  });
});

describe("Lambda rule parameters named like Object.prototype members", () => {
  it("are ignored, not taken for parameters of the rule", () => {
    const selection = selectRules({ constructor: "1", toString: "x", setupWindowSeconds: "30" });
    expect(selection.ignored).toEqual(["constructor", "toString"]);
    expect(selection.options.params).toEqual({ [SETUP_RULE]: { setupWindowSeconds: 30 } });
  });
});
