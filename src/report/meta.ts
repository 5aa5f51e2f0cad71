/**
 * Facts about cloudpatrol itself that reports carry: product name, vendor, version.
 */
import { createRequire } from "node:module";

// `src/report` and `dist/report` both sit two levels below the package root.
const { version } = createRequire(import.meta.url)("../../package.json") as { version: string };

/** The tool as reports name it. */
export const TOOL = {
  name: "cloudpatrol",
  vendor: "cloudpatrol",
  version,
} as const;
