/**
 * The mutelist: accepted risks, in Prowler's mutelist layout plus a reason, an owner and an expiry per
 * entry. Parsing keeps line and column of every value, so an invalid file is reported exactly (exit 2).
 * Matching rules: docs/mutelist.md.
 *
 * ```yaml
 * Mutelist:
 *   Accounts:
 *     "111122223333":            # or "*"
 *       Checks:
 *         iam_user_no_setup_initial_access_key:   # Prowler id, alias of iam_user_no_access_key_at_setup
 *           Regions: ["*"]
 *           Resources: ["build-bot", "arn:aws:iam::*:user/ci-*"]
 *           Tags: ["team=platform|team=infra"]
 *           Exceptions: { Resources: ["admin"] }
 *           Reason: Deploy user, key rotated by Vault
 *           Owner: platform@example.com
 *           Expires: 2027-03-31
 * ```
 */
import { RE2JS } from "re2js";
import {
  type Document,
  isAlias,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  type Node,
  parseDocument,
  visit,
  type YAMLError,
  type YAMLMap,
} from "yaml";
import { InputError } from "../model/errors.js";
import { excerpt, quoteExcerpt } from "../model/escape.js";
import type { Finding } from "../model/finding.js";
import { readInputFile } from "../model/input-file.js";
import { parseIsoTime } from "../model/time.js";
import { RULES } from "../rules/index.js";
import { CheckIndex, regexBody } from "./mutelist-check-index.js";

/**
 * Other tools' check ids accepted as aliases of cloudpatrol rule ids (alias → our id), from each rule's
 * `aliases` (Prowler's ids): the rule declares them, this module names no rule.
 */
export const PROWLER_ALIASES: ReadonlyMap<string, string> = new Map(
  RULES.flatMap((rule) => (rule.aliases ?? []).map((alias) => [alias, rule.id] as const)),
);

/** A malformed mutelist file. `line` and `column` are 1-based. Exit code 2. */
export class MutelistFormatError extends InputError {
  constructor(
    readonly source: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    const where = [source, line && `line ${line}`, column && `column ${column}`].filter(Boolean).join(", ");
    super(`invalid mutelist ${where}: ${problem}`, options);
  }
}

/** One value pattern: `*` globs matching the whole value, or `/regex/` (searched, as written). */
export interface Pattern {
  /** The text as written in the file. */
  readonly raw: string;
  readonly kind: "glob" | "regex";
  /** Whether the pattern matches `value` under cloudpatrol's rules. */
  test(value: string): boolean;
  /** Whether Prowler would have matched `value` (unanchored regex search); for migration warnings. */
  prowlerTest(value: string): boolean;
  /**
   * Where the pattern is written in the file (1-based; a `Tags` item's place for each of its `|`
   * alternatives), for warnings; absent for a pattern not read from a list (an account key, the default
   * `Regions`).
   */
  readonly line?: number;
  readonly column?: number;
}

/** A tag condition: alternatives separated by `|`, any of which may match one `key=value` tag. */
export type TagCondition = readonly Pattern[];

/** The exceptions of an entry: a finding matching all the non-empty lists is not muted. */
export interface Exceptions {
  readonly accounts: readonly Pattern[];
  readonly regions: readonly Pattern[];
  readonly resources: readonly Pattern[];
  readonly tags: readonly TagCondition[];
}

/** One mutelist entry (one check under one account key). */
export interface MutelistEntry {
  /** The account key as written: a 12-digit id, a glob, or `*`. */
  readonly account: string;
  /** The check key as written: a rule id, a Prowler alias, a glob, or `*`. */
  readonly check: string;
  /** `account`, compiled once. */
  readonly accountPattern: Pattern;
  /** Whether `check` names a rule id (directly, through a Prowler alias, or by glob); compiled once. */
  readonly checkMatches: (ruleId: string) => boolean;
  readonly regions: readonly Pattern[];
  readonly resources: readonly Pattern[];
  readonly tags: readonly TagCondition[];
  readonly exceptions: Exceptions;
  readonly reason: string;
  readonly owner: string | null;
  /** As written (`2027-03-31` or an ISO time), or null. */
  readonly expires: string | null;
  /** The first instant the entry no longer mutes; null for never. A date means the end of that day, UTC. */
  readonly expiresAt: Date | null;
  /** Where the entry starts in the file (1-based). */
  readonly line: number;
  readonly column: number;
}

/** A parsed mutelist. */
export interface Mutelist {
  /** The file name, for messages. */
  readonly source: string;
  readonly entries: readonly MutelistEntry[];
}

const REGEX_SYNTAX = /[\^$|+?()[\]{}\\]|\.\*/;

/**
 * A `*` glob matching the whole value, without a regular expression: the literal parts in order, each
 * found leftmost after the previous one (greedy leftmost is exact when `*` is the only wildcard).
 * Linear in the value's length per part.
 */
