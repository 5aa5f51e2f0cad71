/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.3.1 (Level 1, Automated): "Ensure that encryption
 * is enabled for RDS Instances" (v1.4.0 2.3.1; v2.0.0/v3.0.0 2.3.1 "…encryption-at-rest…"; v4.0.0/v5.0.0
 * 2.2.1; v6.0.0 3.2.1).
 *
 * Audit: in every enabled region, every DB instance (DescribeDBInstances, every page) must show
 * `StorageEncrypted` true. DocumentDB and Neptune instances are listed by the same call and judged the same
 * way, their engine named. Aurora encrypts at the cluster: the instance mirrors the cluster's setting, and
 * the cluster's (DescribeDBClusters) is shown beside it. `KmsKeyId` is evidence only (new Aurora clusters may
 * use an AWS owned key and report none). One finding per instance.
 *
 * Sources: Amazon RDS API Reference, DescribeDBInstances, DescribeDBClusters; Amazon RDS User Guide,
 * "Encrypting Amazon RDS resources".
 */
import type { Finding } from "../../model/finding.js";
import type { Snapshot } from "../../snapshot/types.js";
import type { Rule } from "../types.js";
import {
  clusterOf,
  describeInstance,
  instanceEvidence,
  instanceResource,
  judgeInstances,
} from "./db-instance-findings.js";

/** The rule. */
export const rule: Rule = {
  id: "rds_instance_storage_encrypted",
  title: "RDS DB instances encrypt their storage",
  severity: "medium",
  resourceTypes: ["AWS::RDS::DBInstance"],
  description:
    "Checks, in every enabled region, that every RDS DB instance (Amazon DocumentDB and Neptune instances " +
    "included) has storage encryption at rest enabled.",
  rationale:
    "Encryption at rest protects the database's storage, automated backups, read replicas and snapshots " +
    "with a KMS key whose use is logged; it can only be chosen when the instance (or cluster) is created.",
  remediation: {
    console: [
      "Encryption cannot be turned on for an existing instance: take a snapshot of it (RDS console → Databases → the instance → Actions → Take snapshot).",
      "Copy the snapshot with encryption enabled and a KMS key (Snapshots → Actions → Copy snapshot → Enable encryption).",
      "Restore a new instance from the encrypted copy, move clients to it, then delete the unencrypted instance.",
    ],
    cli: [
      "aws rds describe-db-instances --region <region> --query 'DBInstances[].[DBInstanceIdentifier,Engine,StorageEncrypted]'",
      "aws rds create-db-snapshot --db-instance-identifier <instance> --db-snapshot-identifier <snapshot> --region <region>",
      "aws rds copy-db-snapshot --source-db-snapshot-identifier <snapshot> --target-db-snapshot-identifier <snapshot>-encrypted --kms-key-id <key-arn> --region <region>",
      "aws rds restore-db-instance-from-db-snapshot --db-instance-identifier <new-instance> --db-snapshot-identifier <snapshot>-encrypted --region <region>",
    ],
    iac: {
      cloudformation: [
        "Database:",
        "  Type: AWS::RDS::DBInstance",
        "  Properties:",
        "    StorageEncrypted: true",
        "    KmsKeyId: !Ref Key",
      ].join("\n"),
      terraform: [
        'resource "aws_db_instance" "this" {',
        "  storage_encrypted = true",
        "  kms_key_id        = aws_kms_key.this.arn",
        "}",
      ].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
  ],
  requires: ["rds.dbInstances"],
  optional: ["rds.dbClusters"],
  cloudTrailEvents: [
    "CreateDBInstance",
    "RestoreDBInstanceFromDBSnapshot",
    "CreateDBCluster",
    "DeleteDBInstance",
  ],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeInstances(rule, snapshot, (db, region) => {
      const cluster = clusterOf(snapshot, region, db);
      const key = db.kmsKeyId ? ` with ${db.kmsKeyId}` : "";
      return {
        status: db.storageEncrypted ? "PASS" : "FAIL",
        ...instanceResource(db, region),
        statusExtended: db.storageEncrypted
          ? `${describeInstance(db, region)} encrypts its storage${key}.`
          : `${describeInstance(db, region)} does not encrypt its storage at rest${db.clusterIdentifier ? ` (the setting of its cluster ${db.clusterIdentifier})` : ""}.`,
        evidence: {
          ...instanceEvidence(db, region),
          storageEncrypted: db.storageEncrypted,
          kmsKeyId: db.kmsKeyId,
          ...(cluster
            ? { clusterStorageEncrypted: cluster.storageEncrypted, clusterKmsKeyId: cluster.kmsKeyId }
            : {}),
          source: "rds:DescribeDBInstances",
        },
      };
    });
  },
};
