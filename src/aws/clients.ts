/**
 * AWS SDK v3 clients for one account, configured the way the AWS CLI is: `--profile`, `--region`,
 * `--endpoint-url`, and the SDK's own environment variables (AWS_PROFILE, AWS_REGION,
 * AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL_ACCOUNT) through the
 * default credential chain.
 */

import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { isIP } from "node:net";
import type { AccessAnalyzerClient } from "@aws-sdk/client-accessanalyzer";
import type { AccountClient } from "@aws-sdk/client-account";
import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { ConfigServiceClient } from "@aws-sdk/client-config-service";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { EFSClient } from "@aws-sdk/client-efs";
import { IAMClient } from "@aws-sdk/client-iam";
import type { KMSClient } from "@aws-sdk/client-kms";
import type { Macie2Client } from "@aws-sdk/client-macie2";
import type { RDSClient } from "@aws-sdk/client-rds";
import type { S3Client } from "@aws-sdk/client-s3";
import type { S3ControlClient } from "@aws-sdk/client-s3-control";
import type { SecurityHubClient } from "@aws-sdk/client-securityhub";
import type { SNSClient } from "@aws-sdk/client-sns";
import { STSClient } from "@aws-sdk/client-sts";
import type {
  AwsCredentialIdentity,
  AwsCredentialIdentityProvider,
  HandlerExecutionContext,
  InitializeHandler,
  InitializeHandlerArguments,
} from "@aws-sdk/types";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { type ClientWithStack, readAnswerBodies } from "./answer-body.js";
import { guardPages } from "./page-guard.js";
import { regionOrDefault } from "./region.js";

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
  /**
   * The time (epoch milliseconds) after which no retry may end, read before each retry: a retry whose
   * delay would end later is not made and the call fails with its last error. A Lambda handler sets it
   * to the end of the current invocation (less a reserve to log and report), so that throttling fails
   * the invocation with an error line instead of running into the function's timeout. `undefined`
   * (or no function): no limit.
   */
  readonly retryDeadline?: () => number | undefined;
  /**
   * Milliseconds a request may wait for an answer (socket idle) before it fails as a timeout, which is
   * retried like any transient error (at most {@link NON_THROTTLING_MAX_ATTEMPTS} attempts). Default
   * 30,000: an endpoint that accepts the connection and never answers fails the call, and only what needs
   * it, instead of hanging the scan.
   */
  readonly requestTimeoutMs?: number;
  /** Milliseconds to open a connection before the attempt fails as a timeout. Default 10,000. */
  readonly connectionTimeoutMs?: number;
  /**
   * Receives the SDK's warnings (e.g. that both a profile and static keys are set), each as one line;
   * without it the SDK writes them as it does (console.warn, several lines). The SDK's info and debug
   * messages are dropped either way.
   */
  readonly onSdkWarning?: (message: string) => void;
}

/** The SDK logger that sends only warnings, each on one line, to `onWarning`. */
function sdkLogger(onWarning: (message: string) => void) {
  const ignore = () => undefined;
  return {
    trace: ignore,
    debug: ignore,
    info: ignore,
    warn: (...content: unknown[]) => onWarning(content.map(String).join(" ").replace(/\s+/g, " ").trim()),
    error: ignore,
  };
}

/** An HTTP agent that a client's `destroy()` leaves open (it is shared: see {@link SHARED_AGENTS}). */
class SharedHttpAgent extends HttpAgent {
  override destroy(): void {}
}
/** An HTTPS agent that a client's `destroy()` leaves open (it is shared: see {@link SHARED_AGENTS}). */
class SharedHttpsAgent extends HttpsAgent {
  override destroy(): void {}
}

/**
 * The keep-alive agents of every client this process makes: a connection to an endpoint is reused by
 * the next client that calls it (the accounts of a multi-account scan share AWS's endpoints, e.g. every
 * account's IAM calls go to iam.amazonaws.com) instead of each client opening its own connections and
 * TLS sessions. A client's `destroy()` leaves them open; their idle sockets are unref'd (they never keep
 * the process alive) and close when the endpoint closes them. No limit on sockets per endpoint (Node's
 * default; each client alone would have had 50).
 */
export const SHARED_AGENTS = {
  http: new SharedHttpAgent({ keepAlive: true }),
  https: new SharedHttpsAgent({ keepAlive: true }),
} as const;

