/**
 * The syntax tree of a CloudWatch Logs JSON filter pattern (`{ $.eventName = ConsoleLogin && … }`).
 *
 * Source: Amazon CloudWatch Logs User Guide, "Filter pattern syntax for metric filters, subscription
 * filters, filter log events, and Live Tail" (JSON log events: selectors, `=`/`!=`, numeric comparisons,
 * `IS NULL`, `NOT EXISTS`, `IS TRUE`/`IS FALSE`, `&&`, `||`, parentheses, `*` wildcards, `%…%` regular
 * expressions as values).
 */

/** One step of a selector: a property name, or an array index (`[0]`). */
export type PathStep = string | number;

/**
 * A property selector, `$.requestParameters.instanceId` or `$.users[0].id`: `path` is the steps after
 * `$` (names as strings, indexes as numbers), `text` the selector as written.
 */
export interface Selector {
  readonly path: readonly PathStep[];
  readonly text: string;
}

/**
 * A value compared with a selector. A string (quoted or not) may start and/or end with the `*`
 * wildcard (`*UnauthorizedOperation`, `AccessDenied*`, `*`); a `*` inside a value is a literal `*`, as
 * the AWS documentation says (`Ev*ent` only matches `Ev*ent`). A number is an unquoted literal written
 * as a number (`400`, `-1.5`, `10e3`). A regular expression (`%CreateTrail|UpdateTrail%`, valid in JSON
 * patterns since 2023) is kept as its text and never evaluated: cloudpatrol builds no regular expression
 * from a pattern.
 */
export type Value =
  | {
      readonly kind: "string";
      /** The text without quotes and escapes, wildcards included. */
      readonly text: string;
      /** True when written in double quotes. */
      readonly quoted: boolean;
    }
  | { readonly kind: "number"; readonly value: number; readonly text: string }
  | {
      readonly kind: "regex";
      /** The text between the two `%`, as written. */
      readonly text: string;
    };

/** Comparison operators: `=` and `!=` for strings and numbers, the others for numbers only. */
export type Operator = "=" | "!=" | "<" | "<=" | ">" | ">=";

/** `$.field op value`. */
export interface Comparison {
  readonly kind: "compare";
  readonly selector: Selector;
  readonly op: Operator;
  readonly value: Value;
}

/** `$.field IS NULL`, `$.field NOT EXISTS`, `$.field IS TRUE`, `$.field IS FALSE`. */
export interface Test {
  readonly kind: "test";
  readonly selector: Selector;
  readonly test: "IS NULL" | "NOT EXISTS" | "IS TRUE" | "IS FALSE";
}

/** A condition on one selector: the leaves of the tree. */
export type Condition = Comparison | Test;

/**
 * An expression: a condition, or the conjunction (`&&`) / disjunction (`||`) of two or more
 * expressions. Chains of one operator are flattened (`a && b && c` is one `and` of three); parentheses
 * leave no node of their own.
 */
export type Expression =
  | Condition
  | { readonly kind: "and"; readonly operands: readonly Expression[] }
  | { readonly kind: "or"; readonly operands: readonly Expression[] };
