/**
 * The app server's user data: a cloud-init document (#cloud-config) that turns a stock Amazon
 * Linux 2023 host into one that runs the application image and answers the load balancer's
 * health check. At boot it installs the container runtime, reads the app's settings from
 * Parameter Store and its secrets from Secrets Manager (with the instance role; nothing secret
 * is ever in user data, which anyone allowed to describe the instance can read), polls the
 * AppConfig flags, and runs the image under systemd (restarted whenever it exits), its output
 * shipped to the app's log group by Docker's awslogs driver.
 *
 * The app sees the specification's five layers exactly as laid out here (app/README.md):
 * code defaults in the image, the config file /run/app/config.json (Parameter Store), the
 * environment /etc/app/app.env, the secrets in /run/app/secrets/ and the flags in
 * /run/app/flags.json (AppConfig). The variables themselves are declared once, in
 * src/environment/app/app-variables.ts.
 */
import { parse, stringify } from "yaml";

// `?` for URL query strings: assignments are not glob-expanded by sh, and systemd takes it as is.
const SAFE_VALUE = /^[A-Za-z0-9_./:@+=,?-]*$/;

/** Where the boot scripts put each layer on the host (mounted read-only into the container). */
export const HOST_PATHS = {
  envFile: "/etc/app/app.env",
  hostEnvFile: "/etc/app/host.env",
  runtimeDir: "/run/app",
  configFile: "/run/app/config.json",
  secretsDir: "/run/app/secrets",
  flagsFile: "/run/app/flags.json",
} as const;

/** The uid the image runs as (the official Node.js images' `node` user); it must read the layers. */
export const APP_UID = 1000;

