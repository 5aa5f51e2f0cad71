/**
 * Sandbox for the remediation CLI tests: the BUILT bin (`dist/cli/main.js`) as a child process with a
 * clean environment, a temporary HOME and state directory, and the fake AWS endpoint. Builds `dist/`
 * first when it is missing or older than `src/`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

export { ensureBuilt } from "../support/built-bin.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BIN = join(ROOT, "dist/cli/main.js");

/** A secret-looking AWS secret access key given to every child: it must never show up anywhere. */
export const SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKY";

/** stdout and stderr of every child of every sandbox of the test file, in order. */
export const ALL_OUTPUTS: string[] = [];
/** Bytes (latin1) of every state database file (`.db`, `-wal`, `-shm`) of every finished sandbox. */
export const ALL_STORED: string[] = [];

/** How a child ended. */
export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** One test's sandbox. */
export interface Sandbox {
  readonly dir: string;
  readonly stateDir: string;
  readonly fake: FakeAws;
  /** Every stdout and stderr text of every child so far. */
  readonly outputs: string[];
  /** Starts the bin; `done` resolves when it exits. */
  start(args: readonly string[], env?: Record<string, string>): { child: ChildProcess; done: Promise<Run> };
  /** Runs the bin to completion with `--state-dir` appended. */
  cli(args: readonly string[], env?: Record<string, string>): Promise<Run>;
  file(name: string, content: string): Promise<string>;
}

/** Creates a sandbox that is removed when the test finishes. */
export async function sandbox(onTestFinished: (fn: () => Promise<void>) => void): Promise<Sandbox> {
  const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-remediate-"));
  const stateDir = join(dir, "state");
  const fake = await startFakeAws();
  fake.report.generateCallsUntilComplete = 0;
  const outputs: string[] = [];
  onTestFinished(async () => {
    for (const name of await readdir(stateDir).catch(() => [])) {
      ALL_STORED.push((await readFile(join(stateDir, name))).toString("latin1"));
    }
    await fake.close();
    await rm(dir, { recursive: true, force: true });
  });
  const start = (args: readonly string[], extra: Record<string, string> = {}) => {
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: dir,
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: SECRET,
      AWS_REGION: "us-east-1",
      AWS_ENDPOINT_URL: fake.endpoint,
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
      AWS_EC2_METADATA_DISABLED: "true",
      CLOUDPATROL_RETRY_BASE_MS: "1",
      CLOUDPATROL_REPORT_POLL_MS: "1",
      ...extra,
    };
    const child = spawn(process.execPath, [BIN, ...args, "--state-dir", stateDir], {
      cwd: dir,
      env,
      stdio: "pipe",
    });
    const done = new Promise<Run>((resolvePromise, reject) => {
      let stdout = "";
      let stderr = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        stderr += chunk;
      });
      child.on("error", reject);
      child.on("close", (code, signal) => {
        outputs.push(stdout, stderr);
        ALL_OUTPUTS.push(stdout, stderr);
        resolvePromise({ code, signal, stdout, stderr });
      });
    });
    child.stdin?.end("");
    return { child, done };
  };
  return {
    dir,
    stateDir,
    fake,
    outputs,
    start,
    cli: (args, env) => start(args, env).done,
    file: async (name, content) => {
      const path = join(dir, name);
      await writeFile(path, content);
      return path;
    },
  };
}
