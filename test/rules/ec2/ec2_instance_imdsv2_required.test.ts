/**
 * CIS v2.0.0 5.6 (ec2_instance_imdsv2_required) over literal instances: HttpTokens required passes,
 * optional fails, a disabled metadata endpoint passes with that as evidence, terminated and shutting-down
 * instances are ignored, unknown options (an older snapshot) are MANUAL.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { rule } from "../../../src/rules/ec2/ec2_instance_imdsv2_required.js";
import type { Ec2Instance } from "../../../src/snapshot/datasets/ec2.js";
import { ACCOUNT, snapshotOf } from "./networking-fixtures.js";

const REGION = "eu-west-1";

function instance(instanceId: string, more: Partial<Ec2Instance>): Ec2Instance {
  return {
    instanceId,
    state: "running",
    instanceProfileArn: null,
    instanceType: "t3.micro",
    launchTime: new Date("2024-01-02T03:04:05Z"),
    name: null,
    tags: {},
    httpTokens: "optional",
    httpEndpoint: "enabled",
    metadataOptionsState: "applied",
    ...more,
  };
}

describe("ec2_instance_imdsv2_required over literal datasets", () => {
  const findings = evaluateRule(
    rule,
    snapshotOf({
      "ec2.instances": {
        [REGION]: [
          instance("i-4optional", { name: "web" }),
          instance("i-1required", { httpTokens: "required" }),
          instance("i-2disabled", { httpTokens: "optional", httpEndpoint: "disabled", state: "stopped" }),
          instance("i-3gone", { state: "terminated" }),
          instance("i-5going", { state: "shutting-down" }),
          // A snapshot written before the metadata options were read.
          {
            ...instance("i-6old", {}),
            httpTokens: undefined,
            httpEndpoint: undefined,
            metadataOptionsState: undefined,
          },
        ],
      },
    }),
  );

  it("judges each live instance once, terminated and shutting-down ones ignored", () => {
    expect(findings.map((f) => [f.resourceName, f.status])).toEqual([
      ["i-1required", "PASS"],
      ["i-2disabled", "PASS"],
      ["i-4optional", "FAIL"],
      ["i-6old", "MANUAL"],
    ]);
  });

  it("FAIL: HttpTokens optional, with the metadata options as evidence", () => {
    expect(findings[2]).toMatchObject({
      resourceType: "AWS::EC2::Instance",
      resourceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-4optional`,
      region: REGION,
      statusExtended:
        "EC2 instance i-4optional (web) in eu-west-1 allows IMDSv1 (HttpTokens optional, metadata endpoint enabled): any request from the instance can read its role's credentials without a session token.",
      evidence: {
        region: REGION,
        instanceId: "i-4optional",
        name: "web",
        state: "running",
        httpTokens: "optional",
        httpEndpoint: "enabled",
        metadataOptionsState: "applied",
        source: "ec2:DescribeInstances",
      },
    });
  });

  it("PASS: HttpTokens required; or the metadata endpoint disabled, whatever HttpTokens says", () => {
    expect(findings[0]?.statusExtended).toBe(
      "EC2 instance i-1required in eu-west-1 requires IMDSv2 (HttpTokens required).",
    );
    expect(findings[1]?.statusExtended).toBe(
      "EC2 instance i-2disabled in eu-west-1 has its instance metadata endpoint disabled: no IMDSv1 (nor IMDSv2) request is answered.",
    );
    expect(findings[1]?.evidence).toMatchObject({
      httpTokens: "optional",
      httpEndpoint: "disabled",
      state: "stopped",
    });
  });

  it("MANUAL when the options are unknown, saying how to check", () => {
    expect(findings[3]?.statusExtended).toBe(
      "EC2 instance i-6old in eu-west-1: its metadata options are unknown (DescribeInstances gave none, or the snapshot was written before cloudpatrol read them); check HttpTokens with aws ec2 describe-instances.",
    );
    expect(findings[3]?.evidence).toMatchObject({ httpTokens: null, httpEndpoint: null });
  });
});
