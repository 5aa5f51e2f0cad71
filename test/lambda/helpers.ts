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