function globMatcher(glob: string): (value: string) => boolean {
  const parts = glob.split("*");
  if (parts.length === 1) return (value) => value === glob;
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const middle = parts.slice(1, -1).filter((part) => part !== "");
  const minLength = parts.reduce((sum, part) => sum + part.length, 0);
  return (value) => {
    if (value.length < minLength || !value.startsWith(first) || !value.endsWith(last)) return false;
    const end = value.length - last.length;
    let at = first.length;
    for (const part of middle) {
      const found = value.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

/**
 * A user-supplied regular expression on a linear-time engine (RE2 semantics, re2js): no input can make
 * it backtrack for ever (`/^(a+)+b$/`). `.` matches newlines too.
 * @throws `Error` naming the pattern for syntax RE2 does not have (backreferences, lookaround).
 */
function linearRegex(body: string, raw: string): RE2JS {
  try {
    return RE2JS.compile(body, RE2JS.DOTALL);
  } catch (error) {
    throw new Error(
      `${raw} is not a regular expression cloudpatrol can run (RE2 syntax, linear time: no backreferences or lookaround): ${(error as Error).message}`,
    );
  }
}

/** Prowler's matcher: a leading `*` becomes `.*`, then `re.search`. Undefined when RE2 cannot compile it. */
function prowlerRegex(pattern: string): RE2JS | undefined {
  try {
    return RE2JS.compile(
      pattern === "*" ? ".*" : pattern.startsWith("*") ? `.*${pattern.slice(1)}` : pattern,
    );
  } catch {
    return undefined;
  }
}

/**
 * Compiles a pattern once: a glob into a string matcher, a `/regex/` on the linear-time engine.
 * `at` is where it is written in the file, kept for warnings.
 * Throws `Error` with a message for a `/regex/` RE2 cannot run.
 */
export function compilePattern(raw: string, at?: { line: number; column: number }): Pattern {
  const body = regexBody(raw);
  if (body !== undefined) {
    // Checked now (an invalid pattern is an error at its line), kept compiled only once it is used: a
    // file of 100,000 entries would otherwise hold 100,000 compiled programs, most never run.
    linearRegex(body, raw);
    let regex: RE2JS | null = null;
    const test = (v: string) => {
      regex ??= linearRegex(body, raw);
      return regex.test(v);
    };
    return { raw, kind: "regex", test, prowlerTest: test, ...at };
  }
  const glob = globMatcher(raw);
  // Prowler's reading is only needed for migration warnings: compiled on first use.
  let prowler: RE2JS | undefined | null = null;
  return {
    raw,
    kind: "glob",
    test: glob,
    prowlerTest: (v) => {
      if (prowler === null) prowler = prowlerRegex(raw);
      return prowler ? prowler.test(v) : glob(v);
    },
    ...at,
  };
}

/**
 * For a glob written like a JavaScript regular expression with flags (`/BUILD-BOT/i`), the `/regex/`
 * that means it: `i` and `m` as RE2's inline flags (`/(?i)BUILD-BOT/`); `s` is always on (a `/regex/`'s
 * `.` matches line breaks), and `g`, `y`, `u`, `v` and `d` mean nothing for a mute. Undefined otherwise.
 */
function regexWithFlags(pattern: Pattern): string | undefined {
  if (pattern.kind !== "glob") return undefined;
  const match = /^\/(.+)\/([dgimsuvy]+)$/s.exec(pattern.raw);
  if (!match) return undefined;
  const [, body, flags = ""] = match;
  const inline = [..."im"].filter((flag) => flags.includes(flag)).join("");
  return inline === "" ? `/${body}/` : `/(?${inline})${body}/`;
}

/** Whether the pattern is written like a Prowler regular expression (anchors, alternation, `.*`, ...). */
export function looksLikeRegex(pattern: Pattern): boolean {
  return pattern.kind === "glob" && REGEX_SYNTAX.test(pattern.raw);
}

// ---------------------------------------------------------------------------------------------------
// Parsing, with positions.

/**
 * The most values a mutelist may take from its aliases (each use of an alias counts the items of what
 * it names): an anchored list of patterns reused across a large file comes to thousands; a few lines
 * of aliases of aliases (a YAML "billion laughs") would expand to billions.
 */
const MAX_ALIASED_VALUES = 100_000;

/** The longest pattern: an ARN has at most 2,048 characters (one aliased 200,000-character pattern, used
 * 1,000 times, exhausted memory). */
const MAX_PATTERN_CHARS = 4096;

/**
 * The node each alias of `doc` names: the latest node before it with that anchor (YAML allows an anchor
 * to be defined again). One pass in document order: yaml's own `Alias.resolve` searches the document
 * from its start for every alias, so a file of N aliases took N² steps (10,000 aliases: 12 s).
 */
function aliasTargets(doc: Document): Map<Node, Node | null> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Node, Node | null>();
  visit(doc, (_key, node) => {
    if (isAlias(node)) targets.set(node, anchors.get(node.source) ?? null);
    else if (isNode(node) && node.anchor) anchors.set(node.anchor, node);
  });
  return targets;
}

/** The longest Reason or Owner: each is copied into every finding the entry mutes (a 4 MiB Reason
 * muting 81 findings made a 680 MB JSON report). */
const MAX_REASON_CHARS = 2048;

class Reader {
  /** Values taken from aliases so far ({@link MAX_ALIASED_VALUES}). */
  private aliased = 0;

  constructor(
    readonly source: string,
    readonly lines: LineCounter,
    readonly doc: Document,
  ) {}

  /** Each alias's node, found in one pass over the file ({@link aliasTargets}); made on first use. */
  private targets: Map<Node, Node | null> | undefined;

  /** The node an alias (`*bots`) points to; any other node as it is. */
  deref(node: Node | null | undefined): Node | null {
    if (!isAlias(node)) return node ?? null;
    this.targets ??= aliasTargets(this.doc);
    const resolved = this.targets.get(node) ?? null;
    this.aliased += isSeq(resolved) || isMap(resolved) ? resolved.items.length : 1;
    if (this.aliased > MAX_ALIASED_VALUES)
      this.fail(
        node,
        `more than ${MAX_ALIASED_VALUES.toLocaleString("en-US")} values taken from aliases: refused (aliases of aliases multiply a few lines into billions of values)`,
      );
    return resolved;
  }

  /**
   * Fails at `node`'s start. A value reached through an alias fails at the alias (`*bots`), where it is
   * used: the callers pass the alias, not the anchored node it names.
   */
  fail(node: Node | null | undefined, problem: string): never {
    const offset = node?.range?.[0];
    const pos = offset === undefined ? undefined : this.lines.linePos(offset);
    throw new MutelistFormatError(this.source, pos?.line, pos?.col, problem);
  }

  position(node: Node): { line: number; column: number } {
    const pos = this.lines.linePos(node.range?.[0] ?? 0);
    return { line: pos.line, column: pos.col };
  }

  map(raw: Node | null | undefined, what: string, parent?: Node | null): YAMLMap<unknown, unknown> {
    const node = this.deref(raw);
    if (!isMap(node))
      this.fail(isAlias(raw) ? raw : (node ?? parent), `${what} must be a mapping (key: value)`);
    return node;
  }

  /** The map's entries as [key text, key node, value node]. */
  entries(map: YAMLMap<unknown, unknown>, what: string): [string, Node, Node | null][] {
    return map.items.map((pair) => {
      const key = pair.key as Node | null;
      if (!isScalar(key) || (typeof key.value !== "string" && typeof key.value !== "number"))
        this.fail(key ?? map, `${what} keys must be plain text`);
      // A number key is read as written: YAML reads an unquoted 012345678901 as 12345678901, an
      // account id that matches no account (the entry would silently mute nothing).
      const text =
        typeof key.value === "number" && typeof key.source === "string" ? key.source : String(key.value);
      return [text, key, this.deref(pair.value as Node | null)];
    });
  }

  string(raw: Node | null, what: string, parent: Node): string {
    const node = this.deref(raw);
    if (!isScalar(node) || node.value === null || typeof node.value === "object" || node.value === "")
      this.fail(isAlias(raw) ? raw : (node ?? parent), `${what} must be non-empty text`);
    return String(node.value);
  }

  /** Non-empty text of at most `max` characters (a Reason, an Owner). */
  text(raw: Node | null, what: string, parent: Node, max: number): string {
    const value = this.string(raw, what, parent);
    if (value.length > max)
      this.fail(
        raw ?? parent,
        `${what} has ${value.length.toLocaleString("en-US")} characters; at most ${max.toLocaleString("en-US")} (it is copied into every finding it mutes)`,
      );
    return value;
  }

  /** An item of a list of patterns, at most {@link MAX_PATTERN_CHARS} long. */
  patternText(item: Node | null, what: string, list: Node): string {
    const raw = this.string(item, `each item of ${what}`, list);
    if (raw.length > MAX_PATTERN_CHARS)
      this.fail(
        item ?? list,
        `${what}: a pattern of ${raw.length.toLocaleString("en-US")} characters; at most ${MAX_PATTERN_CHARS.toLocaleString("en-US")} (an ARN has at most 2,048)`,
      );
    return raw;
  }

  patterns(raw: Node | null, what: string, parent: Node): Pattern[] {
    const node = this.deref(raw);
    if (!isSeq(node)) this.fail(isAlias(raw) ? raw : (node ?? parent), `${what} must be a list`);
    return node.items.map((item) => {
      const raw = this.patternText(item as Node | null, what, node);
      try {
        return compilePattern(raw, this.position(item as Node));
      } catch (error) {
        return this.fail(item as Node, `${what}: ${(error as Error).message}`);
      }
    });
  }

  tags(raw: Node | null, what: string, parent: Node): TagCondition[] {
    const node = this.deref(raw);
    if (!isSeq(node)) this.fail(isAlias(raw) ? raw : (node ?? parent), `${what} must be a list`);
    return node.items.map((item) => {
      const raw = this.patternText(item as Node | null, what, node);
      const alternatives = /^\/.+\/$/s.test(raw) ? [raw] : raw.split("|");
      try {
        const at = this.position(item as Node);
        return alternatives.map((alternative) => compilePattern(alternative.trim(), at));
      } catch (error) {
        return this.fail(item as Node, `${what}: ${(error as Error).message}`);
      }
    });
  }
}

function parseExpiry(reader: Reader, node: Node | null, parent: Node): { text: string; at: Date } {
  const text = isScalar(node) && node.value instanceof Date ? node.value.toISOString() : undefined;
  const raw = text ?? reader.string(node, "Expires", parent);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (day) {
    const start = parseIsoTime(`${raw}T00:00:00Z`);
    if (!start.ok) reader.fail(node, `Expires ${quoteExcerpt(raw)} is not a real date: ${start.problem}`);
    return { text: raw, at: new Date(start.date.getTime() + 86_400_000) };
  }
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    const parsed = parseIsoTime(raw);
    if (parsed.ok) return { text: raw, at: parsed.date };
    if (!parsed.problem.startsWith("expected"))
      reader.fail(node, `Expires ${quoteExcerpt(raw)} is not a real time: ${parsed.problem}`);
  }
  return reader.fail(
    node,
    `Expires must be a date (2027-03-31) or an ISO 8601 time with a zone (2027-03-31T12:00:00Z), found ${quoteExcerpt(raw)}`,
  );
}

const ENTRY_KEYS = [
  "Regions",
  "Resources",
  "Tags",
  "Exceptions",
  "Reason",
  "Description",
  "Owner",
  "Expires",
];
const EXCEPTION_KEYS = ["Accounts", "Regions", "Resources", "Tags"];

function parseEntry(reader: Reader, account: string, check: string, node: Node | null, keyNode: Node) {
  const where = `Accounts.${account}.Checks.${check}`;
  const map = reader.map(node, where, keyNode);
  const fields = new Map<string, [Node, Node | null]>();
  for (const [key, keyNodeOf, value] of reader.entries(map, where)) {
    if (!ENTRY_KEYS.includes(key))
      reader.fail(
        keyNodeOf,
        `unknown key ${quoteExcerpt(key)} in ${where}; expected one of ${ENTRY_KEYS.join(", ")}`,
      );
    fields.set(key, [keyNodeOf, value]);
  }
  const field = (key: string) => fields.get(key);
  const resources = field("Resources");
  if (!resources) reader.fail(map, `${where} needs Resources (a list; ["*"] for every resource)`);
  const reasonField = field("Reason") ?? field("Description");
  if (!reasonField)
    reader.fail(
      map,
      `${where} needs a Reason: why is this risk accepted? (Prowler's Description is accepted too)`,
    );
  const regions = field("Regions");
  const tags = field("Tags");
  const owner = field("Owner");
  const expires = field("Expires");
  const exceptionsField = field("Exceptions");
  let exceptions: Exceptions = { accounts: [], regions: [], resources: [], tags: [] };
  if (exceptionsField) {
    const exceptionWhere = `${where}.Exceptions`;
    const exceptionMap = reader.map(exceptionsField[1], exceptionWhere, exceptionsField[0]);
    const parts = new Map<string, [Node, Node | null]>();
    for (const [key, keyNodeOf, value] of reader.entries(exceptionMap, exceptionWhere)) {
      if (!EXCEPTION_KEYS.includes(key))
        reader.fail(
          keyNodeOf,
          `unknown key ${quoteExcerpt(key)} in ${exceptionWhere}; expected one of ${EXCEPTION_KEYS.join(", ")}`,
        );
      parts.set(key, [keyNodeOf, value]);
    }
    const list = (key: string) => {
      const part = parts.get(key);
      return part ? reader.patterns(part[1], `${exceptionWhere}.${key}`, part[0]) : [];
    };
    const exceptionTags = parts.get("Tags");
    exceptions = {
      accounts: list("Accounts"),
      regions: list("Regions"),
      resources: list("Resources"),
      tags: exceptionTags ? reader.tags(exceptionTags[1], `${exceptionWhere}.Tags`, exceptionTags[0]) : [],
    };
  }
  const expiry = expires ? parseExpiry(reader, expires[1], expires[0]) : undefined;
  return {
    account,
    check,
    accountPattern: compilePattern(account),
    checkMatches: checkMatcher(check),
    regions: regions ? reader.patterns(regions[1], `${where}.Regions`, regions[0]) : [compilePattern("*")],
    resources: reader.patterns(resources[1], `${where}.Resources`, resources[0]),
    tags: tags ? reader.tags(tags[1], `${where}.Tags`, tags[0]) : [],
    exceptions,
    reason: reader.text(reasonField[1], `${where}.Reason`, reasonField[0], MAX_REASON_CHARS),
    owner: owner ? reader.text(owner[1], `${where}.Owner`, owner[0], MAX_REASON_CHARS) : null,
    expires: expiry?.text ?? null,
    expiresAt: expiry?.at ?? null,
    ...reader.position(keyNode),
  } satisfies MutelistEntry;
}

/**
 * The offset of the first key (in the file's order) that repeats an earlier key of its mapping, anywhere
 * in the document; undefined when every mapping's keys are unique. Keys are equal as yaml's `uniqueKeys`
 * has them: scalars with the same value (`1` and `"1"` differ, `~` and `null` do not); a mapping or list
 * as a key equals only itself. Linear: one Set per mapping.
 */
function firstDuplicateKey(doc: Document): number | undefined {
  let first: number | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key as Node | null;
        // NaN !== NaN for yaml, but one value for a Set: such a key is never a duplicate.
        if (!isScalar(key) || Number.isNaN(key.value)) continue;
        if (!seen.has(key.value)) {
          seen.add(key.value);
          continue;
        }
        const offset = key.range?.[0];
        if (offset !== undefined && (first === undefined || offset < first)) first = offset;
        return;
      }
    },
  });
  return first;
}

