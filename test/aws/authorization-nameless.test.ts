/**
 * GetAccountAuthorizationDetails entities missing their name or ARN (trial s6 "summary" item 2): moto
 * sends a managed policy's `Arn` without its `PolicyName`. The policy is read (its name is the ARN's last
 * segment, which IAM's ARN format makes the same) and CIS 1.16 judges it by ARN; an entity really missing
 * its identity is refused with a message saying exactly what is missing. Real SDK, local replay endpoint.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getAuthorizationDetails } from "../../src/aws/authorization.js";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { rule as rule116 } from "../../src/rules/iam/iam_policy_no_full_admin_attached.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { type ReplayEndpoint, startReplayEndpoint } from "../support/replay-endpoint.js";

const ACCOUNT = "123456789012";
const ADMIN_ARN = "arn:aws:iam::aws:policy/AdministratorAccess";
const ADMIN_DOC = encodeURIComponent(
  JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }),
);

/** One page: user alice with the policy attached, and the policy as `policyFields` give it. */
function page(policyFields: string, roleFields = ""): string {
  return `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetAccountAuthorizationDetailsResult>
    <IsTruncated>false</IsTruncated>
    <UserDetailList>
      <member>
        <UserName>alice</UserName>
        <UserId>AIDAALICE</UserId>
        <Arn>arn:aws:iam::${ACCOUNT}:user/alice</Arn>
        <Path>/</Path>
        <CreateDate>2025-01-01T00:00:00Z</CreateDate>
        <AttachedManagedPolicies>
          <member>
            <PolicyName>AdministratorAccess</PolicyName>
            <PolicyArn>${ADMIN_ARN}</PolicyArn>
          </member>
        </AttachedManagedPolicies>
      </member>
    </UserDetailList>
    <GroupDetailList/>
    <RoleDetailList>${roleFields ? `<member>${roleFields}<Path>/</Path><CreateDate>2025-01-01T00:00:00Z</CreateDate></member>` : ""}</RoleDetailList>
    <Policies>
      <member>
        ${policyFields}
        <PolicyId>ANPAADMIN</PolicyId>
        <Path>/</Path>
        <DefaultVersionId>v1</DefaultVersionId>
        <AttachmentCount>1</AttachmentCount>
        <PolicyVersionList>
          <member>
            <Document>${ADMIN_DOC}</Document>
            <VersionId>v1</VersionId>
            <IsDefaultVersion>true</IsDefaultVersion>
            <CreateDate>2025-01-01T00:00:00Z</CreateDate>
          </member>
        </PolicyVersionList>
      </member>
    </Policies>
  </GetAccountAuthorizationDetailsResult>
  <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000001</RequestId></ResponseMetadata>
</GetAccountAuthorizationDetailsResponse>`;
}

let replay: ReplayEndpoint | undefined;
let clients: AwsClients | undefined;

async function read(body: string) {
  replay = await startReplayEndpoint({ GetAccountAuthorizationDetails: { body } });
  clients = createClients({ endpointUrl: replay.endpoint, region: "us-east-1", retryBaseMs: 1 });
  return getAuthorizationDetails(clients.iam, ACCOUNT);
}

beforeEach(() => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "test");
});
afterEach(async () => {
  clients?.destroy();
  clients = undefined;
  await replay?.close();
  replay = undefined;
  vi.unstubAllEnvs();
});

describe("GetAccountAuthorizationDetails entities without a name or ARN", () => {
  it("a managed policy with its Arn and no PolicyName (moto): read, named from the ARN, judged by 1.16", async () => {
    const details = await read(page(`<Arn>${ADMIN_ARN}</Arn>`));
    expect(details.policies.map((policy) => [policy.policyName, policy.arn, policy.awsManaged])).toEqual([
      ["AdministratorAccess", ADMIN_ARN, true],
    ]);
    expect(replay?.requests.map((params) => params.get("Action"))).toEqual([
      "GetAccountAuthorizationDetails",
    ]);
    const snapshot: Snapshot = {
      accountId: ACCOUNT,
      partition: "aws",
      collectedAt: new Date("2026-01-01T00:00:00Z"),
      source: "aws",
      errors: [],
      authorization: { details },
    };
    expect(
      evaluate(snapshot, [rule116]).map((f) => [
        f.status,
        f.resourceArn,
        f.resourceName,
        f.evidence.defaultVersionId,
      ]),
    ).toEqual([["FAIL", ADMIN_ARN, "AdministratorAccess", "v1"]]);
  });

  it("a managed policy with its PolicyName and no Arn: refused, naming what is missing and what came", async () => {
    await expect(read(page("<PolicyName>AdministratorAccess</PolicyName>"))).rejects.toThrow(
      `iam:GetAccountAuthorizationDetails failed in account ${ACCOUNT}: Error: GetAccountAuthorizationDetails returned a managed policy without an ARN (name "AdministratorAccess"): the response could not be read in full.`,
    );
  });

  it("a role with its Arn and no RoleName: refused, naming the missing name and the ARN", async () => {
    const role = `<RoleId>AROAAPP</RoleId><Arn>arn:aws:iam::${ACCOUNT}:role/app</Arn>`;
    await expect(
      read(page(`<PolicyName>AdministratorAccess</PolicyName><Arn>${ADMIN_ARN}</Arn>`, role)),
    ).rejects.toThrow(
      `iam:GetAccountAuthorizationDetails failed in account ${ACCOUNT}: Error: GetAccountAuthorizationDetails returned a role without a name (ARN "arn:aws:iam::${ACCOUNT}:role/app"): the response could not be read in full.`,
    );
  });

  it("a policy with neither: refused as before", async () => {
    await expect(read(page(""))).rejects.toThrow(
      "GetAccountAuthorizationDetails returned a managed policy without a name or ARN: the response could not be read in full.",
    );
  });
});
