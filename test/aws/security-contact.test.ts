/**
 * CIS 1.2 end to end: the real @aws-sdk/client-account against the local endpoint (REST-JSON,
 * routed by the SigV4 credential scope), the collector, the engine and the rule. One GetAlternateContact
 * call per scan; AccessDenied gives MANUAL, other failures ERROR; a snapshot file judges the same offline.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GetAlternateContactCommand } from "@aws-sdk/client-account";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { scan, scanAccount } from "../../src/app/scan.js";
import { type AwsConnection, createClients } from "../../src/aws/clients.js";
import { alternateContactFrom } from "../../src/aws/security-contact.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { frameworkMappingsForRule } from "../../src/frameworks/index.js";
import { findingUid } from "../../src/model/finding.js";
import { rule } from "../../src/rules/account/account_security_contact_registered.js";
import { parseSnapshot, serializeSnapshot, writeSnapshotFile } from "../../src/snapshot/file.js";
import { collectSome } from "../support/collect-datasets.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const CONTACT = {
  name: "Security Operations",
  title: "Security team",
  emailAddress: "security-team@example.com",
  phoneNumber: "+1 555 0100",
};

let fake: FakeAws;
beforeEach(async () => {
  fake = await startFakeAws({ accountId: "111122223333" });
  fake.setRoot({ mfaActive: true });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await fake.close();
});

function connection(extra: Partial<AwsConnection> = {}): AwsConnection {
  return { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1, ...extra };
}

async function scanRule(extra: Partial<AwsConnection> = {}) {
  return scan({ connection: connection(extra), reportPollBaseMs: 1, rules: [rule] });
}

describe("the fake Account API through the real SDK", () => {
  it("answers GetAlternateContact (REST-JSON) with the seeded contact, ResourceNotFound without one", async () => {
    const clients = createClients(connection({ maxAttempts: 1 }));
    try {
      const account = await (clients.account as NonNullable<typeof clients.account>)();
      const missing = await account
        .send(new GetAlternateContactCommand({ AlternateContactType: "SECURITY" }))
        .then(
          () => undefined,
          (error: { name: string; message: string; $metadata: { httpStatusCode?: number } }) => [
            error.name,
            error.message,
            error.$metadata.httpStatusCode,
          ],
        );
      expect(missing).toEqual([
        "ResourceNotFoundException",
        "No contact of the inputted alternate contact type found.",
        404,
      ]);
      fake.setSecurityContact(CONTACT);
      const found = await account.send(new GetAlternateContactCommand({ AlternateContactType: "SECURITY" }));
      expect(found.AlternateContact).toEqual({
        AlternateContactType: "SECURITY",
        EmailAddress: "security-team@example.com",
        Name: "Security Operations",
        PhoneNumber: "+1 555 0100",
        Title: "Security team",
      });
      expect(
        fake.requests.map((r) => [r.service, r.action, r.status, r.errorCode ?? null, r.params]),
      ).toEqual([
        [
          "account",
          "GetAlternateContact",
          404,
          "ResourceNotFoundException",
          { AlternateContactType: "SECURITY" },
        ],
        ["account", "GetAlternateContact", 200, null, { AlternateContactType: "SECURITY" }],
      ]);
      expect(clients.apiCalls()).toEqual({ "account:GetAlternateContact": 2 });
    } finally {
      clients.destroy();
    }
  });

  it("maps the SDK's contact to ours: trimmed, blank fields null", () => {
    expect(
      alternateContactFrom({
        AlternateContactType: "SECURITY",
        Name: " Security Operations ",
        Title: "",
        EmailAddress: "security-team@example.com",
      }),
    ).toEqual({
      alternateContactType: "SECURITY",
      name: "Security Operations",
      title: null,
      emailAddress: "security-team@example.com",
      phoneNumber: null,
    });
  });

  it("is reached through AWS_ENDPOINT_URL_ACCOUNT, from any region (the API is global)", async () => {
    fake.setSecurityContact(CONTACT);
    vi.stubEnv("AWS_ENDPOINT_URL_ACCOUNT", fake.endpoint);
    const clients = createClients({ credentials: CREDENTIALS, region: "eu-west-1", maxAttempts: 1 });
    try {
      const snapshot = await collectSome(clients, "111122223333", ["account.securityContact"]);
      const collected = { data: snapshot.securityContact, errors: snapshot.errors };
      expect(collected).toEqual({
        data: {
          alternateContactType: "SECURITY",
          name: "Security Operations",
          title: "Security team",
          emailAddress: "security-team@example.com",
          phoneNumber: "+1 555 0100",
        },
        errors: [],
      });
    } finally {
      clients.destroy();
    }
  });

  it("clients without an Account client: a collection error, never a throw", async () => {
    const clients = createClients({ credentials: CREDENTIALS, maxAttempts: 1 });
    const { account: _none, ...withoutAccount } = clients;
    const snapshot = await collectSome(withoutAccount, "111122223333", ["account.securityContact"]);
    clients.destroy();
    expect({ errors: snapshot.errors }).toEqual({
      errors: [
        {
          dataset: "account.securityContact",
          api: "account:GetAlternateContact",
          code: "NoAccountClient",
          message:
            "The security contact of account 111122223333 was asked for, but these AWS clients make no Account Management client.",
        },
      ],
    });
  });
});

describe("live scan of CIS 1.2", () => {
  it("PASS with the registered contact as evidence, in one GetAlternateContact call", async () => {
    fake.setSecurityContact(CONTACT);
    const result = await scanRule();
    expect(result.findings).toEqual([
      {
        uid: findingUid("111122223333", "account_security_contact_registered", ["account"]),
        ruleId: "account_security_contact_registered",
        status: "PASS",
        muted: false,
        severity: "medium",
        accountId: "111122223333",
        region: "global",
        resourceType: "AWS::::Account",
        resourceArn: "arn:aws:iam::111122223333:root",
        resourceName: "111122223333",
        statusExtended:
          "Account 111122223333 has a security contact registered: Security Operations, Security team <security-team@example.com>.",
        evidence: {
          alternateContactType: "SECURITY",
          title: "Security team",
          name: "Security Operations",
          emailAddress: "security-team@example.com",
          phoneNumber: "+1 555 0100",
          source: "account:GetAlternateContact",
        },
        frameworks: frameworkMappingsForRule(rule.id),
      },
    ]);
    expect(result.scan.accounts[0]?.apiCalls?.["account:GetAlternateContact"]).toBe(1);
    expect(fake.counts().GetAlternateContact).toBe(1);
  });

  it("FAIL when no security contact is registered (the endpoint's default)", async () => {
    const result = await scanRule();
    expect(result.findings.map((f) => [f.status, f.statusExtended, f.evidence])).toEqual([
      [
        "FAIL",
        "Account 111122223333 has no security contact registered: AWS security notifications reach only the root user's email address.",
        { securityContact: null, source: "account:GetAlternateContact" },
      ],
    ]);
    expect(result.scan.accounts[0]?.apiCalls?.["account:GetAlternateContact"]).toBe(1);
  });

  it("MANUAL naming account:GetAlternateContact when access is denied; the error stays in the snapshot", async () => {
    fake.setSecurityContact(CONTACT);
    fake.fail("GetAlternateContact", { code: "AccessDeniedException" });
    const clients = createClients(connection());
    let scanned: Awaited<ReturnType<typeof scanAccount>>;
    try {
      scanned = await scanAccount(clients, { rules: [rule], reportPollBaseMs: 1 });
      expect(clients.apiCalls()["account:GetAlternateContact"]).toBe(1);
    } finally {
      clients.destroy();
    }
    const message =
      "account:GetAlternateContact failed in account 111122223333: AccessDeniedException: User: arn:aws:iam::111122223333:user/auditor is not authorized to perform: account:GetAlternateContact on resource: arn:aws:account::111122223333:account. The caller lacks the IAM permission account:GetAlternateContact.";
    expect(scanned.snapshot.errors).toEqual([
      {
        dataset: "account.securityContact",
        api: "account:GetAlternateContact",
        code: "AccessDeniedException",
        message,
        missingPermission: "account:GetAlternateContact",
      },
    ]);
    expect(scanned.snapshot.securityContact).toBeUndefined();
    expect(scanned.findings.map((f) => [f.status, f.statusExtended])).toEqual([
      [
        "MANUAL",
        "The security contact of account 111122223333 could not be read: the caller lacks account:GetAlternateContact " +
          "(an AWS Organizations member account may also be denied while the management account has not enabled trusted access for AWS Account Management). " +
          "Check it in the console: account name (top right) → Account → Alternate contacts → Security contact.",
      ],
    ]);
    expect(scanned.findings[0]?.evidence).toMatchObject({
      errorCode: "AccessDeniedException",
      missingPermission: "account:GetAlternateContact",
      message,
    });
    expect(fake.counts().GetAlternateContact).toBe(1);
  });

  it("ERROR for any other failure: a server error after the SDK's retries (one logical call)", async () => {
    fake.fail("GetAlternateContact", { code: "InternalServerException", message: "Internal failure" });
    const result = await scanRule({ maxAttempts: 2 });
    expect(result.findings.map((f) => [f.status, f.statusExtended, f.evidence])).toEqual([
      [
        "ERROR",
        "Could not judge account 111122223333: account:GetAlternateContact failed in account 111122223333: InternalServerException: Internal failure.",
        {
          api: "account:GetAlternateContact",
          errorCode: "InternalServerException",
          missingPermission: null,
          dataset: "account.securityContact",
        },
      ],
    ]);
    expect(result.scan.accounts[0]?.apiCalls?.["account:GetAlternateContact"]).toBe(1);
    expect(fake.counts().GetAlternateContact).toBe(2);
  });

  it("is not called by a scan whose rules do not need it", async () => {
    const { rule: minLength } = await import("../../src/rules/iam/iam_password_policy_min_length_14.js");
    await scan({ connection: connection(), reportPollBaseMs: 1, rules: [minLength] });
    expect(fake.counts().GetAlternateContact).toBeUndefined();
  });
});

describe("a snapshot file", () => {
  it("round trip: the contact and an access error come back exactly, with the same verdicts offline", async () => {
    fake.setSecurityContact(CONTACT);
    for (const denied of [false, true]) {
      if (denied) fake.fail("GetAlternateContact", { code: "AccessDeniedException" });
      const clients = createClients(connection());
      let live: Awaited<ReturnType<typeof scanAccount>>;
      try {
        live = await scanAccount(clients, { rules: [rule], reportPollBaseMs: 1 });
      } finally {
        clients.destroy();
      }
      const loaded = parseSnapshot(serializeSnapshot(live.snapshot), "s.json");
      expect(loaded).toEqual(live.snapshot);
      expect(evaluate(loaded, [rule])).toEqual(live.findings);
      expect(live.findings.map((f) => f.status)).toEqual([denied ? "MANUAL" : "PASS"]);

      const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-contact-"));
      try {
        await writeSnapshotFile(join(dir, "snapshot.json"), live.snapshot);
        const offline = await scan({ snapshotPath: join(dir, "snapshot.json"), rules: [rule] });
        expect(offline.findings).toEqual(live.findings);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  });
});