/**
 * What a mutelist nested deeper than the YAML reader can follow is told (yaml reports its stack
 * overflow as "Maximum call stack size exceeded", which reads like a bug of ours).
 */
const TOO_DEEP =
  "nested too deeply: more levels of [ ], { } or indentation than the YAML reader can follow (a mutelist needs fewer than 10)";

/**
 * What a file holding a second YAML document is told (yaml says "use YAML.parseAllDocuments()", advice
 * for a programmer). yaml places the error at the second document's start: its `---` (or its first
 * line, after a `...` that ended the first).
 */
const SECOND_DOCUMENT =
  "a second YAML document starts here: a mutelist is one document (a line --- starts a document, a line ... ends one); keep one";

/** yaml's error in our words where its own are unclear; else its message's first line. */
function ourWording(error: YAMLError): string {
  if (isTooDeep(error)) return TOO_DEEP;
  if (error.code === "MULTIPLE_DOCS") return SECOND_DOCUMENT;
  return error.message.split("\n")[0] ?? error.code;
}

/** Whether yaml's error is its stack overflow on deeply nested collections. */
function isTooDeep(error: YAMLError): boolean {
  return error.code === "RESOURCE_EXHAUSTION" && /call stack/i.test(error.message);
}

/**
 * Parses mutelist YAML. `source` names the file in messages.
 * @throws {@link MutelistFormatError} (exit 2) naming line and column of the first problem.
 */
