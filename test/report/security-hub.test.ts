/**
 * Sending ASFF to Security Hub with the real SDK client against the local fake (restJson1
 * BatchImportFindings): batches of 100, throttling retried, rejected findings reported.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendToSecurityHub } from "../../src/aws/security-hub.js";
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
    expect(outcome).toEqual({ sent: 250, succeeded: 250, failed: [], calls: 3 });
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
    expect(outcome).toEqual({ sent: 150, succeeded: 150, failed: [], calls: 2 });
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

  it("gives up with an AwsApiError when throttling outlasts the retries", async () => {
    hub.throttleNext(10);
    await expect(sendToSecurityHub(manyFindings(1), { ...connection(), maxAttempts: 3 })).rejects.toThrow(
      "securityhub:BatchImportFindings failed in account 111122223333: TooManyRequestsException: Rate exceeded.",
    );
    expect(hub.requests).toBe(3);
  });
});
