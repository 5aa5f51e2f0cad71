/**
 * The AWS Config custom Lambda rule handler: AWS Config invokes it periodically (every user) and when
 * an `AWS::IAM::User` configuration item changes (that user), and it reports one evaluation per user
 * with PutEvaluations. Same rules as `cloudpatrol scan`; compliance resource id is the UserId (`AIDA…`).
 *
 * Contract (AWS Config Developer Guide, "Example events for AWS Config rules" and "Developing a custom
 * Lambda rule"): `invokingEvent` and `ruleParameters` arrive as JSON strings; `resultToken` goes back
 * with the evaluations (`TESTMODE` → nothing recorded); `eventLeftScope` or a deleted item →
 * NOT_APPLICABLE. Any AWS error is logged and rethrown, so AWS Config shows the failure and Lambda
 * retries: the handler never reports success it did not have.
 */
import type { ConfigServiceClient } from "@aws-sdk/client-config-service";
import { z } from "zod";
import { datasetsToCollect } from "../app/scan-account.js";
import { type AwsClients, createClients } from "../aws/clients.js";
import { collectAccount } from "../aws/collect.js";
import {
  type ComplianceType,
  type ConfigurationItem,
  clampAnnotation,
  createConfigClient,
  type Evaluation,
  getConfigurationItem,
  listJudgedResourceIds,
  putEvaluations,
} from "../aws/config.js";
import { evaluate } from "../engine/evaluate.js";
import { CloudPatrolError, InputError } from "../model/errors.js";
import type { Finding } from "../model/finding.js";
import { humanDuration, parseIsoTime } from "../model/time.js";
import type { IamUser } from "../snapshot/iam.js";
import {
  errorFields,
  eventProblem,
  IAM_USER,
  InvocationDeadline,
  judgeUserFromApi,
  type LambdaContext,
  type LambdaLog,
  parseJsonObject,
  partitionOf,
  powertoolsLog,
  type RuleSelection,
  selectRules,
} from "./common.js";

/** What AWS Config passes to a custom Lambda rule. */
export interface ConfigRuleEvent {
  /** JSON string: the notification (`messageType`, `configurationItem`, ...). */
  readonly invokingEvent: string;
  /** JSON string of the rule's input parameters; may be `"{}"`, `""` or absent. */
  readonly ruleParameters?: string;
  readonly resultToken: string;
  readonly eventLeftScope?: boolean;
  readonly executionRoleArn?: string;
  readonly configRuleArn?: string;
  readonly configRuleName?: string;
  readonly configRuleId?: string;
  readonly accountId?: string;
  readonly version?: string;
  readonly evaluationMode?: string;
}

/** The one schema of the events AWS Config passes (the fields this handler relies on). */
const CONFIG_RULE_EVENT = z.looseObject({
  invokingEvent: z.union([z.string().min(1), z.looseObject({})]),
  ruleParameters: z.union([z.string(), z.looseObject({})]).optional(),
  resultToken: z.string().min(1),
  eventLeftScope: z.boolean().optional(),
  configRuleName: z.string().optional(),
  accountId: z.string().optional(),
});

/** The one schema of the invoking event (parsed from its JSON string). */
const INVOKING_EVENT = z.looseObject({
  messageType: z.string().min(1),
  notificationCreationTime: z.string().optional(),
});

/** What the handler did. */
export interface ConfigRuleResult {
  readonly messageType: string;
  readonly evaluations: readonly Evaluation[];
  readonly putEvaluationsCalls: number;
  readonly testMode: boolean;
}

/** What the handler needs; tests point the clients at local fakes. */
export interface ConfigRuleDeps {
  /** IAM and STS clients (the periodic run collects the credential report with them). */
  readonly clients: AwsClients;
  readonly config: ConfigServiceClient;
  readonly log: LambdaLog;
  readonly now?: () => Date;
  /** Credential report wait limit in milliseconds. Default 240 000 (the function times out at 300 s). */
  readonly reportTimeoutMs?: number;
  /** First credential report poll wait in milliseconds. Default 2 000. */
  readonly reportPollBaseMs?: number;
  /** Started at each invocation from the context; the clients' `retryDeadline` should read it. */
  readonly deadline?: InvocationDeadline;
}

/** Configuration item statuses of a resource that exists and is recorded (as RDK's `is_applicable`). */
const APPLICABLE_STATUSES = new Set(["OK", "ResourceDiscovered"]);

