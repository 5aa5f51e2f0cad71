/**
 * Public AWS-CLI/SDK-shaped IAM JSON recordings (../shared/samples/iam) through our pure code: the default
 * version of real AWS managed policies judged by fullAdminStatements and rule 1.16 (and 1.17 for
 * AWSSupportAccess) when attached to a role; every policy document of the GetAccountAuthorizationDetails
 * recordings decoded with decodePolicyDocument (decoded objects pass through, the percent-encoded wire
 * strings decode to the same objects as their plain counterparts). Exact values throughout.
 *
 * Not covered here: password-policy/, account-summary/ and virtual-mfa/ JSON. src has no pure mapping
 * from the SDK's PascalCase output to our types; the mapping lives inside the SDK-calling functions of
 * src/aws/iam-account.ts, which test/aws/iam-xml-samples.test.ts exercises with the XML recordings.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Finding } from "../../../src/model/finding.js";
import { rule as rule116 } from "../../../src/rules/iam/iam_policy_no_full_admin_attached.js";
import { rule as rule117 } from "../../../src/rules/iam/iam_role_support_access_attached.js";
import {
  type AdminStatement,
  fullAdminStatements,
  statementsOf,
} from "../../../src/rules/iam/iam-policy-document.js";
import { decodePolicyDocument, type ManagedPolicy } from "../../../src/snapshot/authorization.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { HAVE_SAMPLES, SAMPLES_SKIP_REASON, samplePath } from "../../support/samples.js";

const ACCOUNT = "123456789012";
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/sample-role`;

/** The parsed JSON of a sample file under samples/iam (MAMIP's trailing spaces are valid JSON). */
function sample(...parts: string[]): Record<string, unknown> {
  return JSON.parse(readFileSync(samplePath("iam", ...parts), "utf8")) as Record<string, unknown>;
}

interface CliPolicyVersion {
  readonly VersionId: string;
  readonly IsDefaultVersion: boolean;
  readonly CreateDate: string;
  readonly Document: unknown;
}

function policyVersion(file: string): CliPolicyVersion {
  return sample("managed-policies", file).PolicyVersion as CliPolicyVersion;
}

/** The decoded document; fails the test when it does not decode. */
function decoded(raw: unknown): unknown {
  const document = decodePolicyDocument(raw);
  if (!document.ok) throw new Error(`document did not decode: ${document.error}`);
  return document.value;
}

/** A snapshot where role `sample-role` has the AWS managed policy `name` (one version, the file's) attached. */
function withAttachedAwsPolicy(name: string, version: CliPolicyVersion): Snapshot {
  const arn = `arn:aws:iam::aws:policy/${name}`;
  const policy: ManagedPolicy = {
    policyName: name,
    policyId: `ANPA${name.toUpperCase()}`,
    arn,
    path: "/",
    defaultVersionId: version.VersionId,
    attachmentCount: 1,
    awsManaged: true,
    versions: [
      {
        versionId: version.VersionId,
        isDefaultVersion: version.IsDefaultVersion,
        createDate: new Date(version.CreateDate),
        document: decodePolicyDocument(version.Document),
      },
    ],
  };
  return {
    accountId: ACCOUNT,
    partition: "aws",
    collectedAt: new Date("2026-03-08T00:00:00Z"),
    source: "aws",
    errors: [],
    authorization: {
      details: {
        users: [],
        groups: [],
        roles: [
          {
            roleName: "sample-role",
            roleId: "AROASAMPLEROLE",
            arn: ROLE_ARN,
            path: "/",
            createDate: new Date("2025-01-01T00:00:00Z"),
            attachedManagedPolicies: [{ policyName: name, policyArn: arn }],
            inlinePolicies: [],
          },
        ],
        policies: [policy],
      },
    },
  };
}

function only(findings: readonly Finding[]): Finding {
  expect(findings).toHaveLength(1);
  return findings[0] as Finding;
}

const ATTACHED_TO = [{ type: "role", name: "sample-role", arn: ROLE_ARN }];

