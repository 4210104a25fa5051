/**
 * PostgreSQL and Redis clients from the resolved settings: the URLs carry no credentials (the
 * infrastructure's rule), the password and AUTH token come from the secret layer.
 */
import pg from "pg";
import { createClient } from "redis";
import { value } from "./config.js";

export function postgresPool(config) {
  const url = new URL(value(config, "DATABASE_URL"));
  const tls = url.searchParams.get("sslmode") === "require";
  // Fields, not connectionString: pg lets a connection string's (absent) password win.
  return new pg.Pool({
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    database: decodeURIComponent(url.pathname.slice(1)),
    password: value(config, "DB_PASSWORD"),
    // RDS forces TLS (rds.force_ssl); its certificate chains to the RDS CA, not the system's.
    ssl: tls ? { rejectUnauthorized: false } : false,
    min: Number(value(config, "DB_POOL_MIN", 2)),
    max: Number(value(config, "DB_POOL_MAX", 10)),
    connectionTimeoutMillis: 5000,
  });
}

export async function redisClient(config) {
  const client = createClient({
    url: value(config, "REDIS_URL"),
    password: value(config, "REDIS_AUTH_TOKEN"),
    socket: { connectTimeout: 5000, reconnectStrategy: (retries) => Math.min(retries * 200, 5000) },
  });
  // A lost connection is reported by /health; it must not crash the process.
  client.on("error", () => undefined);
  await client.connect();
  return client;
}
