/**
 * CIS AWS Foundations Benchmark v4.0.0, recommendation 2.2.4 (Level 1, Manual): "Ensure Multi-AZ
 * deployments are used for enhanced availability in Amazon RDS" (v5.0.0 2.2.4; v6.0.0 3.2.4).
 *
 * The benchmark assesses it manually (a single-AZ database can be a deliberate choice outside production),
 * so the rule decides only where it can: an instance that runs Multi-AZ (`MultiAZ` true; for an Aurora,
 * DocumentDB or Neptune instance, its cluster's `MultiAZ` from DescribeDBClusters, since they are Multi-AZ
 * at the cluster level) PASSes; every other instance is MANUAL, with the evidence to judge whether it
 * needs a standby. One finding per instance.
 *
 * Sources: Amazon RDS API Reference, DescribeDBInstances, DescribeDBClusters; Amazon RDS User Guide,
 * "Configuring and managing a Multi-AZ deployment", Amazon Aurora User Guide, "High availability for
 * Amazon Aurora".
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
  id: "rds_instance_multi_az",
  title: "RDS DB instances run in several Availability Zones (Multi-AZ), or are reviewed",
  severity: "medium",
  resourceTypes: ["AWS::RDS::DBInstance"],
  description:
    "Checks, in every enabled region, whether each RDS DB instance runs Multi-AZ (for cluster engines, " +
    "whether its cluster spans several Availability Zones). A single-AZ instance is left for manual review, " +
    "as the benchmark assesses this requirement by hand.",
  rationale:
    "A Multi-AZ deployment keeps a standby in another Availability Zone and fails over to it automatically, " +
    "so that an Availability Zone outage or maintenance does not take the database down.",
  remediation: {
    console: [
      "Open the RDS console in the region named in the finding, choose Databases, then the instance, then Modify.",
      "Under Availability and durability choose Create a standby instance (Multi-AZ); choose Continue and apply during the maintenance window.",
      "For Aurora, add a reader instance in another Availability Zone to the cluster.",
    ],
    cli: [
      "aws rds describe-db-instances --region <region> --query 'DBInstances[].[DBInstanceIdentifier,MultiAZ]'",
      "aws rds modify-db-instance --db-instance-identifier <instance> --multi-az --region <region>",
      "aws rds create-db-instance --db-cluster-identifier <cluster> --db-instance-identifier <reader> --engine <engine> --db-instance-class <class> --availability-zone <other-az> --region <region>   # Aurora",
    ],
    iac: {
      cloudformation: [
        "Database:",
        "  Type: AWS::RDS::DBInstance",
        "  Properties:",
        "    MultiAZ: true",
      ].join("\n"),
      terraform: ['resource "aws_db_instance" "this" {', "  multi_az = true", "}"].join("\n"),
    },
  },
  references: [
    "https://www.cisecurity.org/benchmark/amazon_web_services",
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html",
    "https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html",
  ],
  requires: ["rds.dbInstances", "rds.dbClusters"],
  cloudTrailEvents: ["CreateDBInstance", "ModifyDBInstance", "CreateDBCluster", "DeleteDBInstance"],
  defaults: {},
  evaluate(snapshot: Snapshot): Finding[] {
    return judgeInstances(rule, snapshot, (db, region) => {
      const cluster = clusterOf(snapshot, region, db);
      const multiAZ = cluster ? cluster.multiAZ : db.multiAZ;
      const level = cluster ? `its cluster ${cluster.identifier}` : "it";
      return {
        status: multiAZ ? "PASS" : "MANUAL",
        ...instanceResource(db, region),
        statusExtended: multiAZ
          ? `${describeInstance(db, region)} runs Multi-AZ${cluster ? ` (its cluster ${cluster.identifier} spans ${cluster.availabilityZones.join(", ")})` : ""}.`
          : `${describeInstance(db, region)} does not run Multi-AZ (${level} reports MultiAZ false${db.availabilityZone ? `; instance in ${db.availabilityZone}` : ""}): review whether it needs a standby in another Availability Zone (CIS assesses this by hand).`,
        evidence: {
          ...instanceEvidence(db, region),
          multiAZ: db.multiAZ,
          availabilityZone: db.availabilityZone,
          ...(cluster
            ? {
                clusterMultiAZ: cluster.multiAZ,
                clusterAvailabilityZones: [...cluster.availabilityZones],
                clusterMembers: [...cluster.members],
              }
            : {}),
          sources: ["rds:DescribeDBInstances", "rds:DescribeDBClusters"],
        },
      };
    });
  },
};
