/**
 * Every collector, by the dataset it fills. A test checks that every declared dataset has exactly one.
 */
import type { DatasetName } from "../../snapshot/datasets/index.js";
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
import type { Collector } from "./types.js";

const AREAS = [
  iam,
  account,
  ec2,
  accessanalyzer,
  s3,
  macie2,
  rds,
  efs,
  cloudtrail,
  config,
  kms,
  securityhub,
  monitoring,
];

/** The collector of each dataset. */
export const COLLECTORS: ReadonlyMap<DatasetName, Collector> = new Map(
  AREAS.flatMap((area) => Object.values(area) as Collector[]).map((collector) => [
    collector.dataset,
    collector,
  ]),
);
