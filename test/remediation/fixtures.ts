/**
 * Shared fixtures of the remediation tests: an account seeded on the fake endpoint, IAM clients of the
 * real SDK pointed at it, and findings documents as `cloudpatrol scan --output json` prints them.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import type { FakeAws } from "../support/fake-aws.js";

export const ACCOUNT = "123456789012";
export const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };

/** Real SDK IAM client against the fake, no retries. */
export function iamClient(fake: FakeAws): IAMClient {
  return new IAMClient({
    region: "us-east-1",
    endpoint: fake.endpoint,
    credentials: CREDENTIALS,
    maxAttempts: 1,
  });
}

/** Key ids the scenario seeds. */
export interface Seeded {
  /** alice slot 1: newer, active, used. */
  readonly aliceNewUsed: string;
  /** alice slot 2: older, active, never used → FAIL. */
  readonly aliceOldUnused: string;
  /** bob slot 1: active, never used → FAIL. */
  readonly bobKey: string;
  /** carol slot 1: active, never used → FAIL. */
  readonly carolKey: string;
}

/**
 * alice: console user; report slot 1 is her NEWER, active, used key; slot 2 her OLDER, active,
 * never-used key. bob and carol: console users with one active never-used key each.
 */
export function seedScenario(fake: FakeAws): Seeded {
  fake.addUser({
    userName: "alice",
    createDate: "2024-01-01T00:00:00Z",
    loginProfile: { createDate: "2024-01-01T00:00:00Z", passwordLastUsed: "2024-06-01T00:00:00Z" },
  });
  const aliceNewUsed = fake.addAccessKey("alice", {
    accessKeyId: "AKIAALICENEWUSED0001",
    createDate: "2024-05-01T00:00:00Z",
    lastUsed: { date: "2024-06-01T00:00:00Z", serviceName: "s3", region: "us-east-1" },
  });
  const aliceOldUnused = fake.addAccessKey("alice", {
    accessKeyId: "AKIAALICEOLDUNUSED01",
    createDate: "2024-01-01T00:00:01Z",
  });
  fake.addUser({
    userName: "bob",
    createDate: "2024-02-01T00:00:00Z",
    loginProfile: { createDate: "2024-02-01T00:00:00Z" },
  });
  const bobKey = fake.addAccessKey("bob", {
    accessKeyId: "AKIABOBUNUSED0000001",
    createDate: "2024-02-01T00:00:01Z",
  });
  fake.addUser({
    userName: "carol",
    createDate: "2024-03-01T00:00:00Z",
    loginProfile: { createDate: "2024-03-01T00:00:00Z" },
  });
  const carolKey = fake.addAccessKey("carol", {
    accessKeyId: "AKIACAROLUNUSED00001",
    createDate: "2024-03-01T00:00:01Z",
  });
  return { aliceNewUsed, aliceOldUnused, bobKey, carolKey };
}

/** A FAIL finding of 1.11 for one key, as the JSON output carries it. */
export function failFinding(
  userName: string,
  accessKeyId: string | undefined,
  extra: { muted?: boolean; slot?: number; createdAt?: string; accountId?: string } = {},
) {
  const accountId = extra.accountId ?? ACCOUNT;
  return {
    uid: `iam_user_no_access_key_at_setup-${accountId}-${userName}-${extra.slot ?? 1}`,
    ruleId: "iam_user_no_access_key_at_setup",
    status: "FAIL",
    muted: extra.muted ?? false,
    severity: "medium",
    accountId,
    region: "global",
    resourceType: "AWS::IAM::AccessKey",
    resourceArn: `arn:aws:iam::${accountId}:user/${userName}`,
    resourceName: `${userName} access key ${extra.slot ?? 1}`,
    statusExtended: `${userName} has a console password and an active, never-used access key.`,
    evidence: {
      userName,
      accessKeySlot: extra.slot ?? 1,
      createdAt: extra.createdAt ?? "2024-01-01T00:00:01Z",
      lastUsedDate: "N/A",
      source: "api",
      ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    },
    frameworks: { cis_v150: ["1.11"] },
  };
}

/** A findings document (`scan --output json`) holding `findings`. */
export function findingsDocument(findings: readonly ReturnType<typeof failFinding>[]) {
  return {
    schemaVersion: 1,
    scan: {
      startedAt: "2024-07-01T00:00:00Z",
      finishedAt: "2024-07-01T00:00:01Z",
      source: "aws",
      accounts: [],
    },
    findings,
    summary: {},
    warnings: [],
  };
}

/** The scenario's failing keys as findings (alice's from slot 2, the older key). */
export function scenarioFindings(seeded: Seeded) {
  return [
    failFinding("alice", seeded.aliceOldUnused, { slot: 2 }),
    failFinding("bob", seeded.bobKey),
    failFinding("carol", seeded.carolKey),
  ];
}

/** UpdateAccessKey requests the fake answered, as `keyId→Status` strings, in order. */
export function updateCalls(fake: FakeAws): string[] {
  return fake.requests
    .filter((request) => request.action === "UpdateAccessKey")
    .map((request) => `${request.params.AccessKeyId}→${request.params.Status}`);
}
