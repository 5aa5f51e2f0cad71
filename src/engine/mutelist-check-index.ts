/**
 * Which mutelist entries can name a rule, found without testing every entry's check key against it:
 * the entries are grouped by the literal text their check key starts with.
 */

/** What the index needs of a mutelist entry. */
export interface IndexedEntry {
  /** The check key as written: a rule id, an alias, a `*` glob, or a `/regex/`. */
  readonly check: string;
  /** Whether the check key names the rule id (directly, through an alias, or by pattern). */
  readonly checkMatches: (ruleId: string) => boolean;
}

/** The body of a pattern written `/regex/`; undefined for a glob. */
export function regexBody(pattern: string): string | undefined {
  return /^\/(.+)\/$/s.exec(pattern)?.[1];
}

/**
 * The text every value a check key matches starts with: a glob's text before its first `*` (all of it
 * without a `*`), nothing for a `/regex/` (it may match anywhere).
 */
function literalPrefix(check: string): string {
  if (regexBody(check) !== undefined) return "";
  const star = check.indexOf("*");
  return star < 0 ? check : check.slice(0, star);
}

/**
 * The entries of a mutelist by the literal prefix of their check key. A rule's candidates are the
 * entries whose prefix starts one of the rule's names (its id and aliases): at most one lookup per
 * character of each name, so finding them costs the length of the names and the candidates, not the
 * length of the file. Each candidate is still tested with its own `checkMatches`.
 */
export class CheckIndex<Entry extends IndexedEntry> {
  /** Literal prefix → positions in the file of the entries whose check key starts with it. */
  readonly #byPrefix = new Map<string, number[]>();

  constructor(readonly entries: readonly Entry[]) {
    entries.forEach((entry, position) => {
      const prefix = literalPrefix(entry.check);
      const positions = this.#byPrefix.get(prefix);
      if (positions) positions.push(position);
      else this.#byPrefix.set(prefix, [position]);
    });
  }

  /**
   * The entries whose check key names `ruleId`, in file order. `names` is every name the rule answers
   * to (its id first, then its aliases); the entry's `checkMatches` decides.
   */
  entriesNaming(ruleId: string, names: readonly string[]): Entry[] {
    const positions = new Set<number>();
    for (const name of names) {
      for (let length = 0; length <= name.length; length++) {
        for (const position of this.#byPrefix.get(name.slice(0, length)) ?? []) positions.add(position);
      }
    }
    return [...positions]
      .sort((a, b) => a - b)
      .map((position) => this.entries[position] as Entry)
      .filter((entry) => entry.checkMatches(ruleId));
  }
}
