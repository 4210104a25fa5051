// The reference application against a real PostgreSQL and a real Redis, configured with the
// generated .env.example: the same variable names the cloud's hosts get. scripts/test-app-services.sh
// starts both (.ci/run does, and sets APP_TEST_REQUIRED=1 so a missing server fails the suite).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../src/config.js";
import { postgresPool, redisClient } from "../src/connections.js";
import { createApp } from "../src/server.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PG_PORT = process.env.APP_TEST_POSTGRES_PORT;
const REDIS_PORT = process.env.APP_TEST_REDIS_PORT;
const REQUIRED = process.env.APP_TEST_REQUIRED === "1";

/** .env.example as the app's environment; only the ports move to where the test servers listen. */
function envExample() {
  const env = {};
  for (const line of readFileSync(join(ROOT, ".env.example"), "utf8").split("\n")) {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m) env[m[1]] = m[2];
  }
  const db = new URL(env.DATABASE_URL);
  db.port = PG_PORT;
  const redis = new URL(env.REDIS_URL);
  redis.port = REDIS_PORT;
  return { ...env, DATABASE_URL: db.toString(), REDIS_URL: redis.toString() };
}

test("test servers are configured where CI requires them", () => {
  if (REQUIRED)
    assert.ok(
      PG_PORT && REDIS_PORT,
      "APP_TEST_REQUIRED=1 but APP_TEST_POSTGRES_PORT/APP_TEST_REDIS_PORT are not set",
    );
});

describe(
  "against real PostgreSQL and Redis",
  {
    skip:
      PG_PORT && REDIS_PORT
        ? false
        : "APP_TEST_POSTGRES_PORT/APP_TEST_REDIS_PORT not set (scripts/test-app-services.sh start)",
  },
  () => {
    let config;
    let pool;
    let redis;
    let server;
    let base;

    before(async () => {
      config = loadConfig(envExample());
      pool = postgresPool(config);
      redis = await redisClient(config);
      server = createApp({ pool, redis, config: () => config });
      await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
      base = `http://127.0.0.1:${server.address().port}`;
    });
    after(async () => {
      server?.close();
      await Promise.allSettled([pool?.end(), redis?.close()]);
    });

    test(".env.example's names and values reach both servers: the password from DB_PASSWORD, TLS off", async () => {
      assert.equal(config.settings.DATABASE_URL.layer, "environmentVariable");
      assert.doesNotMatch(config.settings.DATABASE_URL.value, /:[^/@]*@/, "no password in the URL");
      const row = (await pool.query("SELECT current_user AS who, current_database() AS db")).rows[0];
      const url = new URL(config.settings.DATABASE_URL.value);
      assert.deepEqual(row, { who: url.username, db: url.pathname.slice(1) });
      assert.equal(await redis.set("reference-app:probe", "1"), "OK");
    });

    test("GET /health answers 200 when PostgreSQL and Redis answer", async () => {
      const res = await fetch(`${base}/health`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: "ok", checks: { postgres: "ok", redis: "ok" } });
    });

    test("GET /health answers 503 when PostgreSQL does not", async () => {
      const wrong = loadConfig({ ...envExample(), DB_PASSWORD: "not-the-password" });
      const badPool = postgresPool(wrong);
      const other = createApp({ pool: badPool, redis, config: () => wrong });
      await new Promise((resolve) => other.listen(0, "127.0.0.1", resolve));
      try {
        const res = await fetch(`http://127.0.0.1:${other.address().port}/health`);
        assert.equal(res.status, 503);
        const body = await res.json();
        assert.equal(body.checks.redis, "ok");
        assert.match(body.checks.postgres, /^failed: .*password authentication failed/);
      } finally {
        other.close();
        await badPool.end();
      }
    });

    test("GET / shows the environment and its flags, never a secret", async () => {
      const res = await fetch(`${base}/`);
      assert.equal(res.status, 200);
      const html = await res.text();
      assert.match(html, /<h1>Environment: development<\/h1>/);
      assert.match(html, /<td>newCheckout<\/td><td>off<\/td>/);
      assert.match(html, /<td>DB_PASSWORD<\/td><td>\(set\)<\/td><td>environmentVariable<\/td>/);
      assert.ok(!html.includes(`<td>${config.settings.DB_PASSWORD.value}</td>`), "the password is shown");
    });
  },
);
