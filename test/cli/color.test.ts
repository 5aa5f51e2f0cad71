/** Issue 16 item 15: when the text report is coloured. */
import { describe, expect, it } from "vitest";
import { colorEnabled } from "../../src/cli/color.js";

const TTY = { isTTY: true };
const PIPE = { isTTY: false };

describe("colorEnabled", () => {
  it.each([
    [TTY, {}, true],
    [PIPE, {}, false],
    [TTY, { TERM: "dumb" }, false],
    [TTY, { FORCE_COLOR: "0" }, false],
    [TTY, { FORCE_COLOR: "false" }, false],
    [PIPE, { FORCE_COLOR: "1" }, true],
    [PIPE, { FORCE_COLOR: "" }, true],
    [TTY, { NO_COLOR: "1" }, false],
    [TTY, { NO_COLOR: "" }, true],
    [PIPE, { FORCE_COLOR: "1", NO_COLOR: "1" }, false],
    [TTY, { FORCE_COLOR: "1", TERM: "dumb" }, true],
  ])("%j with %j: %s", (stream, env, expected) => {
    expect(colorEnabled(stream, env)).toBe(expected);
  });
});
