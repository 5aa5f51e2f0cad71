/**
 * The CloudTrail event handler: an EventBridge rule in us-east-1 (where IAM's CloudTrail events arrive)
 * sends it `AWS API Call via CloudTrail` events from `iam.amazonaws.com` for CreateAccessKey,
 * CreateLoginProfile, CreateUser and UpdateAccessKey. It judges the one user the call touched from the
 * IAM API (the credential report would be hours old) with the same rules as `cloudpatrol scan`, and
 * publishes one SNS message per failing key, from the one event that made the key fail
 * ({@link assignFailingKeys}). With `MODE=enforce` it also deactivates the access key a CreateAccessKey
 * event created, after the alert announcing it (with the command to undo it) was published; a
 * reactivation (UpdateAccessKey to Active) is reported, never reverted, so the documented undo sticks.
 * Events about another account than the function's own are ignored with a log line.
 *
 * Duplicate deliveries (EventBridge delivers at least once): the CloudTrail `eventID` of every event
 * handled to the end is remembered per Lambda container, so a redelivery to the same container sends
 * nothing; every message also carries the event id as the message attribute `cloudpatrol.event-id`,
 * and on a FIFO topic a deterministic `MessageDeduplicationId`, so SNS drops the copy itself. A
 * redelivery to another container of a standard topic can still send a second message.
 */
import { createHash } from "node:crypto";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { STSClient } from "@aws-sdk/client-sts";
import { z } from "zod";
import { type Mode, WATCHED_EVENTS } from "../app/deploy/event-pattern.js";
import { setAccessKeyStatus } from "../aws/access-key-writes.js";
import { getCallerAccount } from "../aws/account.js";
import { createClients } from "../aws/clients.js";
import { createSnsClient, publish } from "../aws/sns.js";
import { CloudPatrolError, InputError } from "../model/errors.js";
import { escapeTerminal } from "../model/escape.js";
import type { Finding } from "../model/finding.js";
import { fillCommand } from "../model/shell.js";
import { humanDuration } from "../model/time.js";
import { findRule } from "../rules/index.js";
import { cliCommandsFor } from "../rules/types.js";
import {
  accountOfFunctionArn,
  errorFields,
  eventProblem,
  InvocationDeadline,
  judgeUserFromApi,
  type LambdaContext,
  type LambdaLog,
  partitionOf,
  powertoolsLog,
  type RuleSelection,
  selectRules,
} from "./common.js";

export { EVENT_PATTERN, type Mode, WATCHED_EVENTS } from "../app/deploy/event-pattern.js";

/** The CloudTrail record fields the handler reads (`detail` of the EventBridge event). */
export interface CloudTrailDetail {
  readonly eventVersion?: string;
  readonly eventID?: string;
  readonly eventTime?: string;
  readonly eventSource?: string;
  readonly eventName?: string;
  readonly awsRegion?: string;
  readonly sourceIPAddress?: string;
  readonly userAgent?: string;
  readonly errorCode?: string;
  readonly errorMessage?: string;
  readonly recipientAccountId?: string;
  readonly userIdentity?: Record<string, unknown>;
  readonly requestParameters?: Record<string, unknown> | null;
  readonly responseElements?: Record<string, unknown> | null;
}

/** An EventBridge `AWS API Call via CloudTrail` event. */
export interface IamApiCallEvent {
  readonly version?: string;
  readonly id?: string;
  readonly "detail-type"?: string;
  readonly source?: string;
  readonly account?: string;
  readonly time?: string;
  readonly region?: string;
  readonly resources?: readonly string[];
  readonly detail?: CloudTrailDetail;
}

