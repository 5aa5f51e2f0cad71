/**
 * The output formats' names and file extensions, apart from the renderers: what the command line
 * needs to parse `--output` without loading any renderer.
 */

/** The formats `--output` accepts. */
export const OUTPUT_FORMATS = [
  "text",
  "json",
  "ocsf",
  "asff",
  "csv",
  "compliance-csv",
  "junit",
  "sarif",
  "md",
  "html",
] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** File name extension per format (distinct, so one run can write every format into one directory). */
export const EXTENSIONS: Readonly<Record<OutputFormat, string>> = {
  text: "txt",
  json: "json",
  ocsf: "ocsf.json",
  asff: "asff.json",
  csv: "csv",
  "compliance-csv": "compliance.csv",
  junit: "junit.xml",
  sarif: "sarif",
  md: "md",
  html: "html",
};

/** Whether `value` names an output format. */
export function isOutputFormat(value: string): value is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(value);
}
