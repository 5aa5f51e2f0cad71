/**
 * `cloudpatrol deploy package`: bundles the two Lambda handlers with esbuild (one CommonJS file each,
 * every dependency inside, built for the Node.js major of {@link LAMBDA_RUNTIME}) and writes them into one zip at the paths the template's
 * handler names expect: `config-rule.js` (`config-rule.handler`) and `iam-event.js`
 * (`iam-event.handler`). The zip is deterministic: same code, same bytes.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { ZipFile } from "yazl";
import { writeWholeFile } from "../../model/write-file.js";
import { esbuildTarget, LAMBDA_RUNTIME } from "./runtime.js";
import { HANDLERS } from "./template.js";

/** One bundled handler file. */
export interface BundledFile {
  /** Path inside the zip: `config-rule.js`. */
  readonly name: string;
  readonly contents: Uint8Array;
}

/** What {@link writeLambdaPackage} wrote. */
export interface PackageResult {
  readonly path: string;
  readonly files: readonly { readonly name: string; readonly bytes: number }[];
  readonly bytes: number;
  readonly sha256: string;
}

/** Zip entries are stamped with this time so that the zip's bytes depend on the code only. */
const ZIP_TIME = new Date("2020-01-01T00:00:00Z");

/** The file names in the zip, from the handler names (`config-rule.handler` → `config-rule.js`). */
export function handlerFiles(): string[] {
  return Object.values(HANDLERS).map((handler) => `${handler.slice(0, handler.lastIndexOf("."))}.js`);
}

/**
 * Where the handler modules are, seen from this module: `src/lambda/` from `src/app/deploy/` in a
 * checkout (tests, tsx), `dist/lambda/` from `dist/app/deploy/` (the library) or from `dist/cli/` (the
 * bundled `cloudpatrol` bin, scripts/bundle-cli.mjs, where this code sits in a chunk).
 */
const LAMBDA_DIRS = ["../../lambda/", "../lambda/"];

/** The source of a handler module: `<lambda dir>/<name>.ts` in a checkout, `.js` in the installed package. */
function entryPoint(name: string): string {
  for (const dir of LAMBDA_DIRS)
    for (const extension of [".ts", ".js"]) {
      const path = fileURLToPath(new URL(`${dir}${name}${extension}`, import.meta.url));
      if (existsSync(path)) return path;
    }
  throw new Error(
    `cannot find the Lambda handler module lambda/${name} near ${fileURLToPath(import.meta.url)}`,
  );
}

/** Bundles each handler into one CommonJS file for the Lambda runtime {@link LAMBDA_RUNTIME}. */
export async function bundleHandlers(): Promise<BundledFile[]> {
  const files: BundledFile[] = [];
  for (const file of handlerFiles()) {
    const name = file.replace(/\.js$/, "");
    const result = await build({
      entryPoints: [entryPoint(name)],
      bundle: true,
      platform: "node",
      target: esbuildTarget(LAMBDA_RUNTIME),
      format: "cjs",
      minify: true,
      keepNames: true,
      legalComments: "none",
      write: false,
      logLevel: "silent",
      // The SDK's Node.js version notice has no use in Lambda logs (and the tests load the bundle on Node 20).
      banner: { js: 'process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";' },
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error(`esbuild produced no output for ${name}`);
    files.push({ name: file, contents: output.contents });
  }
  return files;
}

/** Zips files deterministically (fixed times and modes, given order). */
export function zipFiles(files: readonly BundledFile[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const file of files) {
    zip.addBuffer(Buffer.from(file.contents), file.name, { mtime: ZIP_TIME, mode: 0o100644, compress: true });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}

/** Bundles the handlers and writes the zip to `path`. */
export async function writeLambdaPackage(path: string): Promise<PackageResult> {
  const files = await bundleHandlers();
  const zip = await zipFiles(files);
  await writeWholeFile(path, zip, "--output");
  return {
    path,
    files: files.map((file) => ({ name: file.name, bytes: file.contents.byteLength })),
    bytes: zip.byteLength,
    sha256: createHash("sha256").update(zip).digest("hex"),
  };
}
