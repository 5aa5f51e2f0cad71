import { createServer } from "node:http";
import { createClients } from "../dist/aws/clients.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/xml" });
    res.end(
      `<DescribeVpcsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>x</requestId><vpcSet/></DescribeVpcsResponse>`,
    );
  });
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const endpointUrl = `http://127.0.0.1:${server.address().port}`;
const { DescribeVpcsCommand } = await import("@aws-sdk/client-ec2");
const conn = { endpointUrl, region: "us-east-1", credentials: { accessKeyId: "AKIA", secretAccessKey: "x" } };
const regions = [
  "us-east-1",
  "eu-west-1",
  "ap-southeast-2",
  "af-south-1",
  "us-west-1",
  "us-west-2",
  "eu-central-1",
  "ca-central-1",
  "sa-east-1",
];
async function account(sends) {
  const c = createClients(conn);
  await Promise.all(
    regions.map(async (r) => {
      const ec2 = await c.regional.ec2(r);
      for (let i = 0; i < sends; i++) await ec2.send(new DescribeVpcsCommand({}));
    }),
  );
  c.destroy();
}
for (const sends of [1, 2, 1, 2]) {
  const n = 40;
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await account(sends);
  const c = process.cpuUsage(c0);
  console.log(
    sends,
    "sends per client:",
    ((c.user + c.system) / 1000 / n / regions.length).toFixed(2),
    "ms CPU per client",
  );
}
server.close();
