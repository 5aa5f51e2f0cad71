/**
 * An account's clients resolve the environment/config-file settings once, through its STS client's
 * providers (createClients in src/aws/clients.ts), and still follow the environment as each client alone
 * would: AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT apply to every client; a FIPS
 * pseudo-region of the connection (`fips-us-east-1`) makes only its own clients FIPS, as before.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createClients } from "../../src/aws/clients.js";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" };
const saved = {
  fips: process.env.AWS_USE_FIPS_ENDPOINT,
  dualstack: process.env.AWS_USE_DUALSTACK_ENDPOINT,
};

afterEach(() => {
  for (const [name, value] of [
    ["AWS_USE_FIPS_ENDPOINT", saved.fips],
    ["AWS_USE_DUALSTACK_ENDPOINT", saved.dualstack],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** What a regional client resolves: [useFipsEndpoint, useDualstackEndpoint]. */
async function resolved(region: string, connectionRegion = "us-east-1"): Promise<[boolean, boolean]> {
  const clients = createClients({ region: connectionRegion, credentials });
  try {
    const ec2 = await clients.regional?.ec2(region);
    const kms = await clients.regional?.kms(region);
    const fips = [await ec2?.config.useFipsEndpoint(), await kms?.config.useFipsEndpoint()];
    const dualstack = [await ec2?.config.useDualstackEndpoint(), await kms?.config.useDualstackEndpoint()];
    expect(new Set(fips).size).toBe(1);
    expect(new Set(dualstack).size).toBe(1);
    return [fips[0] === true, dualstack[0] === true];
  } finally {
    clients.destroy();
  }
}

describe("the settings an account's clients share", () => {
  it("follow AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT, off by default", async () => {
    delete process.env.AWS_USE_FIPS_ENDPOINT;
    delete process.env.AWS_USE_DUALSTACK_ENDPOINT;
    expect(await resolved("eu-west-1")).toEqual([false, false]);
    process.env.AWS_USE_FIPS_ENDPOINT = "true";
    process.env.AWS_USE_DUALSTACK_ENDPOINT = "true";
    expect(await resolved("eu-west-1")).toEqual([true, true]);
  });

  it("a FIPS pseudo-region of the connection is not passed on to the clients of other regions", async () => {
    delete process.env.AWS_USE_FIPS_ENDPOINT;
    delete process.env.AWS_USE_DUALSTACK_ENDPOINT;
    expect(await resolved("eu-west-1", "fips-us-east-1")).toEqual([false, false]);
    expect(await resolved("us-gov-west-1-fips")).toEqual([true, false]);
  });
});