/** What the handler did with one event. */
export type IamEventResult =
  | { readonly outcome: "ignored"; readonly reason: string }
  | { readonly outcome: "duplicate"; readonly eventId: string }
  | { readonly outcome: "compliant"; readonly userName: string }
  /** The user fails, but each failing key is reported by the event that made it fail (not this one). */
  | { readonly outcome: "deferred"; readonly userName: string; readonly accessKeyIds: readonly string[] }
  | {
      readonly outcome: "alerted";
      readonly userName: string;
      /** The keys this alert names. */
      readonly accessKeyIds: readonly string[];
      /** The keys deactivated after the alert (MODE=enforce). */
      readonly deactivated: readonly string[];
      readonly messageId: string;
    };

/** What the handler needs; tests point the clients at local fakes. */
export interface IamEventDeps {
  readonly iam: IAMClient;
  readonly sns: SNSClient;
  /**
   * The account the function watches. Default: the account of the context's `invokedFunctionArn`, else
   * sts:GetCallerIdentity through `sts` (once per container).
   */
  readonly accountId?: string;
  readonly sts?: STSClient;
  /** Started at each invocation from the context; the clients' `retryDeadline` should read it. */
  readonly deadline?: InvocationDeadline;
  readonly topicArn: string;
  readonly mode: Mode;
  readonly log: LambdaLog;
  readonly selection?: RuleSelection;
  readonly now?: () => Date;
  /** How many published event ids to remember (oldest forgotten first). Default 10 000. */
  readonly rememberEvents?: number;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The user an IAM call was about: the response's, else the request's, else the caller itself. */
export function targetUserName(detail: CloudTrailDetail): string | undefined {
  const response = record(detail.responseElements);
  const request = record(detail.requestParameters);
  const identity = record(detail.userIdentity);
  return (
    str(record(response.accessKey).userName) ??
    str(record(response.loginProfile).userName) ??
    str(record(response.user).userName) ??
    str(request.userName) ??
    // CreateAccessKey/UpdateAccessKey without UserName act on the calling IAM user.
    (identity.type === "IAMUser" ? str(identity.userName) : undefined)
  );
}

/** The access key the call created or changed, if any. */
export function eventAccessKeyId(detail: CloudTrailDetail): string | undefined {
  return (
    str(record(record(detail.responseElements).accessKey).accessKeyId) ??
    str(record(detail.requestParameters).accessKeyId)
  );
}

/** Who made the call, in one line: type, name, ARN, key, source, agent. */
export function describeCaller(detail: CloudTrailDetail): string {
  const identity = record(detail.userIdentity);
  const type = str(identity.type) ?? "unknown identity";
  const issuer = record(record(identity.sessionContext).sessionIssuer);
  const arn = str(identity.arn);
  let name = str(identity.userName);
  if (type === "AssumedRole") {
    const session = arn?.split("/").at(-1);
    name = `${str(issuer.userName) ?? "role"}${session ? ` (session ${session})` : ""}`;
  }
  if (type === "Root") name = "the account root user";
  const parts = [`${type}${name ? ` ${name}` : ""}`];
  if (arn) parts.push(arn);
  const key = str(identity.accessKeyId);
  if (key) parts.push(`with key ${key}${key.startsWith("ASIA") ? " (temporary credentials)" : ""}`);
  const via = str(identity.invokedBy);
  if (via) parts.push(`via ${via}`);
  if (detail.sourceIPAddress) parts.push(`from ${detail.sourceIPAddress}`);
  if (detail.userAgent) parts.push(`user agent ${detail.userAgent}`);
  return parts.join(", ");
}

function remediationCommands(
  finding: Finding,
  userName: string,
  accessKeyId: string,
  deactivating: boolean,
): string[] {
  const rule = findRule(finding.ruleId);
  return (rule ? cliCommandsFor(rule.remediation, finding.resourceType) : [])
    .filter((command) => !(deactivating && command.includes("--status Inactive")))
    .map((command) => fillCommand(command, { user: userName, accessKeyId }));
}

/** What MODE=enforce does about the keys of one alert. */
export type Enforcement =
  /** MODE=notify. */
  | { readonly action: "none" }
  /** The key is deactivated right after this alert is published (never before). */
  | { readonly action: "deactivate"; readonly accessKeyId: string }
  /** The deactivation announced by the previous alert failed; the key was not changed. */
  | { readonly action: "deactivation-failed"; readonly accessKeyId: string; readonly error: string }
  /** MODE=enforce, but this event is not one enforce acts on; `reason` says why. */
  | { readonly action: "reported-only"; readonly reason: string };

function keyIdOf(finding: Finding): string {
  return String(finding.evidence.accessKeyId ?? finding.resourceName);
}

/**
 * Subject and body of an alert about the failing keys of one user. Every line of the body is escaped
 * with `escapeTerminal` (control, bidirectional and invisible characters and line breaks inside a value
 * as `\u001b`-style text); SNS's `cleanSubject` makes the subject printable ASCII.
 * @param input.failing - the FAIL findings of the keys this event reports (at least one).
 * @param input.enforcement - what MODE=enforce does; `{ action: "none" }` in notify mode.
 */
export function alertMessage(input: {
  accountId: string;
  detail: CloudTrailDetail;
  failing: readonly Finding[];
  userName: string;
  userArn: string;
  enforcement: Enforcement;
}): { subject: string; body: string } {
  const { accountId, detail, failing, userName, enforcement } = input;
  const ids = failing.map(keyIdOf);
  const deactivating = enforcement.action === "deactivate" ? enforcement.accessKeyId : undefined;
  const subject =
    enforcement.action === "deactivate"
      ? `CIS 1.11: deactivating access key ${ids.join(", ")} of console user ${userName} in ${accountId}`
      : enforcement.action === "deactivation-failed"
        ? `CIS 1.11: deactivation FAILED for key ${enforcement.accessKeyId} of console user ${userName} in ${accountId}`
        : `CIS 1.11: console user ${userName} has never-used access key ${ids.join(", ")} in ${accountId}`;
  const lines = [
    `cloudpatrol found an IAM user with a console password and an active access key that has never been used`,
    `(CIS AWS Foundations 1.11, rule ${failing[0]?.ruleId ?? ""}).`,
    "",
    `Account:    ${accountId}`,
    `User:       ${userName} (${input.userArn})`,
  ];
  for (const finding of failing) {
    const evidence = finding.evidence;
    const seconds = evidence.secondsAfterUserCreation;
    const after =
      typeof seconds === "number"
        ? `${humanDuration(seconds)} ${seconds < 0 ? "before" : "after"} the user${evidence.createdAtSetup ? " (at initial setup)" : ""}`
        : "at an unknown time";
    const id = keyIdOf(finding);
    const state =
      id === deactivating
        ? "never used, active until cloudpatrol deactivates it now (see Action)"
        : "active, never used";
    lines.push(`Access key: ${id}, ${state}, created ${String(evidence.createdAt)}, ${after}`);
  }
  lines.push(
    `Event:      ${detail.eventName ?? "?"} at ${detail.eventTime ?? "?"} (CloudTrail event id ${detail.eventID ?? "?"})`,
    `Called by:  ${describeCaller(detail)}`,
  );
  switch (enforcement.action) {
    case "none":
      lines.push("Action:     none (MODE=notify).");
      break;
    case "deactivate":
      lines.push(
        `Action:     MODE=enforce: cloudpatrol deactivates access key ${enforcement.accessKeyId} (status Inactive) right after sending this alert; nothing is deleted.`,
        "            If the key is still Active when you read this, the deactivation failed and a second alert says why.",
        `            To undo: ${fillCommand("aws iam update-access-key --user-name <user> --access-key-id <access-key-id> --status Active", { user: userName, accessKeyId: enforcement.accessKeyId })}`,
        "            (cloudpatrol reports a reactivation by a person and never deactivates that key again).",
      );
      break;
    case "deactivation-failed":
      lines.push(
        `Action:     MODE=enforce: deactivating ${enforcement.accessKeyId} FAILED: ${enforcement.error}`,
        "            The key was not changed by cloudpatrol: deactivate it yourself (commands below) if its owner agrees.",
      );
      break;
    case "reported-only":
      lines.push(`Action:     MODE=enforce, but nothing was changed: ${enforcement.reason}.`);
      break;
  }
  lines.push("", "Remediation (check with the owner first; deleting a key cannot be undone):");
  for (const finding of failing) {
    const id = String(finding.evidence.accessKeyId ?? "");
    for (const command of remediationCommands(finding, userName, id, id === deactivating))
      lines.push(`  ${command}`);
  }
  // Account and event data (a user name, the caller's user agent, an error message) is data: each line is
  // escaped as a terminal line is, so that no control or bidirectional character and no line break of
  // its own reaches the mail client or terminal that shows the alert (SNS cleans only the subject).
  return { subject, body: `${lines.map(escapeTerminal).join("\n")}\n` };
}

/** A failing access key as the API reports it now. */
export interface FailingKey {
  readonly accessKeyId: string;
  /** When IAM created the key. */
  readonly createDate: Date;
}

/** Which failing keys an event reports, and which it leaves to the event that made them fail. */
export interface KeyAssignment {
  readonly reported: readonly string[];
  readonly deferred: readonly { readonly accessKeyId: string; readonly reason: string }[];
}

/**
 * Assigns each failing key to the one event that completed its failing state, so that a console setup
 * (CreateUser, CreateLoginProfile, CreateAccessKey within seconds, each event judged when the user
 * already has both) alerts once per key, whichever container handles which event, and in any order:
 *
 * - `CreateAccessKey` reports the key it created, when the password already existed at the key's
 *   creation (`loginProfileCreated <= key.createDate`; equal times count here);
 * - `CreateLoginProfile` reports the keys created before the password (`key.createDate <
 *   loginProfileCreated`);
 * - `UpdateAccessKey` (to Active) reports the key it activated, when the password existed at the event;
 * - `CreateUser` reports nothing: a new user has neither password nor key, and their own events report
 *   them.
 *
 * Times are IAM's (GetLoginProfile, ListAccessKeys), compared to the millisecond.
 */
export function assignFailingKeys(input: {
  readonly eventName: string;
  readonly eventKeyId: string | undefined;
  readonly eventTime: Date | undefined;
  /** CreateDate of the user's current console password; undefined when it has none (then nothing fails). */
  readonly loginProfileCreated: Date | undefined;
  readonly keys: readonly FailingKey[];
}): KeyAssignment {
  const { eventName, eventKeyId, eventTime, loginProfileCreated } = input;
  const password = loginProfileCreated?.getTime() ?? Number.NEGATIVE_INFINITY;
  const reported: string[] = [];
  const deferred: { accessKeyId: string; reason: string }[] = [];
  for (const key of input.keys) {
    const created = key.createDate.getTime();
    let reason: string | undefined;
    if (eventName === "CreateUser") {
      reason = "a CreateUser event reports no key: the key's own event and the password's report it";
    } else if (eventName === "CreateLoginProfile") {
      if (!(created < password))
        reason = "the key was created after the password: its CreateAccessKey event reports it";
    } else if (key.accessKeyId !== eventKeyId) {
      reason = `the event is about another key (${eventKeyId ?? "none"}): the event that created or activated this one reports it`;
    } else if (eventName === "CreateAccessKey") {
      if (!(password <= created))
        reason = "the password was set after the key: the CreateLoginProfile event reports it";
    } else if (eventName === "UpdateAccessKey") {
      if (eventTime && !(password <= eventTime.getTime()))
        reason = "the password was set after the activation: the CreateLoginProfile event reports it";
    }
    if (reason) deferred.push({ accessKeyId: key.accessKeyId, reason });
    else reported.push(key.accessKeyId);
  }
  return { reported, deferred };
}

function dateOf(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const API_CALL = "AWS API Call via CloudTrail";

/** A string field of the event, when present. */
const text = z.string().optional();

/**
 * The one schema of the events this handler reads: every field it reads has its type here (a field of
 * another type, `accessKeyId: {"$ne": 1}`, makes the event invalid instead of being read as absent);
 * other fields are kept.
 */
const API_CALL_EVENT = z.looseObject({
  "detail-type": z.literal(API_CALL),
  id: text,
  account: text,
  detail: z.looseObject({
    eventName: z.string().min(1),
    eventSource: z.string().min(1),
    eventID: text,
    eventTime: text,
    errorCode: text,
    recipientAccountId: text,
    sourceIPAddress: text,
    userAgent: text,
    userIdentity: z
      .looseObject({
        type: text,
        userName: text,
        arn: text,
        accessKeyId: text,
        invokedBy: text,
        sessionContext: z
          .looseObject({ sessionIssuer: z.looseObject({ userName: text }).optional() })
          .optional(),
      })
      .optional(),
    requestParameters: z
      .looseObject({ userName: text, accessKeyId: text, status: text })
      .nullable()
      .optional(),
    responseElements: z
      .looseObject({
        accessKey: z.looseObject({ userName: text, accessKeyId: text }).optional(),
        loginProfile: z.looseObject({ userName: text }).optional(),
        user: z.looseObject({ userName: text }).optional(),
      })
      .nullable()
      .optional(),
  }),
});

/** Creates the handler around its clients. */
export function createIamEventHandler(
  deps: IamEventDeps,
): (event: IamApiCallEvent, context?: LambdaContext) => Promise<IamEventResult> {
  const now = deps.now ?? (() => new Date());
  const selection = deps.selection ?? selectRules({});
  const published = new Set<string>();
  const remember = deps.rememberEvents ?? 10_000;
  const log = deps.log;
  let ownAccount: Promise<string> | undefined;

  const ignore = (reason: string, extra: Record<string, unknown> = {}): IamEventResult => {
    log.info("Event ignored", { reason, ...extra });
    return { outcome: "ignored", reason };
  };
  const done = (eventId: string) => {
    published.add(eventId);
    if (published.size > remember) published.delete(published.values().next().value as string);
  };

  /** The function's own account: the deps', the context's function ARN, else sts:GetCallerIdentity. */
  const accountOf = (context: LambdaContext | undefined): Promise<string> => {
    if (deps.accountId) return Promise.resolve(deps.accountId);
    const fromArn = accountOfFunctionArn(context?.invokedFunctionArn);
    if (fromArn) return Promise.resolve(fromArn);
    const sts = deps.sts;
    if (!sts)
      return Promise.reject(
        new CloudPatrolError("The function's own account is unknown (no context, no STS)."),
      );
    ownAccount ??= getCallerAccount(sts).then(
      (caller) => caller.accountId,
      (error: unknown) => {
        ownAccount = undefined;
        throw error;
      },
    );
    return ownAccount;
  };

  return async (event: IamApiCallEvent, context?: LambdaContext): Promise<IamEventResult> => {
    deps.deadline?.start(context);
    // A JSON event is an object; a test invocation can hand over anything, null included.
    if (typeof event !== "object" || event === null || Array.isArray(event))
      return ignore(
        `not an "${API_CALL}" event: (top level): an object expected, found ${event === null ? "null" : Array.isArray(event) ? "an array" : typeof event}`,
      );
    const detailType = (event as { "detail-type"?: unknown })["detail-type"];
    if (detailType !== API_CALL)
      return ignore(
        `not an "${API_CALL}" event: detail-type ${detailType === undefined ? "missing" : JSON.stringify(detailType)}`,
      );
    const problem = eventProblem(API_CALL_EVENT, event);
    if (problem !== undefined) return ignore(`not a valid "${API_CALL}" event: ${problem}`);
    const detail = event.detail as CloudTrailDetail;
    const eventName = detail.eventName as string;
    const logged = { eventName, eventId: detail.eventID ?? event.id };
    if (detail.eventSource !== "iam.amazonaws.com")
      return ignore(`event source ${String(detail.eventSource)}`, logged);
    if (!(WATCHED_EVENTS as readonly string[]).includes(eventName))
      return ignore(`event ${eventName} is not watched`, logged);
    if (detail.errorCode) return ignore(`the call failed (${detail.errorCode}): nothing changed`, logged);
    if (eventName === "UpdateAccessKey" && record(detail.requestParameters).status !== "Active")
      return ignore("UpdateAccessKey did not activate a key", logged);
    const userName = targetUserName(detail);
    if (!userName) return ignore("no IAM user named in the event", logged);
    const eventId = detail.eventID ?? event.id;
    if (!eventId) return ignore("the event has no id", logged);
    if (published.has(eventId)) {
      log.info("Duplicate delivery: alert already published", { ...logged, userName });
      return { outcome: "duplicate", eventId };
    }
    try {
      const accountId = await accountOf(context);
      // An organization trail or a cross-account event bus can deliver another account's IAM calls: this
      // function can read and change only its own account, where a same-named user is someone else.
      const foreign = [event.account, detail.recipientAccountId].find(
        (account) => typeof account === "string" && account !== "" && account !== accountId,
      );
      if (foreign)
        return ignore(`the event is about account ${foreign}; this function watches account ${accountId}`, {
          ...logged,
          eventAccount: foreign,
          functionAccount: accountId,
        });
      const judged = await judgeUserFromApi(
        deps.iam,
        userName,
        { accountId, partition: partitionOf(record(detail.userIdentity).arn) },
        selection,
        now,
      );
      if (!judged) return ignore(`user ${userName} no longer exists`, logged);
      const failing = judged.findings.filter((finding) => finding.status === "FAIL");
      if (failing.length === 0) {
        log.info("User complies", { ...logged, userName });
        return { outcome: "compliant", userName };
      }
      const eventKeyId = eventAccessKeyId(detail);
      const created = new Map(judged.credentials.accessKeys.map((key) => [key.accessKeyId, key.createDate]));
      const failingKeys = failing.flatMap((finding) => {
        const createDate = created.get(keyIdOf(finding));
        return createDate ? [{ accessKeyId: keyIdOf(finding), createDate }] : [];
      });
      const assignment = assignFailingKeys({
        eventName,
        eventKeyId,
        eventTime: dateOf(detail.eventTime),
        loginProfileCreated: judged.credentials.loginProfile?.createDate,
        keys: failingKeys,
      });
      const reported = failing.filter((finding) => assignment.reported.includes(keyIdOf(finding)));
      if (reported.length === 0) {
        log.info("User fails, but its keys are reported by the events that made them fail", {
          ...logged,
          userName,
          deferred: assignment.deferred,
        });
        done(eventId);
        return {
          outcome: "deferred",
          userName,
          accessKeyIds: assignment.deferred.map((key) => key.accessKeyId),
        };
      }
      const keyIds = reported.map(keyIdOf);
      const enforcement: Enforcement =
        deps.mode !== "enforce"
          ? { action: "none" }
          : eventName === "CreateAccessKey" && eventKeyId && keyIds.includes(eventKeyId)
            ? { action: "deactivate", accessKeyId: eventKeyId }
            : {
                action: "reported-only",
                reason:
                  eventName === "UpdateAccessKey"
                    ? `access key ${keyIds.join(", ")} was reactivated (UpdateAccessKey), and cloudpatrol never reverts a reactivation by a person`
                    : `this ${eventName || "event"} created no access key; only the key named in a CreateAccessKey event is deactivated`,
              };
      const send = (message: { subject: string; body: string }, kind: string) =>
        publish(
          deps.sns,
          {
            topicArn: deps.topicArn,
            subject: message.subject,
            message: message.body,
            attributes: {
              "cloudpatrol.event-id": eventId,
              "cloudpatrol.account": accountId,
              "cloudpatrol.rule": reported[0]?.ruleId ?? "",
              "cloudpatrol.message-kind": kind,
            },
            deduplicationId: createHash("sha256")
              .update(kind === "alert" ? eventId : `${eventId}:${kind}`)
              .digest("hex"),
          },
          accountId,
        );
      const base = { accountId, detail, failing: reported, userName, userArn: judged.user.arn };
      // The alert goes out first: a deactivation is made only once an alert naming the key and saying how
      // to undo it has been published (if Publish fails, nothing was changed and Lambda's retry starts over).
      const messageId = await send(alertMessage({ ...base, enforcement }), "alert");
      log.warn("Alert published", {
        ...logged,
        userName,
        accessKeyIds: keyIds,
        deferred: assignment.deferred.map((key) => key.accessKeyId),
        messageId,
        mode: deps.mode,
        action: enforcement.action,
      });
      const deactivated: string[] = [];
      if (enforcement.action === "deactivate") {
        const accessKeyId = enforcement.accessKeyId;
        try {
          await setAccessKeyStatus(deps.iam, { userName, accessKeyId }, "Inactive", accountId);
          deactivated.push(accessKeyId);
          log.warn("Access key deactivated (MODE=enforce)", { ...logged, userName, accessKeyId });
        } catch (error) {
          log.error("Could not deactivate the access key (MODE=enforce)", {
            ...logged,
            userName,
            accessKeyId,
            ...errorFields(error),
          });
          const failed: Enforcement = {
            action: "deactivation-failed",
            accessKeyId,
            error: error instanceof Error ? error.message : String(error),
          };
          try {
            await send(alertMessage({ ...base, enforcement: failed }), "deactivation-failed");
          } catch (publishError) {
            log.error("Could not publish that the deactivation failed", {
              ...logged,
              userName,
              accessKeyId,
              ...errorFields(publishError),
            });
          }
          done(eventId);
          throw error;
        }
      }
      done(eventId);
      return { outcome: "alerted", userName, accessKeyIds: keyIds, deactivated, messageId };
    } catch (error) {
      log.error("IAM event handling failed", { ...logged, userName, ...errorFields(error) });
      throw error;
    }
  };
}

/** Reads `MODE` (default `notify`). */
export function modeFromEnv(value: string | undefined): Mode {
  const mode = (value ?? "notify").trim().toLowerCase() || "notify";
  if (mode !== "notify" && mode !== "enforce")
    throw new InputError(`MODE must be notify or enforce, found ${JSON.stringify(value)}.`);
  return mode;
}

let defaultHandler:
  | ((event: IamApiCallEvent, context?: LambdaContext) => Promise<IamEventResult>)
  | undefined;

/**
 * The Lambda entry point (`iam-event.handler`): `TOPIC_ARN` and `MODE` from the environment, the
 * function's account from its ARN, AWS retries bounded by the invocation's remaining time.
 */
export async function handler(event: IamApiCallEvent, context?: LambdaContext): Promise<IamEventResult> {
  if (!defaultHandler) {
    const topicArn = process.env.TOPIC_ARN;
    if (!topicArn)
      throw new CloudPatrolError("TOPIC_ARN is not set: the function has nowhere to publish alerts.");
    const deadline = new InvocationDeadline();
    const clients = createClients({
      region: process.env.AWS_REGION ?? "us-east-1",
      retryDeadline: deadline.get,
    });
    defaultHandler = createIamEventHandler({
      iam: clients.iam,
      sts: clients.sts,
      sns: createSnsClient({ retryDeadline: deadline.get }),
      topicArn,
      mode: modeFromEnv(process.env.MODE),
      log: powertoolsLog(process.env.POWERTOOLS_SERVICE_NAME ?? "cloudpatrol-iam-event"),
      deadline,
    });
  }
  return defaultHandler(event, context);
}
