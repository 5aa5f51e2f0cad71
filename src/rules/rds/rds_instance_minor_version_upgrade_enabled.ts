/**
 * CIS AWS Foundations Benchmark v1.5.0, recommendation 2.3.2 (Level 1, Automated): "Ensure Auto Minor
 * Version Upgrade feature is Enabled for RDS Instances" (v2.0.0/v3.0.0 2.3.2; v4.0.0/v5.0.0 2.2.2; v6.0.0
 * 3.2.2).
 *
 * Audit: in every enabled region, every DB instance (DescribeDBInstances, every page; DocumentDB and
 * Neptune instances named by engine) must show `AutoMinorVersionUpgrade` true. Aurora instances carry the
 * flag themselves; a Multi-AZ DB cluster's cluster-level flag is shown beside its instances. One finding
 * per instance.
 *
 * Sources: Amazon RDS API Reference, DescribeDBInstances, DescribeDBClusters; Amazon RDS User Guide,
 * "Automatically upgrading the minor engine version".
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
  id: "rds_instance_minor_version_upgrade_enabled",
  title: "RDS DB instances upgrade minor engine versions automatically",
  severity: "high",
  resourceTypes: ["AWS::RDS::DBInstance"],
  description:
    "Checks, in every enabled region, that every RDS DB instance has Auto Minor Version Upgrade on, so that " +
    "minor engine versions with security fixes are applied in its maintenance window.",
  rationale:
    "Minor versions carry security patches and bug fixes; without automatic upgrades an instance keeps " +
    "running known-vulnerable engine versions until someone upgrades it by hand.",
  remediation: {
    console: [
      "Open the RDS console in the region named in the finding and choose Databases, then the instance.",
      "Choose Modify; under Maintenance select Enable auto minor version upgrade; choose Continue and Apply immediately (or during the next maintenance window).",
    ],
    cli: [
      "aws rds describe-db-instances --region <region> --query 'DBInstances[].[DBInstanceIdentifier,AutoMinorVersionUpgrade]'",
      "aws rds modify-db-instance --db-instance-identifier <instance> --auto-minor-version-upgrade --apply-immediately --region <region>",
    ],
    iac: {
      cloudformation: [
        "Database:",
        "  Type: AWS::RDS::DBInstance",
        "  Properties:",
        "    AutoMinorVersionUpgrade: true",
      ].join("\n"),
      terraform: ['resource "aws_db_instance" "this" {', "  auto_minor_version_upgrade = true", "}"].join(
        "\n",
      ),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_UpgradeDBInstance.Upgrading.html#USER_UpgradeDBInstance.Upgrading.AutoMinorVersionUpgrades",
  ],
  requires: ["rds.dbInstances"],
  optional: ["rds.dbClusters"],
  cloudTrailEvents: ["CreateDBInstance", "ModifyDBInstance", "ModifyDBCluster"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeInstances(rule, snapshot, (db, region) => {
      const cluster = clusterOf(snapshot, region, db);
      return {
        status: db.autoMinorVersionUpgrade ? "PASS" : "FAIL",
        ...instanceResource(db, region),
        statusExtended: db.autoMinorVersionUpgrade
          ? `${describeInstance(db, region)} upgrades minor engine versions automatically.`
          : `${describeInstance(db, region)} does not upgrade minor engine versions automatically (AutoMinorVersionUpgrade is false).`,
        evidence: {
          ...instanceEvidence(db, region),
          autoMinorVersionUpgrade: db.autoMinorVersionUpgrade,
          ...(cluster ? { clusterAutoMinorVersionUpgrade: cluster.autoMinorVersionUpgrade } : {}),
          source: "rds:DescribeDBInstances",
        },
      };
    });
  },
};