export function parseMutelist(text: string, source = "mutelist"): Mutelist {
  const lines = new LineCounter();
  // yaml's own duplicate-key check compares each key with every earlier key of its mapping: quadratic
  // (100,000 checks under one account took minutes). Keys are checked below, with a Set per mapping.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const reader: Reader = new Reader(source, lines, doc);
  // Warnings too: an unknown tag (`!!js/function`) would otherwise be read as plain text.
  const [yamlError] = [...doc.errors, ...doc.warnings];
  const duplicate = firstDuplicateKey(doc);
  // The earlier of the two, as yaml (which reports errors as it reads) would have named it.
  const error =
    duplicate !== undefined && (yamlError === undefined || duplicate < yamlError.pos[0])
      ? { offset: duplicate, message: "Map keys must be unique" }
      : yamlError && {
          offset: yamlError.pos[0],
          message: ourWording(yamlError),
        };
  if (error) {
    const pos = lines.linePos(error.offset);
    throw new MutelistFormatError(source, pos.line, pos.col, error.message);
  }
  if (doc.contents === null)
    reader.fail(null, "the file is empty: a mutelist starts with Mutelist: (see docs/mutelist.md)");
  const root = reader.map(doc.contents, "the file (it starts with Mutelist:)");
  const rootEntries = reader.entries(root, "top-level");
  const top = rootEntries.find(([key]) => key === "Mutelist" || key === "Allowlist");
  if (!top) reader.fail(root, "expected a top-level Mutelist: key");
  for (const [key, keyNode] of rootEntries) {
    if (key !== top[0] && (key === "Mutelist" || key === "Allowlist"))
      reader.fail(
        keyNode,
        `both Allowlist and Mutelist at the top level: keep one (Mutelist; Allowlist is its older name in Prowler files)`,
      );
    if (key !== top[0])
      reader.fail(keyNode, `unknown top-level key ${quoteExcerpt(key)}; expected ${top[0]}`);
  }
  const mutelist = reader.map(top[2], top[0], top[1]);
  const entries: MutelistEntry[] = [];
  for (const [key, keyNode, value] of reader.entries(mutelist, top[0])) {
    if (key !== "Accounts")
      reader.fail(keyNode, `unknown key ${quoteExcerpt(key)} in ${top[0]}; expected Accounts`);
    const accounts = reader.map(value, "Accounts", keyNode);
    for (const [account, accountKey, accountValue] of reader.entries(accounts, "Accounts")) {
      const accountMap = reader.map(accountValue, `Accounts.${account}`, accountKey);
      for (const [checksKey, checksKeyNode, checksValue] of reader.entries(
        accountMap,
        `Accounts.${account}`,
      )) {
        if (checksKey !== "Checks")
          reader.fail(
            checksKeyNode,
            `unknown key ${quoteExcerpt(checksKey)} in Accounts.${account}; expected Checks`,
          );
        const checks = reader.map(checksValue, `Accounts.${account}.Checks`, checksKeyNode);
        for (const [check, checkKey, checkValue] of reader.entries(checks, `Accounts.${account}.Checks`)) {
          entries.push(parseEntry(reader, account, check, checkValue, checkKey));
        }
      }
    }
  }
  return { source, entries };
}

