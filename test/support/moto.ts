/**
 * moto_server (the open-source Python AWS emulator, moto 5.x) as a test endpoint: one server per test file on
 * `http://127.0.0.1:<free port>`, state reset before each test, the real SDK v3 clients pointed at it.
 *
 * Account: moto answers as account 123456789012 (`MOTO_ACCOUNT_ID`) for any access key it did not issue
 * itself; the server is started without any `MOTO_*`/`AWS_*` variable of ours, so that cannot change.
 * Credentials are fake and static (`testing`); the user's real ones are never read or passed on.
 *
 * What moto 5.2.1 emulates (read in its source, moto/ec2/models/*.py, and checked through the SDK):
 * - ec2 GetEbsEncryptionByDefault / Enable… / Disable…: per account and region, false by default; a region
 *   moto does not know (e.g. `xx-nope-1`) answers HTTP 500 with an HTML page (KeyError in moto).
 * - ec2 GetEbsDefaultKmsKeyId and ResetEbsDefaultKmsKeyId: NOT implemented (HTTP 500, HTML body
 *   "NotImplementedError"; the SDK reports an XML parse error). ModifyEbsDefaultKmsKeyId is implemented
 *   (returns the key's ARN; without KmsKeyId it creates `alias/aws/ebs` in moto's KMS) but cannot be read back.
 * - ec2 DescribeRegions: the same fixed list whatever the request. `AllRegions` and `Filters` are ignored
 *   (only `RegionNames` filters, unknown names silently dropped). The list is every region botocore knows for
 *   ec2 in the aws, aws-us-gov and aws-cn partitions (38 with botocore 1.43.11): the 20 regions in moto's
 *   hard-coded `regions_opt_in_not_required` are `opt-in-not-required`, every other commercial region
 *   (ap-east-1, me-south-1, il-central-1, …) is listed as `not-opted-in` even without AllRegions (AWS omits
 *   disabled regions unless AllRegions=true), and GovCloud and China regions appear as `opt-in-not-required`.
 *   Wrong against AWS: af-south-1, ap-southeast-3 and eu-south-1 are opt-in regions in AWS but
 *   `opt-in-not-required` here; no region is ever `opted-in`. Endpoint is `ec2.<region>.amazonaws.com`.
 * - An action moto does not implement answers HTTP 500 (retryable for the SDK): `motoClientConfig` sets
 *   `maxAttempts: 1` so such a call fails at once instead of after back-off.
 *
 * S3 Control: the SDK's endpoint rules put the account id in the host (`123456789012.127.0.0.1`, an invalid
 * URL; `disableHostPrefix: true` does not help, the prefix comes from the rules, not the host-prefix trait).
 * `motoS3ControlConfig` replaces the endpoint provider so requests go to 127.0.0.1 itself; moto routes
 * SigV4 service `s3` + path `/v20180820/` to S3 Control and takes the account from `x-amz-account-id`
 * (another account id → AccessDenied). Checked with @aws-sdk/client-s3-control 3.1112.0:
 * Get/PutPublicAccessBlock, NoSuchPublicAccessBlockConfiguration when unset.
 * CloudWatch: @aws-sdk/client-cloudwatch 3.1178.0 speaks JSON 1.0 (query-compatible); moto 5.2.1 answers it
 * with plain `endpoint` (PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric, errors such as
 * ResourceNotFound). moto does not validate enums (ComparisonOperator "Bogus" accepted) and a new alarm's
 * state is `OK`, not AWS's `INSUFFICIENT_DATA`.
 *
 * Process: moto_server is our direct child (a pyenv shim execs into it), stopped by `stop()` with SIGTERM
 * (SIGKILL after 5 s) and reaped. A tiny node watchdog, fed by a pipe from us, SIGTERMs it if this process
 * ends without `stop()` (a crash, even SIGKILL). Cost on a busy 2-core machine: 0.6–0.7 s until it answers
 * HTTP, then 1.3–1.6 s for the first EC2 call (moto imports each service's backend on first use).
 *
 * Where `moto_server` is not on PATH, moto tests skip with a one-line reason; with `CI` set, importing this
 * module throws instead (CI must run them; `.ci/run` installs moto where it is missing).
 *
 * @example
 * ```ts
 * describeWithMoto("EBS default encryption", (moto) => {
 *   it("is off by default", async () => {
 *     const ec2 = new EC2Client(motoClientConfig(moto(), "eu-west-1"));
 *     // ...
 *   });
 * });
 * ```
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe } from "vitest";

/** The account id moto answers as (its default; any access key moto did not issue maps to it). */
export const MOTO_ACCOUNT_ID = "123456789012";

/** Fake static credentials for SDK clients talking to moto (moto accepts any). */
export const MOTO_CREDENTIALS = Object.freeze({ accessKeyId: "testing", secretAccessKey: "testing" });

/** Absolute path of `moto_server` on PATH, if any. */
export const MOTO_BIN: string | undefined = findOnPath("moto_server");

