/**
 * The prescribed metric-filter patterns of the CIS monitoring requirements, per version: v1.2.0 3.1–3.14,
 * v1.3.0–v5.0.0 4.1–4.15, v6.0.0 5.1–5.15 (numbers in the catalogs). Where versions differ in what a filter
 * must catch, they are different requirements here (and different concepts in the catalogs):
 *
 * - unauthorized API calls: v1.2.0/v1.3.0 and v4.0.0+ accept the two-term `errorCode` form and the v4.0.0
 *   `&&` form; v1.4.0–v3.0.0 also accept their printed text, whose terms are all joined by `||` (as
 *   written it matches almost every event);
 * - console sign-in without MFA: v1.4.0+ also accept the stricter IAM-user/successful-login variant;
 * - security group changes: v5.0.0+ add `ModifySecurityGroupRules`;
 * - route table changes: v3.0.0+ print `$.eventSource = ec2.amazonaws.com &&` before the first name only;
 *   both that text and the older one are accepted in every version (the route events all come from EC2).
 *
 * Each requirement names the service its events come from (`eventSource`): a filter may restrict
 * `$.eventSource` to it without failing (CloudTrail records every one of these events with that source).
 * A requirement whose events are all named management write calls says so (`managementWrites`): a filter may
 * also require `$.readOnly IS FALSE`, `$.managementEvent IS TRUE` or `$.eventCategory = Management`.
 * Each also lists its near misses (`probes`, from `near-miss-events.ts`): events its prescribed patterns do
 * not match that a filter broader than the requirement would.
 *
 * Sources: CIS AWS Foundations Benchmark v1.2.0–v6.0.0 audit procedures, as summarised in the project's
 * research notes (cis-sections-2-5.md §2.3); AWS CloudTrail event names per service.
 */
import type { ProbeEvent } from "./baseline-events.js";
import { NEAR_MISSES } from "./near-miss-events.js";

/** One accepted form of a requirement's pattern. */
export interface PrescribedVariant {
  /** Which text this is, for evidence: "as printed in v4.0.0+". */
  readonly label: string;
  /** The pattern, in the benchmark's own spelling. */
  readonly pattern: string;
}

/** What a metric filter must catch for one requirement (in the versions it serves). */
export interface MetricFilterRequirement {
  /** The events' `eventSource`, when they all come from one service. */
  readonly eventSource?: string;
  /**
   * True when the requirement lists its events by name and every one is a management write call: CloudTrail
   * records each with `readOnly` false, `managementEvent` true and `eventCategory` "Management", so a filter
   * may also require those without missing one. Not set for 4.1 (denied calls, reads among them), 4.3 (any
   * root activity, data events and reads among them) and the console sign-in requirements.
   */
  readonly managementWrites?: boolean;
  /** A filter satisfies the requirement when it satisfies one of these (the first that does is reported). */
  readonly variants: readonly PrescribedVariant[];
  /**
   * Near misses: events the prescribed patterns do not match and an over-broad filter would. A filter
   * matching one (or an everyday event of `baseline-events.ts`) that the accepted form does not match is
   * too broad.
   */
  readonly probes: readonly ProbeEvent[];
}

function eventNames(names: readonly string[], source?: string): string {
  const any = names.map((name) => `($.eventName = ${name})`).join(" || ");
  return source ? `{ ($.eventSource = ${source}) && (${any}) }` : `{ ${any} }`;
}

const UNAUTHORIZED_TWO_TERMS =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }';
const UNAUTHORIZED_AND =
  '{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && (($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")) }';
const UNAUTHORIZED_LITERAL_OR =
  '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") || ($.sourceIPAddress != "delivery.logs.amazonaws.com") || ($.eventName != "HeadBucket") }';

const CONSOLE_NO_MFA = '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }';
const CONSOLE_NO_MFA_STRICT =
  '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';

const IAM_POLICY_EVENTS = [
  "DeleteGroupPolicy",
  "DeleteRolePolicy",
  "DeleteUserPolicy",
  "PutGroupPolicy",
  "PutRolePolicy",
  "PutUserPolicy",
  "CreatePolicy",
  "DeletePolicy",
  "CreatePolicyVersion",
  "DeletePolicyVersion",
  "AttachRolePolicy",
  "DetachRolePolicy",
  "AttachUserPolicy",
  "DetachUserPolicy",
  "AttachGroupPolicy",
  "DetachGroupPolicy",
] as const;

