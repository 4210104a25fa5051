import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveSettings } from "../../../src/config/resolve";
import { type EnvironmentSettings, type Tier, TIERS } from "../../../src/model/settings";
import type { StackView } from "../../../src/reports/parity/parity";
import {
  checkMonotonic,
  SAFETY_AREAS,
  SAFETY_RULES,
  type SafetyRule,
} from "../../../src/reports/parity/safety";
import { DB, plan, type ResourceSpec } from "../../support/plan-builders";
import { TEST_IMAGE_DIGEST } from "../../support/bad-configs";

const AZS: Record<Tier, string[]> = {
  dev: ["us-east-1a", "us-east-1b"],
  staging: ["us-east-1a", "us-east-1b"],
  prod: ["us-east-1a", "us-east-1b", "us-east-1c"],
};

/** A stack's settings at its tier's defaults, as a stack file that sets only the required keys gives. */
function defaults(tier: Tier): EnvironmentSettings {
  return resolveSettings({
    project: "infra",
    stack: tier,
    config: {
      "aws:region": "us-east-1",
      "infra:tier": tier,
      "infra:network": JSON.stringify({
        cidr: `10.${TIERS.indexOf(tier)}.0.0/16`,
        availabilityZones: AZS[tier],
      }),
      ...(tier === "prod"
        ? {
            "aws:allowedAccountIds": JSON.stringify(["123456789012"]),
            // Prod alarms must reach on-call: a prod stack file names a subscriber.
            "infra:monitoring": JSON.stringify({ alarmEmails: ["oncall@example.com"] }),
          }
        : {}),
      ...(tier === "dev"
        ? {}
        : {
            "infra:loadBalancer": JSON.stringify({ domainName: `${tier}.example.com`, hostedZoneId: "Z1" }),
            "infra:appImage": TEST_IMAGE_DIGEST,
          }),
    },
  }).settings;
}

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

function view(
  tier: Tier,
  edit: (s: EnvironmentSettings) => EnvironmentSettings = (s) => s,
  extra: ResourceSpec[] = [],
) {
  const resources: ResourceSpec[] = [
    { type: DB, name: `${tier}-db`, inputs: { storageEncrypted: true } },
    { type: LOG_GROUP, name: `${tier}-logs`, inputs: { retentionInDays: 30 } },
    ...extra,
  ];
  return {
    stack: tier,
    settings: edit(defaults(tier)),
    plan: plan({ stack: tier, tier, resources }),
  } satisfies StackView;
}

const rule = (name: string): SafetyRule => {
  const found = SAFETY_RULES.find((r) => r.name === name);
  assert.ok(found, `no safety rule "${name}"`);
  return found;
};