/** True when `moto_server` is on PATH. */
export const HAVE_MOTO = MOTO_BIN !== undefined;

/** Why moto tests are skipped, for `describe.skipIf(...)` titles. */
export const MOTO_SKIP_REASON =
  "skipped: moto_server is not on PATH (pip install 'moto[server]' to run the moto tests)";

const IN_CI = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";

if (!HAVE_MOTO) {
  if (IN_CI) {
    throw new Error(
      "moto_server is not on PATH but CI is set: the moto tests must run in CI (.ci/run installs it with pip)",
    );
  }
  // The skipped tests' titles carry the reason, but the default reporter hides skipped titles: say it once.
  console.warn(MOTO_SKIP_REASON);
}

/** A running moto_server. */
export interface Moto {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of moto_server (our direct child). */
  readonly pid: number;
  /** Milliseconds from spawn until the server answered HTTP. */
  readonly startupMs: number;
  /** Forget every resource in every account and region (POST /moto-api/reset). */
  reset(): Promise<void>;
  /** Stop the server and wait until it is gone; safe to call twice. */
  stop(): Promise<void>;
}

/** SDK v3 client settings for moto (spread into any client's config: EC2, S3, IAM, …). */
export interface MotoClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** S3 only (other clients ignore it): bucket in the path, not the host name. */
  forcePathStyle: true;
  /** moto answers unimplemented actions with HTTP 500: fail at once rather than retry. */
  maxAttempts: number;
  useFipsEndpoint: false;
  useDualstackEndpoint: false;
}

/** Client settings for the given region against this moto server. */
export function motoClientConfig(moto: Pick<Moto, "endpoint">, region: string): MotoClientConfig {
  return {
    endpoint: moto.endpoint,
    region,
    credentials: { ...MOTO_CREDENTIALS },
    forcePathStyle: true,
    maxAttempts: 1,
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
  };
}

/**
 * Client settings for `S3ControlClient`: as `motoClientConfig`, plus an endpoint provider that sends every
 * request to the moto endpoint itself (the client's own rules would prepend `<AccountId>.` to the host).
 */
export function motoS3ControlConfig(
  moto: Pick<Moto, "endpoint">,
  region: string,
): MotoClientConfig & { endpointProvider: () => { url: URL } } {
  return { ...motoClientConfig(moto, region), endpointProvider: () => ({ url: new URL(moto.endpoint) }) };
}

/**
 * A `describe` block with one moto_server for its tests: started before them, reset before each, stopped
 * after them (also when they fail). `moto()` returns the running server inside tests and hooks.
 * Skipped with `MOTO_SKIP_REASON` where moto_server is absent.
 */
export function describeWithMoto(title: string, fn: (moto: () => Moto) => void): void {
  describe.skipIf(!HAVE_MOTO)(HAVE_MOTO ? title : `${title} (${MOTO_SKIP_REASON})`, () => {
    let server: Moto | undefined;
    beforeAll(async () => {
      server = await startMoto();
    });
    afterAll(async () => {
      await server?.stop();
    });
    beforeEach(async () => {
      await server?.reset();
    });
    fn(() => {
      if (!server) throw new Error("moto_server is not running (used outside a test or hook?)");
      return server;
    });
  });
}

/** Options of `startMoto`. */
export interface StartMotoOptions {
  /** How long to wait for the server to answer (default 30 s: two busy cores can be slow). */
  readyTimeoutMs?: number;
}

/** Start moto_server on 127.0.0.1 on a free port and wait until it answers HTTP. */
export async function startMoto(options: StartMotoOptions = {}): Promise<Moto> {
  if (!MOTO_BIN) throw new Error(MOTO_SKIP_REASON);
  keepLoopbackOffProxies();
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let lastError: unknown;
  // A free port can be taken between our probe and moto's bind: try again on another one.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const started = Date.now();
    const proc = spawnMoto(MOTO_BIN, port);
    try {
      await waitUntilAnswering(proc, port, timeoutMs);
      return runningMoto(proc, port, Date.now() - started);
    } catch (error) {
      lastError = error;
      await stopProcess(proc);
      if (!proc.addressInUse) break;
    }
  }
  throw lastError;
}

/** The moto_server child, its watchdog and the tail of its output, for error messages. */
interface MotoProcess {
  child: ChildProcess;
  watchdog: ChildProcess | undefined;
  output: string;
  exited: Promise<void>;
  hasExited: boolean;
  addressInUse: boolean;
  killOnExit: () => void;
}

/**
 * The watchdog: a second node process that holds a pipe from us and kills moto (SIGTERM) when that pipe
 * closes, which happens however this process ends, even on SIGKILL; `stop()` kills it first. moto itself is
 * our direct child (through a pyenv shim too: they exec), so we reap it and no zombie stays behind.
 */
const WATCHDOG_SCRIPT = `
const pid = Number(process.argv[1]);
process.stdin.on("data", () => {});
process.stdin.on("end", () => { try { process.kill(pid, "SIGTERM"); } catch {} process.exit(0); });
`;

