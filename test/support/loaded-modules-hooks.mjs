/** The loader hook of loaded-modules.mjs: one `LOADED <url>` line on stderr per ES module loaded. */
import { writeSync } from "node:fs";

export async function load(url, context, next) {
  const result = await next(url, context);
  if (result.format === "module") writeSync(2, `LOADED ${url}\n`);
  return result;
}
