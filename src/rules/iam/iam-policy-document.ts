/**
 * Reading IAM policy documents for rules: which statements grant full administrative access
 * (`"Effect": "Allow"`, every action, every resource). Pure.
 *
 * IAM grammar handled: `Statement` as one object or a list; `Action`/`NotAction`/`Resource`/
 * `NotResource` as a string or a list. Partial wildcards (`s3:*`, `iam:Get*`) are not full access.
 */

/** Why a statement grants full administrative access, for evidence. */
export interface AdminStatement {
  /** Position in the document's statement list (0 for a lone statement object). */
  readonly index: number;
  readonly sid: string | null;
  /** `"Action"` when it lists `*`; `"NotAction"` when it allows everything except some actions. */
  readonly actionKey: "Action" | "NotAction";
  readonly actions: readonly string[];
  /** `"Resource"` (`*`) or `"NotResource"` (every resource except some). */
  readonly resourceKey: "Resource" | "NotResource";
  readonly resources: readonly string[];
  /** True when the statement carries a `Condition` (still reported: the benchmark judges the grant). */
  readonly conditional: boolean;
}

function strings(value: unknown): string[] | null {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) return value as string[];
  return null;
}

const FULL_ACTION = new Set(["*", "*:*"]);

/** The statements of a parsed document, as a list; throws on a document that has none. */
export function statementsOf(document: unknown): Record<string, unknown>[] {
  if (typeof document !== "object" || document === null || Array.isArray(document)) {
    throw new Error("the policy document is not a JSON object");
  }
  const statement = (document as Record<string, unknown>).Statement;
  const list = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (list.some((item) => typeof item !== "object" || item === null || Array.isArray(item))) {
    throw new Error("the policy document has a Statement that is not an object");
  }
  return list as Record<string, unknown>[];
}

/**
 * The statements that allow every action (`*`, or `NotAction`) on every resource (`*`, or
 * `NotResource`).
 * @throws Error when the document is not a policy document (no object, statements not objects).
 */
export function fullAdminStatements(document: unknown): AdminStatement[] {
  return statementsOf(document).flatMap((statement, index) => {
    if (statement.Effect !== "Allow") return [];
    const action = strings(statement.Action);
    const notAction = strings(statement.NotAction);
    const resource = strings(statement.Resource);
    const notResource = strings(statement.NotResource);
    const allActions = action !== null ? action.some((item) => FULL_ACTION.has(item)) : notAction !== null;
    const allResources = resource !== null ? resource.includes("*") : notResource !== null;
    if (!allActions || !allResources) return [];
    return [
      {
        index,
        sid: typeof statement.Sid === "string" ? statement.Sid : null,
        actionKey: action !== null ? "Action" : "NotAction",
        actions: action ?? notAction ?? [],
        resourceKey: resource !== null ? "Resource" : "NotResource",
        resources: resource ?? notResource ?? [],
        conditional: statement.Condition !== undefined,
      } satisfies AdminStatement,
    ];
  });
}
