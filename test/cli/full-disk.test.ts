/**
 * Issue 16 item 9: a write that does not complete (a full disk, ENOSPC) leaves the old file intact,
 * removes its temporary file, and exits 1 naming the path and the reason — for every writer: scan
 * --output-file and --output-dir, collect --out, deploy template --output-file, deploy package --output.
 *
 * Each run happens on a small tmpfs mounted in a private mount namespace (`unshare -rm`), nearly full;
 * where the machine does not allow one, the test says so and skips.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli, ensureBuilt, ROOT, stateHome, tempDir } from "../support/built-bin.js";
import { type FakeAws, setupKeyUser, startFakeAws } from "../support/fake-aws.js";

const BIN = join(ROOT, "dist/cli/main.js");
const DISK_KIB = 256;
const FREE_KIB = 8;

function canMountTmpfs(): string | undefined {
  try {
    execFileSync("unshare", ["-rm", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    return `cannot mount a tmpfs in a private mount namespace here (unshare -rm): ${(error as Error).message.split("\n")[0]}`;
  }
}
const skipReason = canMountTmpfs();
if (skipReason) console.warn(`full-disk tests skipped: ${skipReason}`);

interface DiskRun {
  code: number | null;
  stderr: string;
  /** `name size` of every file left on the disk, sorted. */
  files: string[];
  /** Contents of the files named in `show`. */
  shown: Record<string, string>;
}

/**
 * Mounts a DISK_KIB tmpfs at `dir/disk`, writes `before` files, fills it to FREE_KIB free, runs the bin
 * with `args` (`$DISK` is the mount point), and reports what is left.
 */
function onNearlyFullDisk(
  dir: string,
  args: string[],
  before: Record<string, string>,
  show: string[],
  env: Record<string, string> = {},
  freeKib = FREE_KIB,
): Promise<DiskRun> {
  const disk = join(dir, "disk");
  const script = [
    `mount -t tmpfs -o size=${DISK_KIB}k tmpfs "$DISK" || exit 99`,
    ...Object.entries(before).map(([name, text]) => `printf %s '${text}' > "$DISK/${name}"`),
    `head -c ${(DISK_KIB - freeKib) * 1024} /dev/zero > "$DISK/filler" 2>/dev/null`,
    `"$NODE" "$BIN" "$@" >/dev/null 2>"$DIR/stderr"; echo "$?" > "$DIR/code"`,
    `rm "$DISK/filler"`,
    `(cd "$DISK" && find . -type f -printf '%P %s\\n' | sort) > "$DIR/files"`,
    ...show.map((name) => `cat "$DISK/${name}" > "$DIR/shown-${name}" 2>/dev/null || true`),
  ].join("\n");
  return new Promise((resolve, reject) => {
    const child = spawn(
      "unshare",
      ["-rm", "sh", "-c", script, "sh", ...args.map((a) => a.replaceAll("$DISK", disk))],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: dir,
          XDG_STATE_HOME: stateHome(dir),
          AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
          AWS_SECRET_ACCESS_KEY: "test",
          AWS_REGION: "us-east-1",
          AWS_CONFIG_FILE: join(dir, "none"),
          AWS_SHARED_CREDENTIALS_FILE: join(dir, "none"),
          AWS_EC2_METADATA_DISABLED: "true",
          CLOUDPATROL_RETRY_BASE_MS: "1",
          CLOUDPATROL_REPORT_POLL_MS: "1",
          NODE: process.execPath,
          BIN,
          DISK: disk,
          DIR: dir,
          ...env,
        },
        stdio: "ignore",
      },
    );
    child.on("error", reject);
    child.on("close", async () => {
      const { readFile } = await import("node:fs/promises");
      const read = (name: string) => readFile(join(dir, name), "utf8").catch(() => "");
      const shown: Record<string, string> = {};
      for (const name of show) shown[name] = await read(`shown-${name}`);
      resolve({
        code: Number((await read("code")).trim()),
        stderr: await read("stderr"),
        files: (await read("files")).split("\n").filter((line) => line !== ""),
        shown,
      });
    });
  });
}

beforeAll(ensureBuilt, 120_000);

