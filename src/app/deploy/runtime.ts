/**
 * The one place that names the Lambda runtime of continuous monitoring: the template's `Runtime` of
 * both functions and the esbuild target of their bundle are both derived from {@link LAMBDA_RUNTIME}.
 *
 * Lambda blocks creating functions on a runtime a month after its deprecation and updating them two
 * months after (AWS Lambda Developer Guide, "Lambda runtimes", deprecation policy): `nodejs20.x` was
 * deprecated on 2026-04-30, `nodejs22.x` is on 2027-04-30 and `nodejs24.x` on 2028-04-30 (cfn-lint's
 * lifecycle data, rule E2533). Moving on: change the constant, run `npm test` (cfn-lint checks every
 * template variant), and regenerate `deploy/cloudpatrol.template.json`.
 */

/** The Lambda runtimes cloudpatrol's bundle is built and tested for (Node.js majors it supports). */
export const SUPPORTED_LAMBDA_RUNTIMES = ["nodejs22.x", "nodejs24.x"] as const;

/** A runtime of {@link SUPPORTED_LAMBDA_RUNTIMES}. */
export type LambdaRuntime = (typeof SUPPORTED_LAMBDA_RUNTIMES)[number];

/** The Lambda runtime both functions use. */
export const LAMBDA_RUNTIME: LambdaRuntime = "nodejs24.x";

/**
 * The esbuild `target` for a Lambda Node.js runtime: `nodejs24.x` → `node24`.
 * @throws Error for a name that is not `nodejs<major>.x`.
 */
export function esbuildTarget(runtime: string = LAMBDA_RUNTIME): string {
  const match = /^nodejs(\d+)\.x$/.exec(runtime);
  if (!match) throw new Error(`not a Lambda Node.js runtime: ${JSON.stringify(runtime)}`);
  return `node${match[1]}`;
}

/** The Node.js major version of a Lambda runtime name: `nodejs24.x` → 24. */
export function nodeMajor(runtime: string = LAMBDA_RUNTIME): number {
  return Number(esbuildTarget(runtime).slice("node".length));
}
