/**
 * The app host's user data (src/environment/app/user-data.ts): written per host and with the
 * fixed files' YAML kept from the first time, it is exactly the whole document written as YAML.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { stringify } from "yaml";
import { type HostInput, renderUserData, userDataDocument } from "../../../src/environment/app/user-data";

const host = (overrides: Partial<HostInput> = {}): HostInput => ({
  env: { NODE_ENV: "production", DATABASE_URL: "postgres://app@db.example:5432/app?sslmode=require" },
  imageUri: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:abc",
  registryHost: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
  registryRegion: "us-east-1",
  logGroupName: "/infra/prod/app",
  requiredSecretVariables: ["DB_SECRET_ARN", "REDIS_AUTH_SECRET_ARN"],
  optionalSecretVariables: [],
  ...overrides,
});

describe("renderUserData", () => {
  const hosts: [string, HostInput][] = [
    ["a production host", host()],
    ["a host with optional secrets and no variables", host({ env: {}, optionalSecretVariables: ["A", "B"] })],
    [
      "a host whose values look like YAML",
      host({ env: { A: "yes", B: "0644", C: "x:y", D: "@z" }, logGroupName: "null" }),
    ],
  ];
  for (const [name, input] of hosts) {
    test(`${name}: the whole document written as YAML`, () => {
      const whole = `#cloud-config\n${stringify(userDataDocument(input), { lineWidth: 0 })}`;
      // Twice: the second time the fixed files' YAML is the one kept from the first.
      assert.equal(renderUserData(input), whole);
      assert.equal(renderUserData(input), whole);
    });
  }
});
