/**
 * The CIS monitoring chain for one requirement, walked as the CIS audit walks it (v1.2.0 3.x,
 * v1.3.0–v5.0.0 4.1–4.15, v6.0.0 5.1–5.15):
 *
 *   qualifying trail (multi-region, logging, all management events)
 *   → its CloudWatch Logs log group
 *   → a metric filter on that group whose pattern satisfies the requirement (`metric-filter-pattern.ts`),
 *     or one whose pattern cloudpatrol cannot judge (`undecided`: AWS accepted it, so it may), followed
 *     alike
 *   → the filter's metric (namespace and name)
 *   → an alarm in the log group's region that can fire on that metric stream (`alarm-fires.ts`: its
 *     dimensions, statistic and threshold against the filter's dimensions and value; metric math and
 *     anything else a person must check make the path MANUAL), actions enabled
 *   → an SNS topic of that region among its alarm actions (a topic elsewhere is never notified)
 *   → at least one confirmed subscription (not `PendingConfirmation`).
 *
 * PASS when one path reaches the end with every step decided. MANUAL when no path passes but one leads
 * into another account (an organization trail's log group, a topic of a central account) or to a trail
 * whose status could not be read (cloudpatrol cannot follow it from here), or when a path reaches a
 * confirmed subscriber through a filter cloudpatrol cannot judge or an alarm whose firing a person must
 * check (`alarm-fires.ts`). A path through an undecided filter that breaks later breaks there, like any
 * other, its details naming the filter and why it was not judged. FAIL otherwise, naming the furthest
 * step any path reached and where each path broke. Pure.
 */
import type { Finding } from "../../model/finding.js";
import { accountResource, buildFinding } from "../../model/finding.js";
import type { MetricFilter, TopicSubscriptions } from "../../snapshot/datasets/monitoring.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import { alarmFiring } from "./alarm-fires.js";
import { parseTopicArn } from "./chain-topics.js";
import { formNote, judgePattern, type PatternJudgement } from "./metric-filter-pattern.js";
import type { MetricFilterRequirement } from "./metric-filter-requirements.js";
import { chainTrails } from "./monitored-log-groups.js";

/** Where a path stopped, in chain order. */
export const CHAIN_STEPS = [
  "no qualifying trail",
  "trail without log group",
  "no metric filter covering the requirement",
  "filter without alarm",
  "alarm without an actions-enabled SNS action",
  "topic without a confirmed subscriber",
] as const;

/** One of {@link CHAIN_STEPS}. */
export type ChainStep = (typeof CHAIN_STEPS)[number];

/** The datasets the chain reads. */
export const CHAIN_DATASETS = [
  "cloudtrail.trails",
  "logs.metricFilters",
  "cloudwatch.alarms",
  "sns.topicSubscriptions",
] as const;

/** True for an SNS subscription that is confirmed: its ARN is a real subscription ARN. */
export function isConfirmed(subscriptionArn: string): boolean {
  return subscriptionArn.startsWith("arn:");
}

/** True for a subscription SNS lists as `Deleted` (unsubscribed, kept in the list for a while). */
function isDeleted(subscriptionArn: string): boolean {
  return subscriptionArn === "Deleted";
}

/** "1 pending confirmation, 2 deleted" for a topic's unconfirmed subscriptions, or "" when there are none. */
function unconfirmedCounts(pending: number, deleted: number): string {
  const parts = [
    ...(pending > 0 ? [`${pending} pending confirmation`] : []),
    ...(deleted > 0 ? [`${deleted} deleted`] : []),
  ];
  return parts.length > 0 ? ` (${parts.join(", ")})` : "";
}

interface Outcome {
  /** PASS: the whole chain; FAIL: broken at `step`; MANUAL: leads where we cannot follow. */
  readonly result: "PASS" | "FAIL" | "MANUAL";
  readonly step?: ChainStep;
  /**
   * MANUAL only: true when the path reaches a confirmed subscriber and a person must check a step of it
   * (a filter cloudpatrol cannot judge, an alarm); otherwise the path cannot be followed from here.
   */
  readonly toCheck?: boolean;
  /** One sentence for this path. */
  readonly detail: string;
}

