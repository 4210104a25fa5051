/**
 * The app's environment, delivered through launch-template user data. It carries configuration
 * and *where* secrets live (ARNs, the namespace), never a secret value: user data is readable by
 * anyone who can describe the instance. The variables themselves are declared once, in
 * src/environment/app/app-variables.ts.
 */

// `?` for URL query strings: assignments are not glob-expanded by sh, and systemd takes it as is.
const SAFE_VALUE = /^[A-Za-z0-9_./:@+=,?-]*$/;

/**
 * A boot script that writes the environment to /etc/app/app.env for the app's service unit
 * (EnvironmentFile=). Values are checked, not quoted, so the file is valid for systemd and sh.
 */
export function renderUserData(env: Readonly<Record<string, string>>): string {
  const lines = Object.entries(env).map(([key, value]) => {
    if (!SAFE_VALUE.test(value))
      throw new RangeError(`${key} has characters unsafe in an env file: ${value}`);
    return `${key}=${value}`;
  });
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "install -d -m 0755 /etc/app",
    "cat > /etc/app/app.env <<'APP_ENV'",
    ...lines,
    "APP_ENV",
    "chmod 0644 /etc/app/app.env",
    "",
  ].join("\n");
}
