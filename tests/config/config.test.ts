import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ConfigError } from "../../src/config/errors";
import { resolveSettings } from "../../src/config/resolve";
import { BAD_CONFIGS, expectedMessage, PROD_BASE, STAGING_BASE } from "../support/bad-configs";

const resolve = (stack: string, config: Record<string, string>, secretKeys: readonly string[] = []) =>
  resolveSettings({ project: "infra", stack, config, secretKeys });

describe("resolveSettings merges the stack file over its tier", () => {
  test("a stack file sets only what differs; the rest is the tier's", () => {
    const { settings, provider } = resolve("prod", {
      ...PROD_BASE,
      "infra:compute": JSON.stringify({ maxSize: 60 }),
    });
    assert.equal(settings.compute.maxSize, 60);
    assert.equal(settings.compute.minSize, 5, "untouched keys of an overridden group keep the tier default");
    assert.equal(settings.compute.instanceType, "c5.xlarge");
    assert.equal(settings.environment, "production");
    assert.deepEqual(provider, {
      region: "us-east-1",
      profile: undefined,
      allowedAccountIds: ["333333333333"],
    });
  });

  test("settings are frozen all the way down", () => {
    const { settings } = resolve("staging", { ...STAGING_BASE });
    assert.ok(Object.isFrozen(settings) && Object.isFrozen(settings.network.availabilityZones));
    assert.throws(() => ((settings.compute as { maxSize: number }).maxSize = 1), TypeError);
  });

  test("provider settings: profile and an account allow-list", () => {
    const { provider } = resolve("prod", {
      ...PROD_BASE,
      "aws:profile": "prod-admin",
      "aws:allowedAccountIds": JSON.stringify(["210987654321"]),
    });
    assert.deepEqual(provider, {
      region: "us-east-1",
      profile: "prod-admin",
      allowedAccountIds: ["210987654321"],
    });
  });

  test("an environment name can be chosen (a second prod-tier stack needs its own namespace)", () => {
    const { settings } = resolve("prod-eu", { ...PROD_BASE, "infra:environment": "production-eu" });
    assert.equal(settings.environment, "production-eu");
    assert.equal(settings.tier, "prod");
  });
});

describe("runtime flags", () => {
  test("newCheckout is off by default and on where the stack says; other flags keep their default", () => {
    assert.deepEqual(resolve("staging", { ...STAGING_BASE }).settings.runtimeFlags.flags, {
      newCheckout: false,
    });
    const { settings } = resolve("staging", {
      ...STAGING_BASE,
      "infra:runtimeFlags": JSON.stringify({ flags: { betaSearch: true } }),
    });
    assert.deepEqual(settings.runtimeFlags.flags, { newCheckout: false, betaSearch: true });
    const on = resolve("prod", {
      ...PROD_BASE,
      "infra:runtimeFlags": JSON.stringify({ flags: { newCheckout: true } }),
    });
    assert.equal(on.settings.runtimeFlags.flags["newCheckout"], true);
    assert.equal(on.settings.runtimeFlags.growthFactor, 10, "the tier's rollout stays");
  });
});

describe("every invalid config is refused with one complete message", () => {
  assert.ok(BAD_CONFIGS.length >= 20);
  for (const bad of BAD_CONFIGS) {
    test(bad.name, () => {
      assert.throws(
        () => resolve(bad.stack, { ...bad.config }, bad.secretKeys),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError);
          assert.equal(error.message, expectedMessage(bad));
          return true;
        },
      );
    });
  }
});
