/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 1.19 (Level 1, Automated):
 * "Ensure that all the expired SSL/TLS certificates stored in AWS IAM are removed".
 *
 * Audit: every server certificate from ListServerCertificates whose `Expiration` is before the scan
 * time (`snapshot.collectedAt`, never the clock) fails; one finding per certificate, and one account
 * PASS when IAM stores none. Data: IAM ListServerCertificates.
 */
import { accountResource, buildFinding, type Finding } from "../../model/finding.js";
import { humanDuration, isoTime } from "../../model/time.js";
import type { ServerCertificate } from "../../snapshot/authorization.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";

const ID = "iam_server_certificate_not_expired";

function certificateFinding(snapshot: Snapshot, certificate: ServerCertificate): Finding {
  const name = certificate.serverCertificateName;
  const expiration = certificate.expiration;
  const seconds =
    expiration === null ? null : Math.round((expiration.getTime() - snapshot.collectedAt.getTime()) / 1000);
  const status = seconds === null ? "ERROR" : seconds <= 0 ? "FAIL" : "PASS";
  const statusExtended =
    seconds === null
      ? `Server certificate ${name} has no expiration date in the ListServerCertificates response; cannot judge.`
      : seconds <= 0
        ? `Server certificate ${name} expired at ${isoTime(expiration as Date)}, ${humanDuration(-seconds)} before this scan: delete it.`
        : `Server certificate ${name} expires at ${isoTime(expiration as Date)}, in ${humanDuration(seconds)}.`;
  return buildFinding(rule, snapshot, {
    status,
    resourceType: "AWS::IAM::ServerCertificate",
    resourceArn: certificate.arn,
    resourceName: name,
    identity: [certificate.arn, certificate.serverCertificateId],
    statusExtended,
    evidence: {
      serverCertificateName: name,
      serverCertificateId: certificate.serverCertificateId,
      arn: certificate.arn,
      path: certificate.path,
      uploadDate: certificate.uploadDate ? isoTime(certificate.uploadDate) : null,
      expiration: expiration ? isoTime(expiration) : null,
      scanTime: isoTime(snapshot.collectedAt),
      secondsUntilExpiration: seconds,
      source: "iam:ListServerCertificates",
    },
  });
}

/** The 1.19 rule. */
export const rule: Rule = {
  id: ID,
  title: "No expired SSL/TLS server certificates are stored in IAM",
  severity: "medium",
  resourceTypes: ["AWS::IAM::ServerCertificate", "AWS::::Account"],
  description:
    "Lists the SSL/TLS server certificates stored in IAM and finds those whose expiration date has passed " +
    "at scan time. One finding per certificate.",
  rationale:
    "An expired certificate still stored in IAM can be deployed to a load balancer or CloudFront by " +
    "mistake, breaking the service and teaching users to click through certificate warnings. Removing " +
    "expired certificates leaves only the ones that can be used.",
  remediation: {
    console: [
      "IAM server certificates have no console page: use the AWS CLI (or manage certificates in AWS Certificate Manager instead).",
      "Before deleting, check that no load balancer or CloudFront distribution still references the certificate ARN.",
    ],
    cli: [
      "aws iam list-server-certificates",
      "aws iam get-server-certificate --server-certificate-name <name>",
      "aws iam delete-server-certificate --server-certificate-name <name>",
    ],
    iac: {
      cloudformation: [
        "# IAM server certificates are not a CloudFormation resource: manage certificates in ACM instead.",
        "Certificate:",
        "  Type: AWS::CertificateManager::Certificate",
        "  Properties:",
        "    DomainName: www.example.com",
        "    ValidationMethod: DNS   # ACM renews it; nothing expires in IAM",
      ].join("\n"),
      terraform: [
        "# Remove the expired aws_iam_server_certificate resource, or move to ACM:",
        'resource "aws_acm_certificate" "www" {',
        '  domain_name       = "www.example.com"',
        '  validation_method = "DNS"',
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_server-certs.html",
    "https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListServerCertificates.html",
  ],
  requires: ["iam.serverCertificates"],
  cloudTrailEvents: ["UploadServerCertificate", "DeleteServerCertificate", "UpdateServerCertificate"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    const certificates = snapshot.authorization?.serverCertificates;
    if (!certificates) return [];
    if (certificates.length === 0) {
      return [
        buildFinding(rule, snapshot, {
          status: "PASS",
          ...accountResource(snapshot),
          identity: ["server-certificates"],
          statusExtended: "IAM stores no server certificate.",
          evidence: { serverCertificateCount: 0, source: "iam:ListServerCertificates" },
        }),
      ];
    }
    return certificates.map((certificate) => certificateFinding(snapshot, certificate));
  },
};
