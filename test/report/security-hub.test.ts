/**
 * Sending ASFF to Security Hub with the real SDK client against the local fake (restJson1
 * BatchImportFindings): batches of 100, throttling retried, rejected findings reported.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendToSecurityHub } from "../../src/aws/security-hub.js";
import { AwsApiError } from "../../src/model/errors.js";
import { asffFindings } from "../../src/report/asff.js";
import { type FakeSecurityHub, startFakeSecurityHub } from "../support/fake-securityhub.js";
import { finding, resultOf } from "./fixtures.js";

let hub: FakeSecurityHub;
beforeEach(async () => {
  hub = await startFakeSecurityHub();
});
afterEach(async () => {
  await hub.close();
});

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };

function manyFindings(count: number) {
  const findings = Array.from({ length: count }, (_, index) =>
    finding(`user-${String(index).padStart(3, "0")}`, index % 2 === 0 ? "FAIL" : "PASS"),
  );
  return asffFindings(resultOf(findings), { region: "us-east-1" });
}

function connection() {
  return { endpointUrl: hub.endpoint, region: "us-east-1", credentials: CREDENTIALS, retryBaseMs: 1 };
}

describe("sendToSecurityHub", () => {
  it("sends 250 findings in 3 calls of 100, 100 and 50", async () => {
    const findings = manyFindings(250);
    const outcome = await sendToSecurityHub(findings, connection());
    expect(outcome).toEqual({ sent: 250, succeeded: 250, failed: [], unsent: [], calls: 3 });
    expect(hub.requests).toBe(3);
    expect(hub.batches).toEqual([100, 100, 50]);
    expect(hub.findings.size).toBe(250);
    const first = findings[0];
    expect(hub.findings.get(first?.Id ?? "")).toMatchObject({
      SchemaVersion: "2018-10-08",
      Id: first?.Id,
      GeneratorId: "iam_user_no_access_key_at_setup",
      Compliance: {
        Status: "FAILED",
        RelatedRequirements: ["CIS AWS Foundations v1.5.0/1.11", "CIS AWS Foundations v6.0.0/2.10"],
      },
      Workflow: { Status: "NEW" },
    });
  });

  it("retries a throttled call (HTTP 429 TooManyRequestsException)", async () => {
    hub.throttleNext(2);
    const outcome = await sendToSecurityHub(manyFindings(150), connection());
    expect(outcome).toEqual({ sent: 150, succeeded: 150, failed: [], unsent: [], calls: 2 });
    expect(hub.throttled).toBe(2);
    expect(hub.requests).toBe(4);
    expect(hub.batches).toEqual([100, 50]);
  });

  it("lists the findings the endpoint rejects", async () => {
    const findings = manyFindings(5);
    const ids = [findings[1]?.Id ?? "", findings[3]?.Id ?? ""];
    hub.reject(ids);
    const outcome = await sendToSecurityHub(findings, connection());
    expect(outcome.succeeded).toBe(3);
    expect(outcome.failed).toEqual(
      ids.map((id) => ({
        id,
        errorCode: "InvalidInput",
        errorMessage: `Finding ${id} was rejected by the fake.`,
      })),
    );
  });

  it("re-importing the same scan updates the same ids instead of adding findings", async () => {
    const findings = manyFindings(3);
    await sendToSecurityHub(findings, connection());
    await sendToSecurityHub(findings, connection());
    expect(hub.findings.size).toBe(3);
  });

  it("gives up on the account with an AwsApiError when throttling outlasts the retries, and says how many findings were not sent", async () => {
    hub.throttleNext(10);
    const outcome = await sendToSecurityHub(manyFindings(150), { ...connection(), maxAttempts: 3 });
    expect(
      outcome.unsent.map(({ accountId, findings, error }) => ({
        accountId,
        findings,
        message: error.message,
      })),
    ).toEqual([
      {
        accountId: "111122223333",
        findings: 150,
        message:
          "securityhub:BatchImportFindings failed in account 111122223333: TooManyRequestsException: Rate exceeded.",
      },
    ]);
    expect(outcome).toMatchObject({ sent: 150, succeeded: 0, failed: [], calls: 1 });
    // The account's second batch is not tried after its first failed.
    expect(hub.requests).toBe(3);
  });
});

/** `count` findings of `accountId` (uids and ARNs of that account). */
function findingsOf(accountId: string, count: number) {
  return Array.from({ length: count }, (_, index) => {
    const name = `${accountId.slice(0, 3)}-user-${String(index).padStart(3, "0")}`;
    return finding(name, "FAIL", {
      accountId,
      uid: `iam_user_no_access_key_at_setup-${accountId}-${name.replace(/-/g, "").padEnd(24, "0").slice(0, 24)}`,
      resourceArn: `arn:aws:iam::${accountId}:user/${name}`,
    });
  });
}

/** Credentials whose access key id names the account (the fake hub's `accountOf` reads it back). */
function credentialsOf(accountId: string) {
  return { accessKeyId: `AKIA0000${accountId}`, secretAccessKey: "test" };
}

