import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { appFlagsPolicy, monitorAlarmsPolicy } from "../../../src/environment/app/app-access";
import {
  describeStrategy,
  featureDefaults,
  featureFlagsDocument,
  parseFeatureDefaults,
} from "../../../src/environment/app/feature-flags";

describe("feature flags as AppConfig expects them", () => {
  test("the hosted document: schema version 1, a definition and a value per flag, sorted", () => {
    assert.deepEqual(featureFlagsDocument({ newCheckout: false, betaSearch: true }), {
      version: "1",
      flags: { betaSearch: { name: "betaSearch" }, newCheckout: { name: "newCheckout" } },
      values: { betaSearch: { enabled: true }, newCheckout: { enabled: false } },
    });
    assert.deepEqual(Object.keys(featureFlagsDocument({ b: true, a: false }).flags), ["a", "b"]);
  });

  test("feature defaults round-trip through the env-file form", () => {
    const flags = { newCheckout: false, betaSearch: true };
    assert.equal(featureDefaults(flags), "betaSearch=true,newCheckout=false");
    assert.deepEqual(parseFeatureDefaults(featureDefaults(flags)), flags);
    assert.deepEqual(parseFeatureDefaults(""), {});
    assert.throws(() => parseFeatureDefaults("newCheckout=yes"), /not name=true or name=false/);
  });

  test("a strategy in one line", () => {
    const s = { growthType: "LINEAR" as const };
    assert.equal(
      describeStrategy({ ...s, growthFactor: 100, durationMinutes: 0, bakeMinutes: 0 }),
      "all at once",
    );
    assert.equal(
      describeStrategy({ ...s, growthFactor: 10, durationMinutes: 30, bakeMinutes: 30 }),
      "10 % steps over 30 min, 30 min bake with alarm rollback",
    );
    assert.equal(
      describeStrategy({ growthType: "EXPONENTIAL", growthFactor: 5, durationMinutes: 20, bakeMinutes: 10 }),
      "exponential from 5 % over 20 min, 10 min bake with alarm rollback",
    );
  });
});

describe("AppConfig access", () => {
  test("the app reads one profile of one environment", () => {
    assert.deepEqual(
      appFlagsPolicy({
        region: "cn-north-1",
        accountId: "111122223333",
        applicationId: "a1",
        environmentId: "e1",
        profileId: "p1",
      }).Statement[0]!.Resource,
      ["arn:aws-cn:appconfig:cn-north-1:111122223333:application/a1/environment/e1/configuration/p1"],
    );
  });

  test("AppConfig's monitor role may describe alarms (AWS's documented policy) and nothing else", () => {
    const statements = monitorAlarmsPolicy().Statement;
    assert.deepEqual(
      statements.flatMap((s) => s.Action),
      ["cloudwatch:DescribeAlarms"],
    );
    assert.ok(statements.every((s) => s.Effect === "Allow" && s.Condition === undefined));
  });
});
