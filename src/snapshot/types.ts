/**
 * The Snapshot: everything collected for one account at one time. Rules read only this, so every
 * verdict can be reproduced from it offline.
 */
import type { CredentialReport } from "../credential-report/types.js";
import type { AuthorizationData } from "./authorization.js";
import type {
  AccountDatasetName,
  AccountValue,
  DatasetName,
  RegionalDatasetName,
  RegionalValue,
} from "./datasets/index.js";
import type { IamUser, UserCredentials } from "./iam.js";
import type { IamAccountData } from "./iam-account.js";
import type { RegionalData } from "./regional.js";
import type { SecurityContact } from "./security-contact.js";

/** The data sets a rule may need: every declared dataset (`snapshot/datasets/`). */
export type Dataset = DatasetName;

/**
 * The values of the regional datasets, by dataset name, then by region (`eu-west-1` → value). A region
 * absent from a dataset's map could not be read there (see the snapshot's errors) or was not asked for.
 * Maps, not plain objects: region names come from the account.
 */
export type RegionalDatasets = {
  readonly [N in RegionalDatasetName]?: ReadonlyMap<string, RegionalValue<N>>;
};

/**
 * The values of the account-wide datasets that have no typed field of their own (`s3.buckets`,
 * `s3.accountPublicAccessBlock`), by dataset name.
 */
export type AccountDatasets = {
  readonly [N in AccountDatasetName]?: AccountValue<N>;
};

/**
 * A data set that could not be collected, and why. Rules that need it produce ERROR findings (a rule
 * with `judgesMissingPermission` judges an access error itself).
 */
export interface CollectionError {
  readonly dataset: Dataset;
  /** The AWS API that failed, as an IAM action: `iam:GenerateCredentialReport`, `account:GetAlternateContact`. */
  readonly api: string;
  /** The AWS error code (`AccessDenied`, `Throttling`) or a cloudpatrol code (`Timeout`). */
  readonly code: string;
  /** One sentence for a person. */
  readonly message: string;
  /** The IAM permission the caller lacks, for access errors. */
  readonly missingPermission?: string;
  /**
   * The region whose call failed, for a regional data set (`eu-west-1`): only that region's verdicts
   * become ERROR findings, the other regions are still judged. Absent for account-wide data.
   */
  readonly region?: string;
}

/** Where the snapshot's data came from. */
export type SnapshotSource = "aws" | "credential-report-file";

/** Everything collected for one account. */
export interface Snapshot {
  /** 12-digit AWS account id (`unknown` when an offline report names none). */
  readonly accountId: string;
  /** ARN partition: `aws`, `aws-us-gov`, `aws-cn`. */
  readonly partition: string;
  /** When the scan started (UTC); rules use it instead of a clock. */
  readonly collectedAt: Date;
  readonly source: SnapshotSource;
  /** The IAM credential report, when it could be had. */
  readonly credentialReport?: CredentialReport;
  readonly errors: readonly CollectionError[];
  /**
   * Every IAM user that exists now (ListUsers, all pages), when the scan verified the report through
   * the API. Report rows for users not in this list were deleted after the report was generated.
   */
  readonly iamUsers?: readonly IamUser[];
  /**
   * Fresh API view of some users' credentials, by user name: users the report flagged and users created
   * after the report. Where present, rules judge from it instead of the report. A `Map`, never a plain
   * object: user names such as `constructor` or `__proto__` are valid IAM names (a snapshot file holds it
   * as a JSON object).
   */
  readonly userCredentials?: ReadonlyMap<string, UserCredentials>;
  /** Account-wide IAM settings: password policy, account summary, virtual MFA devices. */
  readonly iamAccount?: IamAccountData;
  /** IAM users, groups, roles and policies; server certificates; identity providers. */
  readonly authorization?: AuthorizationData;
  /** The regions DescribeRegions listed and the enabled ones judged (dataset `ec2.regions`). */
  readonly regional?: RegionalData;
  /** The regional datasets' values per region (`ec2.instances`, `ec2.ebsEncryptionByDefault`, ...). */
  readonly datasets?: RegionalDatasets;
  /** The account-wide datasets' values (`s3.buckets`, `s3.accountPublicAccessBlock`, ...). */
  readonly accountDatasets?: AccountDatasets;
  /**
   * The record of collection: every dataset that was collected (for a regional dataset: asked of every
   * enabled region; the regions that failed are in `errors`). A dataset a rule needs that is neither
   * here nor in `errors` was not collected: the rule gets one MANUAL finding saying so. Absent in
   * snapshots made before the record existed: then the data present is the record.
   */
  readonly collected?: readonly Dataset[];
  /**
   * The security alternate contact (account:GetAlternateContact, type SECURITY), or null when the
   * account has none. Absent when not collected.
   */
  readonly securityContact?: SecurityContact;
}