describe("sendToSecurityHub across accounts (Security Hub imports a finding only from its own account)", () => {
  let checked: FakeSecurityHub;
  beforeEach(async () => {
    checked = await startFakeSecurityHub({ accountOf: (key) => key.slice(8) });
  });
  afterEach(async () => {
    await checked.close();
  });
  const base = () => ({ endpointUrl: checked.endpoint, region: "us-east-1", retryBaseMs: 1 });
  const A = "222222222222";
  const B = "333333333333";

  it("never mixes accounts in a call, and sends each account's findings with its own connection", async () => {
    const findings = asffFindings(
      resultOf([...findingsOf(A, 150), ...findingsOf(B, 30), ...findingsOf(A, 2)]),
      { region: "us-east-1" },
    );
    const asked: string[] = [];
    const outcome = await sendToSecurityHub(findings, {
      ...base(),
      connectionFor: async (accountId) => {
        asked.push(accountId);
        return { ...base(), credentials: credentialsOf(accountId) };
      },
    });
    expect(outcome).toEqual({ sent: 182, succeeded: 182, failed: [], unsent: [], calls: 4 });
    expect(checked.batches).toEqual([100, 50, 30, 2]);
    expect(checked.callers).toEqual([A, A, B, A]);
    // Once per run of one account's findings.
    expect(asked).toEqual([A, B, A]);
    // The last two are the first two again (same ids): updated, not added.
    expect(checked.findings.size).toBe(180);
  });

  it("one account without a connection (its AssumeRole refused) stops only its own findings", async () => {
    const findings = asffFindings(resultOf([...findingsOf(A, 120), ...findingsOf(B, 30)]), {
      region: "us-east-1",
    });
    const denied = new AwsApiError("sts:AssumeRole", A, "AccessDenied", "AccessDenied: not allowed", {
      missingPermission: `sts:AssumeRole on arn:aws:iam::${A}:role/CloudPatrolAudit`,
    });
    const outcome = await sendToSecurityHub(findings, {
      ...base(),
      connectionFor: async (accountId) => {
        if (accountId === A) throw denied;
        return { ...base(), credentials: credentialsOf(accountId) };
      },
    });
    expect(outcome).toEqual({
      sent: 150,
      succeeded: 30,
      failed: [],
      unsent: [{ accountId: A, findings: 120, error: denied }],
      calls: 1,
    });
    expect(checked.callers).toEqual([B]);
  });

  it("an answer whose counts do not add up to the findings sent: those not accounted for are not sent, and the account stops", async () => {
    checked.answerCounts({ SuccessCount: 0, FailedCount: 0 });
    const findings = asffFindings(resultOf([...findingsOf(A, 102)]), { region: "us-east-1" });
    const outcome = await sendToSecurityHub(findings, { ...base(), credentials: credentialsOf(A) });
    expect(outcome).toMatchObject({ sent: 102, succeeded: 0, failed: [], calls: 1 });
    expect(
      outcome.unsent.map(({ accountId, findings, error }) => [accountId, findings, error.message]),
    ).toEqual([
      [
        A,
        102,
        `securityhub:BatchImportFindings failed in account ${A}: UnreadableResponse: the answer accounts for 0 of the 100 findings sent (SuccessCount 0, 0 failed findings).`,
      ],
    ]);
  });

  it("an answer claiming more imported findings than were sent: none counted imported, the account stops", async () => {
    checked.answerCounts({ SuccessCount: 103, FailedCount: 0 });
    const findings = asffFindings(resultOf([...findingsOf(A, 100)]), { region: "us-east-1" });
    const outcome = await sendToSecurityHub(findings, { ...base(), credentials: credentialsOf(A) });
    expect(outcome).toMatchObject({ sent: 100, succeeded: 0, failed: [], calls: 1 });
    expect(
      outcome.unsent.map(({ accountId, findings, error }) => [accountId, findings, error.message]),
    ).toEqual([
      [
        A,
        100,
        `securityhub:BatchImportFindings failed in account ${A}: UnreadableResponse: the answer accounts for 103 of the 100 findings sent (SuccessCount 103, 0 failed findings).`,
      ],
    ]);
  });

  it("findings of another account than the credentials': AccessDenied for that account, named with the missing permission; the rest go in", async () => {
    const findings = asffFindings(resultOf([...findingsOf(B, 3), ...findingsOf(A, 2)]), {
      region: "us-east-1",
    });
    // Every call with A's credentials: B's findings are refused as AWS refuses them.
    const outcome = await sendToSecurityHub(findings, { ...base(), credentials: credentialsOf(A) });
    expect(outcome).toMatchObject({ sent: 5, succeeded: 2, failed: [], calls: 2 });
    expect(
      outcome.unsent.map(({ accountId, findings, error }) => [
        accountId,
        findings,
        error.api,
        error.missingPermission,
      ]),
    ).toEqual([[B, 3, "securityhub:BatchImportFindings", "securityhub:BatchImportFindings"]]);
    expect(outcome.unsent[0]?.error.message).toMatch(
      new RegExp(
        `^securityhub:BatchImportFindings failed in account ${B}: AccessDeniedException: User: arn:aws:sts::${A}:assumed-role/fake/fake is not authorized to perform: securityhub:BatchImportFindings on resource: arn:aws:securityhub:us-east-1:${B}:product/${B}/default`,
      ),
    );
    expect(checked.callers).toEqual([A]);
  });
});
