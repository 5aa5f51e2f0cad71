/**
 * The engine's pure parts: exit codes, summary, finding uids, how rule failures and missing data
 * become ERROR findings, and human durations.
 */
import { describe, expect, it } from "vitest";
import { evaluate, evaluateRule } from "../../src/engine/evaluate.js";
import { exitCodeFor, summarize } from "../../src/engine/summary.js";
import type { Framework } from "../../src/frameworks/index.js";
import {
  buildFinding,
  type Finding,
  findingUid,
  type Severity,
  type Status,
} from "../../src/model/finding.js";
import { humanDuration, isoTime } from "../../src/model/time.js";
import type { AnyRule } from "../../src/rules/types.js";
import type { Snapshot } from "../../src/snapshot/types.js";

const SNAPSHOT: Snapshot = {
  accountId: "123456789012",
  partition: "aws",
  collectedAt: new Date("2024-06-01T00:00:00Z"),
  source: "aws",
  errors: [],
  // The record of collection: the test rule's dataset was read (the rules below make their own findings).
  collected: ["iam.credentialReport"],
};

function finding(status: Status, severity: Severity = "medium", muted = false, name = "alice"): Finding {
  const built = buildFinding({ id: "test_rule", severity }, SNAPSHOT, {
    status,
    resourceType: "AWS::IAM::User",
    resourceArn: `arn:aws:iam::123456789012:user/${name}`,
    resourceName: name,
    identity: [name],
    statusExtended: `${name} is ${status}.`,
    evidence: {},
  });
  return muted ? { ...built, muted: true } : built;
}

/** A catalog that maps the test rule (catalogs are the only place mappings live). */
const TEST_CATALOG: Framework = {
  id: "cis_v150",
  name: "test catalog",
  shortName: "test",
  version: "1.5.0",
  sections: ["9 Test"],
  requirements: [
    {
      id: "9.99",
      title: "Test requirement",
      section: "9 Test",
      profile: "Level 1",
      assessment: "Automated",
      concept: "root_mfa",
      ruleIds: ["test_rule"],
      auditSteps: [],
    },
  ],
};

/** A minimal rule for the engine; `evaluate` is given per test. */
function testRule(evaluateFn: AnyRule["evaluate"]): AnyRule {
  return {
    id: "test_rule",
    title: "Test rule",
    severity: "high",
    resourceTypes: ["AWS::IAM::User"],
    description: "",
    rationale: "",
    remediation: { console: [], cli: [], iac: { cloudformation: "", terraform: "" } },
    references: [],
    requires: ["iam.credentialReport"],
    cloudTrailEvents: [],
    defaults: {},
    evaluate: evaluateFn,
  };
}

describe("exitCodeFor", () => {
  it("is 0 without findings or with only PASS and MANUAL", () => {
    expect(exitCodeFor([], "informational")).toBe(0);
    expect(exitCodeFor([finding("PASS"), finding("MANUAL")], "informational")).toBe(0);
  });

  it("is 3 for an unmuted FAIL at or above --fail-on, else 0", () => {
    const fail = [finding("FAIL", "medium")];
    expect(
      (["critical", "high", "medium", "low", "informational", "none"] as const).map((failOn) =>
        exitCodeFor(fail, failOn),
      ),
    ).toEqual([0, 0, 3, 3, 3, 0]);
  });

  it("ignores muted FAILs", () => {
    expect(exitCodeFor([finding("FAIL", "critical", true)], "informational")).toBe(0);
    expect(exitCodeFor([finding("FAIL", "critical", true), finding("FAIL", "low")], "low")).toBe(3);
  });

  it("is 1 when any finding is ERROR, whatever --fail-on and FAILs say", () => {
    expect(exitCodeFor([finding("FAIL", "critical"), finding("ERROR")], "informational")).toBe(1);
    expect(exitCodeFor([finding("ERROR")], "none")).toBe(1);
  });
});

describe("summarize", () => {
  it("counts per status, muted counted under its status and again under muted", () => {
    const findings = [
      finding("PASS"),
      finding("PASS", "medium", false, "bob"),
      finding("FAIL", "medium", true),
      finding("FAIL", "low", false, "carol"),
      finding("ERROR"),
    ];
    expect(summarize(findings)).toEqual({ PASS: 2, FAIL: 2, MANUAL: 0, ERROR: 1, muted: 1, total: 5 });
    expect(summarize([])).toEqual({ PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0, total: 0 });
  });
});

