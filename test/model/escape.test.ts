/**
 * Terminal escaping of account and file data: control characters, line separators and bidirectional
 * formatting characters become visible `\uXXXX` text, in reports and in error messages.
 */
import { describe, expect, it } from "vitest";
import { errorMessage } from "../../src/cli/exit.js";
import { InputError } from "../../src/model/errors.js";
import {
  escapeControlsKeepingLines,
  escapeTerminal,
  excerpt,
  quoteExcerpt,
  showBidi,
} from "../../src/model/escape.js";
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

/**
 * Each character a name may hide, and how each format shows `a<char>b`: the text report as escapes
 * (an astral character as its surrogate pair, as JSON writes it), the others as `[U+XXXX]` text; CSV
 * keeps its `\u009b` for DEL and C1 controls, Markdown its space for DEL and line separators.
 */
const SHOWN: readonly {
  readonly char: string;
  readonly text: string;
  readonly shown: string;
  readonly csv?: string;
  readonly md?: string;
}[] = [
  { char: "\u00ad", text: "\\u00ad", shown: "[U+00AD]" }, // soft hyphen
  { char: "\u034f", text: "\\u034f", shown: "[U+034F]" }, // combining grapheme joiner
  { char: "\u115f", text: "\\u115f", shown: "[U+115F]" }, // Hangul choseong filler
  { char: "\u1160", text: "\\u1160", shown: "[U+1160]" }, // Hangul jungseong filler
  { char: "\u180e", text: "\\u180e", shown: "[U+180E]" }, // Mongolian vowel separator
  { char: "\u2061", text: "\\u2061", shown: "[U+2061]" }, // function application
  { char: "\u2062", text: "\\u2062", shown: "[U+2062]" },
  { char: "\u2063", text: "\\u2063", shown: "[U+2063]" },
  { char: "\u2064", text: "\\u2064", shown: "[U+2064]" },
  { char: "\u3164", text: "\\u3164", shown: "[U+3164]" }, // Hangul filler
  { char: "\uffa0", text: "\\uffa0", shown: "[U+FFA0]" }, // halfwidth Hangul filler
  { char: "\u{e0000}", text: "\\udb40\\udc00", shown: "[U+E0000]" }, // tag characters
  { char: "\u{e0041}", text: "\\udb40\\udc41", shown: "[U+E0041]" },
  { char: "\u{e007f}", text: "\\udb40\\udc7f", shown: "[U+E007F]" },
  { char: "\u007f", text: "\\u007f", shown: "[U+007F]", csv: "\\u007f", md: " " }, // DEL
  { char: "\u0080", text: "\\u0080", shown: "[U+0080]", csv: "\\u0080" }, // C1 controls
  { char: "\u009b", text: "\\u009b", shown: "[U+009B]", csv: "\\u009b" },
  { char: "\u009f", text: "\\u009f", shown: "[U+009F]", csv: "\\u009f" },
  { char: "\u2028", text: "\\u2028", shown: "[U+2028]", md: " " }, // line and paragraph separators
  { char: "\u2029", text: "\\u2029", shown: "[U+2029]", md: " " },
];

describe("invisible characters, DEL, C1 controls and line separators in every format", () => {
  it("escapeTerminal and showBidi write each as one code point; JSON.parse reads the escape back", () => {
    for (const { char, text, shown } of SHOWN) {
      expect(escapeTerminal(`a${char}b`), text).toBe(`a${text}b`);
      expect(JSON.parse(`"a${text}b"`), text).toBe(`a${char}b`);
      expect(showBidi(`a${char}b`), text).toBe(`a${shown}b`);
    }
  });

  it("keeps the joiners and the variation selectors (U+FE00–FE0F, Mongolian, ideographic) raw everywhere", () => {
    const kept = "❤\ufe0f ✌\ufe0e 👩\u200d💻 می\u200cخواهم \ufe00 ᠠ\u180bᠡ\u180f 葛\u{e0100}";
    expect(escapeTerminal(kept)).toBe(kept);
    expect(showBidi(kept)).toBe(kept);
  });

  it("are shown, never raw, in text, Markdown, HTML, CSV, the compliance CSV and JUnit", () => {
    for (const { char, text, shown, csv = shown, md } of SHOWN) {
      const name = `a${char}b`;
      const result = resultOf([finding(name, "FAIL", { statusExtended: `${name} has a key.` })]);
      const outputs = {
        text: render(result, "text"),
        md: render(result, "md"),
        html: render(result, "html"),
        csv: render(result, "csv"),
        "compliance-csv": render(result, "compliance-csv"),
        junit: render(result, "junit"),
      };
      for (const [format, output] of Object.entries(outputs))
        expect(output, `${text} ${format}`).not.toContain(char);
      expect(outputs.text, text).toContain(`  a${text}b  [`);
      expect(outputs.text, text).toContain(`      a${text}b has a key.\n`);
      const mdShown = md ?? shown.replace(/[[\]]/g, "\\$&");
      expect(outputs.md, text).toContain(`| a${mdShown}b has a key. |`);
      expect(escapeMarkdown(name), text).toBe(`a${mdShown}b`);
      expect(escapeHtml(name), text).toBe(`a${shown}b`);
      expect(jsonForScript({ resourceName: name }), text).toBe(`{"resourceName":"a${shown}b"}`);
      expect(outputs.html, text).toContain(`"resourceName":"a${shown}b"`);
      expect(outputs.csv, text).toContain(`,a${csv}b,a${csv}b has a key.,`);
      expect(outputs["compliance-csv"], text).toContain(`,a${csv}b,a${csv}b has a key.,`);
      expect(outputs.junit, text).toContain(
        ` name="a${shown}b" time="0"><failure message="a${shown}b has a key."`,
      );
    }
  });

  it("CSV keeps tab and line breaks inside quoted cells", () => {
    const name = "a\tb\nc\r\nd\u2028e";
    const csv = render(resultOf([finding(name, "FAIL", { statusExtended: "x" })]), "csv");
    expect(csv).toContain(`,"a\tb\nc\r\nd[U+2028]e",`);
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

describe("the characters each escape changes, in the first 256 code points, alone and inside ASCII text", () => {
  const changedBy = (escaper: (text: string) => string) =>
    Array.from({ length: 256 }, (_, code) => code).filter((code) => {
      const char = String.fromCharCode(code);
      return escaper(char) !== char || escaper(`ab${char}cd`) !== `ab${char}cd`;
    });
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  it("escapeControlsKeepingLines: C0 but tab, LF and CR; DEL; C1", () => {
    expect(changedBy(escapeControlsKeepingLines)).toEqual([
      ...range(0x00, 0x08),
      0x0b,
      0x0c,
      ...range(0x0e, 0x1f),
      ...range(0x7f, 0x9f),
    ]);
    expect(escapeControlsKeepingLines("a\tb\r\nc\u001b[31m")).toBe("a\tb\r\nc\\u001b[31m");
  });

  it("showBidi: DEL, C1 and the soft hyphen (C0 is left to each format)", () => {
    expect(changedBy(showBidi)).toEqual([...range(0x7f, 0x9f), 0xad]);
  });

  it("escapeTerminal: every control character, DEL, C1 and the soft hyphen", () => {
    expect(changedBy(escapeTerminal)).toEqual([...range(0x00, 0x1f), ...range(0x7f, 0x9f), 0xad]);
  });
});