function spawnMoto(bin: string, port: number): MotoProcess {
  const child = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], {
    stdio: ["ignore", "pipe", "pipe"],
    env: motoEnv(),
  });
  const watchdog =
    child.pid === undefined
      ? undefined
      : spawn(process.execPath, ["-e", WATCHDOG_SCRIPT, String(child.pid)], {
          stdio: ["pipe", "ignore", "ignore"],
        });
  const proc: MotoProcess = {
    child,
    watchdog,
    output: "",
    exited: new Promise((resolve) => child.once("close", () => resolve())), // exited, its output read
    hasExited: false,
    addressInUse: false,
    killOnExit: () => {
      child.kill("SIGKILL");
      watchdog?.kill("SIGKILL");
    },
  };
  // moto logs every request: keep reading (a full pipe would block it) and keep only the tail.
  const keep = (chunk: Buffer) => {
    proc.output = (proc.output + chunk.toString("utf8")).slice(-4000);
    if (proc.output.includes("Address already in use")) proc.addressInUse = true;
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("close", () => {
    proc.hasExited = true;
  });
  child.once("exit", () => {
    // moto is gone (stopped or died): the watchdog must not signal its pid, which the system may reuse.
    watchdog?.kill("SIGKILL");
  });
  child.once("error", (error) => {
    proc.hasExited = true;
    proc.output += `\n${error.message}`;
  });
  watchdog?.once("error", () => {});
  // Neither moto, its pipes nor the watchdog keep the test worker alive.
  for (const handle of [child, child.stdout, child.stderr, watchdog, watchdog?.stdin]) {
    (handle as { unref?: () => void } | null | undefined)?.unref?.();
  }
  process.once("exit", proc.killOnExit);
  return proc;
}

function runningMoto(proc: MotoProcess, port: number, startupMs: number): Moto {
  const endpoint = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid: proc.child.pid ?? -1,
    startupMs,
    async reset() {
      const { status, body } = await httpRequest(port, "POST", "/moto-api/reset");
      if (status !== 200) throw new Error(`moto reset answered HTTP ${status}: ${body.slice(0, 200)}`);
    },
    stop() {
      stopping ??= stopProcess(proc);
      return stopping;
    },
  };
}

/** Watchdog first, then SIGTERM moto; SIGKILL if it has not exited after a grace period. Waits for the exit. */
async function stopProcess(proc: MotoProcess): Promise<void> {
  process.removeListener("exit", proc.killOnExit);
  proc.watchdog?.kill("SIGKILL");
  if (!proc.hasExited) {
    proc.child.kill("SIGTERM");
    const graceful = await Promise.race([proc.exited.then(() => true), sleep(5000).then(() => false)]);
    if (!graceful) {
      proc.child.kill("SIGKILL");
      await proc.exited;
    }
  }
}

async function waitUntilAnswering(proc: MotoProcess, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.hasExited) {
      throw new Error(`moto_server exited before answering on port ${port}:\n${proc.output.trim()}`);
    }
    if (await isAnswering(port)) return;
    await sleep(50);
  }
  throw new Error(
    `moto_server did not answer on port ${port} within ${timeoutMs} ms:\n${proc.output.trim()}`,
  );
}

async function isAnswering(port: number): Promise<boolean> {
  try {
    const { status } = await httpRequest(port, "GET", "/moto-api/");
    return status === 200;
  } catch {
    return false;
  }
}

/** A plain node:http request to 127.0.0.1 (node:http never goes through a proxy). */
function httpRequest(port: number, method: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, method, path, agent: false, timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("timeout", () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on("error", reject);
    req.end();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/**
 * moto's environment: ours without proxies, without AWS settings (the user's credentials stay here) and
 * without MOTO_* settings (account id, region behaviour), plus fake credentials.
 */
function motoEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const upper = name.toUpperCase();
    if (upper.startsWith("AWS_") || upper.startsWith("MOTO_") || upper.endsWith("_PROXY")) continue;
    env[name] = value;
  }
  env.AWS_ACCESS_KEY_ID = MOTO_CREDENTIALS.accessKeyId;
  env.AWS_SECRET_ACCESS_KEY = MOTO_CREDENTIALS.secretAccessKey;
  env.NO_PROXY = env.no_proxy = "127.0.0.1,localhost";
  return env;
}

/**
 * node:http and the SDK's NodeHttpHandler ignore proxy variables on Node 20, but Node's opt-in env proxy
 * support (NODE_USE_ENV_PROXY) and undici's EnvHttpProxyAgent read them: exempt the loopback address.
 */
function keepLoopbackOffProxies(): void {
  for (const name of ["NO_PROXY", "no_proxy"]) {
    const entries = (process.env[name] ?? "").split(",").filter((entry) => entry.trim() !== "");
    for (const host of ["127.0.0.1", "localhost"]) if (!entries.includes(host)) entries.push(host);
    process.env[name] = entries.join(",");
  }
}

function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
