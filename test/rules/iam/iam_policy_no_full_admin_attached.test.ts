import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/iam/iam_policy_no_full_admin_attached.js";
import { decodePolicyDocument } from "../../../src/snapshot/authorization.js";
import { attachment, details, doc, group, policy, role, snapshot, user } from "./authorization-fixtures.js";

const ALL = { Effect: "Allow", Action: "*", Resource: "*" };

/** Judges one customer managed policy attached to role `app`: [status, statusExtended]. */
function judgeOne(...versions: unknown[]): [string, string] {
  const managed = policy("p", versions);
  const [finding, ...rest] = rule.evaluate(
    snapshot(
      details({
        roles: [role("app", { attachedManagedPolicies: [attachment(managed)] })],
        policies: [managed],
      }),
    ),
    {},
  );
  expect(rest).toEqual([]);
  return [finding?.status ?? "none", finding?.statusExtended ?? ""];
}

describe("iam_policy_no_full_admin_attached (CIS v1.5.0 1.16)", () => {
  it('PASSes "Action": ["s3:*"] on "*" (a partial wildcard)', () => {
    expect(judgeOne(doc([{ Effect: "Allow", Action: ["s3:*"], Resource: "*" }]))).toEqual([
      "PASS",
      "Managed policy p (default version v1), attached to role app, does not allow every action on every resource.",
    ]);
  });

  it('FAILs "NotAction": "iam:*" on "*"', () => {
    expect(judgeOne(doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).toEqual([
      "FAIL",
      "Managed policy p (default version v1), attached to role app, allows every action except iam:* on every resource (statement 1): replace it with least-privilege permissions.",
    ]);
  });

  it("FAILs the statement as an object and as a list, Action as a string and as a list", () => {
    expect(judgeOne(doc(ALL))[0]).toBe("FAIL");
    expect(judgeOne(doc([ALL]))[0]).toBe("FAIL");
    expect(judgeOne(doc({ ...ALL, Action: ["s3:GetObject", "*"] }))[0]).toBe("FAIL");
    expect(judgeOne(doc({ ...ALL, Resource: ["*"] }))[0]).toBe("FAIL");
    expect(judgeOne(doc({ ...ALL, Action: "*:*" }))[0]).toBe("FAIL");
    expect(
      judgeOne(
        doc([{ Sid: "Admin", ...ALL, Condition: { Bool: { "aws:MultiFactorAuthPresent": "true" } } }]),
      ),
    ).toEqual([
      "FAIL",
      'Managed policy p (default version v1), attached to role app, allows every action on every resource (statement "Admin", with a Condition): replace it with least-privilege permissions.',
    ]);
  });

  it("PASSes Deny statements, specific resources and partial wildcards", () => {
    expect(judgeOne(doc({ ...ALL, Effect: "Deny" }))[0]).toBe("PASS");
    expect(judgeOne(doc({ ...ALL, Resource: "arn:aws:s3:::bucket/*" }))[0]).toBe("PASS");
    expect(judgeOne(doc({ ...ALL, Action: "iam:*" }))[0]).toBe("PASS");
    expect(judgeOne(doc([]))[0]).toBe("PASS");
  });

  it("judges the DEFAULT version only: an admin non-default version does not fail, an admin default does", () => {
    const safe = doc({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    const adminOld = policy("p", [doc(ALL), safe]); // v2 (safe) is the default
    const adminNew = policy("q", [safe, doc(ALL)], { defaultIndex: 1 });
    const findings = rule.evaluate(
      snapshot(
        details({
          groups: [group("ops", { attachedManagedPolicies: [attachment(adminOld), attachment(adminNew)] })],
          policies: [adminOld, adminNew],
        }),
      ),
      {},
    );
    expect(findings.map((f) => [f.resourceName, f.status, f.evidence.defaultVersionId])).toEqual([
      ["p", "PASS", "v2"],
      ["q", "FAIL", "v2"],
    ]);
  });

  it("ignores unattached policies, judges inline policies, and names every holder once per policy", () => {
    const admin = policy("AdministratorAccess", [doc(ALL)], { awsManaged: true });
    const unattached = policy("spare", [doc(ALL)]);
    const findings = rule.evaluate(
      snapshot(
        details({
          users: [
            user("alice", { attachedManagedPolicies: [attachment(admin)] }),
            user("bob", {
              inlinePolicies: [{ policyName: "all", document: { ok: true, value: doc([ALL]) } }],
            }),
          ],
          groups: [group("admins", { attachedManagedPolicies: [attachment(admin)] })],
          policies: [admin, unattached],
        }),
      ),
      {},
    );
    expect(findings.map((f) => [f.resourceType, f.resourceName, f.status])).toEqual([
      ["AWS::IAM::ManagedPolicy", "AdministratorAccess", "FAIL"],
      ["AWS::IAM::UserPolicy", "bob/all", "FAIL"],
    ]);
    expect(findings[0]?.evidence).toMatchObject({
      policyType: "aws-managed",
      attachedTo: [
        { type: "user", name: "alice", arn: "arn:aws:iam::111122223333:user/alice" },
        { type: "group", name: "admins", arn: "arn:aws:iam::111122223333:group/admins" },
      ],
      fullAdminStatements: [
        { statementIndex: 0, sid: null, Action: ["*"], Resource: ["*"], conditional: false },
      ],
    });
    expect(findings[0]?.uid).toMatch(/^iam_policy_no_full_admin_attached-111122223333-[0-9a-f]{24}$/);
  });

  it("gives one account-wide PASS when no user, group or role holds any policy (unattached ones do not count)", () => {
    const admin = policy("spare", [doc(ALL)]);
    const findings = rule.evaluate(
      snapshot(details({ users: [user("alice")], groups: [group("devs")], policies: [admin] })),
      {},
    );
    expect(findings.map((f) => [f.resourceType, f.resourceArn, f.status, f.statusExtended])).toEqual([
      [
        "AWS::::Account",
        "arn:aws:iam::111122223333:root",
        "PASS",
        "No user, group or role of account 111122223333 holds a managed or inline policy (users: 1, groups: 1, roles: 0): none grants full administrative privileges.",
      ],
    ]);
    expect(findings[0]?.evidence).toEqual({
      users: 1,
      groups: 1,
      roles: 0,
      source: "iam:GetAccountAuthorizationDetails",
    });
  });

  it("gives ERROR for an attached policy whose document is missing or unreadable", () => {
    const broken = {
      ...policy("broken", [doc(ALL)]),
      versions: [
        {
          versionId: "v1",
          isDefaultVersion: true,
          createDate: null,
          document: decodePolicyDocument("%7Bnot-json"),
        },
      ],
    };
    const findings = rule.evaluate(
      snapshot(
        details({
          roles: [
            role("app", {
              attachedManagedPolicies: [
                attachment(broken),
                { policyName: "Gone", policyArn: "arn:aws:iam::aws:policy/Gone" },
              ],
            }),
          ],
          policies: [broken],
        }),
      ),
      {},
    );
    expect(findings.map((f) => [f.resourceName, f.status])).toEqual([
      ["broken", "ERROR"],
      ["Gone", "ERROR"],
    ]);
    expect(findings[1]?.statusExtended).toBe(
      "Managed policy Gone, attached to role app, could not be judged: it was not in the GetAccountAuthorizationDetails response.",
    );
  });

  it("decodes documents percent-encoded as on the wire, plain JSON, and decoded objects alike", () => {
    const json = JSON.stringify(doc(ALL));
    const encoded = encodeURIComponent(json).replace(/\*/g, "%2A");
    expect(decodePolicyDocument(encoded)).toEqual({ ok: true, value: doc(ALL) });
    expect(decodePolicyDocument(json)).toEqual({ ok: true, value: doc(ALL) });
    expect(decodePolicyDocument(doc(ALL))).toEqual({ ok: true, value: doc(ALL) });
    expect(decodePolicyDocument("%E0%A4%A")).toEqual({
      ok: false,
      error: "the policy document is not valid percent-encoding",
    });
  });

  it("is ERROR naming the permission when GetAccountAuthorizationDetails was denied", () => {
    const [finding, ...rest] = evaluateRule(
      rule,
      snapshot({}, [
        {
          dataset: "iam.authorizationDetails",
          api: "iam:GetAccountAuthorizationDetails",
          code: "AccessDenied",
          message:
            "iam:GetAccountAuthorizationDetails failed in account 111122223333: AccessDenied: denied. The caller lacks the IAM permission iam:GetAccountAuthorizationDetails.",
          missingPermission: "iam:GetAccountAuthorizationDetails",
        },
      ]),
    );
    expect(rest).toEqual([]);
    expect(finding?.status).toBe("ERROR");
    expect(finding?.evidence.missingPermission).toBe("iam:GetAccountAuthorizationDetails");
  });
});
