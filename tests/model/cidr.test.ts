import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  AZ_LETTERS,
  blockSize,
  contains,
  findOverlaps,
  formatCidr,
  overlaps,
  parseCidr,
  planSubnets,
  SUBNET_TIERS,
  subnetCidr,
  type Cidr,
  type SubnetPlan,
} from "../../src/model/cidr";

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
};
const key = (s: SubnetPlan) => `${s.tier}/${s.letter}`;

describe("parseCidr and formatCidr", () => {
  test("round-trip network addresses", () => {
    for (const text of ["10.0.0.0/16", "10.2.128.0/20", "192.168.1.0/24", "0.0.0.0/0", "10.1.9.0/24"]) {
      assert.equal(formatCidr(cidr(text)), text);
    }
  });

  test("explain what is wrong with bad input", () => {
    assert.equal(parseCidr("10.0.0.0"), '"10.0.0.0" is not an IPv4 CIDR of the form a.b.c.d/n');
    assert.equal(parseCidr("10.0.300.0/16"), '"10.0.300.0/16" has an octet above 255');
    assert.equal(parseCidr("10.0.0.0/33"), '"10.0.0.0/33" has a prefix length above 32');
    assert.equal(
      parseCidr("10.0.1.0/16"),
      '"10.0.1.0/16" has host bits set; the network address is 10.0.0.0/16',
    );
  });

  test("contains and overlaps", () => {
    assert.equal(contains(cidr("10.0.0.0/16"), cidr("10.0.255.0/24")), true);
    assert.equal(contains(cidr("10.0.0.0/16"), cidr("10.1.0.0/24")), false);
    assert.equal(contains(cidr("10.0.0.0/24"), cidr("10.0.0.0/16")), false);
    assert.equal(overlaps(cidr("10.0.0.0/16"), cidr("10.0.128.0/17")), true);
    assert.equal(overlaps(cidr("10.0.0.0/16"), cidr("10.1.0.0/16")), false);
    assert.equal(blockSize(24), 256);
  });
});

describe("the subnet layout", () => {
  test("gives the documented blocks for the seed's VPCs", () => {
    const prod = cidr("10.2.0.0/16");
    assert.equal(formatCidr(subnetCidr(prod, "public", "a")), "10.2.0.0/24");
    assert.equal(formatCidr(subnetCidr(prod, "public", "c")), "10.2.2.0/24");
    assert.equal(formatCidr(subnetCidr(prod, "data", "a")), "10.2.8.0/24");
    assert.equal(formatCidr(subnetCidr(prod, "data", "h")), "10.2.15.0/24");
    assert.equal(formatCidr(subnetCidr(prod, "app", "a")), "10.2.128.0/20");
    assert.equal(formatCidr(subnetCidr(prod, "app", "b")), "10.2.144.0/20");
    assert.equal(formatCidr(subnetCidr(prod, "app", "h")), "10.2.240.0/20");
  });

  test("sizes: public and data /24, app /20", () => {
    for (const s of planSubnets(
      "10.0.0.0/16",
      AZ_LETTERS.map((l) => `us-east-1${l}`),
    )) {
      assert.equal(cidr(s.cidr).prefix, s.tier === "app" ? 20 : 24, `${key(s)} ${s.cidr}`);
    }
  });

  test("every subnet of every slot lies inside its VPC and none overlap", () => {
    for (const vpc of ["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "172.16.0.0/16"]) {
      const all = planSubnets(
        vpc,
        AZ_LETTERS.map((l) => `eu-west-1${l}`),
      );
      assert.equal(all.length, SUBNET_TIERS.length * AZ_LETTERS.length);
      for (const s of all) assert.ok(contains(cidr(vpc), cidr(s.cidr)), `${s.cidr} outside ${vpc}`);
      all.forEach((a, i) =>
        all
          .slice(i + 1)
          .forEach((b) =>
            assert.ok(
              !overlaps(cidr(a.cidr), cidr(b.cidr)),
              `${key(a)} ${a.cidr} overlaps ${key(b)} ${b.cidr}`,
            ),
          ),
      );
    }
  });

  test("leaves 10.x.16.0–10.x.127.255 free for a future tier", () => {
    const reserved = cidr("10.0.16.0/20");
    const rest = [cidr("10.0.32.0/19"), cidr("10.0.64.0/18")];
    for (const s of planSubnets(
      "10.0.0.0/16",
      AZ_LETTERS.map((l) => `us-east-1${l}`),
    )) {
      for (const free of [reserved, ...rest])
        assert.ok(!overlaps(free, cidr(s.cidr)), `${s.cidr} uses reserved space`);
    }
  });

  test("adding an AZ renumbers nothing: every existing subnet keeps its block", () => {
    // Every subset of AZ letters, against the same subset plus each missing letter.
    for (let mask = 1; mask < 1 << 6; mask++) {
      const letters = AZ_LETTERS.slice(0, 6).filter((_, i) => mask & (1 << i));
      const before = planSubnets(
        "10.2.0.0/16",
        letters.map((l) => `us-east-1${l}`),
      );
      for (const extra of AZ_LETTERS.slice(0, 6).filter((l) => !letters.includes(l))) {
        const after = new Map(
          planSubnets(
            "10.2.0.0/16",
            [...letters, extra].map((l) => `us-east-1${l}`),
          ).map((s) => [key(s), s.cidr]),
        );
        for (const s of before)
          assert.equal(after.get(key(s)), s.cidr, `${key(s)} moved when ${extra} was added`);
        assert.equal(after.size, before.length + SUBNET_TIERS.length);
      }
    }
  });

  test("the order AZs are listed in does not matter", () => {
    const forward = planSubnets("10.1.0.0/16", ["us-east-1a", "us-east-1b", "us-east-1c"]);
    const reversed = planSubnets("10.1.0.0/16", ["us-east-1c", "us-east-1a", "us-east-1b"]);
    assert.deepEqual(reversed, forward);
  });

  test("adding a tier renumbers nothing", () => {
    const azs = ["us-east-1a", "us-east-1b", "us-east-1c"];
    const twoTiers = planSubnets("10.2.0.0/16", azs, ["public", "app"]);
    const all = new Map(planSubnets("10.2.0.0/16", azs).map((s) => [key(s), s.cidr]));
    for (const s of twoTiers)
      assert.equal(all.get(key(s)), s.cidr, `${key(s)} moved when the data tier was added`);
  });

  test("rejects an AZ whose name does not end in a slot letter, and a VPC that is not a /16", () => {
    assert.throws(
      () => planSubnets("10.0.0.0/16", ["us-east-1z"]),
      /availability zone "us-east-1z" does not end in a letter a–h/,
    );
    assert.throws(
      () => subnetCidr(cidr("10.0.0.0/17"), "app", "a"),
      /the subnet layout needs a \/16 VPC, got 10.0.0.0\/17/,
    );
  });
});

describe("findOverlaps", () => {
  test("finds every overlapping pair of stacks, and only those", () => {
    assert.deepEqual(findOverlaps({ dev: "10.0.0.0/16", staging: "10.1.0.0/16", prod: "10.2.0.0/16" }), []);
    assert.deepEqual(findOverlaps({ dev: "10.0.0.0/16", perf: "10.0.0.0/16", prod: "10.2.0.0/16" }), [
      ["dev", "perf"],
    ]);
    assert.deepEqual(findOverlaps({ a: "10.0.0.0/8", b: "10.1.0.0/16", c: "10.2.0.0/16" }), [
      ["a", "b"],
      ["a", "c"],
    ]);
  });
});
