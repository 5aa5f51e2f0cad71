/**
 * A dataset is the unit of collection: one kind of AWS data (the IAM credential report, the EBS
 * encryption-by-default setting of every region, ...) declared once, here in `snapshot/datasets/`, with
 * its name, scope, the IAM actions that read it, the datasets it depends on and the zod schema of its
 * value in a snapshot file. A collector in `aws/collectors/` fills it; rules declare the datasets they
 * read (`requires`), and the engine checks that each is there before calling a rule.
 */
import type { z as zod } from "zod";

/** `account`: one value per account; `region`: one value per enabled region. */
export type DatasetScope = "account" | "region";

/** One declared dataset. `Value` is, for a regional dataset, the value of one region. */
export interface DatasetDefinition<Name extends string = string, Value = unknown> {
  /** `<service>.<what>`: `iam.credentialReport`, `ec2.ebsEncryptionByDefault`. */
  readonly name: Name;
  readonly scope: DatasetScope;
  /** What it holds, for sentences: "the EBS encryption-by-default setting". */
  readonly title: string;
  /**
   * Every IAM action its collector calls (`ec2:GetEbsEncryptionByDefault`): the least-privilege
   * policy, the deploy template's roles and the README's scan policy are built from these.
   */
  readonly actions: readonly string[];
  /** Datasets that must be collected first (a regional dataset depends on `ec2.regions`). */
  readonly dependsOn: readonly string[];
  /**
   * The value's schema in a snapshot file (dates already revived to `Date`s), built with the `z` the
   * caller loaded: zod is loaded only to read a snapshot file. For a regional dataset, one region's value.
   * Datasets whose values live in the snapshot's typed IAM fields are validated there (`stored: "field"`).
   */
  readonly schema?: (z: typeof zod) => zod.ZodType<Value>;
  /**
   * Where the value lives: `datasets` (the snapshot's `datasets` map; regional values by region), or
   * `field` for the IAM and account datasets that have their own typed snapshot fields.
   */
  readonly stored: "datasets" | "field";
}

/** The value type a definition declares (one region's value for a regional dataset). */
export type DatasetValue<D> = D extends DatasetDefinition<string, infer Value> ? Value : never;

/**
 * Declares a dataset; the value type is inferred from the schema.
 * @example
 * export const ebsEncryptionByDefault = defineDataset({
 *   name: "ec2.ebsEncryptionByDefault", scope: "region", title: "the EBS encryption-by-default setting",
 *   actions: ["ec2:GetEbsEncryptionByDefault"], dependsOn: ["ec2.regions"], stored: "datasets",
 *   schema: (z) => z.looseObject({ enabled: z.boolean() }),
 * });
 */
export function defineDataset<
  const Name extends string,
  const Scope extends DatasetScope,
  const Stored extends DatasetDefinition["stored"],
  Value,
>(
  definition: DatasetDefinition<Name, Value> & { readonly scope: Scope; readonly stored: Stored },
): DatasetDefinition<Name, Value> & { readonly scope: Scope; readonly stored: Stored } {
  return definition;
}
