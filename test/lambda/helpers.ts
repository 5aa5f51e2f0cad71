/**
 * Shared set-up of the Lambda handler tests: the IAM/STS fake, the AWS Config and SNS fakes, SDK
 * clients pointed at them, and a log that records what the handler writes.
 */
import { readFileSync } from "node:fs";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { createConfigClient } from "../../src/aws/config.js";
import { createSnsClient } from "../../src/aws/sns.js";
import type { LambdaLog } from "../../src/lambda/common.js";
import { samplePath } from "../support/samples.js";

export const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };

/** One log line as the handler wrote it. */
export interface LogLine {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
  readonly extra: Record<string, unknown> | undefined;
}

/** A {@link LambdaLog} that keeps every line. */
export function recordingLog(): LambdaLog & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, extra) => lines.push({ level: "info", message, extra }),
    warn: (message, extra) => lines.push({ level: "warn", message, extra }),
    error: (message, extra) => lines.push({ level: "error", message, extra }),
  };
}

export function iamClients(endpoint: string): AwsClients {
  return createClients({
    endpointUrl: endpoint,
    credentials: CREDENTIALS,
    region: "us-east-1",
    maxAttempts: 1,
  });
}

export function configClient(endpoint: string) {
  return createConfigClient({
    endpointUrl: endpoint,
    credentials: CREDENTIALS,
    region: "us-east-1",
    maxAttempts: 1,
  });
}

export function snsClient(endpoint: string) {
  return createSnsClient({
    endpointUrl: endpoint,
    credentials: CREDENTIALS,
    region: "us-east-1",
    maxAttempts: 1,
  });
}

/** A shared sample event, parsed. */
export function sampleEvent<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(samplePath("events", ...parts), "utf8")) as T;
}

/** One message moto's SNS accepted (read back from moto's `/moto-api/data.json`). */
export interface MotoSnsMessage {
  readonly messageId: string;
  readonly message: string;
  readonly subject: string | null;
  /** String message attributes by name. */
  readonly attributes: ReadonlyMap<string, string>;
}

/**
 * The messages published to `topicArn` on a moto_server, in order. moto keeps them per topic
 * (`sent_notifications`); its model dump is the only way to read them without a subscriber.
 */
export async function motoSnsMessages(endpoint: string, topicArn: string): Promise<MotoSnsMessage[]> {
  const response = await fetch(`${endpoint}/moto-api/data.json`);
  if (!response.ok) throw new Error(`moto data.json answered HTTP ${response.status}`);
  const data = (await response.json()) as {
    sns?: { Topic?: { arn: string; sent_notifications: [string, string, string | null, unknown][] }[] };
  };
  const topic = data.sns?.Topic?.find((candidate) => candidate.arn === topicArn);
  return (topic?.sent_notifications ?? []).map(([messageId, message, subject, attributes]) => ({
    messageId,
    message,
    subject,
    attributes: new Map(
      Object.entries((attributes ?? {}) as Record<string, unknown>).map(([name, value]) => {
        const record = value as { Value?: unknown; StringValue?: unknown } | string;
        const text = typeof record === "string" ? record : String(record.StringValue ?? record.Value ?? "");
        return [name, text];
      }),
    ),
  }));
}
