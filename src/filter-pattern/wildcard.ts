/**
 * String values with `*` wildcards, matched without regular expressions: a value may start and/or end
 * with `*` (`*Event` ends with "Event", `Event*` starts with it, `*Event*` contains it, `*` is any text);
 * a `*` anywhere else is a literal character (the AWS documentation: `Ev*ent` only matches `Ev*ent`).
 * Every check is a linear string operation.
 */

/** A value split into its wildcard ends and its literal core. */
export interface WildcardValue {
  /** Starts with `*`: any text may come before `core`. */
  readonly anyBefore: boolean;
  /** Ends with `*`: any text may come after `core`. */
  readonly anyAfter: boolean;
  readonly core: string;
}

/** Splits `*Unauthorized*` into `{ anyBefore: true, anyAfter: true, core: "Unauthorized" }`. */
export function wildcardValue(text: string): WildcardValue {
  if (text === "*" || text === "**") return { anyBefore: true, anyAfter: true, core: "" };
  const anyBefore = text.startsWith("*");
  const anyAfter = text.length > 1 && text.endsWith("*");
  return { anyBefore, anyAfter, core: text.slice(anyBefore ? 1 : 0, anyAfter ? -1 : undefined) };
}

/** True when `candidate` is one of the strings `pattern` matches. */
export function wildcardMatches(pattern: WildcardValue, candidate: string): boolean {
  const { anyBefore, anyAfter, core } = pattern;
  if (anyBefore && anyAfter) return candidate.includes(core);
  if (anyBefore) return candidate.endsWith(core);
  if (anyAfter) return candidate.startsWith(core);
  return candidate === core;
}

/**
 * True when every string `inner` matches is also matched by `outer` (the set of `inner` is a subset of
 * `outer`'s): `AccessDenied` ⊆ `AccessDenied*`, `*UnauthorizedOperation` ⊆ `*Unauthorized*`, anything ⊆ `*`.
 */
export function wildcardContains(outer: WildcardValue, inner: WildcardValue): boolean {
  if (outer.anyBefore && outer.anyAfter) return inner.core.includes(outer.core);
  if (outer.anyBefore) return !inner.anyAfter && inner.core.endsWith(outer.core);
  if (outer.anyAfter) return !inner.anyBefore && inner.core.startsWith(outer.core);
  return !inner.anyBefore && !inner.anyAfter && inner.core === outer.core;
}
