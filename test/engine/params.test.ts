/**
 * Rule parameters from command-line values by name: the CLI names no rule.
 */
import { describe, expect, it } from "vitest";
import { paramsFor } from "../../src/engine/params.js";
import { RULES } from "../../src/rules/index.js";

describe("paramsFor", () => {
  it("gives a value to every selected rule that has a parameter of that name, and to no other", () => {
    expect(paramsFor(RULES, { setupWindowSeconds: 5 })).toEqual({
      iam_user_no_access_key_at_setup: { setupWindowSeconds: 5 },
    });
    expect(paramsFor(RULES, { setupWindowSeconds: undefined })).toEqual({});
    expect(paramsFor(RULES, { noSuchParameter: 1 })).toEqual({});
    expect(paramsFor([], { setupWindowSeconds: 5 })).toEqual({});
  });
});
