/**
 * What the per-instance RDS rules share: one finding per DB instance of every region read (the engines
 * named: DescribeDBInstances also lists Amazon DocumentDB and Amazon Neptune instances), the resource
 * fields, the cluster an instance belongs to, and one PASS on the account when no region holds an
 * instance and every region was read. Pure.
 */
import { buildFinding, type Finding, type Verdict } from "../../model/finding.js";
import type { DbCluster, DbInstance } from "../../snapshot/datasets/rds.js";
import { regionalValues } from "../../snapshot/regional-values.js";
import type { Snapshot } from "../../snapshot/types.js";
import { nothingToJudge } from "../nothing-to-judge.js";
import type { Rule } from "../types.js";

/** The service an engine belongs to, for sentences: `Amazon DocumentDB`, `Amazon Neptune`, `Amazon Aurora`, `Amazon RDS`. */
export function engineService(engine: string): string {
  if (engine === "docdb" || engine.startsWith("docdb")) return "Amazon DocumentDB";
  if (engine === "neptune" || engine.startsWith("neptune")) return "Amazon Neptune";
  if (engine.startsWith("aurora")) return "Amazon Aurora";
  return "Amazon RDS";
}

/** `DB instance <id> (<engine>, Amazon Neptune) in <region>`. */
export function describeInstance(db: DbInstance, region: string): string {
  return `DB instance ${db.identifier} (${db.engine}, ${engineService(db.engine)}) in ${region}`;
}

/** The resource fields of an instance's finding. */
export function instanceResource(db: DbInstance, region: string) {
  return {
    resourceType: "AWS::RDS::DBInstance",
    resourceArn: db.arn,
    resourceName: db.identifier,
    identity: ["db-instance", db.arn],
    region,
  } as const;
}

/** The evidence every RDS finding carries about the instance. */
export function instanceEvidence(db: DbInstance, region: string): Record<string, unknown> {
  return {
    region,
    dbInstanceIdentifier: db.identifier,
    dbInstanceArn: db.arn,
    engine: db.engine,
    engineVersion: db.engineVersion,
    service: engineService(db.engine),
    dbClusterIdentifier: db.clusterIdentifier,
  };
}

/** The cluster `db` belongs to in `region`, when the clusters were read and it is there. */
export function clusterOf(snapshot: Snapshot, region: string, db: DbInstance): DbCluster | undefined {
  if (db.clusterIdentifier === null) return undefined;
  return regionalValues(snapshot, "rds.dbClusters")
    .get(region)
    ?.find((cluster) => cluster.identifier === db.clusterIdentifier);
}

/**
 * One finding per instance (regions in name order, instances by identifier); one PASS on the account
 * when there is none, unless a region's read failed (`nothingToJudge`: that region's ERROR stands alone).
 */
export function judgeInstances(
  rule: Pick<Rule, "id" | "severity">,
  snapshot: Snapshot,
  judge: (db: DbInstance, region: string) => Verdict,
): Finding[] {
  const byRegion = regionalValues(snapshot, "rds.dbInstances");
  const findings = [...byRegion].flatMap(([region, instances]) =>
    instances.map((db) => buildFinding(rule, snapshot, judge(db, region))),
  );
  if (findings.length > 0 || byRegion.size === 0) return findings;
  return nothingToJudge(rule, snapshot, {
    datasets: ["rds.dbInstances"],
    regions: [...byRegion.keys()],
    noun: "DB instance",
    evidence: { dbInstances: 0, regions: [...byRegion.keys()], source: "rds:DescribeDBInstances" },
  });
}
