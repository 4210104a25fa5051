/**
 * The reference application's HTTP side: `GET /health` answers the load balancer (200 only when
 * PostgreSQL and Redis both answer), `GET /` shows which environment and flags it runs with and
 * which layer each setting came from. Secrets are resolved but never shown.
 */
import { createServer } from "node:http";
import { SECRET_SETTINGS } from "./config.js";

/** Runs a check with a deadline: a hung dependency must fail the health check, not hang it. */
async function timed(check, ms) {
  let timer;
  try {
    return await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function health(deps, ms = 2000) {
  const checks = {};
  for (const [name, check] of Object.entries({
    postgres: async () => (await deps.pool.query("SELECT 1 AS ok")).rows[0].ok === 1,
    redis: async () => (await deps.redis.ping()) === "PONG",
  })) {
    try {
      checks[name] = (await timed(check, ms)) ? "ok" : "unexpected answer";
    } catch (error) {
      checks[name] = `failed: ${error.message}`;
    }
  }
  const ok = Object.values(checks).every((c) => c === "ok");
  return { status: ok ? 200 : 503, body: { status: ok ? "ok" : "unhealthy", checks } };
}

const escape = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c],
  );

export function statusPage(config) {
  const rows = Object.entries(config.settings)
    .map(([key, { value, layer }]) => {
      const shown = SECRET_SETTINGS.has(key) ? "(set)" : value;
      return `<tr><td>${escape(key)}</td><td>${escape(shown)}</td><td>${escape(layer)}</td></tr>`;
    })
    .join("\n");
  const flags = Object.entries(config.flags)
    .map(
      ([name, { value, layer }]) =>
        `<tr><td>${escape(name)}</td><td>${value ? "on" : "off"}</td><td>${escape(layer)}</td></tr>`,
    )
    .join("\n");
  const environment = config.settings.NODE_ENV?.value ?? "unknown";
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${escape(environment)}</title></head>
<body>
<h1>Environment: ${escape(environment)}</h1>
<h2>Feature flags</h2>
<table><tr><th>flag</th><th>value</th><th>from</th></tr>
${flags}
</table>
<h2>Settings</h2>
<table><tr><th>setting</th><th>value</th><th>from</th></tr>
${rows}
</table>
</body></html>
`;
}

export function createApp(deps) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    if (req.method === "GET" && url.pathname === "/health") {
      const { status, body } = await health(deps);
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      return;
    }
    if (req.method === "GET" && url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(statusPage(deps.config()));
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
  });
  return server;
}
