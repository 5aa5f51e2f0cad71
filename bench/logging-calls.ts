/**
 * AWS API calls of a logging scan (prints figures; not a test): `node --import tsx bench/logging-calls.ts`.
 *
 * The logging rules but the trail-bucket ones (CloudTrail 3.1, 3.2, 3.4, 3.7, 3.10, 3.11; AWS Config 3.5 in
 * both forms; KMS 3.8; VPC flow logs 3.9) against our fakes (test/support/fake-regional.ts for EC2,
 * test/support/fake-logging.ts for CloudTrail, AWS Config and KMS), counted by the endpoints per region and
 * action, for a small account and for one with many more trails, keys and VPCs: the per-region calls stay
 * the same, the per-resource ones grow by the figures printed (2 per trail in its home region only; 1 per
 * key plus 1 per judged key; none per VPC; nothing per log group or per bucket).
 */
import { scanAccount } from "../src/app/scan.js";
import { createClients } from "../src/aws/clients.js";
import { RULES } from "../src/rules/index.js";
import { startFakeAws } from "../test/support/fake-aws.js";
import { startFakeLogging } from "../test/support/fake-logging.js";
import { startFakeRegional } from "../test/support/fake-regional.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const ACCOUNT = "123456789012";
const ENABLED = ["af-south-1", "ap-southeast-2", "eu-west-1", "us-east-1"];
const LOGGING = RULES.filter(
  (rule) =>
    ["cloudtrail_", "config_", "kms_", "vpc_flow"].some((prefix) => rule.id.startsWith(prefix)) &&
    !rule.id.startsWith("cloudtrail_bucket_"),
);

interface Size {
  readonly trails: number;
  readonly customerKeys: number;
  readonly awsKeys: number;
  readonly vpcsPerRegion: number;
}

async function measure(size: Size): Promise<Record<string, number>> {
  const fake = await startFakeAws();
  const regional = await startFakeRegional();
  const logging = await startFakeLogging();
  process.env.AWS_ENDPOINT_URL = fake.endpoint;
  process.env.AWS_ENDPOINT_URL_EC2 = regional.endpoint;
  process.env.AWS_ENDPOINT_URL_CLOUDTRAIL = logging.endpoint;
  process.env.AWS_ENDPOINT_URL_CONFIG_SERVICE = logging.endpoint;
  process.env.AWS_ENDPOINT_URL_KMS = logging.endpoint;
  try {
    for (let i = 0; i < size.trails; i += 1)
      logging.addTrail(
        {
          Name: `trail-${i}`,
          TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/trail-${i}`,
          HomeRegion: "us-east-1",
          IsMultiRegionTrail: true,
        },
        {},
        ENABLED,
      );
    const key = (id: string, manager: string) => ({
      metadata: {
        KeyId: id,
        Arn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/${id}`,
        KeyManager: manager,
        KeySpec: "SYMMETRIC_DEFAULT",
        KeyState: "Enabled",
        Origin: "AWS_KMS",
      },
    });
    for (let i = 0; i < size.customerKeys; i += 1)
      logging.addKey("us-east-1", key(`customer-${i}`, "CUSTOMER"));
    for (let i = 0; i < size.awsKeys; i += 1) logging.addKey("us-east-1", key(`aws-${i}`, "AWS"));
    for (const region of ENABLED)
      for (let i = 0; i < size.vpcsPerRegion; i += 1)
        regional.addVpc(region, { vpcId: `vpc-${region}-${i}` });
    const clients = createClients({
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" },
      maxAttempts: 1,
    });
    try {
      await scanAccount(clients, { rules: LOGGING, collectedAt: new Date() });
      return clients.apiCalls();
    } finally {
      clients.destroy();
    }
  } finally {
    await Promise.all([fake.close(), regional.close(), logging.close()]);
  }
}

const small: Size = { trails: 1, customerKeys: 1, awsKeys: 5, vpcsPerRegion: 1 };
const large: Size = { trails: 10, customerKeys: 100, awsKeys: 50, vpcsPerRegion: 25 };
const [few, many] = [await measure(small), await measure(large)];
console.log(`## Logging scan, ${ENABLED.length} enabled regions (${LOGGING.length} rules)`);
console.log(`small: ${JSON.stringify(small)}`);
console.log(`large: ${JSON.stringify(large)}`);
console.log(`${"call".padEnd(46)} ${"small".padStart(6)} ${"large".padStart(6)}`);
for (const call of [...new Set([...Object.keys(few), ...Object.keys(many)])].sort())
  console.log(
    `${call.padEnd(46)} ${String(few[call] ?? 0).padStart(6)} ${String(many[call] ?? 0).padStart(6)}`,
  );
