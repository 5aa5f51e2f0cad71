/**
 * Least privilege from data: the scan policy is the actions the rules' datasets declare; the README's
 * copy is that output, and the deploy template's function roles grant what their datasets need.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CONFIG_RULE_ACTIONS, iamEventActions } from "../../src/app/deploy/template.js";
import { scanActions, scanPolicy } from "../../src/app/permissions.js";
import { rule as instanceProfiles } from "../../src/rules/ec2/ec2_instance_profile_attached.js";
import { rule as atSetup } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { RULES } from "../../src/rules/index.js";
import { actionsFor, datasetDefinition } from "../../src/snapshot/datasets/index.js";

describe("the scan policy", () => {
  it("is the actions the selected rules' datasets declare, with and without the IAM API re-check", () => {
    expect(scanActions([instanceProfiles])).toEqual(["ec2:DescribeInstances", "ec2:DescribeRegions"]);
    expect(scanActions([atSetup])).toEqual([
      "iam:GenerateCredentialReport",
      "iam:GetAccessKeyLastUsed",
      "iam:GetCredentialReport",
      "iam:GetLoginProfile",
      "iam:ListAccessKeys",
      "iam:ListUsers",
    ]);
    expect(scanActions([atSetup], { verify: false })).toEqual([
      "iam:GenerateCredentialReport",
      "iam:GetCredentialReport",
    ]);
  });

  it("README's policy is `cloudpatrol rules policy --explain` for every rule, to the letter", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Permissions"));
    const block = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toBe(`${JSON.stringify(scanPolicy(scanActions(RULES, { explain: true })), null, 2)}\n`);
  });
});

describe("the deploy template's roles", () => {
  it("grant the Config rule function every action of the datasets it reads (report, users re-read)", () => {
    const needed = actionsFor(["iam.credentialReport", "iam.userCredentials"]);
    expect(needed.filter((action) => !CONFIG_RULE_ACTIONS.includes(action))).toEqual([]);
  });

  it("grant the event function the per-user reads of iam.userCredentials (it judges one user from the API)", () => {
    // The dataset's own actions (not its dependency, the report), less ListUsers: the function reads one user.
    const perUser = datasetDefinition("iam.userCredentials").actions.filter(
      (action) => action !== "iam:ListUsers",
    );
    for (const mode of ["notify", "enforce"] as const)
      expect(perUser.filter((action) => !iamEventActions(mode).includes(action))).toEqual([]);
  });
});