function filterEvidence(filter: MetricFilter, judgement: PatternJudgement) {
  return {
    filterName: filter.filterName,
    filterPattern: filter.filterPattern,
    satisfies: judgement.satisfied,
    form: formNote(judgement),
    ...(judgement.missing.length > 0 ? { missingEvents: judgement.missing } : {}),
    ...(judgement.tooBroad.length > 0 ? { alsoMatches: judgement.tooBroad } : {}),
    ...(judgement.undecided ? { notJudged: judgement.undecided } : {}),
    metrics: filter.metricTransformations.map((t) => `${t.metricNamespace}/${t.metricName}`),
  };
}

/**
 * The MANUAL finding's sentence: a chain that reaches a confirmed subscriber with a step a person must
 * check (`toCheck`) is said to exist; "no chain in this account" only when every MANUAL path leads where
 * cloudpatrol cannot follow it (`notFollowed`).
 */
function manualSentence(what: string, toCheck: readonly string[], notFollowed: readonly string[]): string {
  const check = `cloudpatrol cannot decide every step of it: ${toCheck.join("; ")}`;
  const elsewhere = `cannot be followed from here: ${notFollowed.join("; ")}`;
  if (notFollowed.length === 0) return `A chain for ${what} reaches a confirmed subscriber, but ${check}.`;
  if (toCheck.length === 0) return `No chain in this account alarms on ${what}, and part of it ${elsewhere}.`;
  return `No chain for ${what} is confirmed: one reaches a confirmed subscriber, but ${check}; and part of one ${elsewhere}.`;
}

/**
 * Why no metric filter of a log group (`where`) counts: a filter that catches every required event but
 * matches more (over-broad, its near misses in `alsoMatches`) is said to match more than the requirement,
 * naming the first near miss; otherwise none catches the requirement's events.
 */
function noCoveringFilter(
  filters: readonly MetricFilter[],
  judge: (pattern: string) => PatternJudgement,
  where: string,
  what: string,
): string {
  const broad = filters.filter((filter) => {
    const judgement = judge(filter.filterPattern);
    return judgement.missing.length === 0 && judgement.tooBroad.length > 0;
  });
  if (broad.length === 0) return `none of the ${filters.length} metric filter(s) of ${where} catches ${what}`;
  const each = broad.map((filter) => {
    const [first, ...more] = judge(filter.filterPattern).tooBroad;
    const rest = more.length > 0 ? ` (and ${more.length} more in the evidence's alsoMatches)` : "";
    return `metric filter "${filter.filterName}" matches more than the requirement: besides ${what}, also ${first}${rest}`;
  });
  const others = filters.length - broad.length;
  const otherText = others > 0 ? `; the other ${others} metric filter(s) do not satisfy the requirement` : "";
  return `no metric filter of ${where} counts for ${what}: ${each.join("; ")}${otherText}`;
}

