// Receives the CMS's webhooks and rebuilds what changed (scripts/build.mjs --since).
//
//   WEBHOOK_SECRET=… CMS_URL=… SITE_URL=… node scripts/webhook.mjs
//
// Listens on WEBHOOK_HOST:WEBHOOK_PORT (127.0.0.1:4322). A request counts only
// with a valid X-Signature: sha256 HMAC of "<X-Webhook-Timestamp>.<raw body>"
// under the endpoint's secret, made less than five minutes ago (no replays).
// Deliveries the CMS sends again carry the same event id and are answered
// without another build. Builds never overlap: events during a build start one
// more build after it, which picks up everything since the last cursor.
import { spawn } from "node:child_process";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const secret = process.env.WEBHOOK_SECRET;
if (!secret) throw new Error("Set WEBHOOK_SECRET to the endpoint's secret from the CMS admin.");
const host = process.env.WEBHOOK_HOST || "127.0.0.1";
const port = Number(process.env.WEBHOOK_PORT || 4322);
const builder = path.join(path.dirname(fileURLToPath(import.meta.url)), "build.mjs");
const MAX_AGE_SECONDS = 300;
const handled = new Set();

function signatureValid(headers, body) {
  const timestamp = headers["x-webhook-timestamp"] ?? "";
  if (!(Math.abs(Date.now() / 1000 - Number(timestamp)) < MAX_AGE_SECONDS)) return false;
  const expected = Buffer.from(
    "sha256=" + createHmac("sha256", secret).update(`${timestamp}.`).update(body).digest("hex"),
  );
  const given = Buffer.from(headers["x-signature"] ?? "");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let building = false;
let again = false;

function rebuild() {
  if (building) {
    again = true;
    return;
  }
  building = true;
  const child = spawn(process.execPath, [builder, "--since"], { stdio: "inherit" });
  child.on("exit", (code) => {
    console.log(JSON.stringify({ rebuilt: code === 0, code }));
    building = false;
    if (again) {
      again = false;
      rebuild();
    }
  });
}

createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks);
    if (request.method !== "POST" || !signatureValid(request.headers, body)) {
      response.writeHead(401).end();
      return;
    }
    const id = request.headers["x-webhook-id"];
    response.writeHead(204).end();
    if (handled.has(id)) return;
    handled.add(id);
    console.log(JSON.stringify({ received: request.headers["x-webhook-event"], id }));
    rebuild();
  });
}).listen(port, host, () => console.log(`Waiting for webhooks on http://${host}:${port}/`));
