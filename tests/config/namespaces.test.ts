/** Two stacks claiming one secrets namespace in one account and Region (src/config/namespaces.ts). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { namespaceClashes } from "../../src/config/namespaces";

const claim = (stack: string, namespace: string, region: string, accounts?: string[]) => ({
  stack,
  namespace,
  region,
  accounts,
});

describe("secrets namespaces", () => {
  const prod = claim("prod", "/production/", "us-east-1", ["333333333333"]);
  const cases: [string, ReturnType<typeof claim>, number][] = [
    [
      "same namespace, region and account",
      claim("prod-copy", "/production/", "us-east-1", ["333333333333"]),
      1,
    ],
    ["same namespace and region, no account pinned", claim("prod-copy", "/production/", "us-east-1"), 1],
    ["same namespace, other account", claim("prod-b", "/production/", "us-east-1", ["444444444444"]), 0],
    ["same namespace, other region", claim("prod-eu", "/production/", "eu-west-1", ["333333333333"]), 0],
    ["own namespace", claim("perf", "/perf/", "us-east-1", ["333333333333"]), 0],
  ];
  for (const [name, own, count] of cases) {
    test(`${name}: ${count ? "refused" : "allowed"}`, () => {
      const found = namespaceClashes(own, [prod]);
      assert.equal(found.length, count);
      if (count)
        assert.match(
          found[0]!,
          /^infra:environment: stack "prod" already keeps its secrets under \/production\/ in us-east-1/,
        );
    });
  }
});
