/**
 * Connections for the accounts of a multi-account run after its scan (src/aws/member-connections.ts),
 * against the local Organization (test/support/fake-org.ts): the caller's account keeps its connection,
 * every other account gets AssumeRole's credentials, a refused role is an AwsApiError naming it.
 */
import { afterEach, describe, expect, it } from "vitest";
import { memberConnections } from "../../src/aws/member-connections.js";
import { AwsApiError } from "../../src/model/errors.js";
import { type FakeOrg, startFakeOrg } from "../support/fake-org.js";

const MANAGEMENT = "111111111111";
const PROD = "222222222222";
const DEV = "333333333333";

let org: FakeOrg | undefined;
afterEach(async () => {
  await org?.close();
  org = undefined;
});

describe("memberConnections", () => {
  it("gives the caller's account its own connection and every other account AssumeRole's credentials, identifying the caller once", async () => {
    org = await startFakeOrg({ members: [{ id: PROD }, { id: DEV }] });
    const fake = org;
    const connection = {
      endpointUrl: fake.endpoint,
      region: "us-east-1",
      profile: "ignored-once-assumed",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
    };
    const members = memberConnections(connection, { roleName: "CloudPatrolAudit", sessionName: "ci-send" });
    try {
      expect(await members.connectionFor(MANAGEMENT)).toBe(connection);
      const prod = await members.connectionFor(PROD);
      const dev = await members.connectionFor(DEV);
      for (const [account, member] of [
        [PROD, prod],
        [DEV, dev],
      ] as const) {
        const credentials = member.credentials as { accessKeyId: string };
        expect(credentials.accessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
        expect(fake.accountOfAccessKey(credentials.accessKeyId)).toBe(account);
        // The profile would win over the assumed credentials: dropped.
        expect(member.profile).toBeUndefined();
        expect(member.endpointUrl).toBe(fake.endpoint);
      }
      expect(fake.assumeRoleRequests.map((request) => [request.roleArn, request.sessionName])).toEqual([
        [`arn:aws:iam::${PROD}:role/CloudPatrolAudit`, "ci-send"],
        [`arn:aws:iam::${DEV}:role/CloudPatrolAudit`, "ci-send"],
      ]);
      expect(fake.counts()["sts:GetCallerIdentity"]).toBe(1);
    } finally {
      members.destroy();
    }
  });

  it("a refused role is an AwsApiError naming sts:AssumeRole, the account and the permission", async () => {
    org = await startFakeOrg({ members: [{ id: PROD }] });
    org.denyAssumeRole(PROD);
    const members = memberConnections(
      {
        endpointUrl: org.endpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      },
      {},
    );
    try {
      const error = await members.connectionFor(PROD).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AwsApiError);
      expect(error).toMatchObject({
        api: "sts:AssumeRole",
        accountId: PROD,
        missingPermission: `sts:AssumeRole on arn:aws:iam::${PROD}:role/CloudPatrolAudit`,
      });
    } finally {
      members.destroy();
    }
  });
});
