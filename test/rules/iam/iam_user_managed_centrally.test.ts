import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_user_managed_centrally.js";
import { details, snapshot, user } from "./authorization-fixtures.js";

describe("iam_user_managed_centrally (CIS v1.5.0 1.21)", () => {
  it("is MANUAL with the providers and the IAM users as evidence", () => {
    const [finding, ...rest] = rule.evaluate(
      snapshot({
        ...details({ users: [user("alice"), user("bob")] }),
        identityProviders: {
          saml: [
            {
              arn: "arn:aws:iam::111122223333:saml-provider/corp",
              createDate: new Date("2024-01-01T00:00:00Z"),
              validUntil: new Date("2124-01-01T00:00:00Z"),
            },
          ],
          oidc: ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"],
        },
      }),
      {},
    );
    expect(rest).toEqual([]);
    expect(finding?.status).toBe("MANUAL");
    expect(finding?.statusExtended).toBe(
      "Account 111122223333 has 1 SAML provider and 1 OIDC provider and 2 IAM users: check that people sign in through federation or IAM Identity Center, not as IAM users.",
    );
    expect(finding?.evidence).toMatchObject({
      samlProviders: [
        { arn: "arn:aws:iam::111122223333:saml-provider/corp", validUntil: "2124-01-01T00:00:00Z" },
      ],
      oidcProviders: ["arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com"],
      iamUserCount: 2,
      iamUsers: ["alice", "bob"],
      iamUsersSource: "iam:GetAccountAuthorizationDetails",
    });
  });

  it("says so when there is no provider and the users are unknown", () => {
    const [finding] = rule.evaluate(snapshot({ identityProviders: { saml: [], oidc: [] } }), {});
    expect(finding?.statusExtended).toBe(
      "Account 111122223333 has no SAML or OIDC identity provider and an unknown number of IAM users: check that people sign in through federation or IAM Identity Center, not as IAM users.",
    );
    expect(finding?.evidence.iamUserCount).toBeNull();
  });
});
