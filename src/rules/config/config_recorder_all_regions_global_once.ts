/**
 * CIS AWS Foundations Benchmark v5.0.0, recommendation 3.3 (Level 2, Automated) and v6.0.0 4.3: "Ensure
 * AWS Config is enabled in all regions", as v5.0.0 changed its audit (earlier versions:
 * `config_recorder_all_regions_enabled`).
 *
 * Audit (v5.0.0 on): in every enabled region, a configuration recorder (service-linked ones do not
 * count) records all supported resource types (`allSupported` true, no exclusion), is recording, and its
 * `lastStatus` is SUCCESS (any case): one finding per region. Global resource types (IAM) need recording
 * in one region only: one more account finding PASSes when a customer recorder with
 * `includeGlobalResourceTypes` true is recording with last status SUCCESS (what the audit asks of every
 * recorder) in at least one region read; FAIL when none is and every enabled region of the account was
 * read, MANUAL when one was not (it may be the one): a region that could not be read, or an enabled region
 * `--regions` left out of the scan (enabled in `regional.regions`, not among the regions judged). The
 * evidence lists every recorder including global types with its status and whether it counted, and the
 * regions not read (`regionsNotRead`) and left out (`regionsNotScanned`).
 *
 * Sources: AWS Config API Reference, DescribeConfigurationRecorders,
 * DescribeConfigurationRecorderStatus; AWS Config Developer Guide, "Recording global resource types".
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import type { ConfigRecording } from "../../snapshot/datasets/config.js";
import { enabledRegions } from "../../snapshot/regional.js";
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
  recordingSuccessfully,
  statusOf,
} from "./config-recording.js";

/** The rule. */
export const rule: Rule = {
  id: "config_recorder_all_regions_global_once",
  title: "AWS Config records all resource types in every enabled region, global ones in at least one",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks, in every enabled region, that an AWS Config recorder records every supported resource type, " +
    "is recording and last delivered successfully, and that global resource types (IAM) are recorded in " +
    "at least one region (CIS from v5.0.0).",
  rationale:
    "AWS Config keeps the configuration history of every resource. Global resources (IAM users, roles, " +
    "policies) need recording once: recording them in every region only multiplies the cost.",
  remediation: CONFIG_REMEDIATION,
  references: CONFIG_REFERENCES,
  requires: ["config.recorders"],
  cloudTrailEvents: CONFIG_EVENTS,
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const read = [...regionalValues(snapshot, "config.recorders")];
    return [
      ...read.map(([region, recording]) => judgeRegion(snapshot, region, recording)),
      judgeGlobal(snapshot, read),
    ];
  },
};

function judgeRegion(snapshot: Snapshot, region: string, recording: ConfigRecording): Finding {
  const own = recording.recorders.filter((recorder) => !isServiceLinked(recorder));
  const judged = own.map((recorder) => ({
    recorder,
    problems: recorderProblems(recording, recorder, { requireGlobal: false }),
  }));
  const good = judged.find(({ problems }) => problems.length === 0);
  const serviceLinked = recording.recorders.length - own.length;
  const ignored =
    serviceLinked > 0
      ? ` (${serviceLinked} service-linked recorder${serviceLinked === 1 ? "" : "s"} not counted)`
      : "";
  return buildFinding(rule, snapshot, {
    status: good ? "PASS" : "FAIL",
    ...accountResource(snapshot),
    identity: ["account", region],
    region,
    statusExtended: good
      ? `AWS Config recorder ${good.recorder.name} in ${region} records all supported resource types, is recording, and its last status is SUCCESS.`
      : own.length === 0
        ? `AWS Config is not enabled in ${region}: no configuration recorder${ignored}.`
        : `AWS Config is not fully enabled in ${region}: ${judged.flatMap(({ problems }) => problems).join("; ")}${ignored}.`,
    evidence: {
      ...recordingEvidence(region, recording),
      globalResourceTypesRequiredIn: "at least one region",
    },
  });
}

function judgeGlobal(snapshot: Snapshot, read: readonly (readonly [string, ConfigRecording])[]): Finding {
  // Every customer recorder that includes global types, with the status that decides whether it counts:
  // recording with last status SUCCESS, as v5.0.0's audit asks of each recorder (and each region here).
  const including = read.flatMap(([region, recording]) =>
    recording.recorders
      .filter((recorder) => !isServiceLinked(recorder) && recorder.includeGlobalResourceTypes === true)
      .map((recorder) => {
        const status = statusOf(recording, recorder);
        return {
          region,
          recorder: recorder.name,
          recording: status?.recording ?? null,
          lastStatus: status?.lastStatus ?? null,
          counted: recordingSuccessfully(status),
        };
      }),
  );
  const counted = including.filter((entry) => entry.counted);
  const enabled = snapshot.regional?.enabledRegions ?? [];
  const readRegions = read.map(([region]) => region);
  const unread = enabled.filter((region) => !readRegions.includes(region));
  // Enabled regions of the account that the scan does not judge: left out by --regions.
  const leftOut = enabledRegions(snapshot.regional?.regions ?? []).filter(
    (region) => !enabled.includes(region) && !readRegions.includes(region),
  );
  const evidence = {
    recordersIncludingGlobalResourceTypes: including,
    required: "includeGlobalResourceTypes true, recording true, lastStatus SUCCESS",
    regionsRead: readRegions,
    regionsNotRead: unread,
    regionsNotScanned: leftOut,
    source: "config:DescribeConfigurationRecorders, config:DescribeConfigurationRecorderStatus",
  };
  const base = { ...accountResource(snapshot), identity: ["account", "global-resource-types"] };
  if (counted.length > 0)
    return buildFinding(rule, snapshot, {
      ...base,
      status: "PASS",
      statusExtended: `Global resource types are recorded by AWS Config in ${counted.map(({ region, recorder }) => `${region} (recorder ${recorder}: includeGlobalResourceTypes true, recording, last status SUCCESS)`).join(", ")}.`,
      evidence,
    });
  const notCounted =
    including.length > 0
      ? ` (${including.map((entry) => `${entry.recorder} in ${entry.region}: ${entry.recording ? "recording" : "not recording"}, last status ${entry.lastStatus ?? "none"}`).join("; ")})`
      : "";
  if (unread.length > 0 || leftOut.length > 0) {
    const where = [
      ...(unread.length > 0 ? [`${unread.join(", ")} could not be read`] : []),
      ...(leftOut.length > 0
        ? [`${leftOut.join(", ")} ${leftOut.length === 1 ? "was" : "were"} left out of this scan (--regions)`]
        : []),
    ];
    return buildFinding(rule, snapshot, {
      ...base,
      status: "MANUAL",
      statusExtended: `No AWS Config recorder that includes global resource types is recording with last status SUCCESS in the regions read (${readRegions.join(", ") || "none"})${notCounted}; ${where.join("; ")}: check includeGlobalResourceTypes and the recorder status there with aws configservice describe-configuration-recorders and describe-configuration-recorder-status${leftOut.length > 0 ? ", or scan again with them in --regions" : ""}.`,
      evidence,
    });
  }
  return buildFinding(rule, snapshot, {
    ...base,
    status: "FAIL",
    statusExtended:
      including.length > 0
        ? `No AWS Config recorder of account ${snapshot.accountId} that includes global resource types (includeGlobalResourceTypes) is recording with last status SUCCESS in any enabled region${notCounted}: IAM users, roles and policies are not reliably recorded.`
        : `No recording AWS Config recorder of account ${snapshot.accountId} includes global resource types (includeGlobalResourceTypes) in any enabled region: IAM users, roles and policies are not recorded.`,
    evidence,
  });
}
