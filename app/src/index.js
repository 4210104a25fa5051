/**
 * The reference application's entry point: resolve the five layers, connect to PostgreSQL and
 * Redis, serve on PORT. Flags are re-read on every page (the host's timer rewrites the file when
 * AppConfig changes them); settings need a restart, as an instance refresh gives them.
 */
import { loadConfig, value } from "./config.js";
import { postgresPool, redisClient } from "./connections.js";
import { createApp } from "./server.js";

const config = loadConfig();
const pool = postgresPool(config);
const redis = await redisClient(config);
const server = createApp({ pool, redis, config: () => ({ ...config, flags: loadConfig().flags }) });
server.requestTimeout = Number(value(config, "REQUEST_TIMEOUT_MS", 30000));
const port = Number(value(config, "PORT", 3000));
server.listen(port, () => {
  console.log(
    JSON.stringify({ level: "info", msg: "listening", port, environment: value(config, "NODE_ENV") }),
  );
});

async function shutdown() {
  server.close();
  await Promise.allSettled([pool.end(), redis.close()]);
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