export interface HostInput {
  /** The app's variables (APP_VARIABLES), written as /etc/app/app.env. */
  readonly env: Readonly<Record<string, string>>;
  /** `<registry>/<repository>@sha256:…` (or `:tag` on dev). */
  readonly imageUri: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com`, for `docker login`. */
  readonly registryHost: string;
  readonly registryRegion: string;
  /** The app's CloudWatch log group. */
  readonly logGroupName: string;
  /** Variables naming secrets the app cannot start without (database, cache). */
  readonly requiredSecretVariables: readonly string[];
  /** Variables naming secrets that may have no value yet (third-party keys a stack does not supply). */
  readonly optionalSecretVariables: readonly string[];
}

/** `KEY=value` lines, valid for systemd's EnvironmentFile= and for sh. Values are checked, not quoted. */
export function renderEnvFile(env: Readonly<Record<string, string>>): string {
  const lines = Object.entries(env).map(([key, value]) => {
    if (!SAFE_VALUE.test(value))
      throw new RangeError(`${key} has characters unsafe in an env file: ${value}`);
    return `${key}=${value}`;
  });
  return `${lines.join("\n")}\n`;
}

/** Reads an env file back (tests and the parity checks read the plan's user data with it). */
export function parseEnvFile(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split("\n")
      .filter((line) => line.trim() !== "" && !line.startsWith("#"))
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
}

const script = (...lines: string[]) => `${lines.join("\n")}\n`;

/** Boot-time layers: Parameter Store → config file, Secrets Manager → one file per secret. */
const FETCH_LAYERS = script(
  "#!/bin/bash",
  "# Reads the app's settings (Parameter Store) and secrets (Secrets Manager) with the instance",
  "# role, at every start of app.service. Secrets land in /run (tmpfs), readable by the app only.",
  "set -euo pipefail",
  "umask 077",
  `install -d -m 0700 -o ${APP_UID} -g ${APP_UID} ${HOST_PATHS.runtimeDir} ${HOST_PATHS.secretsDir}`,
  `aws ssm get-parameters-by-path --region "$AWS_REGION" --path "$APP_CONFIG_PATH" --recursive \\`,
  `  --with-decryption --query 'Parameters[].{name:Name,value:Value}' --output json >"${HOST_PATHS.configFile}.new"`,
  `mv "${HOST_PATHS.configFile}.new" "${HOST_PATHS.configFile}"`,
  "fetch_secret() {",
  "  local variable=$1 arn",
  "  arn=${!variable:-}",
  '  if [ -z "$arn" ]; then',
  '    echo "app-layers: $variable is not set" >&2',
  "    return 1",
  "  fi",
  '  aws secretsmanager get-secret-value --region "$AWS_REGION" --secret-id "$arn" \\',
  `    --query SecretString --output text >"${HOST_PATHS.secretsDir}/$variable.new"`,
  `  mv "${HOST_PATHS.secretsDir}/$variable.new" "${HOST_PATHS.secretsDir}/$variable"`,
  "}",
  'IFS=, read -r -a required <<<"$APP_REQUIRED_SECRETS"',
  'for variable in "${required[@]}"; do',
  '  fetch_secret "$variable"',
  "done",
  "# A third-party key the stack does not supply has no value yet: the app runs without it.",
  'IFS=, read -r -a optional <<<"$APP_OPTIONAL_SECRETS"',
  'for variable in "${optional[@]}"; do',
  '  fetch_secret "$variable" || echo "app-layers: $variable has no value; skipped" >&2',
  "done",
  `chown -R ${APP_UID}:${APP_UID} ${HOST_PATHS.runtimeDir}`,
);

/** The runtime-flag layer: AppConfig's data API, polled by a timer, written only when it changed. */
const POLL_FLAGS = script(
  "#!/bin/bash",
  "# Polls the stack's AppConfig feature flags; AppConfig's gradual deployment reaches this host",
  "# when this poll does. An empty answer means unchanged: the current file stays.",
  "set -euo pipefail",
  `token_file=${HOST_PATHS.runtimeDir}/flags.token`,
  `install -d -m 0700 -o ${APP_UID} -g ${APP_UID} ${HOST_PATHS.runtimeDir}`,
  'if [ ! -s "$token_file" ]; then',
  '  aws appconfigdata start-configuration-session --region "$AWS_REGION" \\',
  '    --application-identifier "$APPCONFIG_APPLICATION" --environment-identifier "$APPCONFIG_ENVIRONMENT" \\',
  '    --configuration-profile-identifier "$APPCONFIG_PROFILE" \\',
  '    --query InitialConfigurationToken --output text >"$token_file"',
  "fi",
  `body=$(mktemp ${HOST_PATHS.runtimeDir}/flags.XXXXXX)`,
  'token=$(cat "$token_file")',
  'if ! next=$(aws appconfigdata get-latest-configuration --region "$AWS_REGION" \\',
  '  --configuration-token "$token" --query NextPollConfigurationToken --output text "$body"); then',
  "  # An expired token: start a new session on the next poll.",
  '  rm -f "$token_file" "$body"',
  "  exit 1",
  "fi",
  'printf \'%s\' "$next" >"$token_file"',
  'if [ -s "$body" ]; then',
  `  chown ${APP_UID}:${APP_UID} "$body"`,
  '  chmod 0400 "$body"',
  `  mv "$body" ${HOST_PATHS.flagsFile}`,
  "else",
  '  rm -f "$body"',
  "fi",
);

/** Pull the pinned image and run it in the foreground, so systemd supervises the container itself. */
const RUN_IMAGE = script(
  "#!/bin/bash",
  "# Host networking: the app listens on $PORT where the load balancer checks it, and reaches the",
  "# instance metadata service (hop limit 1) for its role's credentials.",
  "set -euo pipefail",
  'aws ecr get-login-password --region "$APP_REGISTRY_REGION" |',
  '  docker login --username AWS --password-stdin "$APP_REGISTRY"',
  'docker pull "$APP_IMAGE"',
  `exec docker run --rm --name app --network host --user ${APP_UID}:${APP_UID} \\`,
  `  --env-file ${HOST_PATHS.envFile} \\`,
  `  --env APP_CONFIG_FILE=${HOST_PATHS.configFile} --env APP_SECRETS_DIR=${HOST_PATHS.secretsDir} \\`,
  `  --env APP_FLAGS_FILE=${HOST_PATHS.flagsFile} --volume ${HOST_PATHS.runtimeDir}:${HOST_PATHS.runtimeDir}:ro \\`,
  '  --log-driver awslogs --log-opt awslogs-region="$AWS_REGION" \\',
  '  --log-opt awslogs-group="$APP_LOG_GROUP" --log-opt awslogs-stream="$(hostname)" \\',
  '  "$APP_IMAGE"',
);

const unit = (sections: Record<string, readonly string[]>) =>
  `${Object.entries(sections)
    .map(([name, lines]) => `[${name}]\n${lines.join("\n")}`)
    .join("\n\n")}\n`;

const APP_SERVICE = unit({
  Unit: [
    "Description=The application container (image pinned by the stack)",
    "Wants=network-online.target app-flags.timer",
    "After=network-online.target docker.service",
    "Requires=docker.service",
    // Never give up: a host that cannot start the app fails its health check and is replaced.
    "StartLimitIntervalSec=0",
  ],
  Service: [
    `EnvironmentFile=${HOST_PATHS.envFile}`,
    `EnvironmentFile=${HOST_PATHS.hostEnvFile}`,
    "ExecStartPre=/usr/local/sbin/app-layers",
    // Flags fall back to FEATURE_DEFAULTS when AppConfig cannot be reached: not fatal.
    "ExecStartPre=-/usr/local/sbin/app-flags",
    "ExecStartPre=-/usr/bin/docker rm --force app",
    "ExecStart=/usr/local/sbin/app-run",
    "ExecStop=/usr/bin/docker stop --time 30 app",
    "Restart=always",
    "RestartSec=5",
    "TimeoutStartSec=600",
  ],
  Install: ["WantedBy=multi-user.target"],
});

const FLAGS_SERVICE = unit({
  Unit: ["Description=Poll the app's AppConfig feature flags", "After=network-online.target"],
  Service: ["Type=oneshot", `EnvironmentFile=${HOST_PATHS.envFile}`, "ExecStart=/usr/local/sbin/app-flags"],
});

const FLAGS_TIMER = unit({
  Unit: ["Description=Poll the app's feature flags every minute"],
  Timer: ["OnBootSec=30s", "OnUnitActiveSec=60s"],
  Install: ["WantedBy=timers.target"],
});

interface WriteFile {
  readonly path: string;
  readonly permissions: string;
  readonly owner: string;
  readonly content: string;
}

/** The scripts the document installs, by path (the tests run shellcheck on each). */
export const HOST_SCRIPTS: Readonly<Record<string, string>> = {
  "/usr/local/sbin/app-layers": FETCH_LAYERS,
  "/usr/local/sbin/app-flags": POLL_FLAGS,
  "/usr/local/sbin/app-run": RUN_IMAGE,
};

const file = (path: string, content: string, permissions = "0644"): WriteFile => ({
  path,
  permissions,
  owner: "root:root",
  content,
});

/** What every host gets the same: the scripts and units, and the commands that start them. */
const FIXED_FILES: readonly WriteFile[] = [
  ...Object.entries(HOST_SCRIPTS).map(([path, content]) => file(path, content, "0755")),
  file("/etc/systemd/system/app.service", APP_SERVICE),
  file("/etc/systemd/system/app-flags.service", FLAGS_SERVICE),
  file("/etc/systemd/system/app-flags.timer", FLAGS_TIMER),
];
const RUNCMD: readonly (readonly string[])[] = [
  ["systemctl", "daemon-reload"],
  ["systemctl", "enable", "--now", "docker.service"],
  ["systemctl", "enable", "--now", "app-flags.timer"],
  ["systemctl", "enable", "--now", "--no-block", "app.service"],
];
const YAML_OPTIONS = { lineWidth: 0 } as const;

/** The cloud-config document as data (renderUserData writes it as YAML). */
export function userDataDocument(host: HostInput) {
  const hostEnv = {
    APP_IMAGE: host.imageUri,
    APP_REGISTRY: host.registryHost,
    APP_REGISTRY_REGION: host.registryRegion,
    APP_LOG_GROUP: host.logGroupName,
    APP_REQUIRED_SECRETS: host.requiredSecretVariables.join(","),
    APP_OPTIONAL_SECRETS: host.optionalSecretVariables.join(","),
  };
  return {
    // Amazon Linux 2023's own repository carries Docker (the container runtime); the AWS CLI is
    // part of the image.
    packages: ["docker"],
    write_files: [
      file(HOST_PATHS.envFile, renderEnvFile(host.env)),
      file(HOST_PATHS.hostEnvFile, renderEnvFile(hostEnv)),
      ...FIXED_FILES,
    ],
    runcmd: RUNCMD,
  };
}

/**
 * The fixed files and the commands, as they read at the end of the document, written once per
 * process: they are most of its 7 KB, and YAML's writer took ~0.5 ms of each evaluation for them.
 * Block sequence items are written independently of each other, so the document is the two env
 * files' items written per host followed by these (the tests hold it to the whole document).
 */
let fixedTail: string | undefined;

/** The cloud-config document; `Buffer.from(…).toString("base64")` is the launch template's user data. */
export function renderUserData(host: HostInput): string {
  const { packages, write_files } = userDataDocument(host);
  const perHost = write_files.slice(0, write_files.length - FIXED_FILES.length);
  fixedTail ??= stringify({ write_files: FIXED_FILES, runcmd: RUNCMD }, YAML_OPTIONS).replace(
    /^write_files:\n/,
    "",
  );
  return `#cloud-config\n${stringify({ packages, write_files: perHost }, YAML_OPTIONS)}${fixedTail}`;
}

/**
 * The files a cloud-config document writes, by path (for the tests and the plan's readers). Read
 * once per distinct document: every stack's document is read by several readers (the host tests,
 * the app's environment), and parsing its 7 KB of YAML again each time was ~0.17 s of the stack
 * tests. Frozen, since readers share it.
 */
export function userDataFiles(document: string): Readonly<Record<string, string>> {
  let files = filesByDocument.get(document);
  if (!files) {
    const parsed = parse(document) as { write_files?: { path: string; content: string }[] } | null;
    files = Object.freeze(Object.fromEntries((parsed?.write_files ?? []).map((f) => [f.path, f.content])));
    filesByDocument.set(document, files);
  }
  return files;
}
const filesByDocument = new Map<string, Readonly<Record<string, string>>>();

/** The app's environment as a plan's launch template carries it (base64 user data). */
export function appEnvFromUserData(base64: string): Record<string, string> {
  const files = userDataFiles(Buffer.from(base64, "base64").toString("utf8"));
  return parseEnvFile(files[HOST_PATHS.envFile] ?? "");
}
