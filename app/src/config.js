/**
 * The specification's five configuration layers, read exactly where the infrastructure puts them
 * (src/environment/app/user-data.ts) and resolved highest first, as src/environment/app/precedence.ts
 * orders them (a root test holds the two lists together):
 *
 *   runtimeFlag          AppConfig feature flags: APP_FLAGS_FILE (polled on the host), else FEATURE_DEFAULTS
 *   environmentVariable  the process environment (/etc/app/app.env on a host; .env locally)
 *   secretManager        APP_SECRETS_DIR/<VARIABLE>: Secrets Manager values the host read at boot
 *   configFile           APP_CONFIG_FILE: Parameter Store under /<environment>/app/, read at boot;
 *                        locally config/<NODE_ENV>.json
 *   codeDefault          config/default.json
 *
 * Every setting is keyed by the variable the infrastructure names it with (PORT, DATABASE_URL…);
 * a Parameter Store name maps to it by the catalog's one rule: `log-level` is LOG_LEVEL.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const LAYERS = ["runtimeFlag", "environmentVariable", "secretManager", "configFile", "codeDefault"];

const CONFIG_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "config");

/** The settings the app reads, by variable name. Secrets are resolved but never displayed. */
export const SETTINGS = [
  "NODE_ENV",
  "PORT",
  "LOG_LEVEL",
  "REQUEST_TIMEOUT_MS",
  "DATABASE_URL",
  "DB_POOL_MIN",
  "DB_POOL_MAX",
  "REDIS_URL",
  "FEATURE_DEFAULTS",
  "DB_PASSWORD",
  "REDIS_AUTH_TOKEN",
  "STRIPE_API_KEY",
  "SENDGRID_API_KEY",
  "SENTRY_DSN",
  "DATADOG_API_KEY",
];
export const SECRET_SETTINGS = new Set([
  "DB_PASSWORD",
  "REDIS_AUTH_TOKEN",
  "STRIPE_API_KEY",
  "SENDGRID_API_KEY",
  "SENTRY_DSN",
  "DATADOG_API_KEY",
]);

/** `log-level` → LOG_LEVEL: how a Parameter Store name names its variable. */
export function parameterVariable(name) {
  const last = name.split("/").filter(Boolean).at(-1) ?? "";
  return last.replace(/-/g, "_").toUpperCase();
}

function readJson(path) {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Parameter Store's `[{name, value}]` (the host's snapshot) or a plain `{VARIABLE: value}` file. */
export function configFileLayer(env) {
  const path = env.APP_CONFIG_FILE || join(CONFIG_DIR, `${env.NODE_ENV || "development"}.json`);
  if (!existsSync(path)) return {};
  const doc = readJson(path);
  if (Array.isArray(doc))
    return Object.fromEntries(doc.map((p) => [parameterVariable(p.name), String(p.value)]));
  return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, String(v)]));
}

/**
 * The secret files the host wrote, by the variable that names each secret's ARN: the database
 * secret is RDS's JSON ({username, password, …}), the others are the value itself.
 */
export function secretLayer(env) {
  const dir = env.APP_SECRETS_DIR;
  if (!dir || !existsSync(dir)) return {};
  const out = {};
  for (const file of readdirSync(dir)) {
    if (file.endsWith(".new")) continue;
    const value = readFileSync(join(dir, file), "utf8").trim();
    if (file === "DB_SECRET_ARN") out.DB_PASSWORD = JSON.parse(value).password;
    // The cache secret is {host, port, authToken} (src/environment/data/cache.ts).
    else if (file === "REDIS_AUTH_SECRET_ARN") out.REDIS_AUTH_TOKEN = JSON.parse(value).authToken;
    else if (file.endsWith("_SECRET_ARN")) out[file.slice(0, -"_SECRET_ARN".length)] = value;
  }
  return out;
}

function environmentLayer(env) {
  // An empty variable (.env.example's unset ARNs) does not set a setting.
  return Object.fromEntries(
    SETTINGS.filter((k) => env[k] !== undefined && env[k] !== "").map((k) => [k, env[k]]),
  );
}

/** "newCheckout=false,search=true" (FEATURE_DEFAULTS) → {newCheckout: false, search: true}. */
export function parseFeatureDefaults(text) {
  if (!text || text.trim() === "") return {};
  return Object.fromEntries(
    text.split(",").map((pair) => {
      const [name, value] = pair.split("=");
      if (!name || (value !== "true" && value !== "false"))
        throw new RangeError(`feature default "${pair}" is not name=true|false`);
      return [name, value === "true"];
    }),
  );
}

/** AppConfig's AWS.AppConfig.FeatureFlags answer: {"newCheckout": {"enabled": true}, …}. */
export function flagsLayer(env) {
  const path = env.APP_FLAGS_FILE;
  if (!path || !existsSync(path)) return {};
  const doc = readJson(path);
  return Object.fromEntries(Object.entries(doc).map(([name, v]) => [name, Boolean(v && v.enabled)]));
}

/** The highest layer that sets a key wins; the answer says which. */
export function resolve(layers) {
  const keys = new Set(LAYERS.flatMap((l) => Object.keys(layers[l] ?? {})));
  const out = {};
  for (const key of [...keys].sort()) {
    const layer = LAYERS.find(
      (l) => layers[l] && Object.hasOwn(layers[l], key) && layers[l][key] !== undefined,
    );
    if (layer) out[key] = { value: layers[layer][key], layer };
  }
  return out;
}

/**
 * Everything the app runs with: settings by variable, each with the layer it came from, and the
 * feature flags (AppConfig's live values over FEATURE_DEFAULTS over the code's defaults).
 */
export function loadConfig(env = process.env) {
  const defaults = readJson(join(CONFIG_DIR, "default.json"));
  const layers = {
    environmentVariable: environmentLayer(env),
    secretManager: secretLayer(env),
    configFile: configFileLayer(env),
    codeDefault: Object.fromEntries(Object.entries(defaults.settings).map(([k, v]) => [k, String(v)])),
  };
  const settings = resolve(layers);
  const flagDefaults = { ...defaults.features, ...parseFeatureDefaults(settings.FEATURE_DEFAULTS?.value) };
  const flags = resolve({ runtimeFlag: flagsLayer(env), codeDefault: flagDefaults });
  return { settings, flags };
}

/** A setting's value, or the fallback when no layer sets it. */
export function value(config, key, fallback = undefined) {
  return config.settings[key]?.value ?? fallback;
}
