/**
 * Issue 16 item 18: ASFF `Region` and `Resources[].Region` come from each finding's region (a regional
 * rule's finding keeps its own region); global (IAM) findings take the Security Hub region, which also
 * stays in `ProductArn`. The objects are the SDK's `AwsSecurityFinding` (checked by tsc).
 */
import type { AwsSecurityFinding } from "@aws-sdk/client-securityhub";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { asffFindings } from "../../src/report/asff.js";
import { render } from "../../src/report/index.js";
import { finding, resultOf } from "./fixtures.js";

describe("ASFF regions", () => {
  it("a regional finding keeps its region; a global one takes the Security Hub region", () => {
    const findings: AwsSecurityFinding[] = asffFindings(
      resultOf([
        finding("i-0abc", "FAIL", { region: "eu-west-1", resourceType: "AWS::EC2::Instance" }),
        finding("alice", "FAIL"),
      ]),
      { region: "us-east-1" },
    );
    expect(findings.map((f) => [f.Region, f.Resources?.[0]?.Region, f.ProductArn])).toEqual([
      ["eu-west-1", "eu-west-1", "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default"],
      ["us-east-1", "us-east-1", "arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default"],
    ]);
  });

  it("SARIF parses as a typed sarif Log", () => {
    const log = JSON.parse(render(resultOf([finding("alice", "FAIL")]), "sarif")) as Log;
    expect([log.version, log.runs[0]?.results?.[0]?.ruleId]).toEqual([
      "2.1.0",
      "iam_user_no_access_key_at_setup",
    ]);
  });
});