const SECURITY_GROUP_EVENTS = [
  "AuthorizeSecurityGroupIngress",
  "AuthorizeSecurityGroupEgress",
  "RevokeSecurityGroupIngress",
  "RevokeSecurityGroupEgress",
  "CreateSecurityGroup",
  "DeleteSecurityGroup",
] as const;

const ROUTE_EVENTS = [
  "CreateRoute",
  "CreateRouteTable",
  "ReplaceRoute",
  "ReplaceRouteTableAssociation",
  "DeleteRouteTable",
  "DeleteRoute",
  "DisassociateRouteTable",
] as const;

const ORGANIZATIONS_EVENTS = [
  "AcceptHandshake",
  "AttachPolicy",
  "CreateAccount",
  "CreateOrganizationalUnit",
  "CreatePolicy",
  "DeclineHandshake",
  "DeleteOrganization",
  "DeleteOrganizationalUnit",
  "DeletePolicy",
  "DetachPolicy",
  "DisablePolicyType",
  "EnablePolicyType",
  "InviteAccountToOrganization",
  "LeaveOrganization",
  "MoveAccount",
  "RemoveAccountFromOrganization",
  "UpdatePolicy",
  "UpdateOrganizationalUnit",
] as const;

/** Every requirement, by the name the rules use. */
export const METRIC_FILTER_REQUIREMENTS = {
  /** v1.2.0 3.1, v1.3.0 4.1, v4.0.0/v5.0.0 4.1, v6.0.0 5.1. */
  unauthorizedApiCalls: {
    probes: NEAR_MISSES.unauthorizedApiCalls,
    variants: [
      { label: "as printed in v1.2.0/v1.3.0", pattern: UNAUTHORIZED_TWO_TERMS },
      { label: "as printed in v4.0.0+ (&&)", pattern: UNAUTHORIZED_AND },
    ],
  },
  /** v1.4.0–v3.0.0 4.1: the printed `||` text, or the intended `&&` form. */
  unauthorizedApiCallsV140: {
    probes: NEAR_MISSES.unauthorizedApiCalls,
    variants: [
      { label: "the intended form (&&, as printed from v4.0.0)", pattern: UNAUTHORIZED_AND },
      { label: "as printed in v1.4.0–v3.0.0 (every term joined by ||)", pattern: UNAUTHORIZED_LITERAL_OR },
    ],
  },
  /** v1.2.0 3.2, v1.3.0 4.2. */
  consoleLoginWithoutMfa: {
    probes: NEAR_MISSES.consoleLoginWithoutMfa,
    eventSource: "signin.amazonaws.com",
    variants: [{ label: "as printed in v1.2.0/v1.3.0", pattern: CONSOLE_NO_MFA }],
  },
  /** v1.4.0–v5.0.0 4.2, v6.0.0 5.2: the pattern, or its stricter IAM-user/successful-login variant. */
  consoleLoginWithoutMfaV140: {
    probes: NEAR_MISSES.consoleLoginWithoutMfa,
    eventSource: "signin.amazonaws.com",
    variants: [
      { label: "as printed", pattern: CONSOLE_NO_MFA },
      {
        label: "the stricter printed variant (IAM users, successful sign-ins)",
        pattern: CONSOLE_NO_MFA_STRICT,
      },
    ],
  },
  rootUsage: {
    probes: NEAR_MISSES.rootUsage,
    variants: [
      {
        label: "as printed",
        pattern:
          '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
      },
    ],
  },
  iamPolicyChanges: {
    probes: NEAR_MISSES.iamPolicyChanges,
    eventSource: "iam.amazonaws.com",
    managementWrites: true,
    variants: [{ label: "as printed", pattern: eventNames(IAM_POLICY_EVENTS) }],
  },
  cloudTrailChanges: {
    probes: NEAR_MISSES.cloudTrailChanges,
    eventSource: "cloudtrail.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed",
        pattern: eventNames(["CreateTrail", "UpdateTrail", "DeleteTrail", "StartLogging", "StopLogging"]),
      },
    ],
  },
  consoleAuthenticationFailures: {
    probes: NEAR_MISSES.consoleAuthenticationFailures,
    eventSource: "signin.amazonaws.com",
    variants: [
      {
        label: "as printed",
        pattern: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
      },
    ],
  },
  cmkDisableOrDeletion: {
    probes: NEAR_MISSES.cmkDisableOrDeletion,
    eventSource: "kms.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed",
        pattern: eventNames(["DisableKey", "ScheduleKeyDeletion"], "kms.amazonaws.com"),
      },
    ],
  },
  s3BucketPolicyChanges: {
    probes: NEAR_MISSES.s3BucketPolicyChanges,
    eventSource: "s3.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed",
        pattern: eventNames(
          [
            "PutBucketAcl",
            "PutBucketPolicy",
            "PutBucketCors",
            "PutBucketLifecycle",
            "PutBucketReplication",
            "DeleteBucketPolicy",
            "DeleteBucketCors",
            "DeleteBucketLifecycle",
            "DeleteBucketReplication",
          ],
          "s3.amazonaws.com",
        ),
      },
    ],
  },
  configChanges: {
    probes: NEAR_MISSES.configChanges,
    eventSource: "config.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed",
        pattern: eventNames(
          [
            "StopConfigurationRecorder",
            "DeleteDeliveryChannel",
            "PutDeliveryChannel",
            "PutConfigurationRecorder",
          ],
          "config.amazonaws.com",
        ),
      },
    ],
  },
  /** v1.2.0 3.10, v1.3.0–v4.0.0 4.10. */
  securityGroupChanges: {
    probes: NEAR_MISSES.securityGroupChanges,
    eventSource: "ec2.amazonaws.com",
    managementWrites: true,
    variants: [{ label: "as printed in v1.2.0–v4.0.0", pattern: eventNames(SECURITY_GROUP_EVENTS) }],
  },
  /** v5.0.0 4.10, v6.0.0 5.10: with ModifySecurityGroupRules. */
  securityGroupChangesV500: {
    probes: NEAR_MISSES.securityGroupChanges,
    eventSource: "ec2.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed in v5.0.0+",
        pattern: eventNames([...SECURITY_GROUP_EVENTS, "ModifySecurityGroupRules"]),
      },
    ],
  },
  naclChanges: {
    probes: NEAR_MISSES.naclChanges,
    eventSource: "ec2.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed",
        pattern: eventNames([
          "CreateNetworkAcl",
          "CreateNetworkAclEntry",
          "DeleteNetworkAcl",
          "DeleteNetworkAclEntry",
          "ReplaceNetworkAclEntry",
          "ReplaceNetworkAclAssociation",
        ]),
      },
    ],
  },
  networkGatewayChanges: {
    probes: NEAR_MISSES.networkGatewayChanges,
    eventSource: "ec2.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed",
        pattern: eventNames([
          "CreateCustomerGateway",
          "DeleteCustomerGateway",
          "AttachInternetGateway",
          "CreateInternetGateway",
          "DeleteInternetGateway",
          "DetachInternetGateway",
        ]),
      },
    ],
  },
  routeTableChanges: {
    probes: NEAR_MISSES.routeTableChanges,
    eventSource: "ec2.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed in v3.0.0+ (eventSource before the first name)",
        pattern: `{ ($.eventSource = ec2.amazonaws.com) && ${ROUTE_EVENTS.map((name) => `($.eventName = ${name})`).join(" || ")} }`,
      },
      { label: "as printed in v1.2.0–v2.0.0", pattern: eventNames(ROUTE_EVENTS) },
    ],
  },
  vpcChanges: {
    probes: NEAR_MISSES.vpcChanges,
    eventSource: "ec2.amazonaws.com",
    managementWrites: true,
    variants: [
      {
        label: "as printed",
        pattern: eventNames([
          "CreateVpc",
          "DeleteVpc",
          "ModifyVpcAttribute",
          "AcceptVpcPeeringConnection",
          "CreateVpcPeeringConnection",
          "DeleteVpcPeeringConnection",
          "RejectVpcPeeringConnection",
          "AttachClassicLinkVpc",
          "DetachClassicLinkVpc",
          "DisableVpcClassicLink",
          "EnableVpcClassicLink",
        ]),
      },
    ],
  },
  /** v1.3.0–v5.0.0 4.15, v6.0.0 5.15 (not in v1.2.0). */
  organizationsChanges: {
    probes: NEAR_MISSES.organizationsChanges,
    eventSource: "organizations.amazonaws.com",
    managementWrites: true,
    variants: [
      { label: "as printed", pattern: eventNames(ORGANIZATIONS_EVENTS, "organizations.amazonaws.com") },
    ],
  },
} as const satisfies Record<string, MetricFilterRequirement>;

/** The name of one requirement of {@link METRIC_FILTER_REQUIREMENTS}. */
export type MetricFilterRequirementName = keyof typeof METRIC_FILTER_REQUIREMENTS;