/** Default {@link AwsConnection.requestTimeoutMs}. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/** Default {@link AwsConnection.connectionTimeoutMs}. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 10_000;

/**
 * Regional clients, made on first use per region with the account's credentials, retries and endpoint
 * (`--endpoint-url`, else the SDK's AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_ACCESSANALYZER /
 * AWS_ENDPOINT_URL), and counted and destroyed with the account's clients.
 */
export interface RegionalClients {
  /** EC2 in `region`; without a region, the connection's region (DescribeRegions). */
  ec2(region?: string): Promise<EC2Client>;
  accessAnalyzer(region: string): Promise<AccessAnalyzerClient>;
  /** CloudTrail in `region` (AWS_ENDPOINT_URL_CLOUDTRAIL). */
  cloudTrail(region: string): Promise<CloudTrailClient>;
  /** AWS Config in `region` (AWS_ENDPOINT_URL_CONFIG_SERVICE). */
  configService(region: string): Promise<ConfigServiceClient>;
  /** AWS KMS in `region` (AWS_ENDPOINT_URL_KMS). */
  kms(region: string): Promise<KMSClient>;
  /** CloudWatch Logs in `region` (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS). */
  cloudWatchLogs(region: string): Promise<CloudWatchLogsClient>;
  /** CloudWatch in `region` (AWS_ENDPOINT_URL_CLOUDWATCH). */
  cloudWatch(region: string): Promise<CloudWatchClient>;
  /** Amazon SNS in `region` (AWS_ENDPOINT_URL_SNS). */
  sns(region: string): Promise<SNSClient>;
  /** AWS Security Hub in `region` (AWS_ENDPOINT_URL_SECURITYHUB). */
  securityHub(region: string): Promise<SecurityHubClient>;
  /**
   * S3 in `region` (a bucket's calls go to its own region); without a region, the connection's region
   * (ListBuckets, GetBucketLocation). With `--endpoint-url`, path-style requests (`/<bucket>?policy`).
   */
  s3(region?: string): Promise<S3Client>;
  /**
   * S3 Control in `region` (account-wide settings such as the account's Block Public Access). The SDK puts
   * the account id in the host name (`<account>.s3-control.<region>.amazonaws.com`); with `--endpoint-url`
   * every request goes to that endpoint itself (an IP address cannot take the prefix).
   */
  s3Control(region?: string): Promise<S3ControlClient>;
  rds(region: string): Promise<RDSClient>;
  efs(region: string): Promise<EFSClient>;
  macie2(region: string): Promise<Macie2Client>;
}

/** The clients a scan uses. */
export interface AwsClients {
  readonly iam: IAMClient;
  readonly sts: STSClient;
  /** Per-region clients (EC2, IAM Access Analyzer); absent in hand-made client sets. */
  readonly regional?: RegionalClients;
  /**
   * The AWS Account Management client (account:GetAlternateContact), made on first use. The API is
   * global: from any region of a partition the SDK calls its one endpoint (account.us-east-1.amazonaws.com
   * for `aws`) and signs for that endpoint's region. Endpoint: `--endpoint-url`, else the SDK's
   * AWS_ENDPOINT_URL_ACCOUNT / AWS_ENDPOINT_URL. Absent in hand-made client sets.
   */
  readonly account?: () => Promise<AccountClient>;
  /** Logical AWS API calls made so far through these clients, per `service:Operation` (retries not counted). */
  apiCalls(): Record<string, number>;
  /** Closes the clients' sockets. */
  destroy(): void;
}

/**
 * Attempts for a retryable error that is not throttling (connection refused or reset, timeouts, HTTP
 * 500/502/503/504): the SDK's own default. Without a route to AWS a scan then fails in about a second
 * instead of waiting out every throttling retry (about 50 s).
 */
export const NON_THROTTLING_MAX_ATTEMPTS = 3;

/** The error a retry strategy throws to refuse a retry: the SDK then throws the call's last error. */
function noRetry(reason: string): Error {
  return new Error(`No retry token available: ${reason}`);
}

type RetryToken = Awaited<ReturnType<ConfiguredRetryStrategy["refreshRetryTokenForRetry"]>>;

/** Refuses `token`'s retry when its delay would end after `deadline()`. */
function withinDeadline(token: RetryToken, deadline: (() => number | undefined) | undefined): RetryToken {
  const at = deadline?.();
  if (at !== undefined && Date.now() + token.getRetryDelay() > at)
    throw noRetry("the retry would end after the deadline (the end of the Lambda invocation)");
  return token;
}

