import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { secretReuseProblems, THIRD_PARTY_SECRETS } from "../../src/config/third-party/catalog";

const spec = (key: string) => THIRD_PARTY_SECRETS.find((s) => s.key === key)!;

describe("third-party key shapes per tier", () => {
  const cases: [key: string, value: string, production: boolean, ok: boolean][] = [
    ["stripeApiKey", "sk_test_abcdefgh1234", false, true],
    ["stripeApiKey", "rk_test_abcdefgh1234", false, true],
    ["stripeApiKey", "sk_live_abcdefgh1234", false, false],
    ["stripeApiKey", "sk_live_abcdefgh1234", true, true],
    ["stripeApiKey", "sk_test_abcdefgh1234", true, false],
    ["stripeApiKey", "pk_live_abcdefgh1234", true, false],
    ["sendgridApiKey", "SG.abcdefgh12.ijklmnop34", false, true],
    ["sendgridApiKey", "abc123", true, false],
    ["sentryDsn", "https://abc123@o42.ingest.sentry.io/7", true, true],
    ["sentryDsn", "http://abc123@o42.ingest.sentry.io/7", true, false],
    ["datadogApiKey", "0123456789abcdef0123456789abcdef", true, true],
    ["datadogApiKey", "0123456789ABCDEF", false, false],
  ];
  for (const [key, value, production, ok] of cases) {
    test(`${key} ${ok ? "accepts" : "refuses"} a ${production ? "prod" : "non-prod"} value`, () => {
      const problem = spec(key).check(value, production);
      assert.equal(problem === undefined, ok, problem);
      if (problem) assert.ok(!problem.includes(value), "a problem never quotes the value");
    });
  }

  test("every key has a distinct variable, ARN variable and path; examples are not real values", () => {
    for (const field of ["key", "variable", "arnVariable", "path"] as const) {
      const values = THIRD_PARTY_SECRETS.map((s) => s[field]);
      assert.deepEqual(values, [...new Set(values)], field);
    }
    for (const s of THIRD_PARTY_SECRETS) assert.match(s.example, /your|public_key|o0\./);
    assert.equal(spec("stripeApiKey").check(spec("stripeApiKey").example, true) !== undefined, true);
  });
});

describe("a prod stack may not reuse another stack's value", () => {
  const SECRET = "SG.reused-value.0123456789";
  test("a copied ciphertext is named by the stack it came from, never by value", () => {
    const problems = secretReuseProblems({ sendgridApiKey: { ciphertext: "v1:AAAA", plaintext: SECRET } }, [
      { stack: "staging", values: { sendgridApiKey: { ciphertext: "v1:AAAA" } } },
      { stack: "dev", values: { sendgridApiKey: { ciphertext: "v1:BBBB" } } },
    ]);
    assert.deepEqual(problems, [
      "infra:sendgridApiKey: the value is the one in Pulumi.staging.yaml; a prod-tier stack takes production secrets only, never another environment's (set its own with: pulumi config set --secret infra:sendgridApiKey <value>)",
    ]);
    assert.ok(!problems.join("\n").includes(SECRET) && !problems.join("\n").includes("v1:AAAA"));
  });

  test("the same plaintext, where another file holds it in the clear", () => {
    const problems = secretReuseProblems({ sendgridApiKey: { plaintext: SECRET } }, [
      { stack: "dev", values: { sendgridApiKey: { plaintext: SECRET } } },
      { stack: "qa", values: { sendgridApiKey: { plaintext: SECRET } } },
    ]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]!, /the one in Pulumi\.dev\.yaml, Pulumi\.qa\.yaml;/);
  });

  test("different values, or values only one side has, are fine", () => {
    assert.deepEqual(
      secretReuseProblems({ stripeApiKey: { ciphertext: "v1:A" }, sentryDsn: { plaintext: "x" } }, [
        { stack: "dev", values: { stripeApiKey: { ciphertext: "v1:B" }, sentryDsn: { ciphertext: "v1:x" } } },
      ]),
      [],
    );
  });
});
