/**
 * Public IAM Query-protocol XML recordings (../shared/samples/iam-query-xml) served by a local replay
 * endpoint and read by the real SDK client from createClients: what our collectors make of recorded wire
 * data (URL-encoded and plain policy documents, pagination by Marker, SummaryMap entries, the root
 * virtual MFA device, NoSuchEntity/AccessDenied errors, not-well-formed docs samples), and the verdicts
 * rules 1.5, 1.6, 1.8, 1.9, 1.15, 1.16 and 1.17 give on that data. Exact values throughout.
 */
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getAuthorizationDetails } from "../../src/aws/authorization.js";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { getAccountSummary, listVirtualMfaDevices } from "../../src/aws/iam-account.js";
import { AwsApiError } from "../../src/model/errors.js";
import type { Finding } from "../../src/model/finding.js";
import { rule as rule18 } from "../../src/rules/iam/iam_password_policy_min_length_14.js";
import { rule as rule19 } from "../../src/rules/iam/iam_password_policy_reuse_24.js";
import { rule as rule116 } from "../../src/rules/iam/iam_policy_no_full_admin_attached.js";
import { rule as rule117 } from "../../src/rules/iam/iam_role_support_access_attached.js";
import { rule as rule16 } from "../../src/rules/iam/iam_root_hardware_mfa_enabled.js";
import { rule as rule15 } from "../../src/rules/iam/iam_root_mfa_enabled.js";
import { rule as rule115 } from "../../src/rules/iam/iam_user_no_direct_policies.js";
import type { AnyRule } from "../../src/rules/types.js";
import type { AuthorizationDetails } from "../../src/snapshot/authorization.js";
import type { IamAccountData } from "../../src/snapshot/iam-account.js";
import { isRootDevice } from "../../src/snapshot/iam-account.js";
import type { Snapshot } from "../../src/snapshot/types.js";
import { AUTHORIZATION, collectSome, IAM_ACCOUNT } from "../support/collect-datasets.js";
import { type ReplayEndpoint, type ReplayRoute, startReplayEndpoint } from "../support/replay-endpoint.js";
import { HAVE_SAMPLES, SAMPLES_SKIP_REASON, samplePath } from "../support/samples.js";

const ACCOUNT = "123456789012";
const COLLECTED_AT = new Date("2026-03-01T00:00:00Z");
const MARKER =
  "EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl/eeaCX3Jo94/bKqezEAg8TEVS99EKFLxm3jtbpl25FDWEXAMPLE";
const DERIVED = "GetAccountAuthorizationDetails.DERIVED-wire-like-url-encoded-documents.xml";
const QUIRKS = "GetAccountAuthorizationDetails.aws-docs.QUIRKS.xml";

/**
 * NOT a recording: a minimal empty final page written for these tests. Both authorization samples end
 * with `IsTruncated true` + `Marker`; the collector asks again with that Marker and gets this page.
 */
const FINAL_EMPTY_PAGE = `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
  <GetAccountAuthorizationDetailsResult>
    <IsTruncated>false</IsTruncated>
    <UserDetailList/>
    <GroupDetailList/>
    <RoleDetailList/>
    <Policies/>
  </GetAccountAuthorizationDetailsResult>
  <ResponseMetadata>
    <RequestId>00000000-0000-0000-0000-000000000002</RequestId>
  </ResponseMetadata>
</GetAccountAuthorizationDetailsResponse>`;

/** The documents of the docs sample, decoded (the same in the URL-encoded and the plain-JSON file). */
const BOB_DENY = {
  Version: "2012-10-17",
  Statement: { Effect: "Deny", Action: ["aws-portal:*", "iam:*"], Resource: "*" },
};
const FINANCE_POLICYGEN = {
  Version: "2012-10-17",
  Statement: [{ Action: ["aws-portal:*"], Sid: "Stmt1381777017000", Resource: ["*"], Effect: "Allow" }],
};
const POLICY_ADMIN_DOC = {
  Version: "2012-10-17",
  Statement: {
    Effect: "Allow",
    Action: [
      "iam:CreatePolicy",
      "iam:CreatePolicyVersion",
      "iam:DeletePolicy",
      "iam:DeletePolicyVersion",
      "iam:GetPolicy",
      "iam:GetPolicyVersion",
      "iam:ListPolicies",
      "iam:ListPolicyVersions",
      "iam:SetDefaultPolicyVersion",
    ],
    Resource: "*",
  },
};
const S3_READ_DOC = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["s3:Get*", "s3:List*"],
      Resource: ["arn:aws:s3:::example-bucket", "arn:aws:s3:::example-bucket/*"],
    },
  ],
};
const EC2_FULL_DOC = {
  Version: "2012-10-17",
  Statement: [
    { Action: "ec2:*", Effect: "Allow", Resource: "*" },
    { Effect: "Allow", Action: "elasticloadbalancing:*", Resource: "*" },
    { Effect: "Allow", Action: "cloudwatch:*", Resource: "*" },
    { Effect: "Allow", Action: "autoscaling:*", Resource: "*" },
  ],
};

