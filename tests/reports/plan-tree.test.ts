/**
 * The plan tree names the resources an input refers to: an id in an input becomes the name of the
 * resource holding it (looked up by the plan's recorded ids), any other value prints as it is.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { T } from "../../src/model/resource-types";
import { renderTree } from "../../src/reports/plan-tree";
import { idOf, plan } from "../support/plan-builders";

describe("renderTree", () => {
  test("an input holding another resource's id shows that resource's name; its own name stays", () => {
    const tree = renderTree(
      plan({
        stack: "dev",
        resources: [
          { type: T.subnet, name: "dev-public-a", underComponent: false },
          {
            type: T.ec2NatGateway,
            name: "dev-nat-a",
            inputs: { subnetId: idOf(T.subnet, "dev-public-a") },
            underComponent: false,
          },
          {
            type: T.kmsAlias,
            name: "dev-kms-alias",
            inputs: { name: "alias/infra/dev" },
            underComponent: false,
          },
        ],
      }),
    );
    assert.match(tree, /ec2:NatGateway {2}dev-nat-a {2}subnetId=dev-public-a$/m);
    assert.match(tree, /kms:Alias {2}dev-kms-alias {2}name="?alias\/infra\/dev"?$/m);
  });
});
