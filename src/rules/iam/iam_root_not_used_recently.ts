/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.7 (Level 1, Automated):
 * "Eliminate use of the 'root' user for administrative and daily tasks".
 *
 * Audit: on the credential report's root row, the most recent of `password_last_used`,
 * `access_key_1_last_used_date` and `access_key_2_last_used_date` (the latest of the three, not the first
 * one that has a value). A last use within `recentDays` of the scan fails.
 */
import type { Finding } from "../../model/finding.js";
import { isoTime } from "../../model/time.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  days,
  daysBetween,
  finder,
  noCredentialsSentence,
  rootFacts,
  rootUnknown,
  rootVerdict,
} from "./iam-common.js";

/** Parameters of {@link rule}. */
export interface Params {
  /** A root use less than this many days before the scan fails. Default 90. */
  readonly recentDays: number;
}

/** The 1.7 rule. */
export const rule: Rule<Params> = {
  id: "iam_root_not_used_recently",
  title: "Eliminate use of the root user for administrative and daily tasks",
  severity: "high",
  resourceTypes: ["AWS::::Account"],
  description:
    "Finds the root user's most recent use (console password or either access key, whichever is latest) in the " +
    "credential report and fails when it falls within the recent window.",
  rationale:
    "The root user cannot be restricted and its actions are hard to attribute to a person. Everyday work belongs to " +
    "roles and users with least privilege; root is for the few tasks only it can do.",
  remediation: {
    console: [
      "Find out who used the root user and why: look up the sign-in and API events of the root user in CloudTrail Event history.",
      "Give that work to an IAM role or IAM Identity Center permission set with the permissions it needs.",
      "Delete any root access key (Security credentials → Access keys) and keep the root password and MFA device in a safe place.",
    ],
    cli: [
      "aws iam generate-credential-report",
      "aws iam get-credential-report --query Content --output text | base64 -d | head -2",
      "aws cloudtrail lookup-events --lookup-attributes AttributeKey=Username,AttributeValue=root --max-results 50",
    ],
    iac: {
      cloudformation:
        "# Alert on root use: an EventBridge rule on root sign-ins and API calls.\n" +
        "RootUse:\n  Type: AWS::Events::Rule\n  Properties:\n    EventPattern:\n      detail:\n        userIdentity:\n          type: [Root]\n    Targets:\n      - Arn: !Ref AlertTopic\n        Id: alert",
      terraform:
        "# Alert on root use: an EventBridge rule on root sign-ins and API calls.\n" +
        'resource "aws_cloudwatch_event_rule" "root_use" {\n  event_pattern = jsonencode({ detail = { userIdentity = { type = ["Root"] } } })\n}',
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/root-user-tasks.html",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html",
  ],
  requires: ["iam.credentialReport"],
  optional: ["iam.accountSummary"],
  cloudTrailEvents: ["ConsoleLogin"],
  defaults: { recentDays: 90 },
  evaluate(snapshot: Snapshot, params: Params): Finding[] {
    const facts = rootFacts(snapshot);
    const row = facts.row;
    if (!row) return [rootUnknown(rule, snapshot, "when root was last used", facts.evidence)];
    const uses: { credential: string; at: Date }[] = [];
    if (row.passwordLastUsed instanceof Date) uses.push({ credential: "password", at: row.passwordLastUsed });
    for (const key of row.accessKeys) {
      if (key.lastUsedDate instanceof Date)
        uses.push({ credential: `access key ${key.slot}`, at: key.lastUsedDate });
    }
    const latest = uses.reduce<(typeof uses)[number] | undefined>(
      (best, use) => (best === undefined || use.at.getTime() > best.at.getTime() ? use : best),
      undefined,
    );
    const evidence = {
      ...facts.evidence,
      passwordLastUsed: row.passwordLastUsed instanceof Date ? isoTime(row.passwordLastUsed) : null,
      uses: uses.map((use) => ({ credential: use.credential, at: isoTime(use.at) })),
      lastUsedCredential: latest?.credential ?? null,
      lastUsedAt: latest ? isoTime(latest.at) : null,
      daysSinceLastUse: latest ? Math.max(0, daysBetween(latest.at, snapshot.collectedAt)) : null,
      recentDays: params.recentDays,
    };
    const make = finder(rule, snapshot);
    if (!latest) {
      const sentence = facts.noCredentials
        ? noCredentialsSentence(snapshot, "no use is recorded")
        : `The root user of account ${snapshot.accountId} has no recorded use of its password or access keys.`;
      return [make(rootVerdict(snapshot, "PASS", sentence, evidence))];
    }
    const age = evidence.daysSinceLastUse as number;
    const when = `${isoTime(latest.at)} (${age === 0 ? "today" : `${days(age)} ago`})`;
    return [
      make(
        age < params.recentDays
          ? rootVerdict(
              snapshot,
              "FAIL",
              `The root user of account ${snapshot.accountId} was last used through its ${latest.credential} at ${when}, within ${days(params.recentDays)}.`,
              evidence,
            )
          : rootVerdict(
              snapshot,
              "PASS",
              `The root user of account ${snapshot.accountId} was last used through its ${latest.credential} at ${when}.`,
              evidence,
            ),
      ),
    ];
  },
};