/** Evaluates the chain for one requirement: one finding for the account. */
export function judgeChain(
  rule: Pick<Rule, "id" | "severity">,
  snapshot: Snapshot,
  requirement: MetricFilterRequirement,
  what: string,
): Finding[] {
  const account = snapshot.accountId;
  const filtersByRegion = regionalValues(snapshot, "logs.metricFilters");
  const alarmsByRegion = regionalValues(snapshot, "cloudwatch.alarms");
  const topicsByRegion = regionalValues(snapshot, "sns.topicSubscriptions");
  const outcomes: Outcome[] = [];
  const trailEvidence: Record<string, unknown>[] = [];
  const filterReports: Record<string, unknown>[] = [];
  const alarmReports: Record<string, unknown>[] = [];
  const topicReports: Record<string, unknown>[] = [];
  const judged = new Map<string, PatternJudgement>();
  const judge = (pattern: string) => {
    let judgement = judged.get(pattern);
    if (!judgement) {
      judgement = judgePattern(pattern, requirement);
      judged.set(pattern, judgement);
    }
    return judgement;
  };

  const trails = chainTrails(snapshot);
  const visited = new Set<string>();
  for (const { trail, decision, logGroup } of trails) {
    trailEvidence.push({
      trailArn: trail.trailArn,
      qualifies: decision.decision,
      ...(decision.reasons.length > 0 ? { reasons: decision.reasons } : {}),
      logGroupArn: trail.cloudWatchLogsLogGroupArn,
    });
    if (decision.decision === "no") continue;
    if (decision.decision === "unknown") {
      outcomes.push({
        result: "MANUAL",
        detail: `trail ${trail.trailArn} may qualify but ${decision.reasons.join("; ")}`,
      });
      continue;
    }
    if (!logGroup) {
      outcomes.push({
        result: "FAIL",
        step: "trail without log group",
        detail: `qualifying trail ${trail.trailArn} sends no logs to CloudWatch Logs`,
      });
      continue;
    }
    if (visited.has(logGroup.arn)) continue; // another qualifying trail sends to the same group: judged once
    visited.add(logGroup.arn);
    if (logGroup.accountId !== account) {
      outcomes.push({
        result: "MANUAL",
        detail: `qualifying trail ${trail.trailArn} sends to log group ${logGroup.arn} of account ${logGroup.accountId}: its metric filters, alarms and subscribers are audited in that account`,
      });
      continue;
    }
    const group = filtersByRegion.get(logGroup.region)?.find((entry) => entry.logGroupName === logGroup.name);
    if (!group) {
      outcomes.push({
        result: "MANUAL",
        detail: `the metric filters of ${logGroup.arn} were not read (region ${logGroup.region} not collected)`,
      });
      continue;
    }
    if (group.error) {
      outcomes.push({
        result: "FAIL",
        step: "trail without log group",
        detail: `qualifying trail ${trail.trailArn} names log group ${logGroup.arn}, which does not exist (${group.error.code})`,
      });
      continue;
    }
    // Filters judged satisfying, and those cloudpatrol cannot judge (AWS accepted them, so they may
    // satisfy the requirement), are followed down the chain alike; an undecided one's path that would
    // complete is MANUAL, one that breaks later breaks where it breaks.
    const followed = group.filters.filter((filter) => {
      const judgement = judge(filter.filterPattern);
      filterReports.push({ logGroupArn: logGroup.arn, ...filterEvidence(filter, judgement) });
      return judgement.satisfied || judgement.undecided !== undefined;
    });
    if (followed.length === 0) {
      outcomes.push({
        result: "FAIL",
        step: "no metric filter covering the requirement",
        detail: noCoveringFilter(group.filters, judge, `${logGroup.arn} (trail ${trail.trailArn})`, what),
      });
      continue;
    }
    const regionAlarms = alarmsByRegion.get(logGroup.region);
    const regionTopics = topicsByRegion.get(logGroup.region) ?? [];
    for (const filter of followed) {
      const judgement = judge(filter.filterPattern);
      const notJudged = judgement.undecided;
      const form = formNote(judgement);
      // How the filter is named at its own step (with why it was not judged) and after it.
      const filterForm = notJudged === undefined ? form : `not judged: ${notJudged}`;
      const after =
        notJudged === undefined
          ? ""
          : `, after metric filter "${filter.filterName}" on ${logGroup.arn} (${filterForm})`;
      const filterCheck =
        notJudged === undefined
          ? undefined
          : `metric filter "${filter.filterName}" on ${logGroup.arn} cannot be judged by cloudpatrol (${notJudged}): check by hand whether it catches ${what} and nothing broader`;
      const onMetric = filter.metricTransformations.flatMap((t) =>
        (regionAlarms?.alarms ?? []).flatMap((alarm) => {
          const firing = alarmFiring(alarm, t);
          return firing ? [{ t, alarm, firing }] : [];
        }),
      );
      const metrics = filter.metricTransformations
        .map((t) => `${t.metricNamespace}/${t.metricName}`)
        .join(", ");
      if (!regionAlarms?.read) {
        outcomes.push({
          result: "MANUAL",
          detail: `the alarms of ${logGroup.region} were not read${after}`,
        });
        continue;
      }
      if (onMetric.length === 0) {
        outcomes.push({
          result: "FAIL",
          step: "filter without alarm",
          detail: `metric filter "${filter.filterName}" on ${logGroup.arn} (${filterForm}) publishes ${metrics}, but no alarm in ${logGroup.region} watches it`,
        });
        continue;
      }
      for (const { t, alarm, firing } of onMetric)
        alarmReports.push({
          alarmArn: alarm.alarmArn,
          metric: `${t.metricNamespace}/${t.metricName}`,
          fires: firing.fires,
          ...(firing.why ? { why: firing.why } : {}),
          ...(firing.condition ? { condition: firing.condition } : {}),
          ...(firing.alarmUnit === undefined ? {} : { alarmUnit: firing.alarmUnit }),
          ...(firing.publishedUnit === undefined ? {} : { publishedUnit: firing.publishedUnit }),
          ...(alarm.metricMath ? { metricMath: true } : {}),
          ...(firing.expression ? { expression: firing.expression } : {}),
          actionsEnabled: alarm.actionsEnabled,
          alarmActions: alarm.alarmActions,
        });
      const canFire = onMetric.filter(({ firing }) => firing.fires !== "no");
      if (canFire.length === 0) {
        outcomes.push({
          result: "FAIL",
          step: "filter without alarm",
          detail: `metric filter "${filter.filterName}" on ${logGroup.arn} (${filterForm}) publishes ${metrics}, but no alarm in ${logGroup.region} can fire on it: ${onMetric.map(({ firing }) => firing.why).join("; ")}`,
        });
        continue;
      }
      for (const { t, alarm, firing } of canFire) {
        const snsActions = alarm.alarmActions.filter((action) => parseTopicArn(action) !== undefined);
        if (!alarm.actionsEnabled || snsActions.length === 0) {
          outcomes.push({
            result: "FAIL",
            step: "alarm without an actions-enabled SNS action",
            detail: !alarm.actionsEnabled
              ? `alarm ${alarm.alarmArn} on ${t.metricNamespace}/${t.metricName} has its actions disabled${after}`
              : `alarm ${alarm.alarmArn} on ${t.metricNamespace}/${t.metricName} notifies no SNS topic${alarm.alarmActions.length > 0 ? ` (its actions: ${alarm.alarmActions.join(", ")})` : ""}${after}`,
          });
          continue;
        }
        for (const topicArn of snsActions) {
          const topic = parseTopicArn(topicArn);
          if (!topic) continue;
          if (topic.region !== logGroup.region) {
            // CloudWatch publishes alarm notifications to SNS topics of the alarm's own region only
            // (PutMetricAlarm refuses others: "Invalid region … specified"; docs/frameworks.md).
            outcomes.push({
              result: "FAIL",
              step: "alarm without an actions-enabled SNS action",
              detail: `alarm ${alarm.alarmArn} in ${logGroup.region} names ${topicArn}, a topic in ${topic.region}: a CloudWatch alarm notifies SNS topics of its own region only, so nobody is notified${after}`,
            });
            continue;
          }
          if (topic.accountId !== account) {
            outcomes.push({
              result: "MANUAL",
              detail: `alarm ${alarm.alarmArn} notifies ${topicArn} of account ${topic.accountId}: its subscribers are audited there${after}`,
            });
            continue;
          }
          const read: TopicSubscriptions | undefined = regionTopics.find(
            (entry) => entry.topicArn === topicArn,
          );
          if (!read) {
            outcomes.push({
              result: "MANUAL",
              detail: `the subscriptions of ${topicArn} were not read${after}`,
            });
            continue;
          }
          const confirmed = read.subscriptions.filter((s) => isConfirmed(s.subscriptionArn));
          const deleted = read.subscriptions.filter((s) => isDeleted(s.subscriptionArn));
          const pending = read.subscriptions.filter(
            (s) => !isConfirmed(s.subscriptionArn) && !isDeleted(s.subscriptionArn),
          );
          topicReports.push({
            topicArn,
            ...(read.error ? { error: read.error.code } : {}),
            confirmed: confirmed.map((s) => s.protocol),
            pending: pending.map((s) => s.protocol),
            ...(deleted.length > 0 ? { deleted: deleted.map((s) => s.protocol) } : {}),
          });
          if (confirmed.length > 0) {
            const path = `trail ${trail.trailArn} → ${logGroup.arn} → filter "${filter.filterName}" (${form}) → ${t.metricNamespace}/${t.metricName} → alarm ${alarm.alarmArn} → ${topicArn} (${confirmed.length} confirmed subscription(s): ${confirmed.map((s) => s.protocol).join(", ")})`;
            // What a person must check on this path: the filter cloudpatrol cannot judge, the alarm.
            const alarmCheck =
              firing.fires === "yes"
                ? undefined
                : (firing.why ?? `alarm ${alarm.alarmArn}: check by hand that it fires on the metric`);
            const checks = [filterCheck, alarmCheck].filter((check): check is string => check !== undefined);
            outcomes.push(
              checks.length === 0
                ? { result: "PASS", detail: path }
                : {
                    result: "MANUAL",
                    toCheck: true,
                    detail: `${checks.join("; ")}; the rest of the path holds: ${path}`,
                  },
            );
          } else {
            outcomes.push({
              result: "FAIL",
              step: "topic without a confirmed subscriber",
              detail: read.error
                ? `alarm ${alarm.alarmArn} notifies ${topicArn}, which does not exist (${read.error.code})${after}`
                : `alarm ${alarm.alarmArn} notifies ${topicArn}, which has no confirmed subscription${unconfirmedCounts(pending.length, deleted.length)}${after}`,
            });
          }
        }
      }
    }
  }

  const passed = outcomes.filter((outcome) => outcome.result === "PASS");
  const manual = outcomes.filter((outcome) => outcome.result === "MANUAL");
  const failed = outcomes.filter((outcome) => outcome.result === "FAIL");
  const chainErrors = snapshot.errors.filter((error) =>
    (CHAIN_DATASETS as readonly string[]).includes(error.dataset),
  );
  // Without a passing path, a region that could not be read might have held it: the engine's ERROR
  // findings for those regions say so; no FAIL or MANUAL is added on top of them.
  if (passed.length === 0 && chainErrors.length > 0) return [];

  const deepest = failed.reduce<ChainStep>(
    (furthest, outcome) =>
      outcome.step && CHAIN_STEPS.indexOf(outcome.step) > CHAIN_STEPS.indexOf(furthest)
        ? outcome.step
        : furthest,
    "no qualifying trail",
  );
  const status = passed.length > 0 ? "PASS" : manual.length > 0 ? "MANUAL" : "FAIL";
  const toCheck = manual.filter((outcome) => outcome.toCheck).map((outcome) => outcome.detail);
  const notFollowed = manual.filter((outcome) => !outcome.toCheck).map((outcome) => outcome.detail);
  const qualifying = trails.filter((entry) => entry.decision.decision === "yes").length;
  const statusExtended =
    status === "PASS"
      ? `A metric filter and alarm for ${what} notify a confirmed subscriber: ${(passed[0] as Outcome).detail}.`
      : status === "MANUAL"
        ? manualSentence(what, toCheck, notFollowed)
        : qualifying === 0
          ? `No multi-region trail that is logging and records all management events exists${trails.length > 0 ? ` (${trails.length} trail(s), none qualifying)` : ""}, so nothing alarms on ${what}.`
          : `Nothing alarms on ${what}: the chain breaks at "${deepest}": ${failed
              .filter((outcome) => outcome.step === deepest)
              .map((outcome) => outcome.detail)
              .join("; ")}.`;
  return [
    buildFinding(rule, snapshot, {
      status,
      ...accountResource(snapshot),
      identity: ["account"],
      statusExtended,
      evidence: {
        ...(status === "FAIL" ? { brokenAt: qualifying === 0 ? "no qualifying trail" : deepest } : {}),
        paths: outcomes.map(
          (outcome) => `${outcome.result}${outcome.step ? ` (${outcome.step})` : ""}: ${outcome.detail}`,
        ),
        prescribedPattern: requirement.variants[0]?.pattern,
        acceptedForms: requirement.variants.map((variant) => variant.label),
        trails: trailEvidence,
        metricFilters: filterReports,
        alarms: alarmReports,
        topics: topicReports,
      },
    }),
  ];
}
