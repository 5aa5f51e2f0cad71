import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_role_support_access_attached.js";
import { attachment, details, doc, group, policy, role, snapshot, user } from "./authorization-fixtures.js";

const support = policy("AWSSupportAccess", [doc({ Effect: "Allow", Action: ["support:*"], Resource: "*" })], {
  awsManaged: true,
});

function judge(parts: Parameters<typeof details>[0]) {
  const findings = rule.evaluate(snapshot(details({ ...parts, policies: [support] })), {});
  expect(findings).toHaveLength(1);
  return findings[0];
}

describe("iam_role_support_access_attached (CIS v1.5.0 1.17)", () => {
  it("FAILs when AWSSupportAccess is attached to a user (and a group) only", () => {
    const finding = judge({
      users: [user("alice", { attachedManagedPolicies: [attachment(support)] })],
      groups: [group("helpdesk", { attachedManagedPolicies: [attachment(support)] })],
      roles: [role("app")],
    });
    expect([finding?.status, finding?.statusExtended]).toEqual([
      "FAIL",
      "No role has AWSSupportAccess attached (only user alice and group helpdesk, which do not count): create a support role.",
    ]);
    expect(finding?.evidence).toMatchObject({
      roles: [],
      users: ["alice"],
      groups: ["helpdesk"],
      roleCount: 1,
    });
  });

  it("PASSes when a role has it attached", () => {
    const finding = judge({
      roles: [role("aws-support", { attachedManagedPolicies: [attachment(support)] }), role("app")],
    });
    expect([finding?.status, finding?.statusExtended, finding?.resourceType]).toEqual([
      "PASS",
      "Role aws-support has AWSSupportAccess attached.",
      "AWS::::Account",
    ]);
  });

  it("FAILs an account with no attachment at all, and does not accept a look-alike customer policy", () => {
    const lookAlike = {
      policyName: "AWSSupportAccess",
      policyArn: "arn:aws:iam::111122223333:policy/AWSSupportAccess",
    };
    const finding = judge({ roles: [role("fake", { attachedManagedPolicies: [lookAlike] })] });
    expect([finding?.status, finding?.statusExtended]).toEqual([
      "FAIL",
      "No role has AWSSupportAccess attached: create a support role.",
    ]);
  });
});
