/**
 * The AWS value sets (src/config/aws/values.ts): each lookup table-tested, and the transcribed
 * tables checked against the generated data they must agree with (every RDS class and cache node
 * type runs on an EC2 type that exists; every Region with AZ letters is a Region).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  AZ_LETTERS,
  availabilityZoneProblems,
  CACHE_NODE_TYPES,
  cacheNodeTypeProblem,
  EC2_INSTANCE_TYPES,
  ec2InstanceTypeProblem,
  RDS_POSTGRES_CLASSES,
  rdsPostgresClassProblem,
  regionProblem,
  REGIONS,
} from "../../../src/config/aws/values";
import { TIER_DEFAULTS } from "../../../src/config/tiers";
import { TIERS } from "../../../src/model/settings";

const exists = (check: (v: string) => string | undefined, value: string) => check(value) === undefined;

describe("values AWS accepts, from dated data", () => {
  const cases: [string, (v: string) => string | undefined, string, boolean][] = [
    ["EC2", ec2InstanceTypeProblem, "t3.small", true],
    ["EC2", ec2InstanceTypeProblem, "c7i.metal-24xl", true],
    ["EC2", ec2InstanceTypeProblem, "t3.huge", false],
    ["EC2", ec2InstanceTypeProblem, "p9.48xlarge", false],
    ["EC2", ec2InstanceTypeProblem, "T3.small", false],
    ["RDS", rdsPostgresClassProblem, "db.t3.micro", true],
    ["RDS", rdsPostgresClassProblem, "db.r7g.16xlarge", true],
    ["RDS", rdsPostgresClassProblem, "db.r5.medium", false],
    ["RDS", rdsPostgresClassProblem, "db.t3.nano", false],
    ["RDS", rdsPostgresClassProblem, "db.t2.micro", false],
    ["RDS", rdsPostgresClassProblem, "t3.micro", false],
    ["RDS", rdsPostgresClassProblem, "db.r5.large.tpc2.mem2x", false],
    // Checked against the guide's PostgreSQL column (2026-12-02): r6idn starts at xlarge, x2idn
    // stops at PostgreSQL 15, the Graviton4 Optimized Reads classes exist, c6gd is cluster-only.
    ["RDS", rdsPostgresClassProblem, "db.r6idn.large", false],
    ["RDS", rdsPostgresClassProblem, "db.r6idn.xlarge", true],
    ["RDS", rdsPostgresClassProblem, "db.x2idn.16xlarge", false],
    ["RDS", rdsPostgresClassProblem, "db.m8gd.48xlarge", true],
    ["RDS", rdsPostgresClassProblem, "db.r8gd.large", true],
    ["RDS", rdsPostgresClassProblem, "db.c6gd.large", false],
    ["cache", cacheNodeTypeProblem, "cache.r5.large", true],
    ["cache", cacheNodeTypeProblem, "cache.c7gn.16xlarge", true],
    ["cache", cacheNodeTypeProblem, "cache.r6gd.large", false],
    ["cache", cacheNodeTypeProblem, "cache.m3.large", false],
    ["cache", cacheNodeTypeProblem, "cache.t3.large", false],
    ["region", regionProblem, "eu-central-2", true],
    ["region", regionProblem, "us-gov-west-1", true],
    ["region", regionProblem, "us-east-7", false],
    ["region", regionProblem, "eu-west", false],
  ];
  for (const [what, check, value, ok] of cases) {
    test(`${what} ${value}: ${ok ? "exists" : "refused"}`, () => assert.equal(exists(check, value), ok));
  }

  test("a refusal lists the family's sizes and cites the data", () => {
    assert.match(
      rdsPostgresClassProblem("db.t3.nano")!,
      /db\.t3 comes in micro, small, medium, large, xlarge, 2xlarge; source: RDS User Guide/,
    );
    assert.match(ec2InstanceTypeProblem("t3.huge")!, /source: aws\.ec2\.InstanceType, @pulumi\/aws 7\.48\.0/);
  });

  test("AZs: letters the region has pass, others are named with the region's list", () => {
    assert.deepEqual(availabilityZoneProblems("us-east-1", ["us-east-1a", "us-east-1f"]), []);
    assert.equal(availabilityZoneProblems("ca-central-1", ["ca-central-1a", "ca-central-1c"]).length, 1);
    assert.match(
      availabilityZoneProblems("ca-central-1", ["ca-central-1c"])[0]!,
      /are ca-central-1a, ca-central-1b, ca-central-1d/,
    );
    // A region this program has no AZ list for is said, not guessed; an unknown region is the region check's.
    assert.match(
      availabilityZoneProblems("us-iso-east-1", ["us-iso-east-1a"])[0]!,
      /no list of the AZs of us-iso-east-1/,
    );
    assert.deepEqual(availabilityZoneProblems("us-east-7", ["us-east-7a"]), []);
  });
});

describe("the transcribed tables agree with the generated ones", () => {
  // db.x2g runs on the hardware EC2 sells as x2gd; every other family keeps its EC2 name.
  const EC2_FAMILY: Readonly<Record<string, string>> = { x2g: "x2gd" };

  test("every RDS for PostgreSQL class is an EC2 instance type that exists", () => {
    const missing = Object.entries(RDS_POSTGRES_CLASSES).flatMap(([family, sizes]) =>
      sizes
        .map((size) => `${EC2_FAMILY[family] ?? family}.${size}`)
        .filter((t) => !EC2_INSTANCE_TYPES.has(t)),
    );
    assert.deepEqual(missing, []);
  });

  test("every ElastiCache node type is an EC2 instance type that exists", () => {
    const missing = Object.entries(CACHE_NODE_TYPES).flatMap(([family, sizes]) =>
      sizes.map((size) => `${family}.${size}`).filter((t) => !EC2_INSTANCE_TYPES.has(t)),
    );
    assert.deepEqual(missing, []);
  });

  test("every region with AZ letters is a region", () => {
    assert.deepEqual(
      Object.keys(AZ_LETTERS).filter((r) => !REGIONS.has(r)),
      [],
    );
  });

  test("every tier default is a value AWS accepts", () => {
    for (const tier of TIERS) {
      const g = TIER_DEFAULTS[tier].groups;
      assert.equal(ec2InstanceTypeProblem(g.compute.instanceType), undefined, tier);
      assert.equal(rdsPostgresClassProblem(g.database.instanceClass), undefined, tier);
      assert.equal(cacheNodeTypeProblem(g.cache.nodeType), undefined, tier);
    }
  });
});