/**
 * The SDK's configured retry strategy, with throttling retried up to `maxAttempts` and every other
 * retryable error up to {@link NON_THROTTLING_MAX_ATTEMPTS}, and no retry ending after the deadline.
 * The error types are the SDK's own (`THROTTLING`, `TRANSIENT`, ...): this class decides only how many
 * attempts each gets.
 */
class ThrottlingAwareRetryStrategy extends ConfiguredRetryStrategy {
  constructor(
    maxAttempts: number,
    backoff: (attempt: number) => number,
    private readonly deadline?: () => number | undefined,
  ) {
    super(maxAttempts, backoff);
  }

  override async refreshRetryTokenForRetry(
    ...[token, errorInfo]: Parameters<ConfiguredRetryStrategy["refreshRetryTokenForRetry"]>
  ): ReturnType<ConfiguredRetryStrategy["refreshRetryTokenForRetry"]> {
    if (errorInfo.errorType !== "THROTTLING" && token.getRetryCount() + 1 >= NON_THROTTLING_MAX_ATTEMPTS)
      throw noRetry("transient errors are retried at most twice");
    return withinDeadline(await super.refreshRetryTokenForRetry(token, errorInfo), this.deadline);
  }
}

/**
 * Exponential backoff without jitter: base, 2×base, 4×base, ... capped at 20 s. Retries on the
 * SDK's throttling codes (`Throttling`, ...) up to `maxAttempts` attempts, and on transient errors up to
 * {@link NON_THROTTLING_MAX_ATTEMPTS}, decided by error code; never past `deadline()`.
 */
function retryStrategy(
  maxAttempts: number,
  baseMs: number,
  deadline?: () => number | undefined,
): ConfiguredRetryStrategy {
  return new ThrottlingAwareRetryStrategy(
    maxAttempts,
    (attempt: number) => Math.min(baseMs * 2 ** (attempt - 1), 20_000),
    deadline,
  );
}

/**
 * Counts each command sent through `client` into `calls["<service>:<Operation>"]`, names the API on
 * any error it throws (`cloudpatrolApi`, read by the runner's error mapper: `ec2:GetEbsEncryptionByDefault`),
 * and reads every answer's body within the connection's request timeout and a size limit, refusing
 * an HTML page as a success answer ({@link readAnswerBodies}; the bodies of error answers stay for
 * their messages), and refuses a listing that never ends ({@link guardPages}).
 */
function countCalls(
  client: ClientWithStack,
  service: string,
  calls: Record<string, number> | undefined,
  connection: AwsConnection,
): void {
  readAnswerBodies(client, { timeoutMs: connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS });
  client.middlewareStack.add(
    (next: InitializeHandler<object, object>, context: HandlerExecutionContext) =>
      async (args: InitializeHandlerArguments<object>) => {
        const key = `${service}:${String(context.commandName ?? "unknown").replace(/Command$/, "")}`;
        if (calls) calls[key] = (calls[key] ?? 0) + 1;
        try {
          return await next(args);
        } catch (error) {
          if (typeof error === "object" && error !== null && !Object.hasOwn(error, "cloudpatrolApi"))
            Object.defineProperty(error, "cloudpatrolApi", { value: key, configurable: true });
          throw error;
        }
      },
    { step: "initialize", name: "cloudpatrolCallCounter" },
  );
  // Added after the counter, so inside it: its refusals are named with the API as any error is.
  guardPages(client);
}

/**
 * The one way an SDK v3 client is configured: the connection's region (default `us-east-1`, or
 * `region`), profile, endpoint and credentials, the throttling-aware retry strategy (throttling up to
 * `maxAttempts`, other retryable errors up to {@link NON_THROTTLING_MAX_ATTEMPTS}, never past the
 * connection's deadline), and request and connection timeouts (a hung endpoint fails the call).
 */
export function clientSettings(
  connection: AwsConnection,
  options: { region?: string; maxAttempts?: number } = {},
) {
  return {
    region: options.region ?? regionOrDefault(connection.region),
    ...(connection.profile ? { profile: connection.profile } : {}),
    ...(connection.endpointUrl ? { endpoint: connection.endpointUrl } : {}),
    ...(connection.credentials ? { credentials: connection.credentials } : {}),
    ...(connection.onSdkWarning ? { logger: sdkLogger(connection.onSdkWarning) } : {}),
    retryStrategy: retryStrategy(
      connection.maxAttempts ?? options.maxAttempts ?? 8,
      connection.retryBaseMs ?? 500,
      connection.retryDeadline,
    ),
    // The SDK's Node.js handler from its options: without a timeout, a connection that is accepted and
    // never answered waits forever.
    requestHandler: {
      requestTimeout: connection.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: connection.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
      // Without it the handler only logs a warning when the request timeout passes, and keeps waiting.
      throwOnRequestTimeout: true,
      httpAgent: SHARED_AGENTS.http,
      httpsAgent: SHARED_AGENTS.https,
    },
  };
}

