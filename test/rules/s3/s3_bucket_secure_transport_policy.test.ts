/**
 * CIS v1.5.0 2.1.2 / v2.0.0+ 2.1.1 (s3_bucket_secure_transport_policy): every semantic case of the issue
 * over literal datasets with its exact verdict and evidence (principal forms, actions, resources, Bool and
 * BoolIfExists, string or boolean false, condition keys in any case, Allow-with-true, TLS-version-only,
 * extra conditions, no policy), the per-bucket scaffolding (a denied read, an unknown region, a region not
 * read, no bucket), and the wildcard matcher.
 */
import { describe, expect, it } from "vitest";
import { evaluateRule } from "../../../src/engine/evaluate.js";
import { findingUid } from "../../../src/model/finding.js";
import { rule } from "../../../src/rules/s3/s3_bucket_secure_transport_policy.js";
import { coversAllObjects, wildcardMatches } from "../../../src/rules/s3/secure-transport.js";
import { ACCOUNT, bucket, denied, read, s3Snapshot } from "./s3-fixtures.js";

const NAME = "data-bucket";
const ARN = `arn:aws:s3:::${NAME}`;

/** The snapshot of one bucket in eu-west-1 whose policy is `policy` (null: none). */
function withPolicy(policy: string | null) {
  return s3Snapshot({
    regions: ["eu-west-1"],
    buckets: [bucket(NAME, "eu-west-1")],
    datasets: { "s3.bucketPolicies": { "eu-west-1": { [NAME]: read({ policy }) } } },
  });
}

