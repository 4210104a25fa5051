/** Reserved values (src/config/aws/reserved.ts) and the settings-level AWS rules (checks.ts), table-tested. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { awsSettingsProblems } from "../../../src/config/aws/checks";
import { databaseNameProblem, masterUsernameProblem, vpcCidrProblem } from "../../../src/config/aws/reserved";
import { resolveSettings } from "../../../src/config/resolve";
import { STAGING_BASE } from "../../support/bad-configs";

describe("reserved VPC ranges", () => {
  const cases: [string, boolean][] = [
    ["10.0.0.0/16", true],
    ["192.168.0.0/16", true],
    ["100.64.0.0/16", true], // shared address space: AWS allows it in a VPC
    ["172.16.0.0/16", true],
    ["172.17.0.0/16", false],
    ["169.254.0.0/16", false],
    ["127.0.0.0/16", false],
    ["0.0.0.0/16", false],
    ["224.1.0.0/16", false],
    ["250.0.0.0/16", false],
  ];
  for (const [cidr, ok] of cases) {
    test(`${cidr}: ${ok ? "usable" : "reserved"}`, () =>
      assert.equal(vpcCidrProblem(cidr) === undefined, ok));
  }
});

describe("reserved PostgreSQL names", () => {
  const users: [string, boolean][] = [
    ["app_admin", true],
    ["postgres", true],
    ["user", false],
    ["select", false],
    ["public", false],
    ["rdsadmin", false],
    ["rds_superuser", false],
    ["pg_monitor", false],
  ];
  for (const [name, ok] of users) {
    test(`master user ${name}: ${ok ? "allowed" : "refused"}`, () =>
      assert.equal(masterUsernameProblem(name) === undefined, ok));
  }
  const dbs: [string, boolean][] = [
    ["app", true],
    ["template0", false],
    ["rdsadmin", false],
    ["order", false],
  ];
  for (const [name, ok] of dbs) {
    test(`database ${name}: ${ok ? "allowed" : "refused"}`, () =>
      assert.equal(databaseNameProblem(name) === undefined, ok));
  }
});

describe("AZ counts the services need", () => {
  const settings = resolveSettings({
    project: "infra",
    stack: "staging",
    config: { ...STAGING_BASE },
  }).settings;
  const withAzs = (azs: string[], extra: { cacheMultiAz?: boolean; lb?: boolean } = {}) =>
    awsSettingsProblems({
      ...settings,
      network: { ...settings.network, availabilityZones: azs },
      loadBalancer: { ...settings.loadBalancer, enabled: extra.lb ?? true },
      cache: { ...settings.cache, multiAz: extra.cacheMultiAz ?? false },
    });

  test("two AZs: nothing to say", () => assert.deepEqual(withAzs(["us-east-1a", "us-east-1b"]), []));
  test("one AZ: the DB subnet group and the ALB name the rule", () => {
    const [line] = withAzs(["us-east-1a"]);
    assert.match(
      line!,
      /^infra:network\.availabilityZones: got 1 AZ; an RDS DB subnet group .* and an Application Load Balancer need subnets in at least 2 AZs; source: RDS User Guide/,
    );
  });
  test("one AZ listed twice is still one AZ; a Multi-AZ cache is named too", () => {
    const [line] = withAzs(["us-east-1a", "us-east-1a"], { cacheMultiAz: true, lb: false });
    assert.match(line!, /an RDS DB subnet group .* and a Multi-AZ cache .* need subnets in at least 2 AZs/);
  });
});