/**
 * Makes any SDK v3 client with {@link clientSettings}, counting its calls as `<service>:<Operation>`
 * into `calls` when given (and naming the API on its errors).
 * @example makeClient(OrganizationsClient, "organizations", connection)
 */
export function makeClient<C extends object>(
  Client: new (settings: ReturnType<typeof clientSettings>) => C,
  service: string,
  connection: AwsConnection,
  options: { region?: string; maxAttempts?: number; calls?: Record<string, number> } = {},
): C {
  const client = new Client(clientSettings(connection, options));
  countCalls(client as unknown as ClientWithStack, service, options.calls, connection);
  return client;
}

/**
 * The endpoint every S3 Control request is sent to as it is, or undefined for the SDK's own (which puts
 * the account id in the host name: `<account>.s3-control.<region>.amazonaws.com`). `--endpoint-url`
 * always; the SDK's AWS_ENDPOINT_URL_S3_CONTROL (else AWS_ENDPOINT_URL) only when its host is an IP address
 * or `localhost`, which cannot take the account-id prefix (a local emulator).
 */
export function s3ControlEndpoint(connection: AwsConnection): string | undefined {
  if (connection.endpointUrl) return connection.endpointUrl;
  const fromEnv = process.env.AWS_ENDPOINT_URL_S3_CONTROL || process.env.AWS_ENDPOINT_URL;
  if (!fromEnv) return undefined;
  try {
    const host = new URL(fromEnv).hostname.replace(/^\[|\]$/g, "");
    return isIP(host) !== 0 || host === "localhost" ? fromEnv : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `load()` once: the promise of its first call, kept. The SDK modules are imported on first use, and a
 * later `import()` of the same module would resolve it again (per client: dozens per account).
 */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

const sdk = {
  ec2: once(() => import("@aws-sdk/client-ec2")),
  accessAnalyzer: once(() => import("@aws-sdk/client-accessanalyzer")),
  cloudTrail: once(() => import("@aws-sdk/client-cloudtrail")),
  configService: once(() => import("@aws-sdk/client-config-service")),
  kms: once(() => import("@aws-sdk/client-kms")),
  cloudWatchLogs: once(() => import("@aws-sdk/client-cloudwatch-logs")),
  cloudWatch: once(() => import("@aws-sdk/client-cloudwatch")),
  sns: once(() => import("@aws-sdk/client-sns")),
  securityHub: once(() => import("@aws-sdk/client-securityhub")),
  s3: once(() => import("@aws-sdk/client-s3")),
  s3Control: once(() => import("@aws-sdk/client-s3-control")),
  rds: once(() => import("@aws-sdk/client-rds")),
  efs: once(() => import("@aws-sdk/client-efs")),
  macie2: once(() => import("@aws-sdk/client-macie2")),
  account: once(() => import("@aws-sdk/client-account")),
};

/**
 * The settings every SDK client reads from the environment and the shared config files through a chain
 * of providers (env, config file, default) on its first call, taken from a client already made
 * (`from.config`: its memoized providers), so that the other clients of an account resolve each of them
 * once instead of each once per client (about 0.2 ms of CPU per client; an account has about 40).
 * The same profile and environment give the same values, so the clients behave as with their own. Not
 * FIPS when `from`'s region is a FIPS pseudo-region (`fips-…`, `…-fips`): its provider says true for that
 * region alone.
 */
function sharedProviders(from: STSClient, region: string) {
  const { useFipsEndpoint, useDualstackEndpoint, userAgentAppId, maxAttempts, retryMode, defaultsMode } =
    from.config;
  const fipsRegion = region.startsWith("fips-") || region.endsWith("-fips");
  return {
    ...(fipsRegion ? {} : { useFipsEndpoint }),
    useDualstackEndpoint,
    userAgentAppId,
    maxAttempts,
    retryMode,
    defaultsMode,
  };
}

/**
 * Creates the clients for one account: STS at once, IAM on first use (an account reached through
 * AssumeRole needs only its caller's STS), the regional and Account clients on first use.
 */
export function createClients(connection: AwsConnection = {}): AwsClients {
  const config = clientSettings(connection);
  const sts = new STSClient(config);
  // Every other client of the account resolves these through the STS client's providers.
  const shared = { ...config, ...sharedProviders(sts, config.region) };
  const calls: Record<string, number> = {};
  countCalls(sts as unknown as ClientWithStack, "sts", calls, connection);
  let iam: IAMClient | undefined;
  // The SDK modules load on first use: only some rules need them, and EC2's is large.
  const made = new Map<string, Promise<{ destroy(): void }>>();
  const live: { destroy(): void }[] = [];
  function lazyClient<C extends { destroy(): void }>(
    service: string,
    region: string,
    create: (settings: typeof shared) => Promise<C>,
  ): Promise<C> {
    const key = `${service} ${region}`;
    const existing = made.get(key);
    if (existing) return existing as Promise<C>;
    const client = create({ ...shared, region }).then((created) => {
      countCalls(created as unknown as ClientWithStack, service, calls, connection);
      live.push(created);
      return created;
    });
    made.set(key, client);
    return client;
  }
  const regional: RegionalClients = {
    ec2: (region = config.region) =>
      lazyClient("ec2", region, async (settings) => {
        const { EC2Client } = await sdk.ec2();
        return new EC2Client(settings);
      }),
    accessAnalyzer: (region) =>
      lazyClient("access-analyzer", region, async (settings) => {
        const { AccessAnalyzerClient } = await sdk.accessAnalyzer();
        return new AccessAnalyzerClient(settings);
      }),
    cloudTrail: (region) =>
      lazyClient("cloudtrail", region, async (settings) => {
        const { CloudTrailClient } = await sdk.cloudTrail();
        return new CloudTrailClient(settings);
      }),
    configService: (region) =>
      lazyClient("config", region, async (settings) => {
        const { ConfigServiceClient } = await sdk.configService();
        return new ConfigServiceClient(settings);
      }),
    kms: (region) =>
      lazyClient("kms", region, async (settings) => {
        const { KMSClient } = await sdk.kms();
        return new KMSClient(settings);
      }),
    cloudWatchLogs: (region) =>
      lazyClient("logs", region, async (settings) => {
        const { CloudWatchLogsClient } = await sdk.cloudWatchLogs();
        return new CloudWatchLogsClient(settings);
      }),
    cloudWatch: (region) =>
      lazyClient("cloudwatch", region, async (settings) => {
        const { CloudWatchClient } = await sdk.cloudWatch();
        return new CloudWatchClient(settings);
      }),
    sns: (region) =>
      lazyClient("sns", region, async (settings) => {
        const { SNSClient } = await sdk.sns();
        return new SNSClient(settings);
      }),
    securityHub: (region) =>
      lazyClient("securityhub", region, async (settings) => {
        const { SecurityHubClient } = await sdk.securityHub();
        return new SecurityHubClient(settings);
      }),
    s3: (region = config.region) =>
      lazyClient("s3", region, async (settings) => {
        const { S3Client } = await sdk.s3();
        return new S3Client({ ...settings, ...(connection.endpointUrl ? { forcePathStyle: true } : {}) });
      }),
    s3Control: (region = config.region) =>
      lazyClient("s3control", region, async (settings) => {
        const { S3ControlClient } = await sdk.s3Control();
        const endpoint = s3ControlEndpoint(connection);
        return new S3ControlClient({
          ...settings,
          ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
        });
      }),
    rds: (region) =>
      lazyClient("rds", region, async (settings) => {
        const { RDSClient } = await sdk.rds();
        return new RDSClient(settings);
      }),
    efs: (region) =>
      lazyClient("elasticfilesystem", region, async (settings) => {
        const { EFSClient } = await sdk.efs();
        return new EFSClient(settings);
      }),
    macie2: (region) =>
      lazyClient("macie2", region, async (settings) => {
        const { Macie2Client } = await sdk.macie2();
        return new Macie2Client(settings);
      }),
  };
  // Global: the connection's region only picks the partition; the SDK resolves the one endpoint.
  const account = () =>
    lazyClient("account", config.region, async (settings) => {
      const { AccountClient } = await sdk.account();
      return new AccountClient(settings);
    });
  return {
    get iam() {
      if (!iam) {
        iam = new IAMClient(shared);
        countCalls(iam as unknown as ClientWithStack, "iam", calls, connection);
      }
      return iam;
    },
    sts,
    regional,
    account,
    apiCalls: () => ({ ...calls }),
    destroy() {
      iam?.destroy();
      sts.destroy();
      for (const client of live) client.destroy();
    },
  };
}
