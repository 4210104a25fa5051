import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  LAYER_INFO,
  LAYERS,
  type LayerValues,
  resolveAll,
  resolveKey,
} from "../../../src/environment/app/precedence";

/** The layer titles of docs/configuration.md's precedence table, in the documented order. */
function documentedOrder(): string[] {
  const doc = readFileSync(join(__dirname, "../../../docs/configuration.md"), "utf8");
  const table = doc.split("<!-- precedence:start -->")[1]?.split("<!-- precedence:end -->")[0] ?? "";
  return table
    .split("\n")
    .map((line) => /^\|\s*(\d+)\s*\|\s*([^|]+?)\s*\|/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => m[2]!);
}

describe("the documented precedence is the one the resolver applies", () => {
  test("docs/configuration.md lists the five layers in the resolver's order", () => {
    assert.deepEqual(
      documentedOrder(),
      LAYER_INFO.map((l) => l.title),
    );
    assert.deepEqual(
      LAYER_INFO.map((l) => l.layer),
      [...LAYERS],
    );
  });

  test("one key set in every layer: peeling the winner off each time, the next documented layer wins", () => {
    const values: Record<string, string> = {
      runtimeFlag: "true (AppConfig)",
      environmentVariable: "false (env file)",
      secretManager: "false (Secrets Manager)",
      configFile: "true (Parameter Store)",
      codeDefault: "false (code)",
    };
    const documented = documentedOrder();
    const remaining: LayerValues<string> = Object.fromEntries(
      LAYERS.map((l) => [l, { newCheckout: values[l]! }]),
    );
    for (const title of documented) {
      const resolved = resolveKey("newCheckout", remaining)!;
      const expected = LAYER_INFO.find((l) => l.title === title)!.layer;
      assert.equal(resolved.layer, expected, `with every layer above ${title} empty, ${title} must win`);
      assert.equal(resolved.value, values[expected]);
      delete remaining[expected];
    }
    assert.equal(resolveKey("newCheckout", remaining), undefined);
  });

  test("a typical mix: the env file beats Parameter Store, a local key beats the secret manager", () => {
    const resolved = resolveAll<string>({
      environmentVariable: { LOG_LEVEL: "debug", STRIPE_API_KEY: "sk_test_local" },
      secretManager: { STRIPE_API_KEY: "from-secrets-manager" },
      configFile: { LOG_LEVEL: "info", DB_POOL_MAX: "50" },
      codeDefault: { LOG_LEVEL: "info", DB_POOL_MAX: "10", PORT: "3000" },
    });
    assert.deepEqual(
      Object.fromEntries(Object.entries(resolved).map(([k, r]) => [k, [r.value, r.layer, r.shadowed]])),
      {
        DB_POOL_MAX: ["50", "configFile", ["codeDefault"]],
        LOG_LEVEL: ["debug", "environmentVariable", ["configFile", "codeDefault"]],
        PORT: ["3000", "codeDefault", []],
        STRIPE_API_KEY: ["sk_test_local", "environmentVariable", ["secretManager"]],
      },
    );
  });

  test("a layer that lists a key as undefined does not set it", () => {
    assert.equal(
      resolveKey("X", { environmentVariable: { X: undefined }, codeDefault: { X: 1 } })?.layer,
      "codeDefault",
    );
  });
});
