/**
 * Scan cost benchmark (prints figures; not a test): `node --import tsx bench/scan-cost.ts`.
 *
 * A default scan (every rule of the registry, src/rules/index.ts: whatever rules exist when it runs)
 * of an empty moto_server account (test/support/moto.ts), twice: with `--regions us-east-1` and with
 * `--regions us-east-1,eu-west-1`. The AWS API calls the scan counted (per `service:Operation`), and the
 * difference between the two runs: what one more enabled, empty region costs. Goal (issue 17): no call
 * a selected rule does not need, no per-resource call where a list call answers. The ERROR findings are
 * counted too (moto does not implement every API): their calls failed, they were still made.
 */
import { scan } from "../src/app/scan.js";
import { DEFAULT_RULES } from "../src/rules/index.js";
import { MOTO_CREDENTIALS, MOTO_SKIP_REASON, startMoto } from "../test/support/moto.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

/** Calls per `service:Operation` of a default scan of `regions`, and its ERROR findings. */
async function costOf(
  endpoint: string,
  regions: readonly string[],
): Promise<{ calls: Record<string, number>; errors: number }> {
  const result = await scan({
    connection: {
      endpointUrl: endpoint,
      region: "us-east-1",
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

async function main(): Promise<void> {
  let moto: Awaited<ReturnType<typeof startMoto>>;
  try {
    moto = await startMoto();
  } catch (error) {
    console.log(`skipped: ${error instanceof Error ? error.message : MOTO_SKIP_REASON}`);
    return;
  }
  try {
    const one = await costOf(moto.endpoint, ["us-east-1"]);
    await moto.reset();
    const two = await costOf(moto.endpoint, ["us-east-1", "eu-west-1"]);
    console.log(`## Default scan (${DEFAULT_RULES.length} rules) of an empty moto account, --no-verify`);
    console.log(`one region:  ${total(one.calls)} calls, ${one.errors} ERROR findings`);
    console.log(`two regions: ${total(two.calls)} calls, ${two.errors} ERROR findings`);
    const operations = [...new Set([...Object.keys(one.calls), ...Object.keys(two.calls)])].sort();
    console.log("\noperation                                      1 region  2 regions  per added region");
    for (const operation of operations) {
      const a = one.calls[operation] ?? 0;
      const b = two.calls[operation] ?? 0;
      console.log(
        `${operation.padEnd(46)} ${String(a).padStart(8)} ${String(b).padStart(10)} ${String(b - a).padStart(17)}`,
      );
    }
    console.log(`\nper added empty region: ${total(two.calls) - total(one.calls)} calls`);
  } finally {
    await moto.stop();
  }
}

await main();
