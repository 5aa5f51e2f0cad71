/**
 * The moto_server harness itself: the real EC2 client against moto, per-region state, reset, and that no
 * moto_server outlives its test process.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:http";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  DescribeRegionsCommand,
  EC2Client,
  EnableEbsEncryptionByDefaultCommand,
  GetEbsDefaultKmsKeyIdCommand,
  GetEbsEncryptionByDefaultCommand,
  type Region,
} from "@aws-sdk/client-ec2";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { describe, expect, it } from "vitest";
import {
  describeWithMoto,
  HAVE_MOTO,
  MOTO_ACCOUNT_ID,
  MOTO_SKIP_REASON,
  motoClientConfig,
  motoS3ControlConfig,
  startMoto,
} from "./moto.js";

/** moto 5.2.1's hard-coded `regions_opt_in_not_required` (moto/ec2/models/availability_zones_and_regions.py). */
const MOTO_OPT_IN_NOT_REQUIRED = [
  "af-south-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ca-central-1",
  "eu-central-1",
  "eu-north-1",
  "eu-south-1",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
];

const isCommercial = (name: string) => !name.startsWith("us-gov-") && !name.startsWith("cn-");
const names = (regions: Region[]) => regions.map((region) => region.RegionName ?? "").sort();

describeWithMoto("moto_server harness", (moto) => {
  const ec2 = (region: string) => new EC2Client(motoClientConfig(moto(), region));

  it("answers EC2 DescribeRegions through the real SDK with moto's fixed region list", async () => {
    const started = Date.now();
    const { Regions = [] } = await ec2("eu-west-1").send(new DescribeRegionsCommand({}));
    const firstCallMs = Date.now() - started;
    console.log(
      `moto_server answered HTTP ${moto().startupMs} ms after spawn; first EC2 call (moto loads its ec2 backend) ${firstCallMs} ms`,
    );

    expect(Regions.find((region) => region.RegionName === "us-east-1")).toEqual({
      RegionName: "us-east-1",
      Endpoint: "ec2.us-east-1.amazonaws.com",
      OptInStatus: "opt-in-not-required",
    });
    const commercial = Regions.filter((region) => isCommercial(region.RegionName ?? ""));
    expect(names(commercial.filter((region) => region.OptInStatus === "opt-in-not-required"))).toEqual(
      MOTO_OPT_IN_NOT_REQUIRED,
    );
    // Opt-in regions are listed even without AllRegions, all as not opted in; none is ever "opted-in".
    const optIn = commercial.filter((region) => region.OptInStatus !== "opt-in-not-required");
    expect(optIn.length).toBeGreaterThan(0);
    expect(new Set(optIn.map((region) => region.OptInStatus))).toEqual(new Set(["not-opted-in"]));
    expect(names(optIn)).toContain("ap-east-1");
    expect(names(optIn)).toContain("me-south-1");
    // GovCloud and China regions come along, as opt-in-not-required.
    expect(Regions.find((region) => region.RegionName === "us-gov-west-1")?.OptInStatus).toBe(
      "opt-in-not-required",
    );
    expect(Regions.find((region) => region.RegionName === "cn-north-1")?.Endpoint).toBe(
      "ec2.cn-north-1.amazonaws.com.cn",
    );

    // AllRegions and Filters are ignored: the same list; RegionNames filters and drops unknown names.
    const all = await ec2("eu-west-1").send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(all.Regions).toEqual(Regions);
    const filtered = await ec2("eu-west-1").send(
      new DescribeRegionsCommand({ Filters: [{ Name: "opt-in-status", Values: ["opted-in"] }] }),
    );
    expect(filtered.Regions).toEqual(Regions);
    const named = await ec2("eu-west-1").send(
      new DescribeRegionsCommand({ RegionNames: ["eu-west-1", "xx-nope-1"] }),
    );
    expect(names(named.Regions ?? [])).toEqual(["eu-west-1"]);
  });

  it("keeps EBS encryption by default per region, and reset() clears it", async () => {
    await expect(ec2("eu-west-1").send(new EnableEbsEncryptionByDefaultCommand({}))).resolves.toMatchObject({
      EbsEncryptionByDefault: true,
    });
    const get = async (region: string) =>
      (await ec2(region).send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault;
    expect(await get("eu-west-1")).toBe(true);
    expect(await get("us-east-1")).toBe(false);

    await moto().reset();
    expect(await get("eu-west-1")).toBe(false);
    expect(await get("us-east-1")).toBe(false);
  });

  it("leaves state behind for the next test (ap-south-1 encrypted by default)", async () => {
    await ec2("ap-south-1").send(new EnableEbsEncryptionByDefaultCommand({}));
    expect(
      (await ec2("ap-south-1").send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault,
    ).toBe(true);
  });

  it("finds the previous test's state cleared by the reset before each test", async () => {
    expect(
      (await ec2("ap-south-1").send(new GetEbsEncryptionByDefaultCommand({}))).EbsEncryptionByDefault,
    ).toBe(false);
  });

  it("does not implement GetEbsDefaultKmsKeyId (HTTP 500, not retried)", async () => {
    const error: unknown = await ec2("eu-west-1")
      .send(new GetEbsDefaultKmsKeyIdCommand({}))
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 500, attempts: 1 } });
  });

  it("answers as account 123456789012 to the fake credentials", async () => {
    const sts = new STSClient(motoClientConfig(moto(), "us-east-1"));
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect(identity.Account).toBe(MOTO_ACCOUNT_ID);
    expect(identity.Account).toBe("123456789012");
  });

  it("gives S3 Control a provider that keeps the account id out of the host name", () => {
    const config = motoS3ControlConfig(moto(), "us-east-1");
    expect(config.endpointProvider().url.href).toBe(`${moto().endpoint}/`);
    expect(config.credentials).toEqual({ accessKeyId: "testing", secretAccessKey: "testing" });
  });
});

describe.skipIf(!HAVE_MOTO)(`moto_server lifecycle${HAVE_MOTO ? "" : ` (${MOTO_SKIP_REASON})`}`, () => {
  it("stop() ends and reaps moto_server, and a second stop() is harmless", async () => {
    const server = await startMoto();
    expect(server.endpoint).toBe(`http://127.0.0.1:${server.port}`);
    expect(await answers(server.port)).toBe(true);
    await server.stop();
    expect(await answers(server.port)).toBe(false);
    expect(() => process.kill(server.pid, 0)).toThrow(expect.objectContaining({ code: "ESRCH" }));
    await server.stop();
  });

  it("no moto_server outlives a test process that is killed outright (SIGKILL)", async () => {
    const script = [
      `import { startMoto } from ${JSON.stringify(join(import.meta.dirname, "moto.ts"))};`,
      "const moto = await startMoto();",
      'process.stdout.write(String(moto.port) + " " + String(moto.pid) + "\\n");',
      "setInterval(() => {}, 1000);",
    ].join("\n");
    const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [port, pid] = await new Promise<number[]>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        if (out.includes("\n")) resolve(out.trim().split(" ").map(Number));
      });
      child.once("exit", (code) => reject(new Error(`child exited early with ${code}`)));
    });
    if (port === undefined || pid === undefined) throw new Error("no port and pid from the child");
    expect(await answers(port)).toBe(true);
    expect(running(pid)).toBe(true);
    child.kill("SIGKILL");
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && running(pid)) await sleep(100);
    expect(running(pid)).toBe(false);
    expect(await answers(port)).toBe(false);
  });
});

/** Alive and not a zombie (an orphan's zombie stays where the init process does not reap). */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    if (existsSync("/proc/self/stat")) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/moto-api/", agent: false, timeout: 2000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}
