/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 3.5 (Level 2, Automated): "Ensure AWS Config is
 * enabled in all regions", as v1.2.0 (2.5, Level 1), v1.3.0 (3.5, Level 1), v1.4.0–v2.0.0 (3.5) and
 * v3.0.0–v4.0.0 (3.3) audit it. v5.0.0 and v6.0.0 changed the audit: their catalogs point at
 * `config_recorder_all_regions_global_once` instead.
 *
 * Audit (up to v4.0.0): in every enabled region, a configuration recorder (service-linked ones do not
 * count) records all supported resource types (`allSupported` true, no exclusion) including global ones
 * (`includeGlobalResourceTypes` true), and its status shows `recording` true and `lastStatus` SUCCESS
 * (any case). The text asks for global types in every region, although AWS now advises recording them in
 * one region only: this rule follows the text of these versions (docs/frameworks.md). One finding per
 * region; a region whose Config setup could not be read gets the engine's ERROR finding.
 *
 * Sources: AWS Config API Reference, DescribeConfigurationRecorders,
 * DescribeConfigurationRecorderStatus, DescribeDeliveryChannels.
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import type { ConfigRecording } from "../../snapshot/datasets/config.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  CONFIG_EVENTS,
  CONFIG_REFERENCES,
  CONFIG_REMEDIATION,
  isServiceLinked,
  recorderProblems,
  recordingEvidence,
} from "./config-recording.js";

/** The rule. */
export const rule: Rule = {
  id: "config_recorder_all_regions_enabled",
  title: "AWS Config records all resource types, global ones included, in every enabled region",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks, in every enabled region, that an AWS Config recorder records every supported resource type " +
    "including global ones (IAM), is recording, and last delivered successfully (CIS up to v4.0.0).",
  rationale:
    "AWS Config keeps the configuration history of every resource: what changed, when, and how resources " +
    "relate. A region without it is where changes go unrecorded, which is where an intruder would work.",
  remediation: CONFIG_REMEDIATION,
  references: CONFIG_REFERENCES,
  requires: ["config.recorders"],
  cloudTrailEvents: CONFIG_EVENTS,
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return [...regionalValues(snapshot, "config.recorders")].map(([region, recording]) =>
      judgeRegion(snapshot, region, recording),
    );
  },
};

function judgeRegion(snapshot: Snapshot, region: string, recording: ConfigRecording): Finding {
  const own = recording.recorders.filter((recorder) => !isServiceLinked(recorder));
  const judged = own.map((recorder) => ({
    recorder,
    problems: recorderProblems(recording, recorder, { requireGlobal: true }),
  }));
  const good = judged.find(({ problems }) => problems.length === 0);
  const serviceLinked = recording.recorders.length - own.length;
  const ignored =
    serviceLinked > 0
      ? ` (${serviceLinked} service-linked recorder${serviceLinked === 1 ? "" : "s"} not counted)`
      : "";
  const status = good ? "PASS" : "FAIL";
  const statusExtended = good
    ? `AWS Config recorder ${good.recorder.name} in ${region} records all supported resource types including global ones, is recording, and its last status is SUCCESS.`
    : own.length === 0
      ? `AWS Config is not enabled in ${region}: no configuration recorder${ignored}.`
      : `AWS Config is not fully enabled in ${region}: ${judged.flatMap(({ problems }) => problems).join("; ")}${ignored}.`;
  return buildFinding(rule, snapshot, {
    status,
    ...accountResource(snapshot),
    identity: ["account", region],
    region,
    statusExtended,
    evidence: { ...recordingEvidence(region, recording), globalResourceTypesRequiredIn: "every region" },
  });
}