/**
 * Reads and parses a mutelist file.
 * @throws {@link InputError} when the file cannot be read; {@link MutelistFormatError} when it is invalid.
 */
export async function loadMutelist(path: string): Promise<Mutelist> {
  let text: string;
  try {
    text = await readInputFile(path, { kind: "mutelist" });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `cannot read --mutelist ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      {
        cause: error,
      },
    );
  }
  return parseMutelist(text, path);
}

// ---------------------------------------------------------------------------------------------------
// Matching.

/** The values a resource pattern is compared with: ARN, resource name, user name, access key id. */
export function resourceCandidates(finding: Finding): string[] {
  const values = [
    finding.resourceArn,
    finding.resourceName,
    finding.evidence.userName,
    finding.evidence.accessKeyId,
  ];
  return [...new Set(values.filter((value): value is string => typeof value === "string" && value !== ""))];
}

function tagStrings(finding: Finding): string[] {
  return Object.entries(finding.tags ?? {}).map(([key, value]) => `${key}=${value}`);
}

function anyMatch(patterns: readonly Pattern[], values: readonly string[]): boolean {
  return patterns.some((pattern) => values.some((value) => pattern.test(value)));
}

function tagsMatch(conditions: readonly TagCondition[], tags: readonly string[]): boolean {
  return conditions.every((alternatives) => anyMatch(alternatives, tags));
}

/** The Prowler aliases of each rule id (our id → its aliases), from {@link PROWLER_ALIASES}. */
const ALIASES_OF: ReadonlyMap<string, readonly string[]> = (() => {
  const of = new Map<string, string[]>();
  for (const [alias, target] of PROWLER_ALIASES) of.set(target, [...(of.get(target) ?? []), alias]);
  return of;
})();

const checkIndexes = new WeakMap<Mutelist, CheckIndex<MutelistEntry>>();

/** The mutelist's entries indexed by check key, made once per mutelist (for its warnings and its muter). */
function checkIndexOf(mutelist: Mutelist): CheckIndex<MutelistEntry> {
  let index = checkIndexes.get(mutelist);
  if (!index) {
    index = new CheckIndex(mutelist.entries);
    checkIndexes.set(mutelist, index);
  }
  return index;
}

/** Every name `ruleId` answers to in a mutelist: the id, then its Prowler aliases. */
function namesOf(ruleId: string): readonly string[] {
  return [ruleId, ...(ALIASES_OF.get(ruleId) ?? [])];
}

/**
 * `check` (a key of Checks) compiled once: does it name `ruleId`, directly, through a Prowler alias, or
 * by glob? Each question tries the rule's own aliases only, not every alias of every rule.
 */
export function checkMatcher(check: string): (ruleId: string) => boolean {
  const pattern = compilePattern(check);
  return (ruleId) =>
    pattern.test(ruleId) || (ALIASES_OF.get(ruleId)?.some((alias) => pattern.test(alias)) ?? false);
}

/** Whether `check` (a key of Checks) names `ruleId`, directly, through a Prowler alias, or by glob. */
export function checkMatches(check: string, ruleId: string): boolean {
  return checkMatcher(check)(ruleId);
}

function regionMatches(patterns: readonly Pattern[], region: string): boolean {
  // IAM is global: Prowler reports it in the scanning region, so any Regions list covers it.
  return region === "global" ? patterns.length > 0 : anyMatch(patterns, [region]);
}

function excepted(entry: MutelistEntry, finding: Finding): boolean {
  const e = entry.exceptions;
  const lists = [e.accounts, e.regions, e.resources, e.tags];
  if (lists.every((list) => list.length === 0)) return false;
  return (
    (e.accounts.length === 0 || anyMatch(e.accounts, [finding.accountId])) &&
    (e.regions.length === 0 || anyMatch(e.regions, [finding.region])) &&
    (e.resources.length === 0 || anyMatch(e.resources, resourceCandidates(finding))) &&
    (e.tags.length === 0 || tagsMatch(e.tags, tagStrings(finding)))
  );
}

/** Whether the entry covers the finding, ignoring expiry. */
export function entryMatches(entry: MutelistEntry, finding: Finding): boolean {
  return (
    entry.accountPattern.test(finding.accountId) &&
    entry.checkMatches(finding.ruleId) &&
    regionMatches(entry.regions, finding.region) &&
    anyMatch(entry.resources, resourceCandidates(finding)) &&
    tagsMatch(entry.tags, tagStrings(finding)) &&
    !excepted(entry, finding)
  );
}

/** What {@link candidatesFor} remembers: the entries per rule, and per account and rule. */
interface CandidateCache {
  /** The file's entries by the literal prefix of their check key. */
  readonly index: CheckIndex<MutelistEntry>;
  readonly byRule: Map<string, MutelistEntry[]>;
  readonly byAccountAndRule: Map<string, MutelistEntry[]>;
}

/**
 * The entries that can cover findings of one account and rule, in matching order: those naming the
 * account exactly first, then the rest in file order. The entries naming a rule are found once per
 * rule (through the check-key index: only entries whose check key can name it are tested), those of an
 * account among them once per account and rule, so matching stays linear in the findings however long
 * the file.
 */
function candidatesFor(cache: CandidateCache, accountId: string, ruleId: string): MutelistEntry[] {
  const key = `${accountId}\u0000${ruleId}`;
  let found = cache.byAccountAndRule.get(key);
  if (!found) {
    let ofRule = cache.byRule.get(ruleId);
    if (!ofRule) {
      ofRule = cache.index.entriesNaming(ruleId, namesOf(ruleId));
      cache.byRule.set(ruleId, ofRule);
    }
    const fits = ofRule.filter((entry) => entry.accountPattern.test(accountId));
    found = [
      ...fits.filter((entry) => entry.account === accountId),
      ...fits.filter((entry) => entry.account !== accountId),
    ];
    cache.byAccountAndRule.set(key, found);
  }
  return found;
}

/** What {@link muteFindings} did. */
export interface MuteOutcome {
  readonly findings: Finding[];
  readonly warnings: string[];
}

/** ` (line 6, column 23)`: where a pattern is written, as the errors name places; empty when unknown. */
function placeOf(pattern: Pattern): string {
  return pattern.line === undefined ? "" : ` (line ${pattern.line}, column ${pattern.column})`;
}

/** The first 10 resource names of a warning, each cut by {@link excerpt}, and how many more there are. */
function someOf(names: ReadonlySet<string>): string {
  const all = [...names];
  const shown = all.slice(0, 10).map((name) => excerpt(name));
  return `${shown.join(", ")}${all.length > 10 ? ` and ${all.length - 10} more` : ""}`;
}

function label(entry: MutelistEntry): string {
  return `Accounts.${excerpt(entry.account)}.Checks.${excerpt(entry.check)} (line ${entry.line})`;
}

/**
 * Judges findings one at a time against a mutelist ({@link createMuter}) and, once they have all passed,
 * says what the user should know ({@link Muter.warnings}).
 */
export interface Muter {
  /** `finding`, or a copy with `muted: true` and its `mute` when an unexpired entry covers it. */
  mute(finding: Finding): Finding;
  /** Warnings about the findings muted so far (expired entries, Tags, Prowler-only patterns). */
  warnings(): string[];
}

/**
 * A {@link Muter} for `mutelist` at time `now`: entries whose expiry is at or before `now` mute nothing
 * and produce a warning, as do resource patterns that only matched under Prowler's unanchored-regex
 * rules. The warnings depend on the order the findings passed (scan order).
 */
export function createMuter(mutelist: Mutelist, now: Date): Muter {
  const expired = new Map<MutelistEntry, number>();
  const prowlerOnly = new Map<string, Set<string>>();
  for (const entry of mutelist.entries) {
    if (entry.expiresAt && entry.expiresAt.getTime() <= now.getTime()) expired.set(entry, 0);
  }
  const cache: CandidateCache = {
    index: checkIndexOf(mutelist),
    byRule: new Map(),
    byAccountAndRule: new Map(),
  };
  let sawTags = false;
  const mute = (finding: Finding): Finding => {
    if (finding.tags !== undefined) sawTags = true;
    let covering: Finding["mute"] | undefined;
    for (const entry of candidatesFor(cache, finding.accountId, finding.ruleId)) {
      if (!entryMatches(entry, finding)) {
        notePatternDrift(entry, finding, prowlerOnly);
        continue;
      }
      if (expired.has(entry)) {
        expired.set(entry, (expired.get(entry) ?? 0) + 1);
        continue;
      }
      covering = {
        reason: entry.reason,
        owner: entry.owner,
        expires: entry.expires,
        entry: `${entry.account}/${entry.check}`,
      };
      break;
    }
    return covering ? { ...finding, muted: true, mute: covering } : finding;
  };
  const warnings = (): string[] => {
    const warnings: string[] = [];
    for (const [entry, count] of expired) {
      warnings.push(
        `mutelist ${mutelist.source}: entry ${label(entry)} expired on ${entry.expires} and no longer mutes anything` +
          (count > 0 ? ` (${count} finding${count === 1 ? "" : "s"} it covers now count again)` : "") +
          ".",
      );
    }
    if (!sawTags) {
      for (const entry of mutelist.entries) {
        if (entry.tags.length > 0)
          warnings.push(
            `mutelist ${mutelist.source}: entry ${label(entry)} needs Tags, but no finding of this scan carries tags (cloudpatrol reads no resource tags yet): it mutes nothing.`,
          );
      }
    }
    for (const [where, resources] of prowlerOnly) {
      warnings.push(
        `mutelist ${mutelist.source}: ${where} relied on Prowler's unanchored regular expressions and does not mute ${someOf(resources)}: ` +
          'cloudpatrol matches the whole value with * globs; write "*name*" or /regex/ to match as before.',
      );
    }
    return warnings;
  };
  return { mute, warnings };
}

