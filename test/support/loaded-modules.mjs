/**
 * A preload (`node --import`) that lists the modules a run loads, on stderr: one line `LOADED <url>`
 * per ES module (from a loader hook, as it loads) and per CommonJS module (from the CommonJS cache, at
 * exit). For start-up tests and bench/startup.ts.
 */
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";

register(new URL("./loaded-modules-hooks.mjs", import.meta.url));
const require = createRequire(import.meta.url);
process.on("exit", () => {
  const lines = Object.keys(require.cache).map((path) => `LOADED ${pathToFileURL(path).href}\n`);
  process.stderr.write(lines.join(""));
});
