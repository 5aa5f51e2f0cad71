/**
 * Running the BUILT bin (`dist/cli/main.js`) as a child process, as a user runs it, for output tests.
 */
import { execFile, spawn } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

export const ROOT = resolve(import.meta.dirname, "../..");
const BIN = join(ROOT, "dist/cli/main.js");

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/** Builds `dist/` (tsc, then the bundled bin) when it is missing or older than `src/`. */
export async function ensureBuilt(): Promise<void> {
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= (await newestMtime(join(ROOT, "src")))) return;
  try {
    await promisify(execFile)(
      process.execPath,
      [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
      {
        cwd: ROOT,
      },
    );
  } catch (error) {
    // tsc still emits when another file has a type error; only a missing bin is fatal here.
    if (!existsSync(BIN)) throw error;
  }
  // As `npm run build` does: the bin is the bundle (scripts/bundle-cli.mjs), not tsc's main.js.
  await promisify(execFile)(process.execPath, [join(ROOT, "scripts/bundle-cli.mjs")], { cwd: ROOT });
}

/** What a run of the bin printed and returned. */
export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * The state directory root (`XDG_STATE_HOME`: scan history, journal) of runs in `dir`: beside it, not
 * in it, so that tests can list `dir` and nothing reaches the developer's real home.
 */
export function stateHome(dir: string): string {
  return `${dir}-state`;
}

/** A temporary directory (cwd and HOME) removed after the test; pass the test context's `onTestFinished`. */
export async function tempDir(onTestFinished: (fn: () => Promise<void>) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-outputs-"));
  onTestFinished(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(stateHome(dir), { recursive: true, force: true });
  });
  return dir;
}

/**
 * Runs the bin in `dir` with a clean environment (fake credentials, no config files, fast retries, the
 * state directory at {@link stateHome}).
 */
export function cli(dir: string, args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const fullEnv: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    HOME: dir,
    XDG_STATE_HOME: stateHome(dir),
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_REGION: "us-east-1",
    AWS_CONFIG_FILE: join(dir, "no-such-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, "no-such-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    CLOUDPATROL_RETRY_BASE_MS: "1",
    ...env,
  };
  return new Promise<Run>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: fullEnv, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end();
  });
}