describe.skipIf(skipReason !== undefined)("a nearly full disk", () => {
  let fake: FakeAws;
  beforeEach(async () => {
    fake = await startFakeAws({ accountId: "111122223333" });
  });
  afterEach(async () => {
    await fake.close();
  });

  async function setup(onTestFinished: (fn: () => Promise<void>) => void): Promise<string> {
    const dir = await tempDir(onTestFinished);
    await mkdir(join(dir, "disk"));
    await writeFile(
      join(dir, "report.csv"),
      await import("node:fs/promises").then((fs) =>
        fs.readFile(join(ROOT, "examples/credential-report.csv")),
      ),
    );
    return dir;
  }

  const scanArgs = ["scan", "--credential-report", "report.csv", "--no-history", "--fail-on", "none"];

  it("scan --output-file keeps the previous report and exits 1 naming the path and ENOSPC", async ({
    onTestFinished,
  }) => {
    const dir = await setup(onTestFinished);
    const run = await onNearlyFullDisk(
      dir,
      [...scanArgs, "--output", "json", "--output-file", "$DISK/r.json"],
      { "r.json": "OLD" },
      ["r.json"],
    );
    expect([run.code, run.stderr, run.files, run.shown["r.json"]]).toEqual([
      1,
      `cloudpatrol: cannot write --output-file ${dir}/disk/r.json: ENOSPC: no space left on device\n`,
      ["r.json 3"],
      "OLD",
    ]);
  }, 60_000);

  it("scan --output-dir leaves no empty or partial report and says which one failed", async ({
    onTestFinished,
  }) => {
    const dir = await setup(onTestFinished);
    const args = [...scanArgs, "--output", "md,json", "--output-dir", "$DISK"];
    const run = await onNearlyFullDisk(dir, args, {}, [], {}, 40); // room for the md report only
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^wrote ${dir}/disk/cloudpatrol-210987654321-\\d{8}T\\d{6}Z\\.md\\ncloudpatrol: cannot write the json report ${dir}/disk/cloudpatrol-210987654321-\\d{8}T\\d{6}Z\\.json: ENOSPC: no space left on device\\n$`,
      ),
    );
    expect(run.files.map((line) => line.replace(/\d{8}T\d{6}Z/, "TIME"))).toEqual([
      "cloudpatrol-210987654321-TIME.md 34149",
    ]);
  }, 60_000);

  /** The bundled example's `--framework cis_v150` reports, with the clock stopped as for the goldens. */
  const goldenArgs = [
    "scan",
    "--credential-report",
    "report.csv",
    "--framework",
    "cis_v150",
    "--no-history",
    "--fail-on",
    "none",
  ];
  const goldenEnv = {
    NODE_OPTIONS: `--import=${pathToFileURL(join(ROOT, "test/support/fixed-clock.mjs")).href}`,
    CLOUDPATROL_FIXED_CLOCK: "2026-12-01T12:00:00.000Z",
  };
  const golden = (ext: string) =>
    readFile(join(ROOT, "test/cli/golden", `example-cis_v150.${ext}.golden`), "utf8");
  const STEM = "cloudpatrol-210987654321-20261201T120000Z";

  it("scan --output-dir json,md: the json report fails, the md report after it is still written whole", async ({
    onTestFinished,
  }) => {
    const dir = await setup(onTestFinished);
    const args = [...goldenArgs, "--output", "json,md", "--output-dir", "$DISK"];
    // Room for the md report (27,383 bytes) only.
    const run = await onNearlyFullDisk(dir, args, {}, [`${STEM}.md`], goldenEnv, 40);
    expect([run.code, run.stderr, run.files]).toEqual([
      1,
      `cloudpatrol: cannot write the json report ${dir}/disk/${STEM}.json: ENOSPC: no space left on device\n` +
        `wrote ${dir}/disk/${STEM}.md\n`,
      [`${STEM}.md 27383`],
    ]);
    expect(run.shown[`${STEM}.md`]).toBe(await golden("md"));
  }, 60_000);

  it("scan -q --output-dir text,md,json,html,ocsf: every format is attempted, each failure on its own line", async ({
    onTestFinished,
  }) => {
    const dir = await setup(onTestFinished);
    const args = [...goldenArgs, "-q", "--output", "text,md,json,html,ocsf", "--output-dir", "$DISK"];
    // Room for the text (38,057 bytes) and md (27,383) reports, not for the json one after them.
    const show = [`${STEM}.txt`, `${STEM}.md`];
    const run = await onNearlyFullDisk(dir, args, {}, show, goldenEnv, 76);
    expect([run.code, run.stderr, run.files]).toEqual([
      1,
      `cloudpatrol: cannot write the json report ${dir}/disk/${STEM}.json: ENOSPC: no space left on device\n` +
        `cloudpatrol: cannot write the html report ${dir}/disk/${STEM}.html: ENOSPC: no space left on device\n` +
        `cloudpatrol: cannot write the ocsf report ${dir}/disk/${STEM}.ocsf.json: ENOSPC: no space left on device\n`,
      [`${STEM}.md 27383`, `${STEM}.txt 38057`],
    ]);
    expect([run.shown[`${STEM}.txt`], run.shown[`${STEM}.md`]]).toEqual([
      await golden("txt"),
      await golden("md"),
    ]);
  }, 60_000);

  it("scan --accounts (findings spooled) --output-dir json,md: the json report fails, the md report is still written whole", async ({
    onTestFinished,
  }) => {
    for (let user = 0; user < 60; user++) fake.addUser(setupKeyUser(`user-${String(user).padStart(2, "0")}`));
    // The endpoint's clock stopped as the bin's: one report, generated an hour before both scans.
    fake.report.now = () => new Date(goldenEnv.CLOUDPATROL_FIXED_CLOCK);
    fake.report.preset({ generatedAt: "2026-12-01T11:00:00Z" });
    const dir = await setup(onTestFinished);
    const scanAccounts = [
      "scan",
      "--accounts",
      "111122223333",
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--no-history",
      "--fail-on",
      "none",
      "-q",
      "--output",
      "json,md",
    ];
    const env = { ...goldenEnv, AWS_ENDPOINT_URL: fake.endpoint };
    // The same scan to a directory with room: the reports the full disk's must equal.
    const roomy = await cli(dir, [...scanAccounts, "--output-dir", "roomy"], env);
    expect([roomy.code, roomy.stderr]).toEqual([0, ""]);
    const stem = "cloudpatrol-111122223333-20261201T120000Z";
    const md = await readFile(join(dir, "roomy", `${stem}.md`), "utf8");
    const jsonBytes = (await readFile(join(dir, "roomy", `${stem}.json`))).length;
    // Room for the md report and one page more, not for the json one.
    const freeKib = Math.ceil(Buffer.byteLength(md) / 4096) * 4 + 4;
    expect(jsonBytes).toBeGreaterThan(freeKib * 1024);
    const args = [...scanAccounts, "--output-dir", "$DISK"];
    const run = await onNearlyFullDisk(dir, args, {}, [`${stem}.md`], env, freeKib);
    expect([run.code, run.stderr, run.files, run.shown[`${stem}.md`]]).toEqual([
      1,
      `cloudpatrol: cannot write the json report ${dir}/disk/${stem}.json: ENOSPC: no space left on device\n`,
      [`${stem}.md ${Buffer.byteLength(md)}`],
      md,
    ]);
  }, 60_000);

  it("scan --accounts with TMPDIR on the full disk: exits 1 naming the directory, TMPDIR and ENOSPC; no spool file or report left", async ({
    onTestFinished,
  }) => {
    for (let user = 0; user < 60; user++) fake.addUser(setupKeyUser(`user-${String(user).padStart(2, "0")}`));
    const dir = await setup(onTestFinished);
    const run = await onNearlyFullDisk(
      dir,
      [
        "scan",
        "--accounts",
        "111122223333",
        "--rule",
        "iam_user_no_access_key_at_setup",
        "--no-history",
        "--quiet",
        "--output",
        "json",
        "--output-file",
        "$DISK/r.json",
      ],
      { "r.json": "OLD" },
      ["r.json"],
      { AWS_ENDPOINT_URL: fake.endpoint, TMPDIR: join(dir, "disk") },
    );
    expect([run.code, run.stderr, run.files, run.shown["r.json"]]).toEqual([
      1,
      `cloudpatrol: cannot write the findings to a temporary file in ${dir}/disk (set TMPDIR to a directory with space): ENOSPC: no space left on device, write\n`,
      ["r.json 3"],
      "OLD",
    ]);
  }, 60_000);

  it("collect --out keeps the previous snapshot", async ({ onTestFinished }) => {
    const dir = await setup(onTestFinished);
    for (let index = 0; index < 40; index++)
      fake.addUser({ userName: `user-${index}`, createDate: "2026-01-10T09:00:00Z" });
    const run = await onNearlyFullDisk(
      dir,
      ["collect", "--out", "$DISK/snap.json"],
      { "snap.json": "OLD" },
      ["snap.json"],
      {
        AWS_ENDPOINT_URL: fake.endpoint,
      },
    );
    expect([run.code, run.stderr.split("\n").at(-2), run.files, run.shown["snap.json"]]).toEqual([
      1,
      `cloudpatrol: cannot write the snapshot ${dir}/disk/snap.json: ENOSPC: no space left on device`,
      ["snap.json 3"],
      "OLD",
    ]);
  }, 60_000);

  it("deploy template --output-file keeps the previous template", async ({ onTestFinished }) => {
    const dir = await setup(onTestFinished);
    const run = await onNearlyFullDisk(
      dir,
      ["deploy", "template", "--output-file", "$DISK/t.json"],
      { "t.json": "OLD" },
      ["t.json"],
    );
    expect([run.code, run.stderr, run.files, run.shown["t.json"]]).toEqual([
      1,
      `cloudpatrol: cannot write --output-file ${dir}/disk/t.json: ENOSPC: no space left on device\n`,
      ["t.json 3"],
      "OLD",
    ]);
  }, 60_000);

  it("deploy package --output leaves no zip behind", async ({ onTestFinished }) => {
    const dir = await setup(onTestFinished);
    const run = await onNearlyFullDisk(dir, ["deploy", "package", "--output", "$DISK/l.zip"], {}, []);
    expect([run.code, run.stderr, run.files]).toEqual([
      1,
      `cloudpatrol: cannot write --output ${dir}/disk/l.zip: ENOSPC: no space left on device\n`,
      [],
    ]);
  }, 120_000);
});
