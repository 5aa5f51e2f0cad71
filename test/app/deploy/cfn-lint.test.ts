/**
 * Every variant of the monitoring template passes cfn-lint (AWS's CloudFormation linter) with zero
 * errors, and both functions run a supported Lambda runtime (issue 18, defect 1: `nodejs20.x` is
 * deprecated, E2533, and stacks on it can no longer be created).
 *
 * cfn-lint is a Python program: where it is not on PATH these tests skip with a one-line reason, except
 * in CI (`CI` set), where its absence fails the run (`.ci/run` installs it where missing).
 */
import { execFile } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  esbuildTarget,
  LAMBDA_RUNTIME,
  nodeMajor,
  SUPPORTED_LAMBDA_RUNTIMES,
} from "../../../src/app/deploy/runtime.js";
import { renderTemplate } from "../../../src/cli/deploy.js";

const run = promisify(execFile);

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const CFN_LINT = onPath("cfn-lint");
const IN_CI = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false";
const SKIP_REASON = "skipped: cfn-lint is not on PATH (pip install cfn-lint)";
if (!CFN_LINT) {
  if (IN_CI) throw new Error("cfn-lint is not on PATH but CI is set: .ci/run must install it");
  console.warn(SKIP_REASON);
}

/** The template variants `cloudpatrol deploy template` can print. */
const VARIANTS = {
  notify: renderTemplate({}),
  "notify-email": renderTemplate({ email: "secops@example.com" }),
  enforce: renderTemplate({ mode: "enforce" }),
  "enforce-email": renderTemplate({ mode: "enforce", email: "secops@example.com" }),
  "notify-yaml": renderTemplate({ format: "yaml" }),
} as const;

/** One cfn-lint finding (`--format json`). */
interface Match {
  readonly Level: string;
  readonly Message: string;
  readonly Filename: string;
  readonly Rule: { readonly Id: string };
  readonly Location: { readonly Start: { readonly LineNumber: number } };
}

describe("the Lambda runtime", () => {
  it("is one supported runtime, used by both functions of every variant and by the bundle's target", () => {
    expect(SUPPORTED_LAMBDA_RUNTIMES).toContain(LAMBDA_RUNTIME);
    expect(LAMBDA_RUNTIME).not.toBe("nodejs20.x");
    expect(esbuildTarget()).toBe(`node${nodeMajor()}`);
    expect(esbuildTarget("nodejs22.x")).toBe("node22");
    expect(() => esbuildTarget("python3.13")).toThrow(/not a Lambda Node.js runtime/);
    for (const [name, text] of Object.entries(VARIANTS)) {
      if (name.endsWith("yaml")) continue;
      const resources = Object.values(
        (
          JSON.parse(text) as {
            Resources: Record<string, { Type: string; Properties: { Runtime?: string } }>;
          }
        ).Resources,
      ).filter((resource) => resource.Type === "AWS::Lambda::Function");
      expect(
        resources.map((resource) => resource.Properties.Runtime),
        name,
      ).toEqual([LAMBDA_RUNTIME, LAMBDA_RUNTIME]);
    }
  });
});

describe.skipIf(!CFN_LINT)(`cfn-lint${CFN_LINT ? "" : ` (${SKIP_REASON})`}`, () => {
  const dir = mkdtempSync(join(tmpdir(), "cloudpatrol-cfn-lint-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("finds no error in any template variant (notify, enforce, with and without email, YAML) nor in deploy/", async () => {
    const files = Object.entries(VARIANTS).map(([name, text]) => {
      const path = join(dir, `${name}.${name.endsWith("yaml") ? "yaml" : "json"}`);
      writeFileSync(path, text);
      return path;
    });
    files.push(new URL("../../../deploy/cloudpatrol.template.json", import.meta.url).pathname);
    // Exit status: 0 clean, bit 2 errors, bit 4 warnings, bit 8 informational; the JSON lists them all.
    const output = await run(CFN_LINT as string, ["--format", "json", "--", ...files], {
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string; stderr?: string; code?: unknown }) => {
      if (typeof error.stdout === "string" && error.stdout.trim().startsWith("[")) return error;
      throw new Error(`cfn-lint did not run (${String(error.code)}): ${error.stderr ?? ""}`);
    });
    const matches = JSON.parse(String(output.stdout)) as Match[];
    const describe = (match: Match) =>
      `${match.Filename}:${match.Location.Start.LineNumber} ${match.Rule.Id} ${match.Message}`;
    expect(matches.filter((match) => match.Level === "Error").map(describe)).toEqual([]);
    const others = matches.filter((match) => match.Level !== "Error");
    if (others.length > 0) console.warn(`cfn-lint warnings:\n${others.map(describe).join("\n")}`);
  }, 150_000);

  it("does flag the deprecated nodejs20.x (E2533): the check is live, not vacuous", async () => {
    const path = join(dir, "old-runtime.json");
    writeFileSync(path, VARIANTS.notify.replaceAll(`"${LAMBDA_RUNTIME}"`, '"nodejs20.x"'));
    const result = await run(CFN_LINT as string, ["--format", "json", "--", path], { timeout: 120_000 }).then(
      () => "[]",
      (error: { stdout?: string }) => String(error.stdout ?? "[]"),
    );
    const ids = (JSON.parse(result) as Match[]).map((match) => match.Rule.Id);
    expect(ids).toEqual(["E2533", "E2533"]);
  }, 150_000);
});