/** The invoking event's fields this handler reads. */
interface InvokingEvent {
  messageType?: string;
  notificationCreationTime?: string;
  configurationItem?: Record<string, unknown> | null;
  configurationItemSummary?: Record<string, unknown> | null;
  awsAccountId?: string;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function dateOf(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  const raw = text(value);
  if (!raw) return undefined;
  const parsed = parseIsoTime(raw);
  return parsed.ok ? parsed.date : undefined;
}

/** The user name an IAM user ARN ends with (`arn:aws:iam::123456789012:user/path/alice` → `alice`). */
function userNameOfArn(arn: unknown): string | undefined {
  const raw = text(arn);
  if (!raw || !/^arn:[^:]+:iam::\d{12}:user\//.test(raw)) return undefined;
  return raw.slice(raw.lastIndexOf("/") + 1) || undefined;
}

/** The configuration item of a change notification (or its oversized summary), in the API's field names. */
function itemOf(raw: Record<string, unknown>): ConfigurationItem | null {
  const resourceType = text(raw.resourceType);
  const resourceId = text(raw.resourceId);
  if (!resourceType || !resourceId) return null;
  const name = text(raw.resourceName);
  const status = text(raw.configurationItemStatus);
  const captured = dateOf(raw.configurationItemCaptureTime);
  const account = text(raw.awsAccountId) ?? text(raw.accountId);
  return {
    resourceType,
    resourceId,
    ...(name ? { resourceName: name } : {}),
    ...(status ? { configurationItemStatus: status } : {}),
    ...(captured ? { configurationItemCaptureTime: captured } : {}),
    ...(account ? { awsAccountId: account } : {}),
  };
}

function failAnnotation(user: IamUser, failing: readonly Finding[]): string {
  const full = failing.map((finding) => finding.statusExtended).join(" ");
  if (full.length <= 256) return full;
  const keys = failing.map((finding) => {
    const evidence = finding.evidence;
    const id = typeof evidence.accessKeyId === "string" ? evidence.accessKeyId : finding.resourceName;
    const seconds = evidence.secondsAfterUserCreation;
    return typeof seconds === "number" ? `${id} (created ${humanDuration(seconds)} after the user)` : id;
  });
  return `${user.userName} has a console password and ${failing.length} active access keys never used: ${keys.join(", ")} (CIS 1.11).`;
}

/**
 * One user's compliance from its findings: any FAIL → NON_COMPLIANT, all PASS → COMPLIANT; null when
 * the findings cannot decide (MANUAL or ERROR left after the API re-check).
 */
export function complianceOf(
  user: IamUser,
  findings: readonly Finding[],
): { complianceType: ComplianceType; annotation: string } | null {
  const failing = findings.filter((finding) => finding.status === "FAIL");
  if (failing.length > 0)
    return { complianceType: "NON_COMPLIANT", annotation: failAnnotation(user, failing) };
  if (findings.length > 0 && findings.every((finding) => finding.status === "PASS")) {
    return {
      complianceType: "COMPLIANT",
      annotation: clampAnnotation(findings.map((finding) => finding.statusExtended).join(" ")),
    };
  }
  return null;
}

function notApplicable(resourceType: string, resourceId: string, at: Date, annotation: string): Evaluation {
  return {
    complianceResourceType: resourceType,
    complianceResourceId: resourceId,
    complianceType: "NOT_APPLICABLE",
    annotation,
    orderingTimestamp: at,
  };
}

/** Creates the handler around its clients. */
export function createConfigRuleHandler(
  deps: ConfigRuleDeps,
): (event: ConfigRuleEvent, context?: LambdaContext) => Promise<ConfigRuleResult> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log;

  async function periodic(
    event: ConfigRuleEvent,
    invoking: InvokingEvent,
    selection: RuleSelection,
  ): Promise<Evaluation[]> {
    const at = dateOf(invoking.notificationCreationTime) ?? now();
    // The scan's own pipeline: exactly the datasets the selected rules read (the function's role grants
    // no more, src/app/deploy/template.ts), the users they flag re-read through the IAM API.
    const { snapshot, warnings } = await collectAccount(deps.clients, {
      collectedAt: now(),
      datasets: datasetsToCollect(selection.rules, true),
      rules: selection.rules,
      ...(selection.options.params ? { params: selection.options.params } : {}),
      timeoutMs: deps.reportTimeoutMs ?? 240_000,
      ...(deps.reportPollBaseMs !== undefined ? { pollBaseMs: deps.reportPollBaseMs } : {}),
    });
    if (snapshot.errors.length > 0) {
      throw new CloudPatrolError(
        `Cannot judge account ${snapshot.accountId}: ${snapshot.errors.map((error) => error.message).join("; ")}`,
      );
    }
    // Rows the report could not give (e.g. an unquoted user name with commas): named here, judged below
    // from the IAM API like users the report does not list.
    for (const warning of snapshot.credentialReport?.warnings ?? []) log.warn(warning);
    for (const warning of warnings) log.warn(warning);
    const users = snapshot.iamUsers;
    if (!users) {
      throw new CloudPatrolError(
        `Cannot list the IAM users of account ${snapshot.accountId} (iam:ListUsers): ${warnings.join(" ")}`,
      );
    }
    const findings = evaluate(snapshot, selection.rules, selection.options);
    const accountErrors = findings.filter((finding) => finding.resourceType === "AWS::::Account");
    if (accountErrors.length > 0) {
      throw new CloudPatrolError(accountErrors.map((finding) => finding.statusExtended).join(" "));
    }
    const byArn = new Map<string, Finding[]>();
    for (const finding of findings)
      byArn.set(finding.resourceArn, [...(byArn.get(finding.resourceArn) ?? []), finding]);
    const evaluations: Evaluation[] = [];
    for (const user of users) {
      const verdict = complianceOf(user, byArn.get(user.arn) ?? []);
      if (!verdict) {
        log.warn("User not judged: the findings cannot decide; AWS Config keeps its previous evaluation.", {
          userName: user.userName,
          statuses: (byArn.get(user.arn) ?? []).map((finding) => finding.status),
        });
        continue;
      }
      evaluations.push({
        complianceResourceType: IAM_USER,
        complianceResourceId: user.userId,
        ...verdict,
        orderingTimestamp: at,
      });
    }
    if (event.configRuleName) {
      const current = new Set(users.map((user) => user.userId));
      try {
        const previous = await listJudgedResourceIds(
          deps.config,
          event.configRuleName,
          IAM_USER,
          snapshot.accountId,
        );
        for (const id of new Set(previous)) {
          if (!current.has(id)) {
            evaluations.push(notApplicable(IAM_USER, id, at, "The IAM user no longer exists."));
          }
        }
      } catch (error) {
        log.warn(
          "Could not list the users judged before; deleted users keep their last evaluation.",
          errorFields(error),
        );
      }
    }
    return evaluations;
  }

  async function change(
    event: ConfigRuleEvent,
    invoking: InvokingEvent,
    selection: RuleSelection,
  ): Promise<Evaluation[]> {
    let item: ConfigurationItem | null;
    if (invoking.messageType === "OversizedConfigurationItemChangeNotification") {
      const raw = invoking.configurationItemSummary ?? {};
      const summary = itemOf({
        ...raw,
        // The summary names the resource by ARN; its resourceName may be null (AWS's own example).
        resourceName: text(raw.resourceName) ?? userNameOfArn(raw.ARN),
      });
      if (!summary)
        throw new InputError(
          "Oversized notification without configurationItemSummary resourceType/resourceId.",
        );
      try {
        item = await getConfigurationItem(
          deps.config,
          summary.resourceType,
          summary.resourceId,
          summary.configurationItemCaptureTime,
          event.accountId,
        );
      } catch (error) {
        // The summary holds what this rule needs (type, id, name, status, capture time): judging from it
        // beats failing the evaluation because the full item could not be read.
        log.warn("Could not read the configuration item; judging from the notification's summary.", {
          ...summary,
          ...errorFields(error),
        });
        item = summary;
      }
      if (!item) {
        log.warn("AWS Config has no configuration item for the oversized notification's resource.", {
          ...summary,
        });
        item = summary;
      }
    } else {
      item = itemOf(invoking.configurationItem ?? {});
    }
    if (!item) {
      log.warn("Change notification without a configuration item resource: nothing to evaluate.");
      return [];
    }
    const at = item.configurationItemCaptureTime ?? dateOf(invoking.notificationCreationTime) ?? now();
    if (event.eventLeftScope === true) {
      return [notApplicable(item.resourceType, item.resourceId, at, "The resource left the rule's scope.")];
    }
    if (item.configurationItemStatus && !APPLICABLE_STATUSES.has(item.configurationItemStatus)) {
      return [
        notApplicable(
          item.resourceType,
          item.resourceId,
          at,
          `Configuration item status ${item.configurationItemStatus}.`,
        ),
      ];
    }
    if (item.resourceType !== IAM_USER) {
      return [notApplicable(item.resourceType, item.resourceId, at, `This rule judges ${IAM_USER} only.`)];
    }
    if (!item.resourceName)
      throw new InputError(`The configuration item of ${item.resourceId} has no resourceName.`);
    const accountId = event.accountId ?? item.awsAccountId ?? "unknown";
    const judged = await judgeUserFromApi(
      deps.clients.iam,
      item.resourceName,
      { accountId, partition: partitionOf(event.configRuleArn) },
      selection,
      now,
    );
    if (!judged || judged.user.userId !== item.resourceId) {
      return [notApplicable(IAM_USER, item.resourceId, at, "The IAM user no longer exists.")];
    }
    const verdict = complianceOf(judged.user, judged.findings);
    if (!verdict) throw new CloudPatrolError(`Could not judge ${judged.user.userName}.`);
    return [
      {
        complianceResourceType: IAM_USER,
        complianceResourceId: item.resourceId,
        ...verdict,
        orderingTimestamp: at,
      },
    ];
  }

  return async (event: ConfigRuleEvent, context?: LambdaContext): Promise<ConfigRuleResult> => {
    deps.deadline?.start(context);
    let messageType = "unknown";
    try {
      const problem = eventProblem(CONFIG_RULE_EVENT, event);
      if (problem !== undefined) throw new InputError(`not a valid AWS Config rule event: ${problem}`);
      const invoking = parseJsonObject(event.invokingEvent, "invokingEvent") as InvokingEvent;
      const invokingProblem = eventProblem(INVOKING_EVENT, invoking, ["invokingEvent"]);
      if (invokingProblem !== undefined)
        throw new InputError(`not a valid AWS Config rule event: ${invokingProblem}`);
      const selection = selectRules(parseJsonObject(event.ruleParameters, "ruleParameters"));
      messageType = invoking.messageType ?? "unknown";
      if (selection.ignored.length > 0)
        log.warn("Ignoring unknown rule parameters", { ignored: selection.ignored });
      let evaluations: Evaluation[];
      if (messageType === "ScheduledNotification") evaluations = await periodic(event, invoking, selection);
      else if (
        messageType === "ConfigurationItemChangeNotification" ||
        messageType === "OversizedConfigurationItemChangeNotification"
      )
        evaluations = await change(event, invoking, selection);
      else throw new InputError(`Unsupported messageType ${JSON.stringify(messageType)}.`);
      const testMode = event.resultToken === "TESTMODE";
      const calls =
        evaluations.length > 0
          ? await putEvaluations(deps.config, evaluations, event.resultToken, event.accountId)
          : 0;
      const counts: Record<string, number> = {};
      for (const evaluation of evaluations)
        counts[evaluation.complianceType] = (counts[evaluation.complianceType] ?? 0) + 1;
      log.info("Evaluations reported to AWS Config", {
        messageType,
        configRuleName: event.configRuleName,
        evaluations: evaluations.length,
        putEvaluationsCalls: calls,
        testMode,
        ...counts,
      });
      return { messageType, evaluations, putEvaluationsCalls: calls, testMode };
    } catch (error) {
      log.error("AWS Config rule evaluation failed", {
        messageType,
        configRuleName: event.configRuleName,
        ...errorFields(error),
      });
      throw error;
    }
  };
}

let defaultHandler:
  | ((event: ConfigRuleEvent, context?: LambdaContext) => Promise<ConfigRuleResult>)
  | undefined;

function envMs(name: string): number | undefined {
  const value = Number(process.env[name]);
  return process.env[name] && Number.isFinite(value) ? value : undefined;
}

/**
 * The Lambda entry point (`config-rule.handler`): clients from the function's role and region, AWS
 * retries bounded by the invocation's remaining time.
 */
export async function handler(event: ConfigRuleEvent, context?: LambdaContext): Promise<ConfigRuleResult> {
  if (!defaultHandler) {
    const timeout = envMs("CLOUDPATROL_REPORT_TIMEOUT_MS");
    const deadline = new InvocationDeadline();
    defaultHandler = createConfigRuleHandler({
      clients: createClients({
        region: process.env.AWS_REGION ?? "us-east-1",
        retryDeadline: deadline.get,
      }),
      config: createConfigClient({ retryDeadline: deadline.get }),
      log: powertoolsLog(process.env.POWERTOOLS_SERVICE_NAME ?? "cloudpatrol-config-rule"),
      deadline,
      ...(timeout !== undefined ? { reportTimeoutMs: timeout } : {}),
    });
  }
  return defaultHandler(event, context);
}
