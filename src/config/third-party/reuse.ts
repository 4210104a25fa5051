/**
 * The reuse rule read off the stack files: a prod-tier stack must not carry a third-party value
 * that another stack's file holds. Pulumi encrypts each stack's values under that stack's own
 * key, so the program compares what it can see without decrypting anything: identical `secure:`
 * ciphertexts (a line copied between files) and identical plaintexts where both are visible
 * (this stack's own decrypted value against a plain entry elsewhere). The same plaintext
 * re-encrypted under prod's key is invisible here; for Stripe the live/test prefix rule catches
 * it, and docs/configuration.md says how keys are issued per environment.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type OtherStackValues, type SecretValue, secretReuseProblems, THIRD_PARTY_KEYS } from "./catalog";
import { SECRET_PLACEHOLDER } from "../../model/plan";
import { listStacks, parseStackYaml } from "../stack-files";

/** Third-party values in a stack file: ciphertext for `secure:` entries, plaintext otherwise. */
export function stackFileSecretValues(
  dir: string,
  stack: string,
  project: string,
): Record<string, SecretValue> {
  const file = [`Pulumi.${stack}.yaml`, `Pulumi.${stack}.yml`].find((f) => existsSync(join(dir, f)));
  if (!file) return {};
  const doc = (parseStackYaml(readFileSync(join(dir, file), "utf8"), file) ?? {}) as {
    config?: Record<string, unknown>;
  };
  const values: Record<string, SecretValue> = {};
  for (const key of THIRD_PARTY_KEYS) {
    // Pulumi accepts a project key with or without its namespace.
    const entry = doc.config?.[`${project}:${key}`] ?? doc.config?.[key];
    if (typeof entry === "string") values[key] = { plaintext: entry };
    else if (entry && typeof entry === "object" && typeof (entry as { secure?: unknown }).secure === "string")
      values[key] = { ciphertext: (entry as { secure: string }).secure };
  }
  return values;
}

/** Problems for a prod-tier `stack`: each third-party value another stack file also holds. */
export function secretReuseFromFiles(
  dir: string,
  project: string,
  stack: string,
  config: Readonly<Record<string, string>>,
): string[] {
  const fromFile = stackFileSecretValues(dir, stack, project);
  const own: Record<string, SecretValue> = {};
  for (const key of THIRD_PARTY_KEYS) {
    const plaintext = config[`${project}:${key}`];
    const visible = plaintext !== undefined && plaintext !== SECRET_PLACEHOLDER ? plaintext : undefined;
    if (visible === undefined && !fromFile[key]) continue;
    own[key] = { ciphertext: fromFile[key]?.ciphertext, plaintext: visible };
  }
  const others: OtherStackValues[] = listStacks(dir)
    .filter((s) => s !== stack)
    .map((s) => ({ stack: s, values: stackFileSecretValues(dir, s, project) }));
  return secretReuseProblems(own, others);
}
