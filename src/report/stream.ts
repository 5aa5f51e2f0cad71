/**
 * Reports as streams of text: each format yields its report piece by piece ({@link ReportChunks}), so
 * that a report of hundreds of thousands of findings is written without ever being one string (V8's
 * string limit is about 512 MiB; the copy costs as much memory again). {@link joinChunks} gives the
 * one string `render` returns; the pieces joined are that string exactly.
 */
import { escapeJsonText } from "../model/escape.js";

/** A report's text, in order, piece by piece. */
export type ReportChunks = Iterable<string>;

/** The whole text of `chunks`. */
export function joinChunks(chunks: ReportChunks): string {
  let text = "";
  for (const chunk of chunks) text += chunk;
  return text;
}

/**
 * Lines as a report's pieces: each line and its newline (`lines.join("\n") + "\n"`, streamed).
 */
export function* lineChunks(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

/**
 * An array in a document given to {@link prettyJsonChunks} whose items are made one at a time (the
 * findings, mapped to a format's objects): never held all at once.
 */
export class JsonStreamArray {
  constructor(readonly items: Iterable<unknown>) {}
}

function indented(json: string, indent: string): string {
  return indent === "" ? json : json.replaceAll("\n", `\n${indent}`);
}

/** `value` inside `depth` arrays: `[[value]]` for 2. */
function nested(value: unknown, depth: number): unknown {
  let wrapped = value;
  for (let level = 0; level < depth; level++) wrapped = [wrapped];
  return wrapped;
}

/** How many characters the arrays of {@link nested} add before and after the value, per indentation. */
const wrappings = new Map<string, { readonly before: number; readonly after: number }>();

/**
 * `indented(JSON.stringify(item, null, 2), indent)` for an `indent` of an even number of spaces, made by
 * JSON.stringify alone: wrapped in `indent.length / 2` arrays, the item is written at that depth, and
 * the arrays' own text is cut off. One pass over the item's text instead of two (a large report's
 * findings are most of its text). An item JSON.stringify writes nothing for (a `toJSON` giving undefined)
 * comes out `null`, as it does in an array.
 */
function stringifiedAt(item: unknown, indent: string): string {
  const depth = indent.length / 2;
  let wrapping = wrappings.get(indent);
  if (!wrapping) {
    const probe = JSON.stringify(nested(0, depth), null, 2);
    const at = probe.lastIndexOf("0");
    wrapping = { before: at, after: probe.length - at - 1 };
    wrappings.set(indent, wrapping);
  }
  const json = JSON.stringify(nested(item, depth), null, 2);
  return json.slice(wrapping.before, json.length - wrapping.after);
}

/** True when `value` holds a {@link JsonStreamArray} (in plain objects and arrays). */
function holdsStream(value: unknown): boolean {
  if (value instanceof JsonStreamArray) return true;
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsStream);
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return false;
  return Object.values(value).some(holdsStream);
}

/** Values JSON.stringify leaves out of objects (and writes as null in arrays). */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/**
 * `JSON.stringify(value, null, 2)`, piece by piece, where `value` may hold {@link JsonStreamArray}s
 * (written as the arrays of their items): the same text, one item of a streamed array at a time, but
 * with DEL, C1, line separators and bidirectional and invisible characters escaped as `\u202e`
 * ({@link escapeJsonText}: the same JSON value).
 * @param indent - the indentation of the line `value` starts on (its nested lines get it too).
 */
export function* prettyJsonChunks(value: unknown, indent = ""): Generator<string> {
  for (const chunk of rawJsonChunks(value, indent)) yield escapeJsonText(chunk);
}

/** {@link prettyJsonChunks} before {@link escapeJsonText}. */
function* rawJsonChunks(value: unknown, indent: string): Generator<string> {
  const inner = `${indent}  `;
  if (value instanceof JsonStreamArray) {
    let first = true;
    for (const item of value.items) {
      // An item JSON.stringify leaves out (undefined, a function) is null in an array, as here.
      const json = omitted(item) ? "null" : stringifiedAt(item, inner);
      yield `${first ? "[\n" : ",\n"}${inner}${json}`;
      first = false;
    }
    yield first ? "[]" : `\n${indent}]`;
    return;
  }
  if (!holdsStream(value)) {
    yield indented(JSON.stringify(value, null, 2), indent);
    return;
  }
  if (Array.isArray(value)) {
    yield "[";
    for (const [index, item] of value.entries()) {
      yield `${index === 0 ? "\n" : ",\n"}${inner}`;
      if (omitted(item)) yield "null";
      else yield* rawJsonChunks(item, inner);
    }
    yield value.length === 0 ? "]" : `\n${indent}]`;
    return;
  }
  const entries = Object.entries(value as object).filter(([, item]) => !omitted(item));
  yield "{";
  for (const [index, [key, item]] of entries.entries()) {
    yield `${index === 0 ? "\n" : ",\n"}${inner}${JSON.stringify(key)}: `;
    yield* rawJsonChunks(item, inner);
  }
  yield entries.length === 0 ? "}" : `\n${indent}}`;
}
