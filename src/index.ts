/**
 * cloudpatrol as a library: scan an account or a credential report, evaluate rules over a snapshot,
 * parse credential reports, render findings.
 *
 * @example
 * ```ts
 * import { scan, renderJson } from "cloudpatrol";
 * const result = await scan({ credentialReportPath: "report.csv" });
 * console.log(result.summary.FAIL);
 * ```
 */

export type { AccountFindings, ScanInfo, ScannedAccount, ScanOptions, ScanResult } from "./app/scan.js";
export { SCHEMA_VERSION, scan } from "./app/scan.js";
export * from "./credential-report/index.js";
export { evaluate, evaluateRule } from "./engine/evaluate.js";
export type { FailOn, Summary } from "./engine/summary.js";
export { EXIT, exitCodeFor, summarize } from "./engine/summary.js";
export * from "./model/errors.js";
export type { Finding, FrameworkMappings, Severity, Status } from "./model/finding.js";
export { SEVERITIES } from "./model/finding.js";
export { renderJson } from "./report/json.js";
export { renderText } from "./report/text.js";
export { findRule, RULES } from "./rules/index.js";
export type { AnyRule, Remediation, Rule } from "./rules/types.js";
export { snapshotFromReport } from "./snapshot/from-report.js";
export type { AccessKey, AccessKeyLastUsed, IamUser, LoginProfile, UserCredentials } from "./snapshot/iam.js";
export type { CollectionError, Snapshot } from "./snapshot/types.js";
