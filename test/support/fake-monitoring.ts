/**
 * A local Security Hub endpoint for tests that need exact request counts without moto: `DescribeHub`
 * (REST-JSON `GET /accounts`: `InvalidAccessException` "not subscribed", HTTP 401, unless enabled in the
 * region). Requests are routed by the SigV4 credential scope, so one endpoint serves every region; point
 * the SDK at it with AWS_ENDPOINT_URL_SECURITYHUB. (fake-securityhub.ts serves BatchImportFindings.)
 */
import { listenLocal, RequestCounts, readBody, send, sigV4Scope } from "./endpoint.js";
import { restJsonError } from "./wire-errors.js";

/** The running fake. */
export interface FakeMonitoring {
  readonly endpoint: string;
  /** Security Hub is enabled in `region` (DescribeHub answers a hub). */
  enableSecurityHub(region: string): void;
  /** Requests per `<region> securityhub:DescribeHub`. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

/** Starts the fake on a free local port. */
export async function startFakeMonitoring(options: { accountId: string }): Promise<FakeMonitoring> {
  const counts = new RequestCounts();
  const hubs = new Set<string>();
  const local = await listenLocal();
  local.serve(async (request, response) => {
    await readBody(request);
    const scope = sigV4Scope(request.headers.authorization);
    const region = scope?.region ?? "unknown";
    if (
      scope?.service !== "securityhub" ||
      request.method !== "GET" ||
      !request.url?.startsWith("/accounts")
    ) {
      const wire = restJsonError("ResourceNotFoundException", `no route ${request.method} ${request.url}`);
      send(response, 404, wire.body, { "content-type": "application/json", ...wire.headers });
      return;
    }
    counts.add(`${region} securityhub:DescribeHub`);
    if (hubs.has(region)) {
      const body = {
        HubArn: `arn:aws:securityhub:${region}:${options.accountId}:hub/default`,
        SubscribedAt: "2024-01-02T03:04:05.000Z",
        AutoEnableControls: true,
      };
      send(response, 200, JSON.stringify(body), { "content-type": "application/json" });
      return;
    }
    const wire = restJsonError(
      "InvalidAccessException",
      `Account ${options.accountId} is not subscribed to AWS Security Hub`,
      { fields: "Code" },
    );
    send(response, 401, wire.body, { "content-type": "application/json", ...wire.headers });
  });
  return {
    endpoint: local.url,
    enableSecurityHub: (region) => {
      hubs.add(region);
    },
    counts: () => counts.snapshot(),
    close: () => local.close(),
  };
}