describe.skipIf(!HAVE_SAMPLES)(
  `IAM JSON samples through our pure code${HAVE_SAMPLES ? "" : ` (${SAMPLES_SKIP_REASON})`}`,
  () => {
    describe("managed-policies: default versions of AWS managed policies (MAMIP, 2026-03-07)", () => {
      it('AdministratorAccess v1 ("Action": "*" on "*" as strings): 1.16 FAIL', () => {
        const version = policyVersion("AdministratorAccess.GetPolicyVersion.json");
        expect(decoded(version.Document)).toEqual({
          Version: "2012-10-17",
          Statement: [{ Action: "*", Resource: "*", Effect: "Allow" }],
        });
        const expected: AdminStatement[] = [
          {
            index: 0,
            sid: null,
            actionKey: "Action",
            actions: ["*"],
            resourceKey: "Resource",
            resources: ["*"],
            conditional: false,
          },
        ];
        expect(fullAdminStatements(decoded(version.Document))).toEqual(expected);
        const finding = only(
          rule116.evaluate(withAttachedAwsPolicy("AdministratorAccess", version), rule116.defaults),
        );
        expect(finding.status).toBe("FAIL");
        expect(finding.resourceType).toBe("AWS::IAM::ManagedPolicy");
        expect(finding.resourceArn).toBe("arn:aws:iam::aws:policy/AdministratorAccess");
        expect(finding.resourceName).toBe("AdministratorAccess");
        expect(finding.statusExtended).toBe(
          "Managed policy AdministratorAccess (default version v1), attached to role sample-role, allows every action on every resource (statement 1): replace it with least-privilege permissions.",
        );
        expect(finding.evidence).toEqual({
          policyName: "AdministratorAccess",
          policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
          policyType: "aws-managed",
          attachedTo: ATTACHED_TO,
          source: "iam:GetAccountAuthorizationDetails",
          defaultVersionId: "v1",
          versionCount: 1,
          fullAdminStatements: [
            { statementIndex: 0, sid: null, Action: ["*"], Resource: ["*"], conditional: false },
          ],
        });
      });

      it('PowerUserAccess v12 ("NotAction": iam/organizations/account on "*"): 1.16 FAIL, as the rule says NotAction on * counts', () => {
        const version = policyVersion("PowerUserAccess.GetPolicyVersion.json");
        expect(statementsOf(decoded(version.Document))).toHaveLength(2);
        expect(fullAdminStatements(decoded(version.Document))).toEqual([
          {
            index: 0,
            sid: null,
            actionKey: "NotAction",
            actions: ["iam:*", "organizations:*", "account:*"],
            resourceKey: "Resource",
            resources: ["*"],
            conditional: false,
          },
        ]);
        const finding = only(
          rule116.evaluate(withAttachedAwsPolicy("PowerUserAccess", version), rule116.defaults),
        );
        expect(finding.status).toBe("FAIL");
        expect(finding.statusExtended).toBe(
          "Managed policy PowerUserAccess (default version v12), attached to role sample-role, allows every action except iam:*, organizations:*, account:* on every resource (statement 1): replace it with least-privilege permissions.",
        );
        expect(finding.evidence.fullAdminStatements).toEqual([
          {
            statementIndex: 0,
            sid: null,
            NotAction: ["iam:*", "organizations:*", "account:*"],
            Resource: ["*"],
            conditional: false,
          },
        ]);
      });

      it.each([
        ["IAMFullAccess.GetPolicyVersion.json", "IAMFullAccess", "v2", 11],
        ["AWSSupportAccess.GetPolicyVersion.json", "AWSSupportAccess", "v4", 2],
        ["AWSCloudShellFullAccess.GetPolicyVersion.json", "AWSCloudShellFullAccess", "v1", 1],
        [
          "ReadOnlyAccess.GetPolicyVersion.TRUNCATED-first-40-actions-per-statement.json",
          "ReadOnlyAccess",
          "v178",
          80,
        ],
      ])("%s: service wildcards only, 1.16 PASS", (file, name, versionId, actionCount) => {
        const version = policyVersion(file);
        const document = decoded(version.Document);
        const actions = statementsOf(document).flatMap((statement) =>
          Array.isArray(statement.Action) ? statement.Action : [statement.Action],
        );
        expect(actions).toHaveLength(actionCount);
        expect(fullAdminStatements(document)).toEqual([]);
        const finding = only(rule116.evaluate(withAttachedAwsPolicy(name, version), rule116.defaults));
        expect([finding.status, finding.resourceName, finding.evidence.defaultVersionId]).toEqual([
          "PASS",
          name,
          versionId,
        ]);
        expect(finding.statusExtended).toBe(
          `Managed policy ${name} (default version ${versionId}), attached to role sample-role, does not allow every action on every resource.`,
        );
      });

      it("ReadOnlyAccess iam/sts EXTRACT (our wrapper: the actions in one Allow statement on *): PASS", () => {
        const extract = sample("managed-policies", "ReadOnlyAccess.iam-and-sts-actions.EXTRACT.json");
        expect(extract.actions).toEqual([
          "iam:Generate*",
          "iam:Get*",
          "iam:List*",
          "iam:Simulate*",
          "sts:GetAccessKeyInfo",
          "sts:GetCallerIdentity",
          "sts:GetSessionToken",
        ]);
        // ReadOnlyAccess's statements are Allow on Resource "*" (see the TRUNCATED file); the wrapper is ours.
        const document = {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: extract.actions, Resource: "*" }],
        };
        expect(fullAdminStatements(document)).toEqual([]);
        const version = {
          VersionId: "v178",
          IsDefaultVersion: true,
          CreateDate: "2026-02-12T18:01:33Z",
          Document: document,
        };
        expect(
          only(rule116.evaluate(withAttachedAwsPolicy("ReadOnlyAccess", version), rule116.defaults)).status,
        ).toBe("PASS");
      });

      it("AWSSupportAccess attached to a role: 1.17 PASS", () => {
        const snapshot = withAttachedAwsPolicy(
          "AWSSupportAccess",
          policyVersion("AWSSupportAccess.GetPolicyVersion.json"),
        );
        const finding = only(rule117.evaluate(snapshot, rule117.defaults));
        expect([finding.status, finding.resourceName, finding.statusExtended]).toEqual([
          "PASS",
          ACCOUNT,
          "Role sample-role has AWSSupportAccess attached.",
        ]);
        expect(finding.evidence.roles).toEqual([{ roleName: "sample-role", roleArn: ROLE_ARN }]);
      });
    });

    describe("account-authorization-details: documents decoded", () => {
      it("aws-cli example: decoded objects pass through unchanged; Statement as one object is read; the doc bug is in the sample", () => {
        const cli = sample(
          "account-authorization-details",
          "aws-cli-example.get-account-authorization-details.json",
        );
        const users = cli.UserDetailList as {
          UserName: string;
          UserPolicyList: { PolicyDocument: unknown }[];
        }[];
        const groups = cli.GroupDetailList as {
          GroupName: string;
          AttachedManagedPolicies: unknown;
          GroupPolicyList: { PolicyDocument: unknown }[];
        }[];
        const roles = cli.RoleDetailList as { AssumeRolePolicyDocument: unknown }[];
        const policies = cli.Policies as { PolicyName: string; PolicyVersionList: { Document: unknown }[] }[];
        const all = [
          ...users.flatMap((u) => u.UserPolicyList.map((p) => p.PolicyDocument)),
          ...groups.flatMap((g) => g.GroupPolicyList.map((p) => p.PolicyDocument)),
          ...roles.map((r) => r.AssumeRolePolicyDocument),
          ...policies.flatMap((p) => p.PolicyVersionList.map((v) => v.Document)),
        ];
        expect(all).toHaveLength(6);
        for (const raw of all) expect(decodePolicyDocument(raw)).toEqual({ ok: true, value: raw });

        const bob = users.find((u) => u.UserName === "Bob")?.UserPolicyList[0]?.PolicyDocument;
        expect(decoded(bob)).toEqual({
          Version: "2012-10-17",
          Statement: { Effect: "Deny", Action: ["aws-portal:*", "iam:*"], Resource: "*" },
        });
        expect(statementsOf(decoded(bob))).toEqual([
          { Effect: "Deny", Action: ["aws-portal:*", "iam:*"], Resource: "*" },
        ]);
        expect(all.map((raw) => fullAdminStatements(decoded(raw)))).toEqual([[], [], [], [], [], []]);

        // Doc bug kept in the sample: Admins/Dev have AttachedManagedPolicies as one object, not a list.
        // No src code reads CLI-shaped authorization JSON, so this shape never reaches our rules.
        expect(groups.map((g) => [g.GroupName, Array.isArray(g.AttachedManagedPolicies)])).toEqual([
          ["Admins", false],
          ["Dev", false],
          ["Finance", true],
        ]);
        expect([cli.IsTruncated, cli.Marker]).toEqual([
          true,
          "EXAMPLEkakv9BCuUNFDtxWSyfzetYwEx2ADc8dnzfvERF5S6YMvXKx41t6gCl/eeaCX3Jo94/bKqezEAg8TEVS99EKFLxm3jtbpl25FDWEXAMPLE",
        ]);
      });

      it("the DERIVED wire XML's percent-encoded documents decode to the aws-cli example's objects where the docs sample is the same", () => {
        const cli = sample(
          "account-authorization-details",
          "aws-cli-example.get-account-authorization-details.json",
        );
        const xml = readFileSync(
          samplePath(
            "iam-query-xml",
            "GetAccountAuthorizationDetails.DERIVED-wire-like-url-encoded-documents.xml",
          ),
          "utf8",
        );
        const encoded = (tag: string) =>
          [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))].map((match) => match[1] ?? "");
        const inline = encoded("PolicyDocument");
        const versions = encoded("Document");
        const trust = encoded("AssumeRolePolicyDocument");
        expect([inline.length, versions.length, trust.length]).toEqual([2, 4, 2]);
        for (const raw of [...inline, ...versions, ...trust]) expect(raw).toMatch(/^%7B%22Version%22%3A/);

        const users = cli.UserDetailList as { UserPolicyList: { PolicyDocument: unknown }[] }[];
        const groups = cli.GroupDetailList as { GroupPolicyList: { PolicyDocument: unknown }[] }[];
        const roles = cli.RoleDetailList as { AssumeRolePolicyDocument: unknown }[];
        const policies = cli.Policies as { PolicyVersionList: { Document: unknown }[] }[];
        const document = (i: number) => policies[i]?.PolicyVersionList[0]?.Document;

        // Same in both: Bob's inline policy, the customer policy, AmazonEC2FullAccess, the trust policy.
        expect(decoded(inline[0])).toEqual(users[1]?.UserPolicyList[0]?.PolicyDocument);
        expect(decoded(versions[0])).toEqual(document(0));
        expect(decoded(versions[3])).toEqual(document(2));
        expect(decoded(trust[0])).toEqual(roles[0]?.AssumeRolePolicyDocument);
        expect(decoded(trust[1])).toEqual(roles[0]?.AssumeRolePolicyDocument);
        // The aws-cli page edited two documents: Finance's Action/Resource as strings, the bucket name.
        expect(decoded(inline[1])).toEqual({
          Version: "2012-10-17",
          Statement: [
            { Action: ["aws-portal:*"], Sid: "Stmt1381777017000", Resource: ["*"], Effect: "Allow" },
          ],
        });
        expect(groups[2]?.GroupPolicyList[0]?.PolicyDocument).toEqual({
          Version: "2012-10-17",
          Statement: [{ Action: "aws-portal:*", Sid: "Stmt1381777017000", Resource: "*", Effect: "Allow" }],
        });
        expect(JSON.stringify(decoded(versions[1]))).toBe(
          JSON.stringify(document(1)).replaceAll("amzn-s3-demo-bucket", "example-bucket"),
        );
      });

      it("localstack recordings of real AWS (2026-02-17): every document passes through; none allows *:*", () => {
        const files = [
          "localstack-real-aws-20260217.no-filter.json",
          "localstack-real-aws-20260217.inline-policies.json",
          "localstack-real-aws-20260217.tags.json",
          "localstack-real-aws-20260217.filter-AWSManagedPolicy.json",
        ];
        const found: [string, string, unknown][] = [];
        for (const file of files) {
          const data = sample("account-authorization-details", file) as Record<
            string,
            Record<string, unknown>[]
          >;
          for (const entity of [
            ...(data.UserDetailList ?? []),
            ...(data.GroupDetailList ?? []),
            ...(data.RoleDetailList ?? []),
          ]) {
            for (const key of ["UserPolicyList", "GroupPolicyList", "RolePolicyList"]) {
              for (const p of (entity[key] ?? []) as { PolicyName: string; PolicyDocument: unknown }[]) {
                found.push([file, p.PolicyName, p.PolicyDocument]);
              }
            }
            if (entity.AssumeRolePolicyDocument) found.push([file, "trust", entity.AssumeRolePolicyDocument]);
          }
          for (const policy of data.Policies ?? []) {
            for (const v of policy.PolicyVersionList as { VersionId: string; Document: unknown }[]) {
              found.push([file, `${String(policy.PolicyName)} ${v.VersionId}`, v.Document]);
            }
          }
        }
        expect(
          found.map(([file, name]) => [file.replace(/^localstack-real-aws-20260217\.|\.json$/g, ""), name]),
        ).toEqual([
          ["no-filter", "trust"],
          ["no-filter", "<policy-name:1> v1"],
          ["inline-policies", "<policy-name:3>"],
          ["inline-policies", "<policy-name:1>"],
          ["inline-policies", "<policy-name:2>"],
          ["inline-policies", "trust"],
          ["tags", "trust"],
          ["filter-AWSManagedPolicy", "<policy-name:1> v2"],
          ["filter-AWSManagedPolicy", "<policy-name:1> v1"],
        ]);
        for (const [, , raw] of found) {
          expect(decodePolicyDocument(raw)).toEqual({ ok: true, value: raw });
          expect(fullAdminStatements(raw)).toEqual([]);
        }
        // AmazonS3FullAccess, filtered to AWSManagedPolicy: v2 (default) and v1, both partial wildcards.
        expect(found.slice(-2).map(([, , raw]) => statementsOf(raw)[0]?.Action)).toEqual([
          ["s3:*", "s3-object-lambda:*"],
          "s3:*",
        ]);
      });

      it("sdk-raw percent-encoded strings (aws-sdk-go #1513, aws-sdk-java #730) decode to the exact documents", () => {
        const raw = sample("account-authorization-details", "url-encoded-policy-documents.sdk-raw.json");
        const go = (
          raw["GetAccountAuthorizationDetails.Policies[].PolicyVersionList[]__aws-sdk-go-issue-1513"] as {
            Document: string;
          }
        ).Document;
        const java = raw["GetRolePolicy.PolicyDocument__aws-sdk-java-issue-730"] as string;
        // The Go string keeps the author's newlines and indentation (%0A%20%20...).
        expect(go).toContain("%0A%20%20%20%20%22Version%22");
        const acm = {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["acm:*"], Resource: "*" }],
        };
        expect(decodePolicyDocument(go)).toEqual({ ok: true, value: acm });
        expect(decodePolicyDocument(JSON.stringify(acm, null, 4))).toEqual({ ok: true, value: acm });
        expect(decodePolicyDocument(encodeURIComponent(JSON.stringify(acm)))).toEqual({
          ok: true,
          value: acm,
        });
        expect(decodePolicyDocument(java)).toEqual({
          ok: true,
          value: {
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "Stmt1465345522686",
                Effect: "Allow",
                Action: [
                  "dynamodb:BatchGetItem",
                  "dynamodb:BatchWriteItem",
                  "dynamodb:DeleteItem",
                  "dynamodb:DescribeTable",
                  "dynamodb:GetItem",
                  "dynamodb:ListTables",
                  "dynamodb:PutItem",
                  "dynamodb:Query",
                  "dynamodb:Scan",
                  "dynamodb:UpdateItem",
                  "dynamodb:UpdateTable",
                ],
                Resource: [
                  "arn:aws:dynamodb:ap-southeast-2::table/nwh-test-2-1465345522686",
                  "arn:aws:dynamodb:ap-southeast-2::table/nwh-test-2-1465345522686/*",
                  "arn:aws:dynamodb:us-west-2::table/nwh-test-2-1465345522686_replica",
                  "arn:aws:dynamodb:us-west-2::table/nwh-test-2-1465345522686_replica/*",
                ],
              },
            ],
          },
        });
        expect(fullAdminStatements(decoded(go))).toEqual([]);
        expect(fullAdminStatements(decoded(java))).toEqual([]);
      });
    });
  },
);
