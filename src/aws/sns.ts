/**
 * Amazon SNS Publish for the CloudTrail event handler's alerts. Errors become {@link AwsApiError}s
 * naming `sns:Publish`; SNS says `AuthorizationError` where other services say `AccessDenied`.
 *
 * Source: Amazon SNS API Reference — Publish.
 */
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { AwsApiError } from "../model/errors.js";
import { type AwsConnection, makeClient } from "./clients.js";
import { awsErrorCode, describeAwsError, isAccessDenied } from "./errors.js";

/** The longest subject SNS accepts. */
export const SUBJECT_MAX = 100;

/** One message to publish. */
export interface SnsMessage {
  readonly topicArn: string;
  /** Plain ASCII, one line; cut to {@link SUBJECT_MAX} characters. */
  readonly subject: string;
  readonly message: string;
  /** String message attributes (subscribers can filter or de-duplicate on them). */
  readonly attributes?: Readonly<Record<string, string>>;
  /**
   * Deterministic de-duplication id. Sent as `MessageDeduplicationId` (with `MessageGroupId`) only to
   * FIFO topics (ARN ending `.fifo`): standard topics reject the parameter.
   */
  readonly deduplicationId?: string;
}

/** An SNS client configured like the CLI's other clients. */
export function createSnsClient(connection: AwsConnection = {}): SNSClient {
  return makeClient(SNSClient, "sns", connection, { maxAttempts: 5 });
}

/** A subject SNS accepts: printable ASCII, no line breaks, at most {@link SUBJECT_MAX} characters. */
export function cleanSubject(subject: string): string {
  const ascii = subject.replace(/[\r\n\t]+/g, " ").replace(/[^\x20-\x7e]/g, "?");
  return ascii.length <= SUBJECT_MAX ? ascii : `${ascii.slice(0, SUBJECT_MAX - 3)}...`;
}

/**
 * sns:Publish.
 * @returns the SNS MessageId.
 * @throws {@link AwsApiError} on any error (`AuthorizationError` names the missing permission `sns:Publish`).
 */
export async function publish(sns: SNSClient, message: SnsMessage, accountId?: string): Promise<string> {
  const fifo = message.topicArn.endsWith(".fifo");
  try {
    const output = await sns.send(
      new PublishCommand({
        TopicArn: message.topicArn,
        Subject: cleanSubject(message.subject),
        Message: message.message,
        MessageAttributes: Object.fromEntries(
          Object.entries(message.attributes ?? {}).map(([name, value]) => [
            name,
            { DataType: "String", StringValue: value },
          ]),
        ),
        ...(fifo && message.deduplicationId
          ? { MessageGroupId: "cloudpatrol", MessageDeduplicationId: message.deduplicationId }
          : {}),
      }),
    );
    return output.MessageId ?? "";
  } catch (error) {
    const code = awsErrorCode(error) ?? "Error";
    const denied = isAccessDenied(error) || code === "AuthorizationError";
    throw new AwsApiError("sns:Publish", accountId, code, describeAwsError(error), {
      cause: error,
      ...(denied ? { missingPermission: "sns:Publish" } : {}),
    });
  }
}