describe("findingUid", () => {
  it("is stable, namespaced by rule and account, and differs per identity", () => {
    const uid = findingUid("123456789012", "test_rule", ["arn:aws:iam::123456789012:user/alice", "k1"]);
    expect(uid).toBe(findingUid("123456789012", "test_rule", ["arn:aws:iam::123456789012:user/alice", "k1"]));
    expect(uid).toMatch(/^test_rule-123456789012-[0-9a-f]{24}$/);
    const others = [
      findingUid("123456789012", "test_rule", ["arn:aws:iam::123456789012:user/alice", "k2"]),
      findingUid("210987654321", "test_rule", ["arn:aws:iam::123456789012:user/alice", "k1"]),
      findingUid("123456789012", "other_rule", ["arn:aws:iam::123456789012:user/alice", "k1"]),
      // The separator keeps ["a", "bc"] and ["ab", "c"] apart.
      findingUid("123456789012", "test_rule", ["arn:aws:iam::123456789012:user/alic", "ek1"]),
    ];
    expect(new Set([uid, ...others]).size).toBe(5);
  });
});

describe("evaluate", () => {
  it("turns missing data into one ERROR finding for the rule naming the collection error, without calling the rule", () => {
    let called = false;
    const rule = testRule(() => {
      called = true;
      return [];
    });
    const snapshot: Snapshot = {
      ...SNAPSHOT,
      errors: [
        {
          dataset: "iam.credentialReport",
          api: "iam:GenerateCredentialReport",
          code: "AccessDenied",
          message: "denied",
          missingPermission: "iam:GenerateCredentialReport",
        },
      ],
    };
    const findings = evaluateRule(rule, snapshot, { catalogs: [TEST_CATALOG] });
    expect(called).toBe(false);
    expect(findings).toEqual([
      {
        uid: findingUid("123456789012", "test_rule", ["account"]),
        frameworks: { cis_v150: ["9.99"] },
        ruleId: "test_rule",
        status: "ERROR",
        muted: false,
        severity: "high",
        accountId: "123456789012",
        region: "global",
        resourceType: "AWS::::Account",
        resourceArn: "arn:aws:iam::123456789012:root",
        resourceName: "123456789012",
        statusExtended: "Could not judge account 123456789012: denied",
        evidence: {
          api: "iam:GenerateCredentialReport",
          errorCode: "AccessDenied",
          missingPermission: "iam:GenerateCredentialReport",
          dataset: "iam.credentialReport",
        },
      },
    ]);
  });

  it("turns a rule that throws into one ERROR finding and keeps running the other rules", () => {
    const broken = testRule(() => {
      throw new Error("boom");
    });
    const working: AnyRule = { ...testRule(() => [finding("PASS")]), id: "working_rule" };
    const findings = evaluate(SNAPSHOT, [broken, working]);
    expect(findings.map((f) => [f.ruleId, f.status, f.statusExtended, f.evidence])).toEqual([
      ["test_rule", "ERROR", "The rule test_rule failed on account 123456789012: boom", { error: "boom" }],
      ["test_rule", "PASS", "alice is PASS.", {}],
    ]);
  });

  it("merges parameter overrides over the rule's defaults", () => {
    const seen: unknown[] = [];
    const rule: AnyRule = {
      ...testRule((_snapshot, params) => {
        seen.push(params);
        return [];
      }),
      defaults: { setupWindowSeconds: 60, other: "x" },
    };
    evaluate(SNAPSHOT, [rule], { params: { test_rule: { setupWindowSeconds: 5 } } });
    evaluate(SNAPSHOT, [rule]);
    expect(seen).toEqual([
      { setupWindowSeconds: 5, other: "x" },
      { setupWindowSeconds: 60, other: "x" },
    ]);
  });
});

describe("time", () => {
  it("describes durations in the largest whole unit", () => {
    expect(
      [0, 1, 59, 60, 61, 3599, 3600, 7200, 7201, 86_399, 86_400, 41 * 86_400 + 5, -90].map(humanDuration),
    ).toEqual([
      "0 seconds",
      "1 second",
      "59 seconds",
      "1 minute",
      "1 minute",
      "59 minutes",
      "1 hour",
      "2 hours",
      "2 hours",
      "23 hours",
      "1 day",
      "41 days",
      "1 minute",
    ]);
  });

  it("prints UTC ISO 8601, without milliseconds when they are zero", () => {
    expect(isoTime(new Date("2024-01-02T03:04:05Z"))).toBe("2024-01-02T03:04:05Z");
    expect(isoTime(new Date("2024-01-02T03:04:05.678Z"))).toBe("2024-01-02T03:04:05.678Z");
  });
});