/**
 * Marks the findings the mutelist covers as muted (status unchanged, `muted: true`, `mute` with reason,
 * owner, expiry). Entries whose expiry is at or before `now` mute nothing and produce a warning, as do
 * resource patterns that only matched under Prowler's unanchored-regex rules.
 */
export function muteFindings(findings: readonly Finding[], mutelist: Mutelist, now: Date): MuteOutcome {
  const muter = createMuter(mutelist, now);
  const out = findings.map((finding) => muter.mute(finding));
  return { findings: out, warnings: muter.warnings() };
}

/** Records resource patterns that Prowler would have matched but cloudpatrol does not. */
function notePatternDrift(entry: MutelistEntry, finding: Finding, drift: Map<string, Set<string>>): void {
  if (!entry.accountPattern.test(finding.accountId) || !entry.checkMatches(finding.ruleId)) return;
  const candidates = resourceCandidates(finding);
  if (anyMatch(entry.resources, candidates)) return;
  for (const pattern of entry.resources) {
    if (pattern.kind === "glob" && candidates.some((value) => pattern.prowlerTest(value))) {
      const key = `entry ${label(entry)} resource ${quoteExcerpt(pattern.raw)}`;
      drift.set(key, (drift.get(key) ?? new Set()).add(finding.resourceName));
    }
  }
}