function xml(name: string): string {
  return readFileSync(samplePath("iam-query-xml", name), "utf8");
}

/**
 * Both authorization samples end their one role with `</RoleId>      </member>` on one line. The SDK reads
 * those spaces as a text node in place of the whole RoleDetail (RoleDetailList [{}]), and our collector
 * refuses a nameless role (see the test below). This puts the line break back, nothing else.
 */
function withRoleLineBreak(body: string): string {
  return body.replace("</RoleId>      </member>", "</RoleId>\n      </member>");
}

/** A route serving `first` to the first call and {@link FINAL_EMPTY_PAGE} to the call that sends a Marker. */
function twoPages(first: string): ReplayRoute {
  return { body: (params) => (params.has("Marker") ? FINAL_EMPTY_PAGE : first) };
}

let replay: ReplayEndpoint | undefined;
let clients: AwsClients | undefined;

/** The IAM account settings through the runner (the snapshot's `iamAccount`) and the errors. */
async function collectIamAccount(from: AwsClients, accountId: string) {
  const snapshot = await collectSome(from, accountId, IAM_ACCOUNT);
  return { data: snapshot.iamAccount ?? {}, errors: snapshot.errors };
}

/** The authorization datasets through the runner (the snapshot's `authorization`) and the errors. */
async function collectAuthorization(from: AwsClients, accountId: string) {
  const snapshot = await collectSome(from, accountId, AUTHORIZATION);
  return { authorization: snapshot.authorization ?? {}, errors: snapshot.errors };
}

async function connect(
  routes: Record<string, ReplayRoute>,
): Promise<{ clients: AwsClients; replay: ReplayEndpoint }> {
  replay = await startReplayEndpoint(routes);
  clients = createClients({ endpointUrl: replay.endpoint, region: "us-east-1", retryBaseMs: 1 });
  return { clients, replay };
}

beforeEach(() => {
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
});
afterEach(async () => {
  clients?.destroy();
  clients = undefined;
  await replay?.close();
  replay = undefined;
  vi.unstubAllEnvs();
});

function snapshotOf(parts: Partial<Snapshot>): Snapshot {
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: COLLECTED_AT,
    source: "aws",
    errors: [],
    ...parts,
  };
}

function judge(rule: AnyRule, snapshot: Snapshot): Finding[] {
  return rule.evaluate(snapshot, rule.defaults);
}

function verdicts(findings: readonly Finding[]) {
  return findings.map((f) => [f.resourceType, f.resourceName, f.status]);
}

/** Every decoded document of the details, keyed by where it sits. */
function documents(details: AuthorizationDetails): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const user of details.users) {
    for (const p of user.inlinePolicies) out[`user/${user.userName}/${p.policyName}`] = p.document;
  }
  for (const group of details.groups) {
    for (const p of group.inlinePolicies) out[`group/${group.groupName}/${p.policyName}`] = p.document;
  }
  for (const policy of details.policies) {
    for (const v of policy.versions) out[`policy/${policy.policyName}/${v.versionId}`] = v.document;
  }
  return out;
}

