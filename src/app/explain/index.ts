/**
 * `cloudpatrol explain`: one IAM user, its credentials, tags, findings and the prefilled commands to
 * inspect and fix them.
 */

export { type CommandValues, fillCommand, shellQuote } from "../../model/shell.js";
export {
  contactTags,
  type ExplainContext,
  explainFromApi,
  explainFromReport,
  findingsForUser,
} from "./build.js";
export { type ExplainLog, explainLive, explainOffline, findReportRow } from "./explain.js";
export {
  EXPLAIN_FORMATS,
  type ExplainFormat,
  renderExplanation,
  renderExplanationJson,
  renderExplanationText,
} from "./render.js";
export * from "./types.js";
