/**
 * AWS SDK v3 clients for one account, configured the way the AWS CLI is: `--profile`, `--region`,
 * `--endpoint-url`, and the SDK's own environment variables (AWS_PROFILE, AWS_REGION,
 * AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_STS) through the default credential chain.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
  MiddlewareStack,
} from "@aws-sdk/types";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";

/** How to reach AWS. */
export interface AwsConnection {
  /** Named profile from the shared config files. */
  readonly profile?: string;
  /** Region for the clients; IAM is global, so the default is `us-east-1`. */
  readonly region?: string;
  /** Override endpoint for every service (like the AWS CLI's `--endpoint-url`). */
  readonly endpointUrl?: string;
  /** Explicit credentials (e.g. from STS AssumeRole); default: the SDK's default chain. */
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** Attempts per call, first included, for throttling and transient errors. Default 8. */
  readonly maxAttempts?: number;
  /** First retry delay in milliseconds; each further retry doubles it (capped at 20 s). Default 500. */
  readonly retryBaseMs?: number;
}

/** The clients a scan uses. */
export interface AwsClients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  /** Logical AWS API calls made so far through these clients, per `service:Operation` (retries not counted). */
  apiCalls(): Record<string, number>;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/**
 * Exponential backoff without jitter: base, 2×base, 4×base, ... capped at 20 s. Retries on the
 * SDK's throttling codes (`Throttling`, ...) and transient errors, decided by error code.
 */
function retryStrategy(maxAttempts: number, baseMs: number): ConfiguredRetryStrategy {
  return new ConfiguredRetryStrategy(maxAttempts, (attempt: number) =>
    Math.min(baseMs * 2 ** (attempt - 1), 20_000),
  );
}

/** Counts each command sent through `client` into `calls["<service>:<Operation>"]`. */
function countCalls(
  client: { middlewareStack: MiddlewareStack<object, object> },
  service: string,
  calls: Record<string, number>,
): void {
  client.middlewareStack.add(
    (next: InitializeHandler<object, object>, context: HandlerExecutionContext) =>
      async (args: InitializeHandlerArguments<object>) => {
        const key = `${service}:${String(context.commandName ?? "unknown").replace(/Command$/, "")}`;
        calls[key] = (calls[key] ?? 0) + 1;
        return next(args);
      },
    { step: "initialize", name: "cloudpatrolCallCounter" },
  );
}

/** Creates the IAM and STS clients for one account. */
export function createClients(connection: AwsConnection = {}): AwsClients {
  const config = {
    region: connection.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(connection.profile ? { profile: connection.profile } : {}),
    ...(connection.endpointUrl ? { endpoint: connection.endpointUrl } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    retryStrategy: retryStrategy(connection.maxAttempts ?? 8, connection.retryBaseMs ?? 500),
  };
  const iam = new IAMClient(config);
  const sts = new STSClient(config);
  const calls: Record<string, number> = {};
  countCalls(iam as unknown as { middlewareStack: MiddlewareStack<object, object> }, "iam", calls);
  countCalls(sts as unknown as { middlewareStack: MiddlewareStack<object, object> }, "sts", calls);
  return {
    iam,
    sts,
    apiCalls: () => ({ ...calls }),
    destroy() {
      iam.destroy();
      sts.destroy();
    },
  };
}
