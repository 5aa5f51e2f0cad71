/**
 * The scope of a scan (which scans are comparable) and its canonical text form, the key in the
 * database.
 */
import type { ScanReport } from "../scan.js";
import type { Scope } from "./types.js";

/** The rule selection of a scan, as the user gave it. */
export interface RuleSelection {
  readonly framework?: string | undefined;
  readonly rules?: readonly string[] | undefined;
}

function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}

/** The scope of a scan result and the rule selection that produced it. */
export function scopeOf(result: ScanReport, selection: RuleSelection = {}): Scope {
  return {
    source: result.scan.source,
    accounts: sortedUnique(result.scan.accounts.map((account) => account.accountId)),
    framework: selection.framework ?? null,
    rules: selection.rules && selection.rules.length > 0 ? sortedUnique(selection.rules) : null,
  };
}

/** The canonical text of a scope (fixed key order): equal scopes give equal text. */
export function scopeKey(scope: Scope): string {
  return JSON.stringify({
    source: scope.source,
    accounts: scope.accounts,
    framework: scope.framework,
    rules: scope.rules,
  });
}

/** Parses {@link scopeKey} text back. */
export function parseScope(key: string): Scope {
  return JSON.parse(key) as Scope;
}

/** One line for people: `live, account 123456789012, all rules`. */
export function describeScope(scope: Scope): string {
  const source =
    scope.source === "aws" ? "live" : scope.source === "credential-report-file" ? "offline" : scope.source;
  const accounts =
    scope.accounts.length === 1 ? `account ${scope.accounts[0]}` : `${scope.accounts.length} accounts`;
  const rules = [
    scope.framework ? `framework ${scope.framework}` : undefined,
    scope.rules ? `rules ${scope.rules.join(",")}` : undefined,
  ].filter((part) => part !== undefined);
  return [source, accounts, rules.length > 0 ? rules.join(", ") : "all rules"].join(", ");
}
