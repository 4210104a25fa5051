/**
 * Validation of the third-party keys a stack file supplies: each must be a `secure:` value, and
 * where its plaintext is visible (at run time, or in a test) it must suit the tier. Offline, a
 * `secure:` value is only "[secret]": its shape cannot be checked and is not guessed at.
 */
import { setSecretCommand, THIRD_PARTY_SECRETS } from "./catalog";
import { SECRET_PLACEHOLDER } from "../../model/plan";
import type { Tier } from "../../model/settings";

export function thirdPartySecretProblems(
  stack: string,
  tier: Tier,
  values: ReadonlyMap<string, unknown>,
  secretKeys: readonly string[],
): { problems: string[]; provided: string[] } {
  const problems: string[] = [];
  const provided: string[] = [];
  for (const secret of THIRD_PARTY_SECRETS) {
    const key = `infra:${secret.key}`;
    const value = values.get(key);
    if (value === undefined) continue;
    if (!secretKeys.includes(key)) {
      problems.push(
        `${key}: given in plain text; a third-party key enters a stack only as a secret: remove the entry and run \`${setSecretCommand(secret, stack)}\``,
      );
      continue;
    }
    provided.push(secret.key);
    if (value === SECRET_PLACEHOLDER) continue;
    const wrong = typeof value === "string" ? secret.check(value, tier === "prod") : "a string";
    if (wrong) problems.push(`${key}: got ${SECRET_PLACEHOLDER}; expected ${wrong}`);
  }
  return { problems, provided };
}
