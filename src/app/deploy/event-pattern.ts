/**
 * What the EventBridge rule of the monitoring stack forwards to the CloudTrail event handler
 * (`lambda/iam-event`), and the handler's modes: shared by the deployment template and the handler.
 */

/** The IAM calls the EventBridge rule forwards. */
export const WATCHED_EVENTS = [
  "CreateAccessKey",
  "CreateLoginProfile",
  "CreateUser",
  "UpdateAccessKey",
] as const;

/** The EventBridge event pattern matching {@link WATCHED_EVENTS} (used by the deployment template). */
export const EVENT_PATTERN = {
  source: ["aws.iam"],
  "detail-type": ["AWS API Call via CloudTrail"],
  detail: { eventSource: ["iam.amazonaws.com"], eventName: [...WATCHED_EVENTS] },
} as const;

/** `notify` publishes; `enforce` also deactivates the key the event created or activated. */
export type Mode = "notify" | "enforce";
