/**
 * Terminal escaping of account and file data: control characters, line separators and bidirectional
 * formatting characters become visible `\uXXXX` text, in reports and in error messages.
 */
import { describe, expect, it } from "vitest";
import { errorMessage } from "../../src/cli/exit.js";
import { InputError } from "../../src/model/errors.js";
import { escapeTerminal, excerpt, quoteExcerpt, showBidi } from "../../src/model/escape.js";
import { escapeHtml, jsonForScript } from "../../src/report/html.js";
import { render } from "../../src/report/index.js";
import { escapeMarkdown } from "../../src/report/markdown.js";
import { finding, resultOf } from "../report/fixtures.js";

describe("escapeTerminal", () => {
  it("makes ESC, BEL, CR, C1, line separators and bidi overrides visible; leaves other text alone", () => {
    expect(escapeTerminal("a\u001b[31mb\u0007c\rd\u0085e\u2028f")).toBe(
      "a\\u001b[31mb\\u0007c\\u000dd\\u0085e\\u2028f",
    );
    expect(escapeTerminal("admin\u202egnp.exe\u2066x\u2069\u200e\u200f")).toBe(
      "admin\\u202egnp.exe\\u2066x\\u2069\\u200e\\u200f",
    );
    expect(escapeTerminal("Zoë José 山田 <b> =1+1")).toBe("Zoë José 山田 <b> =1+1");
  });

  it("makes the Arabic letter mark and the invisible spaces visible, keeps the joiners emoji and scripts need", () => {
    expect(escapeTerminal("a\u061cb\u200bzw\u2060c\ufeffd")).toBe("a\\u061cb\\u200bzw\\u2060c\\ufeffd");
    const family = "👨\u200d👩\u200d👧 می\u200cخواهم";
    expect(escapeTerminal(family)).toBe(family);
    expect(showBidi("\u200bzw\u061c")).toBe("[U+200B]zw[U+061C]");
    expect(showBidi(family)).toBe(family);
  });
});

describe("errorMessage", () => {
  it("escapes a file name with control characters and keeps the message on one line", () => {
    const error = new InputError("x\u001b[31mRED\u0007.csv, line 1: not a report\nsecond line");
    expect(errorMessage(error, false)).toBe(
      "cloudpatrol: x\\u001b[31mRED\\u0007.csv, line 1: not a report\\u000asecond line",
    );
  });

  it("with --debug, the stack and its causes are escaped line by line (the stack repeats the message)", () => {
    const cause = new Error("inner \u202eevil\u001b[2J");
    const error = new InputError("x\u001b[31mRED.csv: bad", { cause });
    const lines = errorMessage(error, true).split("\n");
    expect(lines[0]).toBe("cloudpatrol: x\\u001b[31mRED.csv: bad");
    expect(lines[1]).toBe("InputError: x\\u001b[31mRED.csv: bad");
    expect(lines).toContain("Error: inner \\u202eevil\\u001b[2J");
    expect(lines).toContain("caused by:");
    for (const line of lines) expect(escapeTerminal(line)).toBe(line);
  });
});

describe("bidi formatting characters in CSV and JUnit", () => {
  it("are shown as [U+XXXX] text in every cell and XML attribute or text, not obeyed", () => {
    const name = "admin\u202egnp.exe";
    const result = resultOf([
      finding(name, "FAIL", { statusExtended: `${name} has a key \u2066made at setup\u2069.` }),
    ]);
    const csv = render(result, "csv");
    expect(csv).toContain("admin[U+202E]gnp.exe");
    expect(csv).toContain("[U+2066]made at setup[U+2069]");
    expect(csv).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    const junit = render(result, "junit");
    expect(junit).toContain('name="admin[U+202E]gnp.exe"');
    expect(junit).toContain('message="admin[U+202E]gnp.exe has a key [U+2066]made at setup[U+2069]."');
    expect(junit).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(render(result, "compliance-csv")).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});

describe("bidi formatting characters in HTML and Markdown", () => {
  it("are shown as [U+XXXX] text, not obeyed", () => {
    const name = "admin\u202egnp.exe";
    expect(showBidi(name)).toBe("admin[U+202E]gnp.exe");
    expect(escapeHtml(name)).toBe("admin[U+202E]gnp.exe");
    expect(jsonForScript({ resourceName: name })).toBe('{"resourceName":"admin[U+202E]gnp.exe"}');
    expect(escapeMarkdown(name)).toBe("admin\\[U+202E\\]gnp.exe");
  });
});

describe("quoteExcerpt and excerpt (values in error messages)", () => {
  it("quotes a value up to 120 characters whole, a longer one cut with its length", () => {
    expect(quoteExcerpt("a\nb")).toBe('"a\\nb"');
    expect(quoteExcerpt("x".repeat(120))).toBe(`"${"x".repeat(120)}"`);
    expect(quoteExcerpt("x".repeat(121))).toBe(`"${"x".repeat(120)}…" (121 characters)`);
    expect(quoteExcerpt("abcdef", 3)).toBe('"abc…" (6 characters)');
    expect(excerpt('{"a":1}')).toBe('{"a":1}');
    expect(excerpt("[1,2,3,4]", 4)).toBe("[1,2… (9 characters)");
  });
});
