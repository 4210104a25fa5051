/**
 * Whether the sanitizer may run against a target. It rewrites personal data in place, so it must
 * never touch production: it refuses a prod-tier stack outright, and refuses a database host that
 * belongs to a prod-tier stack or to any stack other than the one named. Pure: the tool reads the
 * stack files and passes their tiers in.
 */
import type { Tier } from "../model/settings";

export interface TargetInput {
  /** The stack named by --stack. */
  readonly stack: string;
  readonly tier: Tier;
  readonly databaseUrl: string;
  /** Every stack whose stack file names the prod tier. */
  readonly prodStacks: readonly string[];
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

/** The URL without its password, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}

export function targetProblems(input: TargetInput): string[] {
  const { stack, tier, prodStacks } = input;
  if (tier === "prod") {
    return [
      `stack "${stack}" is a prod-tier stack: the sanitizer never rewrites production data; restore a production snapshot into a staging-tier stack and sanitize that (docs/staging-data.md)`,
    ];
  }
  let url: URL;
  try {
    url = new URL(input.databaseUrl);
  } catch {
    return ["--database-url is not a URL; expected postgresql://user@host:5432/dbname"];
  }
  if (url.protocol !== "postgresql:" && url.protocol !== "postgres:") {
    return [`--database-url has scheme ${url.protocol}; expected postgresql://`];
  }
  const host = url.hostname.toLowerCase();
  const prod = prodStacks.find((p) => host.startsWith(`${p.toLowerCase()}-`));
  if (prod) {
    return [
      `database host ${host} belongs to prod-tier stack "${prod}" (its resources are named ${prod}-…); refusing`,
    ];
  }
  if (!LOOPBACK.has(host) && !host.startsWith(`${stack.toLowerCase()}-`)) {
    return [
      `database host ${host} is not stack "${stack}"'s: expected a host named ${stack}-… (the stack's RDS endpoint or a ${stack}-refresh-… instance) or a loopback address`,
    ];
  }
  return [];
}