describe.skipIf(!HAVE_SAMPLES)(
  `IAM Query XML samples through the real SDK${HAVE_SAMPLES ? "" : ` (${SAMPLES_SKIP_REASON})`}`,
  () => {
    describe("GetAccountAuthorizationDetails, DERIVED wire-like (URL-encoded documents)", () => {
      it("reads users, groups, policies and decoded documents, and sends the Marker back for page 2", async () => {
        const { clients, replay } = await connect({
          GetAccountAuthorizationDetails: twoPages(withRoleLineBreak(xml(DERIVED))),
        });
        const details = await getAuthorizationDetails(clients.iam, ACCOUNT);

        expect(replay.requests.map((params) => Object.fromEntries(params))).toEqual([
          {
            Action: "GetAccountAuthorizationDetails",
            Version: "2010-05-08",
            "Filter.member.1": "User",
            "Filter.member.2": "Group",
            "Filter.member.3": "Role",
            "Filter.member.4": "LocalManagedPolicy",
            "Filter.member.5": "AWSManagedPolicy",
            MaxItems: "1000",
          },
          {
            Action: "GetAccountAuthorizationDetails",
            Version: "2010-05-08",
            "Filter.member.1": "User",
            "Filter.member.2": "Group",
            "Filter.member.3": "Role",
            "Filter.member.4": "LocalManagedPolicy",
            "Filter.member.5": "AWSManagedPolicy",
            MaxItems: "1000",
            Marker: MARKER,
          },
        ]);
        expect(clients.apiCalls()).toEqual({ "iam:GetAccountAuthorizationDetails": 2 });

        expect(details.users).toHaveLength(5);
        expect(
          details.users.map((u) => [u.userName, u.userId, u.arn, u.createDate.toISOString(), u.groups]),
        ).toEqual([
          [
            "Alice",
            "AIDACKCEVSQ6C2EXAMPLE",
            `arn:aws:iam::${ACCOUNT}:user/Alice`,
            "2013-10-14T18:32:24.000Z",
            ["Admins"],
          ],
          [
            "Bob",
            "AIDACKCEVSQ6C3EXAMPLE",
            `arn:aws:iam::${ACCOUNT}:user/Bob`,
            "2013-10-14T18:32:25.000Z",
            ["Admins"],
          ],
          [
            "Charlie",
            "AIDACKCEVSQ6C4EXAMPLE",
            `arn:aws:iam::${ACCOUNT}:user/Charlie`,
            "2013-10-14T18:33:56.000Z",
            ["Dev"],
          ],
          [
            "Danielle",
            "AIDACKCEVSQ6C5EXAMPLE",
            `arn:aws:iam::${ACCOUNT}:user/Danielle`,
            "2013-10-14T18:33:56.000Z",
            ["Dev"],
          ],
          [
            "Elaine",
            "AIDACKCEVSQ6C6EXAMPLE",
            `arn:aws:iam::${ACCOUNT}:user/Elaine`,
            "2013-10-14T18:57:48.000Z",
            ["Finance"],
          ],
        ]);
        expect(details.users.every((u) => u.attachedManagedPolicies.length === 0)).toBe(true);
        expect(details.users[1]?.inlinePolicies).toEqual([
          { policyName: "DenyBillingAndIAMPolicy", document: { ok: true, value: BOB_DENY } },
        ]);

        expect(details.groups.map((g) => [g.groupName, g.groupId, g.arn, g.attachedManagedPolicies])).toEqual(
          [
            [
              "Admins",
              "AIDACKCEVSQ6C7EXAMPLE",
              `arn:aws:iam::${ACCOUNT}:group/Admins`,
              [
                {
                  policyName: "AdministratorAccess",
                  policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
                },
              ],
            ],
            [
              "Dev",
              "AIDACKCEVSQ6C8EXAMPLE",
              `arn:aws:iam::${ACCOUNT}:group/Dev`,
              [{ policyName: "PowerUserAccess", policyArn: "arn:aws:iam::aws:policy/PowerUserAccess" }],
            ],
            ["Finance", "AIDACKCEVSQ6C9EXAMPLE", `arn:aws:iam::${ACCOUNT}:group/Finance`, []],
          ],
        );
        expect(details.groups[2]?.inlinePolicies).toEqual([
          { policyName: "policygen-201310141157", document: { ok: true, value: FINANCE_POLICYGEN } },
        ]);

        expect(
          details.policies.map((p) => [
            p.policyName,
            p.policyId,
            p.arn,
            p.path,
            p.defaultVersionId,
            p.attachmentCount,
            p.awsManaged,
            p.versions.map((v) => [
              v.versionId,
              v.isDefaultVersion,
              v.createDate?.toISOString(),
              v.document.ok,
            ]),
          ]),
        ).toEqual([
          [
            "create-update-delete-set-managed-policies",
            "ANPAJ2UCCR6DPCEXAMPLE",
            `arn:aws:iam::${ACCOUNT}:policy/create-update-delete-set-managed-policies`,
            "/",
            "v1",
            1,
            false,
            [["v1", true, "2015-02-06T19:58:34.000Z", true]],
          ],
          [
            "S3-read-only-specific-bucket",
            "ANPAJ4AE5446DAEXAMPLE",
            `arn:aws:iam::${ACCOUNT}:policy/S3-read-only-specific-bucket`,
            "/",
            "v1",
            1,
            false,
            [["v1", true, "2015-01-21T21:39:41.000Z", true]],
          ],
          [
            "AWSOpsWorksRole",
            "ANPAE376NQ77WV6KGJEBE",
            "arn:aws:iam::aws:policy/service-role/AWSOpsWorksRole",
            "/service-role/",
            "v1",
            1,
            true,
            [["v1", true, "2014-12-10T22:57:47.000Z", true]],
          ],
          [
            "AmazonEC2FullAccess",
            "ANPAE3QWE5YT46TQ34WLG",
            "arn:aws:iam::aws:policy/AmazonEC2FullAccess",
            "/",
            "v1",
            1,
            true,
            [["v1", true, "2014-10-30T20:59:46.000Z", true]],
          ],
        ]);
        expect(details.policies[0]?.versions[0]?.document).toEqual({ ok: true, value: POLICY_ADMIN_DOC });
        expect(details.policies[1]?.versions[0]?.document).toEqual({ ok: true, value: S3_READ_DOC });
        expect(details.policies[3]?.versions[0]?.document).toEqual({ ok: true, value: EC2_FULL_DOC });
      });

      it("the sample's `</RoleId>      </member>` layout makes the SDK drop the role: our collector refuses it (rules 1.15–1.17 ERROR, none judged on partial data)", async () => {
        // Same-line spaces before </member> become a "#text" node that the SDK's getValueFromTextNode
        // puts in place of the whole RoleDetail struct, so the SDK returns RoleDetailList [{}].
        const { clients } = await connect({ GetAccountAuthorizationDetails: twoPages(xml(DERIVED)) });
        const failure = await getAuthorizationDetails(clients.iam, ACCOUNT).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(AwsApiError);
        expect((failure as AwsApiError).message).toBe(
          `iam:GetAccountAuthorizationDetails failed in account ${ACCOUNT}: Error: GetAccountAuthorizationDetails returned a role without a name or ARN: the response could not be read in full.`,
        );
      });

      it("with that one line break restored: EC2role and its policies; rules 1.15, 1.16, 1.17 give the exact findings", async () => {
        const body = withRoleLineBreak(xml(DERIVED));
        const { clients } = await connect({ GetAccountAuthorizationDetails: twoPages(body) });
        const details = await getAuthorizationDetails(clients.iam, ACCOUNT);
        expect(details.roles).toEqual([
          {
            roleName: "EC2role",
            roleId: "AROAFP4BKI7Y7TEXAMPLE",
            arn: `arn:aws:iam::${ACCOUNT}:role/EC2role`,
            path: "/",
            createDate: new Date("2014-07-30T17:09:20Z"),
            attachedManagedPolicies: [
              { policyName: "AmazonS3FullAccess", policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" },
              {
                policyName: "AmazonDynamoDBFullAccess",
                policyArn: "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess",
              },
            ],
            inlinePolicies: [],
          },
        ]);
        const snapshot = snapshotOf({ authorization: { details } });

        const direct = judge(rule115, snapshot);
        expect(verdicts(direct)).toEqual([
          ["AWS::IAM::User", "Alice", "PASS"],
          ["AWS::IAM::User", "Bob", "FAIL"],
          ["AWS::IAM::User", "Charlie", "PASS"],
          ["AWS::IAM::User", "Danielle", "PASS"],
          ["AWS::IAM::User", "Elaine", "PASS"],
        ]);
        expect(direct[1]?.resourceArn).toBe(`arn:aws:iam::${ACCOUNT}:user/Bob`);
        expect(direct[1]?.statusExtended).toBe(
          "Bob gets permissions directly through inline policy DenyBillingAndIAMPolicy (it is in group Admins): grant them through a group instead.",
        );
        expect(direct[1]?.evidence).toEqual({
          userName: "Bob",
          userArn: `arn:aws:iam::${ACCOUNT}:user/Bob`,
          userId: "AIDACKCEVSQ6C3EXAMPLE",
          userCreationTime: "2013-10-14T18:32:25Z",
          groups: ["Admins"],
          attachedManagedPolicies: [],
          inlinePolicies: ["DenyBillingAndIAMPolicy"],
          source: "iam:GetAccountAuthorizationDetails",
        });

        // The docs sample lists none of the four attached AWS managed policies under Policies, so none
        // can be judged: ERROR, never PASS. The two inline policies are judged: neither allows *:*.
        const admin = judge(rule116, snapshot);
        expect(verdicts(admin)).toEqual([
          ["AWS::IAM::ManagedPolicy", "AdministratorAccess", "ERROR"],
          ["AWS::IAM::ManagedPolicy", "PowerUserAccess", "ERROR"],
          ["AWS::IAM::ManagedPolicy", "AmazonS3FullAccess", "ERROR"],
          ["AWS::IAM::ManagedPolicy", "AmazonDynamoDBFullAccess", "ERROR"],
          ["AWS::IAM::UserPolicy", "Bob/DenyBillingAndIAMPolicy", "PASS"],
          ["AWS::IAM::GroupPolicy", "Finance/policygen-201310141157", "PASS"],
        ]);
        expect(admin[0]?.resourceArn).toBe("arn:aws:iam::aws:policy/AdministratorAccess");
        expect(admin[0]?.statusExtended).toBe(
          "Managed policy AdministratorAccess, attached to group Admins, could not be judged: it was not in the GetAccountAuthorizationDetails response.",
        );
        expect(admin[0]?.evidence).toEqual({
          policyName: "AdministratorAccess",
          policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
          policyType: "aws-managed",
          attachedTo: [{ type: "group", name: "Admins", arn: `arn:aws:iam::${ACCOUNT}:group/Admins` }],
          source: "iam:GetAccountAuthorizationDetails",
          defaultVersionId: null,
        });
        expect(admin[3]?.evidence.attachedTo).toEqual([
          { type: "role", name: "EC2role", arn: `arn:aws:iam::${ACCOUNT}:role/EC2role` },
        ]);
        expect(admin[4]?.statusExtended).toBe(
          "Inline policy DenyBillingAndIAMPolicy of user Bob does not allow every action on every resource.",
        );
        expect(admin[5]?.evidence).toEqual({
          policyName: "policygen-201310141157",
          policyType: "inline",
          attachedTo: [{ type: "group", name: "Finance", arn: `arn:aws:iam::${ACCOUNT}:group/Finance` }],
          fullAdminStatements: [],
          source: "iam:GetAccountAuthorizationDetails",
        });

        const support = judge(rule117, snapshot);
        expect(verdicts(support)).toEqual([["AWS::::Account", ACCOUNT, "FAIL"]]);
        expect(support[0]?.resourceArn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
        expect(support[0]?.statusExtended).toBe(
          "No role has AWSSupportAccess attached: create a support role.",
        );
        expect(support[0]?.evidence).toEqual({
          policyName: "AWSSupportAccess",
          roles: [],
          users: [],
          groups: [],
          roleCount: 1,
          source: "iam:GetAccountAuthorizationDetails",
        });
      });

      it("HTTP 403 AccessDenied (2015 capture): an AwsApiError naming the API, the account and the missing permission", async () => {
        const denied = { status: 403, body: xml("ErrorResponse.AccessDenied.capture-2015.xml") };
        const { clients, replay } = await connect({ GetAccountAuthorizationDetails: denied });
        const error = await getAuthorizationDetails(clients.iam, ACCOUNT).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AwsApiError);
        expect(error).toMatchObject({
          api: "iam:GetAccountAuthorizationDetails",
          accountId: ACCOUNT,
          code: "AccessDenied",
          missingPermission: "iam:GetAccountAuthorizationDetails",
          message:
            "iam:GetAccountAuthorizationDetails failed in account 123456789012: AccessDenied: User: arn:aws:iam::123456789012:user/s3-image-resizer is not authorized to perform: iam:GetUser on resource: user s3-image-resizer. The caller lacks the IAM permission iam:GetAccountAuthorizationDetails.",
        });
        expect(replay.requests).toHaveLength(1);

        // The runner never throws: the denial is a CollectionError for its dataset only; the
        // other calls reach the replay endpoint's "no recording" answer (HTTP 400 InvalidAction).
        const { authorization, errors } = await collectAuthorization(clients, ACCOUNT);
        expect(authorization).toEqual({});
        expect(errors.map((e) => [e.dataset, e.api, e.code, e.missingPermission])).toEqual([
          [
            "iam.authorizationDetails",
            "iam:GetAccountAuthorizationDetails",
            "AccessDenied",
            "iam:GetAccountAuthorizationDetails",
          ],
          ["iam.serverCertificates", "iam:ListServerCertificates", "InvalidAction", undefined],
          [
            "iam.identityProviders",
            expect.stringMatching(/^iam:List(SAML|OpenIDConnect)Providers$/),
            "InvalidAction",
            undefined,
          ],
        ]);
        expect(errors[1]?.message).toBe(
          "iam:ListServerCertificates failed in account 123456789012: InvalidAction: The replay endpoint has no recording for action ListServerCertificates.",
        );
      });
    });

    describe("GetAccountAuthorizationDetails, aws-docs QUIRKS (plain-JSON documents, whitespace in Marker/Arn)", () => {
      it("decodes the plain, line-wrapped, TAB-laden documents to the same objects as the URL-encoded ones", async () => {
        const { clients } = await connect({
          GetAccountAuthorizationDetails: twoPages(withRoleLineBreak(xml(QUIRKS))),
        });
        const quirks = await getAuthorizationDetails(clients.iam, ACCOUNT);
        clients.destroy();
        await replay?.close();
        const { clients: again } = await connect({
          GetAccountAuthorizationDetails: twoPages(withRoleLineBreak(xml(DERIVED))),
        });
        const derived = await getAuthorizationDetails(again.iam, ACCOUNT);

        expect(documents(quirks)).toEqual(documents(derived));
        expect(Object.keys(documents(quirks))).toEqual([
          "user/Bob/DenyBillingAndIAMPolicy",
          "group/Finance/policygen-201310141157",
          "policy/create-update-delete-set-managed-policies/v1",
          "policy/S3-read-only-specific-bucket/v1",
          "policy/AWSOpsWorksRole/v1",
          "policy/AmazonEC2FullAccess/v1",
        ]);
        expect(documents(quirks)["user/Bob/DenyBillingAndIAMPolicy"]).toEqual({ ok: true, value: BOB_DENY });
        expect(documents(quirks)["policy/create-update-delete-set-managed-policies/v1"]).toEqual({
          ok: true,
          value: POLICY_ADMIN_DOC,
        });
        // Users and groups read the same; Charlie's <AttachedManagedPolicies/> misplaced inside
        // <GroupList> is ignored (no extra group, no attachment); the AIDA group ids are kept as sent.
        expect(quirks.users).toEqual(derived.users);
        expect(quirks.groups).toEqual(derived.groups);
        expect(quirks.users[2]).toMatchObject({
          userName: "Charlie",
          groups: ["Dev"],
          attachedManagedPolicies: [],
        });
        expect(quirks.groups.map((g) => g.groupId)).toEqual([
          "AIDACKCEVSQ6C7EXAMPLE",
          "AIDACKCEVSQ6C8EXAMPLE",
          "AIDACKCEVSQ6C9EXAMPLE",
        ]);
      });

      it("passes the wrapped Marker back byte for byte and trims the indented policy Arn", async () => {
        const { clients, replay } = await connect({
          GetAccountAuthorizationDetails: twoPages(withRoleLineBreak(xml(QUIRKS))),
        });
        const details = await getAuthorizationDetails(clients.iam, ACCOUNT);
        expect(replay.requests).toHaveLength(2);
        // The opaque pagination token goes back exactly as the SDK read it, newlines and indentation included.
        expect(replay.requests[1]?.get("Marker")).toBe(
          "\n      EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl/eeaCX3Jo94/\n      bKqezEAg8TEVS99EKFLxm3jtbpl25FDWEXAMPLE\n    ",
        );
        expect(details.policies.map((p) => [p.arn, p.awsManaged])).toEqual([
          [`arn:aws:iam::${ACCOUNT}:policy/create-update-delete-set-managed-policies`, false],
          [`arn:aws:iam::${ACCOUNT}:policy/S3-read-only-specific-bucket`, false],
          ["arn:aws:iam::aws:policy/service-role/AWSOpsWorksRole", true],
          ["arn:aws:iam::aws:policy/AmazonEC2FullAccess", true],
        ]);
        expect(details.roles.map((r) => [r.roleName, r.arn])).toEqual([
          ["EC2role", `arn:aws:iam::${ACCOUNT}:role/EC2role`],
        ]);
      });
    });

    describe("GetAccountSummary", () => {
      it("FIXED-one-char: every SummaryMap entry as a number", async () => {
        const { clients } = await connect({
          GetAccountSummary: { body: xml("GetAccountSummary.aws-docs.FIXED-one-char.xml") },
        });
        expect(await getAccountSummary(clients.iam, ACCOUNT)).toEqual({
          Users: 32,
          GroupPolicySizeQuota: 10240,
          PolicyVersionsInUseQuota: 10000,
          ServerCertificatesQuota: 20,
          AccountSigningCertificatesPresent: 0,
          AccountAccessKeysPresent: 0,
          Groups: 7,
          UsersQuota: 150,
          UserPolicySizeQuota: 10240,
          GroupsPerUserQuota: 10,
          AttachedPoliciesPerGroupQuota: 2,
          VersionsPerPolicyQuota: 5,
          GroupsQuota: 50,
          PolicySizeQuota: 5120,
          Policies: 22,
          ServerCertificates: 1,
          AttachedPoliciesPerRoleQuota: 2,
          MFADevicesInUse: 4,
          PoliciesQuota: 1000,
          AccountMFAEnabled: 1,
          MFADevices: 4,
          AccessKeysPerUserQuota: 2,
          AttachedPoliciesPerUserQuota: 2,
          SigningCertificatesPerUserQuota: 2,
          PolicyVersionsInUse: 27,
          GlobalEndpointTokenVersion: 2,
          AccountPasswordPresent: 1,
        });
      });

      it("MALFORMED-verbatim (`</entry` without `>`): a clear AwsApiError, not retried, and a CollectionError in collectIamAccount", async () => {
        const { clients, replay } = await connect({
          GetAccountSummary: { body: xml("GetAccountSummary.aws-docs.MALFORMED-verbatim.xml") },
          GetAccountPasswordPolicy: { body: xml("GetAccountPasswordPolicy.aws-docs.xml") },
          ListVirtualMFADevices: {
            body: xml("ListVirtualMFADevices.aws-docs-2011-root-device.via-erlcloud.xml"),
          },
        });
        const error = await getAccountSummary(clients.iam, ACCOUNT).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AwsApiError);
        expect(error).toMatchObject({
          api: "iam:GetAccountSummary",
          accountId: ACCOUNT,
          code: "UnreadableResponse",
        });
        // The SDK's words without its hint to developers ("inspect the hidden field {error}.$response").
        expect((error as AwsApiError).message).toMatch(
          /^iam:GetAccountSummary failed in account 123456789012: UnreadableResponse: the HTTP 200 answer is not what the API returns: @aws-sdk XML parse error: mismatched tags <entry> and <\/entry <entry>\./,
        );
        expect((error as AwsApiError).message).not.toContain("hidden field");
        expect((error as AwsApiError).missingPermission).toBeUndefined();
        expect(replay.requests.map((p) => p.get("Action"))).toEqual(["GetAccountSummary"]);

        const { data, errors } = await collectIamAccount(clients, ACCOUNT);
        expect(errors.map((e) => [e.dataset, e.api, e.code])).toEqual([
          ["iam.accountSummary", "iam:GetAccountSummary", "UnreadableResponse"],
        ]);
        expect(data.accountSummary).toBeUndefined();
        expect(data.passwordPolicy?.minimumPasswordLength).toBe(12);
        expect(data.virtualMfaDevices).toHaveLength(3);
      });
    });

    describe("ListVirtualMFADevices", () => {
      it("2011 docs sample (via erlcloud): root device recognised by its ARN, unassigned device has no user", async () => {
        const { clients } = await connect({
          ListVirtualMFADevices: {
            body: xml("ListVirtualMFADevices.aws-docs-2011-root-device.via-erlcloud.xml"),
          },
        });
        const devices = await listVirtualMfaDevices(clients.iam, ACCOUNT);
        expect(devices).toEqual([
          { serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/MFAdeviceName`, enableDate: null, user: null },
          {
            serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/RootMFAdeviceName`,
            enableDate: new Date("2011-10-20T20:49:03Z"),
            user: { arn: `arn:aws:iam::${ACCOUNT}:root`, userName: null, userId: ACCOUNT },
          },
          {
            serialNumber: "arn:aws:iam:::mfa/ExampleUserMFAdeviceName",
            enableDate: new Date("2011-10-31T20:45:02Z"),
            user: {
              arn: "arn:aws:iam::111122223333:user/ExampleUser",
              userName: "ExampleUser",
              userId: "AIDEXAMPLE4EXAMPLEXYZ",
            },
          },
        ]);
        expect(devices.map(isRootDevice)).toEqual([false, true, false]);
      });

      it("with the docs summary (AccountMFAEnabled 1): 1.5 PASS, 1.6 FAIL because root's MFA is a virtual device", async () => {
        const { clients, replay } = await connect({
          GetAccountSummary: { body: xml("GetAccountSummary.aws-docs.FIXED-one-char.xml") },
          ListVirtualMFADevices: {
            body: xml("ListVirtualMFADevices.aws-docs-2011-root-device.via-erlcloud.xml"),
          },
          GetAccountPasswordPolicy: { body: xml("GetAccountPasswordPolicy.aws-docs.xml") },
        });
        const { data, errors } = await collectIamAccount(clients, ACCOUNT);
        expect(errors).toEqual([]);
        expect(replay.requests.map((p) => p.get("Action")).sort()).toEqual([
          "GetAccountPasswordPolicy",
          "GetAccountSummary",
          "ListVirtualMFADevices",
        ]);
        const snapshot = snapshotOf({ iamAccount: data });

        const mfa = judge(rule15, snapshot);
        expect(verdicts(mfa)).toEqual([["AWS::::Account", "<root_account>", "PASS"]]);
        expect(mfa[0]?.evidence.accountSummary).toEqual({
          AccountMFAEnabled: 1,
          AccountAccessKeysPresent: 0,
          AccountPasswordPresent: 1,
          AccountSigningCertificatesPresent: 0,
        });

        const hardware = judge(rule16, snapshot);
        expect(verdicts(hardware)).toEqual([["AWS::::Account", "<root_account>", "FAIL"]]);
        expect(hardware[0]?.resourceArn).toBe(`arn:aws:iam::${ACCOUNT}:root`);
        expect(hardware[0]?.statusExtended).toBe(
          `The root user of account ${ACCOUNT} has the virtual MFA device arn:aws:iam::${ACCOUNT}:mfa/RootMFAdeviceName assigned (whatever other device it also has): replace it with a hardware device.`,
        );
        expect(hardware[0]?.evidence.rootVirtualMfaDevices).toEqual([
          {
            serialNumber: `arn:aws:iam::${ACCOUNT}:mfa/RootMFAdeviceName`,
            userArn: `arn:aws:iam::${ACCOUNT}:root`,
            enableDate: "2011-10-20T20:49:03Z",
          },
        ]);
        expect(hardware[0]?.evidence.virtualMfaDevicesListed).toBe(3);
      });

      it("current docs sample, MALFORMED (`</MyCustomUser>` closes <Arn>): a clear AwsApiError", async () => {
        const { clients, replay } = await connect({
          ListVirtualMFADevices: { body: xml("ListVirtualMFADevices.aws-docs-current.MALFORMED.xml") },
        });
        const error = await listVirtualMfaDevices(clients.iam, ACCOUNT).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AwsApiError);
        expect(error).toMatchObject({
          api: "iam:ListVirtualMFADevices",
          accountId: ACCOUNT,
          code: "UnreadableResponse",
        });
        expect((error as AwsApiError).message).toMatch(
          /^iam:ListVirtualMFADevices failed in account 123456789012: UnreadableResponse: the HTTP 200 answer is not what the API returns: @aws-sdk XML parse error: mismatched tags <Arn> and <\/MyCustomUser>\./,
        );
        expect(replay.requests).toHaveLength(1);
      });
    });

    describe("GetAccountPasswordPolicy", () => {
      async function policyData(route: ReplayRoute): Promise<IamAccountData> {
        const { clients } = await connect({ GetAccountPasswordPolicy: route });
        const { data, errors } = await collectIamAccount(clients, ACCOUNT);
        // The summary and MFA calls have no recording here: their errors are theirs alone.
        expect(errors.map((e) => [e.dataset, e.code])).toEqual([
          ["iam.accountSummary", "InvalidAction"],
          ["iam.virtualMfaDevices", "InvalidAction"],
        ]);
        return data;
      }

      it("NoSuchEntity served with HTTP 404: no policy (null), and 1.8 and 1.9 FAIL", async () => {
        const data = await policyData({
          status: 404,
          body: xml("ErrorResponse.NoSuchEntity.password-policy.ASSEMBLED.xml"),
        });
        expect(data.passwordPolicy).toBeNull();
        const snapshot = snapshotOf({ iamAccount: data });
        const length = judge(rule18, snapshot);
        const reuse = judge(rule19, snapshot);
        expect([...verdicts(length), ...verdicts(reuse)]).toEqual([
          ["AWS::::Account", ACCOUNT, "FAIL"],
          ["AWS::::Account", ACCOUNT, "FAIL"],
        ]);
        expect(length[0]?.statusExtended).toBe(
          `Account ${ACCOUNT} has no IAM password policy, so passwords need only IAM's default 8 characters, not 14.`,
        );
        expect(reuse[0]?.statusExtended).toBe(
          `Account ${ACCOUNT} has no IAM password policy, so users may reuse old passwords (no reuse prevention; 24 required).`,
        );
        expect(length[0]?.evidence).toEqual({
          setting: "minimumPasswordLength",
          required: 14,
          passwordPolicy: null,
          value: null,
        });
      });

      it("aws-docs policy: every field exactly, and 1.8 (length 12) and 1.9 (reuse 12) FAIL", async () => {
        const data = await policyData({ body: xml("GetAccountPasswordPolicy.aws-docs.xml") });
        expect(data.passwordPolicy).toEqual({
          minimumPasswordLength: 12,
          passwordReusePrevention: 12,
          requireSymbols: true,
          requireNumbers: true,
          requireUppercaseCharacters: true,
          requireLowercaseCharacters: true,
          allowUsersToChangePassword: true,
          expirePasswords: false,
          maxPasswordAge: 90,
          hardExpiry: false,
        });
        const snapshot = snapshotOf({ iamAccount: data });
        const length = judge(rule18, snapshot);
        const reuse = judge(rule19, snapshot);
        expect([length[0]?.status, length[0]?.evidence.value]).toEqual(["FAIL", 12]);
        expect([reuse[0]?.status, reuse[0]?.evidence.value]).toEqual(["FAIL", 12]);
        expect(length[0]?.statusExtended).toBe(
          `The IAM password policy of account ${ACCOUNT} requires passwords of only 12 characters, fewer than 14.`,
        );
        expect(reuse[0]?.statusExtended).toBe(
          `The IAM password policy of account ${ACCOUNT} prevents reuse of only the last 12 passwords, fewer than 24.`,
        );
      });
    });
  },
);
