/**
 * Duplicate keys in a mutelist: refused with the line and column of the repeated key, in time linear in
 * the size of the mapping (yaml's own check was quadratic: 100,000 checks under one account took minutes).
 */
import { describe, expect, it } from "vitest";
import { MutelistFormatError, parseMutelist } from "../../src/engine/mutelist.js";

const ENTRY = '{ Resources: ["x"], Reason: r }';

function messageOf(text: string): string {
  try {
    parseMutelist(text, "m.yaml");
  } catch (error) {
    expect(error).toBeInstanceOf(MutelistFormatError);
    return (error as Error).message;
  }
  throw new Error("parsed without error");
}

/** A mutelist of `count` checks under account `"*"`, one mapping of `count` keys, and its text. */
function bigMutelist(count: number, extra: string[] = []): string {
  const lines = ["Mutelist:", "  Accounts:", '    "*":', "      Checks:"];
  for (let i = 0; i < count; i++) {
    lines.push(`        rule_${i}_*:`, `          Resources: ["/^x${i}$/"]`, "          Reason: r");
  }
  return `${[...lines, ...extra].join("\n")}\n`;
}

describe("duplicate keys", () => {
  const cases: [string, string, string][] = [
    [
      "a check named twice",
      `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        a: ${ENTRY}\n        a: ${ENTRY}\n`,
      "invalid mutelist m.yaml, line 6, column 9: Map keys must be unique",
    ],
    [
      "a field of an entry named twice",
      'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        a:\n          Resources: ["x"]\n          Reason: r\n          Reason: s\n',
      "invalid mutelist m.yaml, line 8, column 11: Map keys must be unique",
    ],
    [
      "an explicit key (? a) repeating a plain one: the key's own position",
      `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        a: ${ENTRY}\n        ? a\n        : ${ENTRY}\n`,
      "invalid mutelist m.yaml, line 6, column 11: Map keys must be unique",
    ],
    [
      "the top-level key twice",
      "Mutelist:\n  Accounts: {}\nMutelist: {}\n",
      "invalid mutelist m.yaml, line 3, column 1: Map keys must be unique",
    ],
    [
      "in a flow mapping",
      'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        a: {Resources: ["x"], Reason: r, Exceptions: {Resources: [a], Resources: [b]}}\n',
      "invalid mutelist m.yaml, line 5, column 71: Map keys must be unique",
    ],
    [
      "in a mapping where the mutelist wants none (inside a list): found before the layout is checked",
      'Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        a: {Resources: ["x"], Reason: r, Tags: [{a: 1, a: 2}]}\n',
      "invalid mutelist m.yaml, line 5, column 56: Map keys must be unique",
    ],
    [
      "two null keys (~ and null)",
      `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        ~: ${ENTRY}\n        null: ${ENTRY}\n`,
      "invalid mutelist m.yaml, line 6, column 9: Map keys must be unique",
    ],
    [
      "the earlier of a duplicate and a later syntax error",
      `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        a: ${ENTRY}\n        a: ${ENTRY}\n        b: [\n`,
      "invalid mutelist m.yaml, line 6, column 9: Map keys must be unique",
    ],
    [
      "the earlier of a syntax error and a later duplicate",
      `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        b: {Resources: ["x"], Reason: r}}\n        a: ${ENTRY}\n        a: ${ENTRY}\n`,
      "invalid mutelist m.yaml, line 5, column 41:",
    ],
    [
      "the first duplicate in the file's order, not the outermost mapping's",
      `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        a:\n          Resources: ["x"]\n          Resources: ["y"]\n          Reason: r\n        a: ${ENTRY}\n`,
      "invalid mutelist m.yaml, line 7, column 11: Map keys must be unique",
    ],
  ];
  for (const [name, text, message] of cases) {
    it(name, () => {
      expect(messageOf(text).slice(0, message.length)).toBe(message);
    });
  }

  it('1 and "1" are different keys (a number and a string), as yaml has them', () => {
    const text = `Mutelist:\n  Accounts:\n    "*":\n      Checks:\n        1: ${ENTRY}\n        "1": ${ENTRY}\n`;
    expect(parseMutelist(text, "m.yaml").entries.map((entry) => [entry.check, entry.line])).toEqual([
      ["1", 5],
      ["1", 6],
    ]);
  });

  it("a duplicate deep in a mapping of 100,000 checks is refused with its line and column", () => {
    // The last check repeats the first one: line 4 + 3 × 100,000 + 1.
    const text = bigMutelist(100_000, [
      "        rule_0_*:",
      '          Resources: ["y"]',
      "          Reason: r",
    ]);
    expect(messageOf(text)).toBe("invalid mutelist m.yaml, line 300005, column 9: Map keys must be unique");
  });

  it("a mapping of 10,000 distinct checks is read whole", () => {
    const mutelist = parseMutelist(bigMutelist(10_000), "m.yaml");
    expect(mutelist.entries.length).toBe(10_000);
    expect(mutelist.entries.at(-1)).toMatchObject({ check: "rule_9999_*", line: 30_002, column: 9 });
  });
});
