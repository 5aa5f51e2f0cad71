/**
 * Reads `remediate --from findings.json`: the document `cloudpatrol scan --output json` prints
 * (docs/json-output.md). Only the fields remediation needs are checked; the rest is ignored.
 */

import { z } from "zod";
import { SCHEMA_VERSION } from "../engine/result.js";
import { InputError } from "../model/errors.js";
import { readInputFile } from "../model/input-file.js";
import { jsonSyntaxProblem } from "../model/json-syntax.js";

/** The part of a finding remediation reads. */
export interface RemediableFinding {
  readonly uid: string;
  readonly ruleId: string;
  readonly status: string;
  readonly muted: boolean;
  readonly accountId: string;
  readonly resourceArn: string;
  /** The finding's sentence (why an ERROR could not be judged). */
  readonly statusExtended: string;
  readonly evidence: Readonly<Record<string, unknown>>;
}

const findingSchema = z.object({
  uid: z.string(),
  ruleId: z.string(),
  status: z.enum(["PASS", "FAIL", "MANUAL", "ERROR"]),
  muted: z.boolean(),
  accountId: z.string(),
  resourceArn: z.string(),
  statusExtended: z.string(),
  evidence: z.record(z.string(), z.unknown()),
});

const documentSchema = z.object({
  schemaVersion: z
    .number()
    .int()
    .superRefine((version, ctx) => {
      if (version !== SCHEMA_VERSION)
        ctx.addIssue({
          code: "custom",
          message: `${version}, but this cloudpatrol reads version ${SCHEMA_VERSION}`,
        });
    }),
  findings: z.array(findingSchema),
});

/**
 * Reads and checks a findings file.
 * @throws {@link InputError} when the file cannot be read, is not JSON, or is not a scan's JSON output
 *   (the message names the first bad field).
 */
export async function readFindingsFile(path: string): Promise<RemediableFinding[]> {
  let text: string;
  try {
    text = await readInputFile(path, { kind: "findings" });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read --from ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`, {
      cause: error,
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const problem = jsonSyntaxProblem(text, error);
    throw new InputError(
      `--from ${path}, line ${problem.line}, column ${problem.column}: not valid JSON: ${problem.reason}`,
      { cause: error },
    );
  }
  const parsed = documentSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "the document";
    throw new InputError(
      `--from ${path} is not the JSON output of cloudpatrol scan: ${where}: ${issue?.message ?? "invalid"}`,
    );
  }
  return parsed.data.findings;
}
