/**
 * Third-party keys (payment, email, error tracking, metrics): which exist, how each enters a
 * stack (only as a Pulumi `secure:` config value), where it is stored (a Secrets Manager secret
 * under the environment's namespace) and which values each tier accepts. Problems never quote a
 * value: a key that is wrong is still a key.
 */

export interface ThirdPartySecret {
  /** The config key, `infra:<key>`. */
  readonly key: string;
  /** What the app reads when the value is given directly (locally, in `.env`). */
  readonly variable: string;
  /** What the app reads in the cloud: the secret's ARN. */
  readonly arnVariable: string;
  /** Under the environment's namespace: /production/third-party/stripe-api-key. */
  readonly path: string;
  readonly description: string;
  /** A placeholder for `.env.example`: the shape of a test value, never a real one. */
  readonly example: string;
  /** What a value must look like on a tier; undefined = acceptable. Never includes the value. */
  readonly check: (value: string, production: boolean) => string | undefined;
}

const STRIPE_TEST = /^(sk|rk)_test_[A-Za-z0-9]{8,}$/;
const STRIPE_LIVE = /^(sk|rk)_live_[A-Za-z0-9]{8,}$/;

export const THIRD_PARTY_SECRETS: readonly ThirdPartySecret[] = [
  {
    key: "stripeApiKey",
    variable: "STRIPE_API_KEY",
    arnVariable: "STRIPE_API_KEY_SECRET_ARN",
    path: "third-party/stripe-api-key",
    description: "Stripe secret key (payments)",
    example: "sk_test_your_key_here",
    // The seed: dev and staging use test keys and test payment processors, prod production keys.
    check: (value, production) =>
      production
        ? STRIPE_LIVE.test(value)
          ? undefined
          : "a prod-tier stack takes a Stripe live key (sk_live_… or rk_live_…)"
        : STRIPE_TEST.test(value)
          ? undefined
          : "a non-prod stack takes a Stripe test key (sk_test_… or rk_test_…), never a live one",
  },
  {
    key: "sendgridApiKey",
    variable: "SENDGRID_API_KEY",
    arnVariable: "SENDGRID_API_KEY_SECRET_ARN",
    path: "third-party/sendgrid-api-key",
    description: "SendGrid API key (email)",
    example: "SG.your_key_here",
    check: (value) =>
      /^SG\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}$/.test(value)
        ? undefined
        : "a SendGrid API key (SG.<id>.<secret>)",
  },
  {
    key: "sentryDsn",
    variable: "SENTRY_DSN",
    arnVariable: "SENTRY_DSN_SECRET_ARN",
    path: "third-party/sentry-dsn",
    description: "Sentry DSN (error tracking)",
    example: "https://public_key@o0.ingest.sentry.io/0",
    check: (value) =>
      /^https:\/\/[A-Za-z0-9]+@[A-Za-z0-9.-]+(:\d+)?\/\d+$/.test(value)
        ? undefined
        : "a Sentry DSN (https://<public key>@<host>/<project id>)",
  },
  {
    key: "datadogApiKey",
    variable: "DATADOG_API_KEY",
    arnVariable: "DATADOG_API_KEY_SECRET_ARN",
    path: "third-party/datadog-api-key",
    description: "Datadog API key (metrics and traces)",
    example: "your_datadog_api_key_here",
    check: (value) => (/^[0-9a-f]{32}$/.test(value) ? undefined : "a Datadog API key (32 hex characters)"),
  },
];

export const THIRD_PARTY_KEYS = THIRD_PARTY_SECRETS.map((s) => s.key);

/** The command that puts a value in, for messages and docs. */
export function setSecretCommand(secret: ThirdPartySecret, stack: string): string {
  return `pulumi config set --secret --stack ${stack} infra:${secret.key} <value>`;
}

/** What a stack's config holds for one key, as far as the program can see it. */
export interface SecretValue {
  /** The `secure:` ciphertext in the stack file, when the file holds one. */
  readonly ciphertext?: string;
  /** The plaintext: at run time Pulumi decrypts the stack's own values; a plain entry is one too. */
  readonly plaintext?: string;
}

export interface OtherStackValues {
  readonly stack: string;
  readonly values: Readonly<Record<string, SecretValue>>;
}

/**
 * A prod-tier stack must not carry a value another stack's file holds: a copied ciphertext, or
 * the same plaintext where both are visible. Only the other stack's name appears in a problem.
 */
export function secretReuseProblems(
  own: Readonly<Record<string, SecretValue>>,
  others: readonly OtherStackValues[],
): string[] {
  const problems: string[] = [];
  for (const secret of THIRD_PARTY_SECRETS) {
    const mine = own[secret.key];
    if (!mine) continue;
    const reusedFrom = others
      .filter(({ values }) => {
        const theirs = values[secret.key];
        if (!theirs) return false;
        const sameCipher = Boolean(mine.ciphertext && theirs.ciphertext === mine.ciphertext);
        const samePlain = Boolean(mine.plaintext && theirs.plaintext === mine.plaintext);
        return sameCipher || samePlain;
      })
      .map((o) => o.stack)
      .sort();
    if (reusedFrom.length > 0) {
      problems.push(
        `infra:${secret.key}: the value is the one in ${reusedFrom.map((s) => `Pulumi.${s}.yaml`).join(", ")}; a prod-tier stack takes production secrets only, never another environment's (set its own with: pulumi config set --secret infra:${secret.key} <value>)`,
      );
    }
  }
  return problems;
}
