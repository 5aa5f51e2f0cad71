/**
 * The CloudTrail event handler: an EventBridge rule in us-east-1 (where IAM's CloudTrail events arrive)
 * sends it `AWS API Call via CloudTrail` events from `iam.amazonaws.com` for CreateAccessKey,
 * CreateLoginProfile, CreateUser and UpdateAccessKey. It judges the one user the call touched from the
 * IAM API (the credential report would be hours old) with the same rules as `cloudpatrol scan`, and
 * when the user fails it publishes one SNS message. With `MODE=enforce` it also deactivates exactly
 * the access key the event created or activated.
 *
 * Duplicate deliveries (EventBridge delivers at least once): the CloudTrail `eventID` of every event
 * that was published is remembered per Lambda container, so a redelivery to the same container sends
 * nothing; every message also carries the event id as the message attribute `cloudpatrol.event-id`,
 * and on a FIFO topic a deterministic `MessageDeduplicationId`, so SNS drops the copy itself. A
 * redelivery to another container of a standard topic can still send a second message.
 */
import { createHash } from "node:crypto";
import type { IAMClient } from "@aws-sdk/client-iam";
import type { SNSClient } from "@aws-sdk/client-sns";
import { z } from "zod";
import { type Mode, WATCHED_EVENTS } from "../app/deploy/event-pattern.js";
import { setAccessKeyStatus } from "../aws/access-key-writes.js";
import { createClients } from "../aws/clients.js";
import { createSnsClient, publish } from "../aws/sns.js";
import { CloudPatrolError, InputError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import { humanDuration } from "../model/time.js";
import { findRule } from "../rules/index.js";
import { cliCommandsFor } from "../rules/types.js";
import {
  errorFields,
  eventProblem,
  judgeUserFromApi,
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
  | {
      readonly outcome: "alerted";
      readonly userName: string;
      readonly accessKeyIds: readonly string[];
      readonly deactivated: readonly string[];
      readonly messageId: string;
    };

/** What the handler needs; tests point the clients at local fakes. */
export interface IamEventDeps {
  readonly iam: IAMClient;
  readonly sns: SNSClient;
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

/** Quotes a word for a POSIX shell unless it is plainly safe (IAM names and key ids usually are). */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_+=,.@/-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function remediationCommands(finding: Finding, userName: string, accessKeyId: string): string[] {
  const rule = findRule(finding.ruleId);
  return (rule ? cliCommandsFor(rule.remediation, finding.resourceType) : []).map((command) =>
    command.replaceAll("<user>", shellWord(userName)).replaceAll("<access-key-id>", shellWord(accessKeyId)),
  );
}

/** Subject and body of the alert for a failing user. */
export function alertMessage(input: {
  accountId: string;
  mode: Mode;
  detail: CloudTrailDetail;
  failing: readonly Finding[];
  userName: string;
  userArn: string;
  deactivated: readonly string[];
  enforcementError?: string;
  eventKeyId?: string;
}): { subject: string; body: string } {
  const { accountId, detail, failing, userName } = input;
  const ids = failing.map((finding) => String(finding.evidence.accessKeyId ?? finding.resourceName));
  const subject = `CIS 1.11: console user ${userName} has never-used access key ${ids.join(", ")} in ${accountId}`;
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
    lines.push(
      `Access key: ${String(evidence.accessKeyId)}, active, never used, created ${String(evidence.createdAt)}, ${after}`,
    );
  }
  lines.push(
    `Event:      ${detail.eventName ?? "?"} at ${detail.eventTime ?? "?"} (CloudTrail event id ${detail.eventID ?? "?"})`,
    `Called by:  ${describeCaller(detail)}`,
  );
  if (input.mode === "enforce") {
    if (input.deactivated.length > 0) {
      lines.push(
        `Action:     MODE=enforce: cloudpatrol deactivated access key ${input.deactivated.join(", ")} (status Inactive).`,
      );
      for (const id of input.deactivated)
        lines.push(
          `            To undo: aws iam update-access-key --user-name ${shellWord(userName)} --access-key-id ${id} --status Active`,
        );
    } else if (input.enforcementError) {
      lines.push(
        `Action:     MODE=enforce: deactivating ${input.eventKeyId ?? "the key"} FAILED: ${input.enforcementError}`,
      );
    } else {
      lines.push(
        "Action:     MODE=enforce, but this event created or activated none of these keys: nothing was changed (only the key an event names is deactivated).",
      );
    }
  } else {
    lines.push("Action:     none (MODE=notify).");
  }
  lines.push("", "Remediation (check with the owner first; deleting a key cannot be undone):");
  for (const finding of failing) {
    const id = String(finding.evidence.accessKeyId ?? "");
    for (const command of remediationCommands(finding, userName, id)) lines.push(`  ${command}`);
  }
  return { subject, body: `${lines.join("\n")}\n` };
}

const API_CALL = "AWS API Call via CloudTrail";

/** The one schema of the events this handler reads (the fields it relies on; others are kept). */
const API_CALL_EVENT = z.looseObject({
  "detail-type": z.literal(API_CALL),
  id: z.string().optional(),
  account: z.string().optional(),
  detail: z.looseObject({
    eventName: z.string().min(1),
    eventSource: z.string().min(1),
    eventID: z.string().optional(),
    errorCode: z.string().optional(),
    recipientAccountId: z.string().optional(),
    userIdentity: z.looseObject({}).optional(),
    requestParameters: z.looseObject({}).nullable().optional(),
    responseElements: z.looseObject({}).nullable().optional(),
  }),
});

/** Creates the handler around its clients. */
export function createIamEventHandler(
  deps: IamEventDeps,
): (event: IamApiCallEvent) => Promise<IamEventResult> {
  const now = deps.now ?? (() => new Date());
  const selection = deps.selection ?? selectRules({});
  const published = new Set<string>();
  const remember = deps.rememberEvents ?? 10_000;
  const log = deps.log;

  const ignore = (reason: string, extra: Record<string, unknown> = {}): IamEventResult => {
    log.info("Event ignored", { reason, ...extra });
    return { outcome: "ignored", reason };
  };

  return async (event: IamApiCallEvent): Promise<IamEventResult> => {
    const detailType = (event as { "detail-type"?: unknown })["detail-type"];
    if (detailType !== API_CALL)
      return ignore(
        `not an "${API_CALL}" event: detail-type ${detailType === undefined ? "missing" : JSON.stringify(detailType)}`,
      );
    const problem = eventProblem(API_CALL_EVENT, event);
    if (problem !== undefined) return ignore(`not a valid "${API_CALL}" event: ${problem}`);
    const detail = event.detail as CloudTrailDetail;
    const eventName = detail.eventName as string;
    const context = { eventName, eventId: detail.eventID ?? event.id };
    if (detail.eventSource !== "iam.amazonaws.com")
      return ignore(`event source ${String(detail.eventSource)}`, context);
    if (!(WATCHED_EVENTS as readonly string[]).includes(eventName))
      return ignore(`event ${eventName} is not watched`, context);
    if (detail.errorCode) return ignore(`the call failed (${detail.errorCode}): nothing changed`, context);
    if (eventName === "UpdateAccessKey" && record(detail.requestParameters).status !== "Active")
      return ignore("UpdateAccessKey did not activate a key", context);
    const userName = targetUserName(detail);
    if (!userName) return ignore("no IAM user named in the event", context);
    const eventId = detail.eventID ?? event.id;
    if (!eventId) return ignore("the event has no id", context);
    if (published.has(eventId)) {
      log.info("Duplicate delivery: alert already published", { ...context, userName });
      return { outcome: "duplicate", eventId };
    }
    const accountId =
      event.account ?? detail.recipientAccountId ?? str(record(detail.userIdentity).accountId) ?? "unknown";
    try {
      const judged = await judgeUserFromApi(
        deps.iam,
        userName,
        { accountId, partition: partitionOf(record(detail.userIdentity).arn) },
        selection,
        now,
      );
      if (!judged) return ignore(`user ${userName} no longer exists`, context);
      const failing = judged.findings.filter((finding) => finding.status === "FAIL");
      if (failing.length === 0) {
        log.info("User complies", { ...context, userName });
        return { outcome: "compliant", userName };
      }
      const keyIds = failing.map((finding) => String(finding.evidence.accessKeyId ?? finding.resourceName));
      const eventKeyId = eventAccessKeyId(detail);
      const deactivated: string[] = [];
      let enforcementError: unknown;
      if (deps.mode === "enforce" && eventKeyId && keyIds.includes(eventKeyId)) {
        try {
          await setAccessKeyStatus(deps.iam, { userName, accessKeyId: eventKeyId }, "Inactive", accountId);
          deactivated.push(eventKeyId);
          log.warn("Access key deactivated (MODE=enforce)", {
            ...context,
            userName,
            accessKeyId: eventKeyId,
          });
        } catch (error) {
          enforcementError = error;
          log.error("Could not deactivate the access key (MODE=enforce)", {
            ...context,
            userName,
            accessKeyId: eventKeyId,
            ...errorFields(error),
          });
        }
      }
      const { subject, body } = alertMessage({
        accountId,
        mode: deps.mode,
        detail,
        failing,
        userName,
        userArn: judged.user.arn,
        deactivated,
        ...(eventKeyId ? { eventKeyId } : {}),
        ...(enforcementError ? { enforcementError: (enforcementError as Error).message } : {}),
      });
      const messageId = await publish(
        deps.sns,
        {
          topicArn: deps.topicArn,
          subject,
          message: body,
          attributes: {
            "cloudpatrol.event-id": eventId,
            "cloudpatrol.account": accountId,
            "cloudpatrol.rule": failing[0]?.ruleId ?? "",
          },
          deduplicationId: createHash("sha256").update(eventId).digest("hex"),
        },
        accountId,
      );
      published.add(eventId);
      if (published.size > remember) published.delete(published.values().next().value as string);
      log.warn("Alert published", {
        ...context,
        userName,
        accessKeyIds: keyIds,
        deactivated,
        messageId,
        mode: deps.mode,
      });
      if (enforcementError) throw enforcementError;
      return { outcome: "alerted", userName, accessKeyIds: keyIds, deactivated, messageId };
    } catch (error) {
      log.error("IAM event handling failed", { ...context, userName, ...errorFields(error) });
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

let defaultHandler: ((event: IamApiCallEvent) => Promise<IamEventResult>) | undefined;

/** The Lambda entry point (`iam-event.handler`): `TOPIC_ARN` and `MODE` from the environment. */
export async function handler(event: IamApiCallEvent): Promise<IamEventResult> {
  if (!defaultHandler) {
    const topicArn = process.env.TOPIC_ARN;
    if (!topicArn)
      throw new CloudPatrolError("TOPIC_ARN is not set: the function has nowhere to publish alerts.");
    defaultHandler = createIamEventHandler({
      iam: createClients({ region: process.env.AWS_REGION ?? "us-east-1" }).iam,
      sns: createSnsClient({}),
      topicArn,
      mode: modeFromEnv(process.env.MODE),
      log: powertoolsLog(process.env.POWERTOOLS_SERVICE_NAME ?? "cloudpatrol-iam-event"),
    });
  }
  return defaultHandler(event);
}
