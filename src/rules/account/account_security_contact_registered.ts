/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.2 (Level 1, Manual in the benchmark, automated
 * here): "Ensure security contact information is registered".
 *
 * Audit: AWS Account Management GetAlternateContact with `AlternateContactType: SECURITY`. A security
 * contact with an email address passes; no security contact (ResourceNotFoundException), or one without an
 * email address, fails. One account-level finding. When the caller lacks `account:GetAlternateContact`
 * (an Organizations member account may also be denied while its management account has not enabled
 * trusted access for AWS Account Management), the finding is MANUAL with the console audit steps, not ERROR: the
 * rule declares `judgesMissingPermission`, so the engine hands that collection error to it. Any other
 * failure is the engine's ERROR. Whether the contact reaches the team that handles security incidents is
 * for a person to confirm; the benchmark marks the requirement Manual for that reason, and it stays Manual
 * in the compliance view.
 */
import type { Finding } from "../../model/finding.js";
import type { AlternateContact } from "../../snapshot/security-contact.js";
import type { Snapshot } from "../../snapshot/types.js";
import { accountVerdict, finder } from "../iam/iam-common.js";
import type { Rule } from "../types.js";

const API = "account:GetAlternateContact";

/** How a person checks it, for the MANUAL finding when the API is denied. */
const AUDIT_STEPS = [
  "Sign in to the AWS console, choose the account name at the top right, then Account.",
  "Under Alternate contacts, look at Security contact: it must name a contact with an email address (a monitored team mailbox or distribution list) and a phone number.",
  "Or, with the permission account:GetAlternateContact, run aws account get-alternate-contact --alternate-contact-type SECURITY.",
];

function contactEvidence(contact: AlternateContact): Record<string, unknown> {
  return {
    alternateContactType: contact.alternateContactType,
    title: contact.title,
    name: contact.name,
    emailAddress: contact.emailAddress,
    phoneNumber: contact.phoneNumber,
    source: API,
  };
}

/** The 1.2 rule. */
export const rule: Rule = {
  id: "account_security_contact_registered",
  title: "Security contact information is registered for the AWS account",
  severity: "medium",
  resourceTypes: ["AWS::::Account"],
  description:
    "Reads the account's security alternate contact (Account Management GetAlternateContact, type SECURITY) " +
    "and checks that one is registered with an email address.",
  rationale:
    "AWS sends security notifications (abuse reports, exposed credentials, suspicious activity) to the " +
    "security contact as well as to the root user's email address. Without one, those messages reach only " +
    "a mailbox that is often unattended, and an incident can go unnoticed.",
  remediation: {
    console: [
      "Sign in as the root user, or as an IAM identity allowed account:PutAlternateContact; choose the account name at the top right, then Account.",
      "Scroll to Alternate contacts and choose Edit.",
      "Under Security contact, enter a full name, title, email address (a monitored team mailbox or distribution list) and phone number, then choose Update.",
      "For member accounts of an AWS Organization, a user in the management (or delegated administrator) account can set it centrally from the AWS Organizations console, or with put-alternate-contact --account-id, once trusted access for AWS Account Management is enabled.",
    ],
    cli: [
      "aws account get-alternate-contact --alternate-contact-type SECURITY",
      'aws account put-alternate-contact --alternate-contact-type SECURITY --name "<name>" --title "<title>" --email-address "<security-team@example.com>" --phone-number "<+1 555 0100>"',
    ],
    iac: {
      cloudformation: [
        "# CloudFormation has no resource type for alternate contacts (there is no AWS::Account::AlternateContact).",
        "# Set the security contact with the AWS CLI above, with Terraform's aws_account_alternate_contact,",
        "# or with a custom resource whose function calls account:PutAlternateContact.",
      ].join("\n"),
      terraform: [
        'resource "aws_account_alternate_contact" "security" {',
        '  alternate_contact_type = "SECURITY"',
        '  name                   = "Security Operations"',
        '  title                  = "Security team"',
        '  email_address          = "security-team@example.com"',
        '  phone_number           = "+1 555 0100"',
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-update-contact-alternate.html",
    "https://docs.aws.amazon.com/accounts/latest/reference/API_GetAlternateContact.html",
    "https://docs.aws.amazon.com/accounts/latest/reference/using-orgs-trusted-access.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/account_alternate_contact",
  ],
  requires: ["account.securityContact"],
  judgesMissingPermission: true,
  cloudTrailEvents: ["PutAlternateContact", "DeleteAlternateContact"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const make = finder(rule, snapshot);
    const account = snapshot.accountId;
    const denied = snapshot.errors.find(
      (error) => error.dataset === "account.securityContact" && error.missingPermission !== undefined,
    );
    if (denied) {
      return [
        make(
          accountVerdict(
            snapshot,
            "MANUAL",
            `The security contact of account ${account} could not be read: the caller lacks ${denied.missingPermission} ` +
              "(an AWS Organizations member account may also be denied while the management account has not enabled trusted access for AWS Account Management). " +
              "Check it in the console: account name (top right) → Account → Alternate contacts → Security contact.",
            {
              api: denied.api,
              errorCode: denied.code,
              missingPermission: denied.missingPermission,
              dataset: denied.dataset,
              message: denied.message,
              auditSteps: AUDIT_STEPS,
            },
          ),
        ),
      ];
    }
    const contact = snapshot.securityContact;
    if (contact === undefined) {
      // A credential report file: the engine's "not collected" MANUAL. A live snapshot without the data set
      // (a snapshot file written before this rule existed) says so itself: silence would read as a PASS.
      if (snapshot.source !== "aws") return [];
      return [
        make({
          ...accountVerdict(
            snapshot,
            "MANUAL",
            `The security contact of account ${account} is not in this snapshot (it was collected without ${API}): run a live scan, or check it in the console.`,
            {
              notCollected: ["securityContact"],
              apis: [API],
              source: snapshot.source,
              auditSteps: AUDIT_STEPS,
            },
          ),
          identity: ["not-collected"],
        }),
      ];
    }
    if (contact === null) {
      return [
        make(
          accountVerdict(
            snapshot,
            "FAIL",
            `Account ${account} has no security contact registered: AWS security notifications reach only the root user's email address.`,
            { securityContact: null, source: API },
          ),
        ),
      ];
    }
    if (contact.emailAddress === null) {
      return [
        make(
          accountVerdict(
            snapshot,
            "FAIL",
            `The security contact of account ${account} has no email address.`,
            contactEvidence(contact),
          ),
        ),
      ];
    }
    const who = [contact.name, contact.title].filter((part) => part !== null).join(", ");
    return [
      make(
        accountVerdict(
          snapshot,
          "PASS",
          `Account ${account} has a security contact registered${who ? `: ${who}` : ""} <${contact.emailAddress}>.`,
          contactEvidence(contact),
        ),
      ),
    ];
  },
};
