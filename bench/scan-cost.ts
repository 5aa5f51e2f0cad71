/**
 * Scan cost benchmark (prints figures; not a test): `node --import tsx bench/scan-cost.ts`.
 *
 * Default scans (every rule of the registry, src/rules/index.ts: whatever rules exist when it runs,
 * `--no-verify`) of a moto_server account (test/support/moto.ts), each on a freshly reset moto:
 * 1. empty, with `--regions us-east-1` and with `--regions us-east-1,eu-west-1`: the difference is what
 *    one more enabled, empty region costs;
 * 2. in us-east-1 with 1 and then 3 of one kind of resource (S3 bucket; CloudTrail trail, multi-region,
 *    logging, all on one bucket; customer managed KMS key; VPC): (calls with 3 − calls with 1) / 2 is what
 *    each further resource of that kind costs, per API.
 * The AWS API calls are the scan's own count (per `service:Operation`). Goal (issue 17): no call a
 * selected rule does not need, no per-resource call where a list call answers. The ERROR findings are
 * counted too (moto does not implement every API): their calls failed, they were still made.
 */
import { CloudTrailClient, CreateTrailCommand, StartLoggingCommand } from "@aws-sdk/client-cloudtrail";
import { CreateVpcCommand, EC2Client } from "@aws-sdk/client-ec2";
import { CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { scan } from "../src/app/scan.js";
import { DEFAULT_RULES } from "../src/rules/index.js";
import {
  MOTO_CREDENTIALS,
  MOTO_SKIP_REASON,
  type Moto,
  motoClientConfig,
  startMoto,
} from "../test/support/moto.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const REGION = "us-east-1";

/** Calls per `service:Operation` of a default scan of `regions`, and its ERROR findings. */
async function costOf(
  endpoint: string,
  regions: readonly string[],
): Promise<{ calls: Record<string, number>; errors: number }> {
  const result = await scan({
    connection: {
      endpointUrl: endpoint,
      region: REGION,
      credentials: { ...MOTO_CREDENTIALS },
      retryBaseMs: 10,
    },
    regions,
    reportPollBaseMs: 50,
    verify: false,
  });
  return {
    calls: result.scan.accounts[0]?.apiCalls ?? {},
    errors: result.findings.filter((finding) => finding.status === "ERROR").length,
  };
}

function total(calls: Readonly<Record<string, number>>): number {
  return Object.values(calls).reduce((sum, count) => sum + count, 0);
}

/** Creates `count` resources of one kind in the moto account (us-east-1). */
type Seed = (moto: Moto, count: number) => Promise<void>;

const RESOURCES: readonly { readonly kind: string; readonly seed: Seed; readonly note?: string }[] = [
  {
    kind: "S3 bucket",
    note: "GetBucketLocation only because moto's ListBuckets gives no BucketRegion; AWS's does, so one call fewer there",
    seed: async (moto, count) => {
      const s3 = new S3Client(motoClientConfig(moto, REGION));
      for (let index = 0; index < count; index++)
        await s3.send(new CreateBucketCommand({ Bucket: `bench-bucket-${index}` }));
      s3.destroy();
    },
  },
  {
    kind: "CloudTrail trail",
    seed: async (moto, count) => {
      const s3 = new S3Client(motoClientConfig(moto, REGION));
      await s3.send(new CreateBucketCommand({ Bucket: "bench-trail-logs" }));
      s3.destroy();
      const cloudtrail = new CloudTrailClient(motoClientConfig(moto, REGION));
      for (let index = 0; index < count; index++) {
        const Name = `bench-trail-${index}`;
        await cloudtrail.send(
          new CreateTrailCommand({ Name, S3BucketName: "bench-trail-logs", IsMultiRegionTrail: true }),
        );
        await cloudtrail.send(new StartLoggingCommand({ Name }));
      }
      cloudtrail.destroy();
    },
  },
  {
    kind: "KMS key (customer managed)",
    seed: async (moto, count) => {
      const kms = new KMSClient(motoClientConfig(moto, REGION));
      for (let index = 0; index < count; index++) await kms.send(new CreateKeyCommand({}));
      kms.destroy();
    },
  },
  {
    kind: "VPC",
    seed: async (moto, count) => {
      const ec2 = new EC2Client(motoClientConfig(moto, REGION));
      for (let index = 0; index < count; index++)
        await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${index}.0.0/16` }));
      ec2.destroy();
    },
  },
];

/**
 * Prints calls per operation in two runs and `per` of them; `onlyChanged` leaves out the operations
 * whose `per` is 0.
 */
function table(
  heading: readonly [string, string, string],
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
  per: (a: number, b: number) => number,
  onlyChanged: boolean,
): void {
  console.log(
    `\n${"operation".padEnd(46)} ${heading[0].padStart(9)} ${heading[1].padStart(9)} ${heading[2].padStart(13)}`,
  );
  for (const operation of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[operation] ?? 0;
    const y = b[operation] ?? 0;
    if (onlyChanged && per(x, y) === 0) continue;
    console.log(
      `${operation.padEnd(46)} ${String(x).padStart(9)} ${String(y).padStart(9)} ${String(per(x, y)).padStart(13)}`,
    );
  }
}

async function main(): Promise<void> {
  let moto: Moto;
  try {
    moto = await startMoto();
  } catch (error) {
    console.log(`skipped: ${error instanceof Error ? error.message : MOTO_SKIP_REASON}`);
    return;
  }
  try {
    const one = await costOf(moto.endpoint, [REGION]);
    await moto.reset();
    const two = await costOf(moto.endpoint, [REGION, "eu-west-1"]);
    console.log(`## Default scan (${DEFAULT_RULES.length} rules) of an empty moto account, --no-verify`);
    console.log(`one region:  ${total(one.calls)} calls, ${one.errors} ERROR findings`);
    console.log(`two regions: ${total(two.calls)} calls, ${two.errors} ERROR findings`);
    table(["1 region", "2 regions", "per region"], one.calls, two.calls, (a, b) => b - a, false);
    console.log(`\nper added empty region: ${total(two.calls) - total(one.calls)} calls`);

    console.log(
      `\n## Per resource, one region (${REGION}): calls with 1 and with 3, (3 − 1) / 2 per resource`,
    );
    for (const { kind, seed, note } of RESOURCES) {
      const cost: Record<string, number>[] = [];
      for (const count of [1, 3]) {
        await moto.reset();
        await seed(moto, count);
        cost.push((await costOf(moto.endpoint, [REGION])).calls);
      }
      const [withOne = {}, withThree = {}] = cost;
      const perResource = (total(withThree) - total(withOne)) / 2;
      console.log(`\n### ${kind}: ${perResource} calls per further ${kind.split(" (")[0]}`);
      table(["with 1", "with 3", "per resource"], withOne, withThree, (a, b) => (b - a) / 2, true);
      if (note) console.log(`(${note})`);
    }
  } finally {
    await moto.stop();
  }
}

await main();