describe("safety ordering (monotonicity)", () => {
  test("the tier defaults are ordered: prod ≥ staging ≥ dev on every rule", () => {
    assert.deepEqual(checkMonotonic([view("dev"), view("staging"), view("prod")]), []);
  });

  test("prod keeping fewer days of backups than staging is named, with both values", () => {
    const prod = view("prod", (s) => ({ ...s, database: { ...s.database, backupRetentionDays: 3 } }));
    const violations = checkMonotonic([view("staging"), prod]);
    assert.deepEqual(
      violations.map((v) => v.message),
      [
        "database backups (database.backupRetentionDays): prod (prod) has 3 days, weaker than staging (staging) with 7 days; a more critical tier must never be less protected",
      ],
    );
  });

  test("staging weaker than dev is caught too, not only prod", () => {
    const staging = view("staging", (s) => ({ ...s, secrets: { ...s.secrets, kmsDeletionWindowDays: 7 } }));
    const dev = view("dev", (s) => ({ ...s, secrets: { ...s.secrets, kmsDeletionWindowDays: 14 } }));
    assert.deepEqual(
      checkMonotonic([dev, staging]).map((v) => `${v.rule}: ${v.weaker} < ${v.stronger}`),
      ["KMS key deletion window: staging < dev"],
    );
  });

  test("a check skips tiers: prod is compared with dev as well", () => {
    const dev = view("dev", (s) => ({ ...s, network: { ...s.network, flowLogRetentionDays: 731 } }));
    const violations = checkMonotonic([dev, view("prod")]).map(
      (v) => `${v.rule}: ${v.weaker} < ${v.stronger}`,
    );
    assert.deepEqual(violations, ["VPC flow log retention: prod < dev"]);
  });

  test("single-AZ prod PostgreSQL, an unprotected prod, a prod without a deploy window", () => {
    const prod = view("prod", (s) => ({
      ...s,
      database: { ...s.database, multiAz: false },
      protectStateful: false,
      deployWindow: null,
    }));
    const staging = view("staging", (s) => ({ ...s, database: { ...s.database, multiAz: true } }));
    const stagingProtected = { ...staging, settings: { ...staging.settings, protectStateful: true } };
    const named = checkMonotonic([stagingProtected, prod]).map((v) => v.rule);
    assert.deepEqual(named.sort(), ["database Multi-AZ", "stateful resources protected"]);
  });

  test("encryption read from the plan: an unencrypted prod database", () => {
    const prod = view("prod");
    const unencrypted = {
      ...prod,
      plan: plan({
        stack: "prod",
        tier: "prod",
        resources: [{ type: DB, name: "prod-db", inputs: { storageEncrypted: false } }],
      }),
    };
    assert.deepEqual(
      checkMonotonic([view("staging"), unencrypted])
        .map((v) => v.rule)
        .filter((r) => r.includes("encrypted")),
      ["PostgreSQL storage encrypted"],
    );
  });

  test("plan-counted protections: prod without the WAF or the audit trail staging has", () => {
    const edge: ResourceSpec[] = [
      { type: "aws:wafv2/webAcl:WebAcl", name: "x-waf" },
      { type: "aws:cloudtrail/trail:Trail", name: "x-trail" },
      { type: "aws:lb/listener:Listener", name: "x-https", inputs: { protocol: "HTTPS" } },
    ];
    const staging = view("staging", (s) => s, edge);
    const prod = view("prod", (s) => s, edge.slice(2));
    assert.deepEqual(
      checkMonotonic([staging, prod]).map((v) => v.rule),
      ["CloudTrail trails", "WAF web ACLs"],
    );
    assert.deepEqual(checkMonotonic([view("dev"), staging, view("prod", (s) => s, edge)]), []);
  });

  test("rotation: none < every 90 days < every 30 days", () => {
    const r = rule("database password rotation");
    const every = (days: number | null) =>
      r.read(view("prod", (s) => ({ ...s, secrets: { ...s.secrets, rotationDays: days } }))).strength;
    assert.ok(every(null) < every(90));
    assert.ok(every(90) < every(30));
  });

  test("log groups that never expire are the strongest retention; no log group the weakest", () => {
    const r = rule("shortest log retention");
    const withRetention = (days: number | undefined) =>
      r.read(
        view("dev", (s) => s, [
          { type: LOG_GROUP, name: "dev-audit", inputs: days === undefined ? {} : { retentionInDays: days } },
        ]),
      );
    assert.equal(withRetention(7).label, "7 days");
    assert.equal(withRetention(undefined).label, "30 days");
    const forever = {
      ...view("dev"),
      plan: plan({ stack: "dev", resources: [{ type: LOG_GROUP, name: "dev-x" }] }),
    };
    assert.equal(r.read(forever).label, "never expire");
    const none = { ...view("dev"), plan: plan({ stack: "dev", resources: [] }) };
    assert.ok(r.read(none).strength < r.read(view("dev")).strength);
  });

  test("every rule names an area from the list, and the list covers the issue's safety settings", () => {
    for (const r of SAFETY_RULES) assert.ok((SAFETY_AREAS as readonly string[]).includes(r.area), r.name);
    const areas = new Set(SAFETY_RULES.map((r) => r.area));
    for (const area of [
      "deletion protection",
      "backups",
      "availability",
      "encryption",
      "retention",
      "recovery window",
      "monitoring",
    ]) {
      assert.ok(areas.has(area as (typeof SAFETY_AREAS)[number]), `no rule for ${area}`);
    }
    assert.equal(new Set(SAFETY_RULES.map((r) => r.name)).size, SAFETY_RULES.length, "rule names are unique");
  });
});
