import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_user_no_direct_policies.js";
import { attachment, details, doc, policy, snapshot, user } from "./authorization-fixtures.js";

describe("iam_user_no_direct_policies (CIS v1.5.0 1.15)", () => {
  const readOnly = policy("ReadOnly", [doc({ Effect: "Allow", Action: "s3:Get*", Resource: "*" })]);
  const inline = { policyName: "extra", document: { ok: true as const, value: doc([]) } };

  it("gives one finding per user: attached and inline user policies FAIL, group-only users PASS", () => {
    const findings = rule.evaluate(
      snapshot(
        details({
          users: [
            user("alice", { groups: ["devs"] }),
            user("bob", { groups: ["devs"], attachedManagedPolicies: [attachment(readOnly)] }),
            user("carol", { inlinePolicies: [inline] }),
            user("dave", {
              attachedManagedPolicies: [attachment(readOnly)],
              inlinePolicies: [inline, { ...inline, policyName: "more" }],
            }),
            user("erin"),
          ],
          policies: [readOnly],
        }),
      ),
      {},
    );
    expect(findings.map((f) => [f.resourceName, f.status, f.statusExtended])).toEqual([
      ["alice", "PASS", "alice has no policy of its own and is in group devs."],
      [
        "bob",
        "FAIL",
        "bob gets permissions directly through attached managed policy ReadOnly (it is in group devs): grant them through a group instead.",
      ],
      [
        "carol",
        "FAIL",
        "carol gets permissions directly through inline policy extra (it is in no group): grant them through a group instead.",
      ],
      [
        "dave",
        "FAIL",
        "dave gets permissions directly through attached managed policy ReadOnly and inline policies extra, more (it is in no group): grant them through a group instead.",
      ],
      ["erin", "PASS", "erin has no policy of its own and is in no group."],
    ]);
    expect(findings[1]).toMatchObject({
      ruleId: "iam_user_no_direct_policies",
      severity: "low",
      resourceType: "AWS::IAM::User",
      resourceArn: "arn:aws:iam::111122223333:user/bob",
      evidence: {
        userName: "bob",
        groups: ["devs"],
        attachedManagedPolicies: [
          { policyName: "ReadOnly", policyArn: "arn:aws:iam::111122223333:policy/ReadOnly" },
        ],
        inlinePolicies: [],
      },
    });
    expect(new Set(findings.map((f) => f.uid)).size).toBe(5);
  });

  it("gives no finding without authorization details (the engine reports ERROR for the missing dataset)", () => {
    expect(rule.evaluate(snapshot({}), {})).toEqual([]);
  });
});
