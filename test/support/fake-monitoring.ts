/**
 * A local endpoint for the monitoring section's services where a test needs an account with nothing set
 * up and exact request counts, without moto: CloudTrail `DescribeTrails` (JSON 1.1, an empty
 * `trailList` unless trails are seeded as raw records) and Security Hub `DescribeHub` (REST-JSON
 * `GET /accounts`: `InvalidAccessException` "not subscribed" unless enabled in the region). Requests are
 * routed by the SigV4 credential scope, so one endpoint serves every region; point the SDK at it with
 * AWS_ENDPOINT_URL_CLOUDTRAIL / AWS_ENDPOINT_URL_SECURITYHUB.
 */
import { listenLocal, RequestCounts, readBody, send, sigV4Scope } from "./endpoint.js";
import { awsJsonError, restJsonError } from "./wire-errors.js";

/** The running fake. */
export interface FakeMonitoring {
  readonly endpoint: string;
  /** Security Hub is enabled in `region` (DescribeHub answers a hub). */
  enableSecurityHub(region: string): void;
  /** Requests per `<region> <service>:<Operation>`. */
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
    const target = request.headers["x-amz-target"];
    if (scope?.service === "cloudtrail" && target === "CloudTrail_20131101.DescribeTrails") {
      counts.add(`${region} cloudtrail:DescribeTrails`);
      send(response, 200, JSON.stringify({ trailList: [] }), {
        "content-type": "application/x-amz-json-1.1",
      });
      return;
    }
    if (
      scope?.service === "securityhub" &&
      request.method === "GET" &&
      request.url?.startsWith("/accounts")
    ) {
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
      return;
    }
    const wire = awsJsonError(
      "UnknownOperationException",
      `not served: ${scope?.service} ${String(target ?? request.url)}`,
    );
    send(response, 400, wire.body, { "content-type": "application/x-amz-json-1.1", ...wire.headers });
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