/**
 * Warnings about a mutelist that do not depend on findings: check ids that name no rule cloudpatrol
 * implements (a Prowler file lists many), and regex-looking globs.
 */
export function mutelistWarnings(
  mutelist: Mutelist,
  ruleIds: readonly string[] = RULES.map((rule) => rule.id),
): string[] {
  const warnings: string[] = [];
  const index = checkIndexOf(mutelist);
  const naming = new Set(ruleIds.flatMap((ruleId) => index.entriesNaming(ruleId, namesOf(ruleId))));
  const unknown = [
    ...new Set(mutelist.entries.filter((entry) => !naming.has(entry)).map((entry) => entry.check)),
  ];
  if (unknown.length > 0) {
    const shown = unknown
      .slice(0, 10)
      .map((check) => excerpt(check))
      .join(", ");
    warnings.push(
      `mutelist ${mutelist.source}: ${unknown.length} check${unknown.length === 1 ? "" : "s"} name no rule cloudpatrol implements and mute nothing: ${shown}${unknown.length > 10 ? ", ..." : ""}.`,
    );
  }
  for (const entry of mutelist.entries) {
    if (entry.resources.length === 0)
      warnings.push(
        `mutelist ${mutelist.source}: entry ${label(entry)} has an empty Resources list: it mutes nothing (["*"] mutes every resource).`,
      );
    if (entry.regions.length === 0)
      warnings.push(
        `mutelist ${mutelist.source}: entry ${label(entry)} has an empty Regions list: it mutes nothing (leave Regions out, or ["*"], for every region).`,
      );
  }
  for (const entry of mutelist.entries) {
    const all = [
      ...entry.resources,
      ...entry.exceptions.resources,
      ...entry.tags.flat(),
      ...entry.exceptions.tags.flat(),
    ];
    for (const pattern of all) {
      const flagged = regexWithFlags(pattern);
      if (flagged)
        warnings.push(
          `mutelist ${mutelist.source}: entry ${label(entry)} has ${quoteExcerpt(pattern.raw)}${placeOf(pattern)}, a regular expression with flags after it: ` +
            `cloudpatrol takes no flags there and reads it as a * glob matching only that text; write ${quoteExcerpt(flagged)} instead` +
            `${flagged.startsWith("/(?") ? " (RE2's inline flags)" : ""}.`,
        );
    }
    const suspicious = all
      .filter((pattern) => looksLikeRegex(pattern) && !regexWithFlags(pattern))
      .map((pattern) => quoteExcerpt(pattern.raw));
    if (suspicious.length > 0) {
      warnings.push(
        `mutelist ${mutelist.source}: entry ${label(entry)} has ${suspicious.join(", ")}, written like a regular expression; ` +
          "cloudpatrol reads it as a * glob matching the whole value (write /.../ for a regular expression).",
      );
    }
  }
  return warnings;
}
