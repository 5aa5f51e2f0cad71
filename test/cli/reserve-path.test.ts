/**
 * --output-dir report names: a name already taken (another scan of the account in the same second)
 * gets `-2`, `-3`, ... instead of overwriting the earlier report.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { reservePath } from "../../src/cli/output-files.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "cloudpatrol-reserve-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("reservePath", () => {
  it("claims the name itself when free, else -2, -3, ...; never touches an existing report", async () => {
    const name = join(dir, "cloudpatrol-111122223333-20261129T101500Z.json");
    expect(await reservePath(name)).toBe(name);
    await writeFile(name, "first report");
    const claimed = await Promise.all([reservePath(name), reservePath(name)]);
    expect(claimed.sort()).toEqual([
      join(dir, "cloudpatrol-111122223333-20261129T101500Z-2.json"),
      join(dir, "cloudpatrol-111122223333-20261129T101500Z-3.json"),
    ]);
    expect(await readFile(name, "utf8")).toBe("first report");
    expect((await readdir(dir)).length).toBe(3);
  });
});
