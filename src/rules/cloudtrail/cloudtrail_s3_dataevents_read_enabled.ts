/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 3.11 (Level 2, Automated): "Ensure that
 * Object-level logging for read events is enabled for S3 bucket" (v1.3.0–v2.0.0 3.11; v3.0.0–v5.0.0
 * 3.9; v6.0.0 4.9; not in v1.2.0).
 *
 * Audit: a multi-region trail's event selectors (GetEventSelectors in its home region) log S3
 * object-level read events (`AWS::S3::Object`) for every bucket, through classic data resources or
 * advanced selectors, or for each of the account's buckets one by one (`s3.buckets`, optional); the trail
 * must also be logging (our reading: a stopped trail records nothing; docs/frameworks.md). The judgement
 * is `judgeS3DataEvents` (s3-data-events.ts). One account finding: PASS naming the trail(s), FAIL with
 * every trail's selectors, why they fall short and the buckets left out, MANUAL when a multi-region
 * trail's status or selectors could not be read or per-bucket selectors need the bucket list and it was
 * not collected (ERROR when ListBuckets failed).
 *
 * Sources: AWS CloudTrail User Guide, "Logging data events"; Amazon S3 User Guide, "Enabling CloudTrail
 * event logging for S3 buckets and objects"; AWS CloudTrail API Reference, GetEventSelectors.
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  judgeS3DataEvents,
  S3_DATA_EVENTS_CLI,
  S3_DATA_EVENTS_IAC,
  S3_DATA_EVENTS_REFERENCES,
  S3_DATA_EVENTS_TRIGGERS,
} from "./s3-data-events.js";

/** The rule. */
export const rule: Rule = {
  id: "cloudtrail_s3_dataevents_read_enabled",
  title: "S3 object-level read events of every bucket are logged by a multi-region trail",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description:
    "Checks that a multi-region, logging CloudTrail trail records S3 object-level read events " +
    "(GetObject, HeadObject, ...) for every bucket, through classic data resources " +
    "(arn:aws:s3::: for all buckets, or arn:aws:s3:::<bucket>/ for each bucket of the account) or advanced event " +
    "selectors (eventCategory Data, resources.type AWS::S3::Object, optionally resources.ARN StartsWith per bucket).",
  rationale:
    "Management events do not show who read which object. Object-level events do, which an " +
    "investigation of data exfiltration needs.",
  remediation: {
    console: [
      "Open the CloudTrail console, choose the multi-region trail (Trails), and under Data events choose Edit.",
      "Add a data event of type S3 for all current and future buckets logging read events (ReadWriteType ReadOnly or All; advanced: readOnly true or no readOnly condition), and Save changes.",
      "Data events are charged per event: check the cost before turning them on for busy buckets.",
    ],
    cli: [...S3_DATA_EVENTS_CLI],
    iac: S3_DATA_EVENTS_IAC,
  },
  references: [...S3_DATA_EVENTS_REFERENCES],
  requires: ["cloudtrail.trails"],
  optional: ["s3.buckets"],
  cloudTrailEvents: [...S3_DATA_EVENTS_TRIGGERS],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeS3DataEvents(rule, snapshot, "read");
  },
};
