/**
 * Every dataset cloudpatrol collects, by name. Adding a dataset: declare it in its area's module here
 * (or a new one, listed below), write its collector in `aws/collectors/`, and let a rule `require` it.
 */
import type { DatasetDefinition, DatasetValue } from "../dataset.js";
import * as accessanalyzer from "./accessanalyzer.js";
import * as account from "./account.js";
import * as cloudtrail from "./cloudtrail.js";
import * as config from "./config.js";
import * as ec2 from "./ec2.js";
import * as efs from "./efs.js";
import * as iam from "./iam.js";
import * as kms from "./kms.js";
import * as macie2 from "./macie2.js";
import * as monitoring from "./monitoring.js";
import * as rds from "./rds.js";
import * as s3 from "./s3.js";
import * as securityhub from "./securityhub.js";

/** The area modules; each export that is a dataset definition is registered. */
const AREAS = [
  iam,
  ec2,
  accessanalyzer,
  account,
  s3,
  macie2,
  rds,
  efs,
  cloudtrail,
  config,
  kms,
  securityhub,
  monitoring,
] as const;

type AreaDefinitions = {
  [A in (typeof AREAS)[number] as keyof A]: A[keyof A];
};
type Definitions = Extract<AreaDefinitions[keyof AreaDefinitions], DatasetDefinition>;

/** Every dataset's name: `iam.credentialReport`, `ec2.ebsEncryptionByDefault`, ... */
export type DatasetName = Definitions["name"];

/** The definition of the dataset `N`. */
export type DefinitionOf<N extends DatasetName> = Extract<Definitions, { name: N }>;

/** Names of the datasets stored in the snapshot's `datasets` map with one value per region. */
export type RegionalDatasetName = Extract<Definitions, { scope: "region"; stored: "datasets" }>["name"];

/** One region's value of the regional dataset `N`. */
export type RegionalValue<N extends RegionalDatasetName> = DatasetValue<DefinitionOf<N>>;

/** Names of the account-wide datasets stored in the snapshot's `accountDatasets` (`s3.buckets`, ...). */
export type AccountDatasetName = Extract<Definitions, { scope: "account"; stored: "datasets" }>["name"];

/** The value of the account-wide dataset `N`. */
export type AccountValue<N extends AccountDatasetName> = DatasetValue<DefinitionOf<N>>;

function isDefinition(value: unknown): value is DatasetDefinition {
  return (
    typeof value === "object" && value !== null && "name" in value && "scope" in value && "actions" in value
  );
}

/** Every dataset, by name (in declaration order). */
export const DATASETS: ReadonlyMap<DatasetName, DatasetDefinition<DatasetName>> = new Map(
  AREAS.flatMap((area) => Object.values(area).filter(isDefinition)).map((definition) => [
    definition.name as DatasetName,
    definition as DatasetDefinition<DatasetName>,
  ]),
);

/** True when `name` is a declared dataset. */
export function isDatasetName(name: string): name is DatasetName {
  return DATASETS.has(name as DatasetName);
}

/** The definition of `name`. @throws Error for an undeclared name (a programming error). */
export function datasetDefinition(name: DatasetName): DatasetDefinition<DatasetName> {
  const definition = DATASETS.get(name);
  if (!definition) throw new Error(`No dataset named ${name} is declared.`);
  return definition;
}

/** Position of `name` among the declared datasets (for sorting collection errors the same way every time). */
export function datasetPosition(name: string): number {
  const index = [...DATASETS.keys()].indexOf(name as DatasetName);
  return index === -1 ? DATASETS.size : index;
}

/** `names` and every dataset they depend on, dependencies first, each once. */
export function withDependencies(names: Iterable<DatasetName>): DatasetName[] {
  const ordered: DatasetName[] = [];
  const visit = (name: DatasetName) => {
    if (ordered.includes(name)) return;
    for (const dependency of datasetDefinition(name).dependsOn) visit(dependency as DatasetName);
    ordered.push(name);
  };
  for (const name of names) visit(name);
  return ordered;
}

/** The IAM actions that collect `names` (their dependencies included), sorted, each once. */
export function actionsFor(names: Iterable<DatasetName>): string[] {
  return [...new Set(withDependencies(names).flatMap((name) => datasetDefinition(name).actions))].sort();
}