const CIS_STATEMENT = {
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};
const doc = (...statements: unknown[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const DENIES =
  "it denies every S3 action on the bucket's objects to everyone when aws:SecureTransport is false";

function judge(policy: string | null) {
  const findings = evaluateRule(rule, withPolicy(policy));
  expect(findings).toHaveLength(1);
  return findings[0] as (typeof findings)[number];
}

describe("s3_bucket_secure_transport_policy: the policy's meaning", () => {
  it("the CIS remediation statement: PASS, with the statement, the policy and the source as evidence", () => {
    const policy = doc({ Sid: "DenyHttp", ...CIS_STATEMENT });
    const finding = judge(policy);
    expect(finding).toMatchObject({
      status: "PASS",
      region: "eu-west-1",
      resourceType: "AWS::S3::Bucket",
      resourceArn: ARN,
      resourceName: NAME,
      uid: findingUid(ACCOUNT, rule.id, ["bucket", NAME]),
      statusExtended: `Bucket ${NAME} (eu-west-1) denies plain-HTTP requests: statement 0 (DenyHttp) of its policy denies every S3 action to everyone when aws:SecureTransport is false.`,
    });
    expect(finding.evidence).toEqual({
      bucket: NAME,
      region: "eu-west-1",
      statementCount: 1,
      transportStatements: [{ index: 0, sid: "DenyHttp", effect: "Deny", deniesHttp: true, reason: DENIES }],
      policy,
      source: "s3:GetBucketPolicy",
    });
  });

  it.each([
    ['Principal {"AWS": "*"}', { Principal: { AWS: "*" } }],
    ['Principal {"AWS": ["*"]}', { Principal: { AWS: ["*"] } }],
    ['Action "*"', { Action: "*" }],
    ['Action ["s3:GetObject", "s3:*"] (a list)', { Action: ["s3:GetObject", "s3:*"] }],
    ['Action "S3:*" (action names without case)', { Action: "S3:*" }],
    ["Resource the objects only (a string)", { Resource: `${ARN}/*` }],
    ['Resource "*"', { Resource: "*" }],
    ['Resource "arn:aws:s3:::*/*"', { Resource: "arn:aws:s3:::*/*" }],
    ["Resource a prefix pattern arn:aws:s3:::data-*", { Resource: "arn:aws:s3:::data-*" }],
    [
      "aws:SecureTransport false as a JSON boolean",
      { Condition: { Bool: { "aws:SecureTransport": false } } },
    ],
    ['aws:SecureTransport ["false"] (a list)', { Condition: { Bool: { "aws:SecureTransport": ["false"] } } }],
    ['"False" (values without case)', { Condition: { Bool: { "aws:SecureTransport": "False" } } }],
    [
      "the key as aws:securetransport (keys are case-insensitive)",
      { Condition: { Bool: { "aws:securetransport": "false" } } },
    ],
    ["BoolIfExists", { Condition: { BoolIfExists: { "aws:SecureTransport": "false" } } }],
  ])("%s: PASS", (_, change) => {
    const finding = judge(doc({ ...CIS_STATEMENT, ...change }));
    expect([finding.status, finding.evidence.transportStatements]).toEqual([
      "PASS",
      [{ index: 0, sid: null, effect: "Deny", deniesHttp: true, reason: DENIES }],
    ]);
  });

  it("a lone Statement object (not a list): PASS", () => {
    const finding = judge(JSON.stringify({ Version: "2012-10-17", Statement: CIS_STATEMENT }));
    expect(finding.status).toBe("PASS");
  });

  it("an Allow-HTTPS statement beside the deny: PASS, both statements in the evidence", () => {
    const allowHttps = {
      Sid: "AllowTls",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "s3:GetObject",
      Resource: `${ARN}/*`,
      Condition: { Bool: { "aws:SecureTransport": "true" } },
    };
    const finding = judge(doc(allowHttps, CIS_STATEMENT));
    expect([finding.status, finding.evidence.transportStatements]).toEqual([
      "PASS",
      [
        {
          index: 0,
          sid: "AllowTls",
          effect: "Allow",
          deniesHttp: false,
          reason: "its Effect is Allow, not Deny: allowing HTTPS does not deny HTTP",
        },
        { index: 1, sid: null, effect: "Deny", deniesHttp: true, reason: DENIES },
      ],
    ]);
  });

  it.each([
    [
      "an Allow with aws:SecureTransport true only",
      { Effect: "Allow", Condition: { Bool: { "aws:SecureTransport": "true" } } },
      "its Effect is Allow, not Deny: allowing HTTPS does not deny HTTP",
    ],
    [
      "a deny on TLS version only (NumericLessThan s3:TlsVersion 1.2)",
      { Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } } },
      'it has no "Bool" (or "BoolIfExists") condition aws:SecureTransport = false (a TLS-version deny alone does not block plain HTTP)',
    ],
    [
      "a deny when aws:SecureTransport is true",
      { Condition: { Bool: { "aws:SecureTransport": "true" } } },
      'it has no "Bool" (or "BoolIfExists") condition aws:SecureTransport = false',
    ],
    [
      "StringEquals instead of Bool",
      { Condition: { StringEquals: { "aws:SecureTransport": "false" } } },
      'it has no "Bool" (or "BoolIfExists") condition aws:SecureTransport = false',
    ],
    [
      "a further condition entry (only HTTP requests from one VPC endpoint are denied)",
      {
        Condition: {
          Bool: { "aws:SecureTransport": "false" },
          StringEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" },
        },
      },
      "its condition has further entries, which limit the deny to some HTTP requests only",
    ],
    [
      "a principal that is one account",
      { Principal: { AWS: "arn:aws:iam::111122223333:root" } },
      'its Principal is not everyone ("*" or {"AWS": "*"})',
    ],
    [
      "NotPrincipal",
      { Principal: undefined, NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" } },
      "it uses NotPrincipal: it does not apply to everyone",
    ],
    [
      "one action only",
      { Action: "s3:GetObject" },
      "its actions (s3:GetObject) do not cover every S3 action (s3:* or *)",
    ],
    [
      's3:Get* (a substring test would take it for "*")',
      { Action: "s3:Get*" },
      "its actions (s3:Get*) do not cover every S3 action (s3:* or *)",
    ],
    [
      "NotAction",
      { Action: undefined, NotAction: "s3:GetObject" },
      "it has no Action list (NotAction does not cover every S3 action)",
    ],
    [
      "the bucket ARN only (not its objects)",
      { Resource: ARN },
      `its resources (${ARN}) do not cover every object of the bucket (${ARN}/*)`,
    ],
    [
      "another bucket's objects",
      { Resource: "arn:aws:s3:::other-bucket/*" },
      `its resources (arn:aws:s3:::other-bucket/*) do not cover every object of the bucket (${ARN}/*)`,
    ],
    [
      "one prefix of the bucket's objects",
      { Resource: `${ARN}/logs/*` },
      `its resources (${ARN}/logs/*) do not cover every object of the bucket (${ARN}/*)`,
    ],
    [
      "NotResource",
      { Resource: undefined, NotResource: "arn:aws:s3:::other-bucket/*" },
      "it has no Resource list (NotResource is not read)",
    ],
  ])("%s: FAIL, saying why", (_, change, reason) => {
    const statement = Object.fromEntries(
      Object.entries({ ...CIS_STATEMENT, ...change }).filter(([, value]) => value !== undefined),
    );
    const finding = judge(doc(statement));
    const effect = statement.Effect as string;
    expect([finding.status, finding.evidence.transportStatements]).toEqual([
      "FAIL",
      [{ index: 0, sid: null, effect, deniesHttp: false, reason }],
    ]);
    expect(finding.statusExtended).toBe(
      `Bucket ${NAME} (eu-west-1) does not deny plain-HTTP requests: no statement of its policy denies every S3 action on its objects to everyone when aws:SecureTransport is false (statement 0: ${reason}).`,
    );
  });

  it("a policy that never mentions transport: FAIL, no statement in the evidence", () => {
    const finding = judge(
      doc({ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*` }),
    );
    expect([finding.status, finding.evidence.statementCount, finding.evidence.transportStatements]).toEqual([
      "FAIL",
      1,
      [],
    ]);
    expect(finding.statusExtended).toBe(
      `Bucket ${NAME} (eu-west-1) does not deny plain-HTTP requests: no statement of its policy denies every S3 action on its objects to everyone when aws:SecureTransport is false.`,
    );
  });

  it("no policy (NoSuchBucketPolicy): FAIL", () => {
    const finding = judge(null);
    expect([finding.status, finding.statusExtended, finding.evidence]).toEqual([
      "FAIL",
      `Bucket ${NAME} (eu-west-1) has no bucket policy, so nothing denies plain-HTTP requests.`,
      { bucket: NAME, region: "eu-west-1", policy: null, source: "s3:GetBucketPolicy" },
    ]);
  });

  it("a policy that is not JSON: ERROR for that bucket, naming it", () => {
    const finding = judge("{nope");
    expect(finding.status).toBe("ERROR");
    expect(finding.statusExtended).toMatch(
      /^The policy of bucket data-bucket cannot be read: not valid JSON \(/,
    );
    expect(finding.evidence).toEqual({
      bucket: NAME,
      region: "eu-west-1",
      policy: "{nope",
      source: "s3:GetBucketPolicy",
    });
  });
});

describe("s3_bucket_secure_transport_policy: buckets, regions, failures", () => {
  it("one finding per bucket in its region; a denied read is that bucket's ERROR naming API, bucket, region and permission; an unknown region is an ERROR; a region DescribeRegions did not list: MANUAL naming it", () => {
    const snapshot = s3Snapshot({
      regions: ["eu-west-1", "us-east-1"],
      buckets: [
        bucket("a-ok", "eu-west-1"),
        bucket("b-denied", "eu-west-1"),
        bucket("c-nowhere", null, {
          api: "s3:GetBucketLocation",
          code: "AccessDenied",
          message:
            "s3:GetBucketLocation failed: AccessDenied: Access Denied (bucket c-nowhere). The caller lacks the IAM permission s3:GetBucketLocation.",
          missingPermission: "s3:GetBucketLocation",
        }),
        bucket("d-east", "us-east-1"),
        bucket("e-sydney", "ap-southeast-2"),
      ],
      datasets: {
        "s3.bucketPolicies": {
          "eu-west-1": {
            "a-ok": read({ policy: doc({ ...CIS_STATEMENT, Resource: "arn:aws:s3:::a-ok/*" }) }),
            "b-denied": denied("s3:GetBucketPolicy", "b-denied", "eu-west-1"),
          },
          "us-east-1": { "d-east": read({ policy: null }) },
        },
      },
    });
    const findings = evaluateRule(rule, snapshot);
    expect(findings.map((f) => [f.resourceName, f.region, f.status])).toEqual([
      ["a-ok", "eu-west-1", "PASS"],
      ["b-denied", "eu-west-1", "ERROR"],
      ["c-nowhere", "global", "ERROR"],
      ["d-east", "us-east-1", "FAIL"],
      ["e-sydney", "ap-southeast-2", "MANUAL"],
    ]);
    expect(findings[4]).toMatchObject({
      statusExtended:
        "S3 bucket e-sydney in ap-southeast-2 was not judged: ap-southeast-2 is not a region DescribeRegions listed for the account. Check its settings by hand (aws s3api ... --bucket e-sydney --region ap-southeast-2).",
      evidence: {
        bucket: "e-sydney",
        region: "ap-southeast-2",
        reason: "region-not-listed",
        optInStatus: null,
        notRead: ["s3.bucketPolicies"],
      },
    });
    expect(findings[1]).toMatchObject({
      resourceArn: "arn:aws:s3:::b-denied",
      statusExtended:
        "Could not judge bucket b-denied in eu-west-1: s3:GetBucketPolicy failed: AccessDenied: Access Denied (bucket b-denied in eu-west-1). The caller lacks the IAM permission s3:GetBucketPolicy.",
      evidence: {
        bucket: "b-denied",
        region: "eu-west-1",
        api: "s3:GetBucketPolicy",
        errorCode: "AccessDenied",
        missingPermission: "s3:GetBucketPolicy",
      },
    });
    expect(findings[2]?.evidence).toEqual({
      bucket: "c-nowhere",
      region: null,
      api: "s3:GetBucketLocation",
      errorCode: "AccessDenied",
      missingPermission: "s3:GetBucketLocation",
    });
  });

  it("regions not read: not enabled (not-opted-in) and outside --regions give a MANUAL per bucket saying which; a failed region only the engine's ERROR", () => {
    const base = s3Snapshot({
      regions: ["eu-west-1", "us-east-1"],
      buckets: [
        bucket("a-hk", "ap-east-1"),
        bucket("b-west", "eu-west-1"),
        bucket("c-east", "us-east-1"),
        bucket("d-oregon", "us-west-2"),
      ],
      datasets: { "s3.bucketPolicies": { "us-east-1": { "c-east": read({ policy: null }) } } },
      errors: [
        {
          dataset: "s3.bucketPolicies",
          api: "s3:GetBucketPolicy",
          code: "Error",
          message: "the S3 client for eu-west-1 could not be made",
          region: "eu-west-1",
        },
      ],
    });
    const snapshot = {
      ...base,
      regional: {
        regions: [
          { regionName: "ap-east-1", optInStatus: "not-opted-in" },
          { regionName: "eu-west-1", optInStatus: "opt-in-not-required" },
          { regionName: "us-east-1", optInStatus: "opt-in-not-required" },
          { regionName: "us-west-2", optInStatus: "opt-in-not-required" },
        ],
        enabledRegions: ["eu-west-1", "us-east-1"],
      },
    };
    const findings = evaluateRule(rule, snapshot);
    expect(findings.map((f) => [f.resourceName, f.region, f.status, f.evidence.reason ?? null])).toEqual([
      ["a-hk", "ap-east-1", "MANUAL", "region-not-enabled"],
      ["c-east", "us-east-1", "FAIL", null],
      ["d-oregon", "us-west-2", "MANUAL", "region-not-scanned"],
      [ACCOUNT, "eu-west-1", "ERROR", null],
    ]);
    expect(findings.map((f) => f.statusExtended)).toEqual([
      "S3 bucket a-hk in ap-east-1 was not judged: ap-east-1 is not enabled for the account (opt-in status not-opted-in), so it was not read. Check its settings by hand (aws s3api ... --bucket a-hk --region ap-east-1).",
      "Bucket c-east (us-east-1) has no bucket policy, so nothing denies plain-HTTP requests.",
      "S3 bucket d-oregon in us-west-2 was not judged: us-west-2 was left out of this scan (--regions). Scan again with us-west-2 in --regions.",
      expect.stringContaining("Could not judge account 111122223333 in eu-west-1"),
    ]);
  });

  it("a region whose reads failed as a whole: the engine's ERROR for that region, the other regions judged", () => {
    const snapshot = s3Snapshot({
      regions: ["eu-west-1", "us-east-1"],
      buckets: [bucket("a-west", "eu-west-1"), bucket("d-east", "us-east-1")],
      datasets: { "s3.bucketPolicies": { "us-east-1": { "d-east": read({ policy: null }) } } },
      errors: [
        {
          dataset: "s3.bucketPolicies",
          api: "s3:GetBucketPolicy",
          code: "Error",
          message: "the S3 client for eu-west-1 could not be made",
          region: "eu-west-1",
        },
      ],
    });
    expect(evaluateRule(rule, snapshot).map((f) => [f.resourceName, f.region, f.status])).toEqual([
      ["d-east", "us-east-1", "FAIL"],
      [ACCOUNT, "eu-west-1", "ERROR"],
    ]);
  });

  it("no bucket: one PASS on the account", () => {
    const findings = evaluateRule(
      rule,
      s3Snapshot({
        regions: ["eu-west-1"],
        buckets: [],
        datasets: { "s3.bucketPolicies": { "eu-west-1": {} } },
      }),
    );
    expect(findings.map((f) => [f.status, f.resourceType, f.statusExtended, f.evidence])).toEqual([
      [
        "PASS",
        "AWS::::Account",
        `Account ${ACCOUNT} has no S3 bucket: nothing to judge.`,
        { buckets: 0, source: "s3:ListAllMyBuckets" },
      ],
    ]);
  });

  it("ListBuckets denied: one account-wide ERROR naming s3:ListAllMyBuckets", () => {
    const findings = evaluateRule(rule, {
      ...s3Snapshot({ regions: ["eu-west-1"], buckets: [], datasets: {} }),
      accountDatasets: {},
      datasets: {},
      collected: ["ec2.regions"],
      errors: [
        {
          dataset: "s3.buckets",
          api: "s3:ListAllMyBuckets",
          code: "AccessDenied",
          message: "s3:ListAllMyBuckets failed in account 111122223333: AccessDenied: Access Denied.",
          missingPermission: "s3:ListAllMyBuckets",
        },
      ],
    });
    expect(findings.map((f) => [f.status, f.region, f.evidence.api, f.evidence.missingPermission])).toEqual([
      ["ERROR", "global", "s3:ListAllMyBuckets", "s3:ListAllMyBuckets"],
    ]);
  });
});

describe("wildcard matching (by hand: account data never becomes a regex)", () => {
  it.each([
    ["*", "anything", true],
    ["arn:aws:s3:::b?cket/*", "arn:aws:s3:::bucket/key", true],
    ["arn:aws:s3:::bucket", "arn:aws:s3:::bucket/key", false],
    ["a*b*c", "aXXbYYc", true],
    ["a*b*c", "aXXbYY", false],
    ["(a+)+b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false],
  ])("%s against %s: %s", (pattern, text, expected) => {
    expect(wildcardMatches(pattern, text)).toBe(expected);
  });

  it("covers every object of a bucket only with a trailing wildcard that reaches past the bucket's name", () => {
    expect(coversAllObjects(`${ARN}/*`, ARN)).toBe(true);
    expect(coversAllObjects("arn:aws:s3:::data*", ARN)).toBe(true);
    expect(coversAllObjects("arn:aws:s3:::*", ARN)).toBe(true);
    expect(coversAllObjects(`${ARN}/logs/*`, ARN)).toBe(false);
    expect(coversAllObjects(`${ARN}*x`, ARN)).toBe(false);
    expect(coversAllObjects("arn:aws:s3:::other*", ARN)).toBe(false);
  });
});
