/**
 * AWS Config calls the custom-rule Lambda makes: report evaluations, read a configuration item that
 * was too large for its notification, and list the resources a rule has judged before. Errors become
 * {@link AwsApiError}s naming the `config:` action and, on access errors, the missing permission.
 *
 * Sources: AWS Config API Reference — PutEvaluations, GetResourceConfigHistory,
 * GetComplianceDetailsByConfigRule.
 */
import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
  type ResourceType,
  type Evaluation as SdkEvaluation,
} from "@aws-sdk/client-config-service";
import { AwsApiError } from "../model/errors.js";
import { type AwsConnection, makeClient } from "./clients.js";
import { callAws } from "./errors.js";

/** What PutEvaluations accepts per call (AWS Config quota). */
export const PUT_EVALUATIONS_BATCH = 100;

/** The longest annotation AWS Config accepts. */
export const ANNOTATION_MAX = 256;

/** A compliance verdict as a custom rule may report it (Config rejects INSUFFICIENT_DATA here). */
export type ComplianceType = "COMPLIANT" | "NON_COMPLIANT" | "NOT_APPLICABLE";

/** One evaluation of one resource. */
export interface Evaluation {
  readonly complianceResourceType: string;
  readonly complianceResourceId: string;
  readonly complianceType: ComplianceType;
  /** At most {@link ANNOTATION_MAX} characters (longer text is cut with `…`). */
  readonly annotation?: string;
  /** The configuration item capture time, or the notification time of a periodic run. */
  readonly orderingTimestamp: Date;
}

/** A configuration item as GetResourceConfigHistory returns it, the fields the rule needs. */
export interface ConfigurationItem {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  readonly configurationItemStatus?: string;
  readonly configurationItemCaptureTime?: Date;
  readonly awsAccountId?: string;
}

/** An AWS Config client configured like the CLI's other clients. */
export function createConfigClient(connection: AwsConnection = {}): ConfigServiceClient {
  return makeClient(ConfigServiceClient, "config", connection, { maxAttempts: 5 });
}

/** Cuts text to {@link ANNOTATION_MAX} characters, ending a cut text with `…`. */
export function clampAnnotation(text: string): string {
  const chars = Array.from(text);
  return chars.length <= ANNOTATION_MAX ? text : `${chars.slice(0, ANNOTATION_MAX - 1).join("")}…`;
}

function toSdk(evaluation: Evaluation): SdkEvaluation {
  return {
    ComplianceResourceType: evaluation.complianceResourceType,
    ComplianceResourceId: evaluation.complianceResourceId,
    ComplianceType: evaluation.complianceType,
    ...(evaluation.annotation ? { Annotation: clampAnnotation(evaluation.annotation) } : {}),
    OrderingTimestamp: evaluation.orderingTimestamp,
  };
}

/**
 * config:PutEvaluations in batches of {@link PUT_EVALUATIONS_BATCH}. With `resultToken` `TESTMODE`
 * (what the console's and the CLI's test invocations send) it sets `TestMode` and nothing is recorded.
 * @returns the number of calls made.
 * @throws {@link AwsApiError} on any error, and when AWS Config answers with `FailedEvaluations`.
 */
export async function putEvaluations(
  config: ConfigServiceClient,
  evaluations: readonly Evaluation[],
  resultToken: string,
  accountId?: string,
): Promise<number> {
  const testMode = resultToken === "TESTMODE";
  let calls = 0;
  for (let start = 0; start < evaluations.length; start += PUT_EVALUATIONS_BATCH) {
    const batch = evaluations.slice(start, start + PUT_EVALUATIONS_BATCH).map(toSdk);
    calls += 1;
    const output = await callAws("config:PutEvaluations", accountId, () =>
      config.send(
        new PutEvaluationsCommand({
          Evaluations: batch,
          ResultToken: resultToken,
          ...(testMode ? { TestMode: true } : {}),
        }),
      ),
    );
    const failed = output.FailedEvaluations ?? [];
    if (failed.length > 0) {
      const ids = failed.map((item) => item.ComplianceResourceId).join(", ");
      throw new AwsApiError(
        "config:PutEvaluations",
        accountId,
        "FailedEvaluations",
        `AWS Config did not accept ${failed.length} of ${batch.length} evaluations: ${ids}`,
      );
    }
  }
  return calls;
}

/**
 * The latest configuration item of a resource captured at or before `laterTime`
 * (config:GetResourceConfigHistory, limit 1); null when AWS Config has none.
 */
export async function getConfigurationItem(
  config: ConfigServiceClient,
  resourceType: string,
  resourceId: string,
  laterTime?: Date,
  accountId?: string,
): Promise<ConfigurationItem | null> {
  return callAws("config:GetResourceConfigHistory", accountId, async () => {
    const output = await config.send(
      new GetResourceConfigHistoryCommand({
        resourceType: resourceType as ResourceType,
        resourceId,
        ...(laterTime ? { laterTime } : {}),
        limit: 1,
      }),
    );
    const item = output.configurationItems?.[0];
    if (!item) return null;
    return {
      resourceType: item.resourceType ?? resourceType,
      resourceId: item.resourceId ?? resourceId,
      ...(item.resourceName ? { resourceName: item.resourceName } : {}),
      ...(item.configurationItemStatus ? { configurationItemStatus: item.configurationItemStatus } : {}),
      ...(item.configurationItemCaptureTime
        ? { configurationItemCaptureTime: item.configurationItemCaptureTime }
        : {}),
      ...(item.accountId ? { awsAccountId: item.accountId } : {}),
    };
  });
}

/**
 * The ids of the resources of `resourceType` the rule last judged COMPLIANT or NON_COMPLIANT
 * (config:GetComplianceDetailsByConfigRule, every page).
 */
export async function listJudgedResourceIds(
  config: ConfigServiceClient,
  configRuleName: string,
  resourceType: string,
  accountId?: string,
): Promise<string[]> {
  return callAws("config:GetComplianceDetailsByConfigRule", accountId, async () => {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const output = await config.send(
        new GetComplianceDetailsByConfigRuleCommand({
          ConfigRuleName: configRuleName,
          ComplianceTypes: ["COMPLIANT", "NON_COMPLIANT"],
          Limit: 100,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      for (const result of output.EvaluationResults ?? []) {
        const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
        if (qualifier?.ResourceType === resourceType && qualifier.ResourceId) ids.push(qualifier.ResourceId);
      }
      nextToken = output.NextToken;
    } while (nextToken);
    return ids;
  });
}
