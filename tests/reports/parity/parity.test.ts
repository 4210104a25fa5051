import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveSettings } from "../../../src/config/resolve";
import type { EnvironmentSettings } from "../../../src/model/settings";
import {
  checkPair,
  checkParity,
  covers,
  type DeclaredDifference,
  DIFFERENCE_KINDS,
  describeDrift,
  type KnobEffects,
  roleOf,
  type StackView,
  type TierPair,
  unusedDeclarations,
} from "../../../src/reports/parity/parity";
import { KNOB_EFFECTS, PARITY_PAIRS } from "../../../src/reports/parity/declared";
import { DB, plan, type ResourceSpec, SECRET, SUBNET, urnOf, VPC } from "../../support/plan-builders";
import { TEST_IMAGE_DIGEST } from "../../support/bad-configs";

const KMS = "aws:kms/key:Key";
const WAF = "aws:wafv2/webAcl:WebAcl";

const staging = resolveSettings({
  project: "infra",
  stack: "staging",
  config: {
    "aws:region": "us-east-1",
    "infra:tier": "staging",
    "infra:network": JSON.stringify({ cidr: "10.1.0.0/16", availabilityZones: ["us-east-1a", "us-east-1b"] }),
    "infra:loadBalancer": JSON.stringify({ domainName: "staging.example.com", hostedZoneId: "Z1" }),
    "infra:appImage": TEST_IMAGE_DIGEST,
  },
}).settings;

/** Prod with staging's settings except identity and the AZ list: only the declared basics differ. */
function prodSettings(edit: (s: EnvironmentSettings) => EnvironmentSettings = (s) => s): EnvironmentSettings {
  return edit({
    ...staging,
    stack: "prod",
    tier: "prod",
    network: {
      ...staging.network,
      cidr: "10.2.0.0/16",
      availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
    },
  });
}

/** A small environment: VPC, one app subnet per AZ, a key, a secret and a database. */
function resources(stack: string, azs: readonly string[]): ResourceSpec[] {
  const urn = (type: string, name: string) => urnOf(stack, type, `${stack}-${name}`);
  return [
    { type: VPC, name: `${stack}-vpc` },
    ...azs.map((az) => ({
      type: SUBNET,
      name: `${stack}-app-${az}`,
      dependencies: [urn(VPC, "vpc")],
      inputs: { availabilityZone: `us-east-1${az}` },
    })),
    { type: KMS, name: `${stack}-kms`, inputs: { enableKeyRotation: true } },
    { type: SECRET, name: `${stack}-db-secret`, dependencies: [urn(KMS, "kms")] },
    {
      type: DB,
      name: `${stack}-db`,
      dependencies: [urn(KMS, "kms")],
      inputs: { instanceClass: "db.t3.medium", storageEncrypted: true },
    },
  ];
}

function view(
  stack: string,
  settings: EnvironmentSettings,
  azs: readonly string[],
  edit: (r: ResourceSpec[]) => ResourceSpec[] = (r) => r,
): StackView {
  return {
    stack,
    settings,
    plan: plan({ stack, tier: settings.tier, resources: edit(resources(stack, azs)) }),
  };
}

const BASICS: DeclaredDifference[] = [
  { setting: "stack", kind: "identity", reason: "own state" },
  { setting: "tier", kind: "identity", reason: "own tier" },
  { setting: "network.cidr", kind: "identity", reason: "own VPC" },
  { setting: "network.availabilityZones", kind: "safety", reason: "multi-AZ" },
];
const EFFECTS: Record<string, KnobEffects> = {
  "secrets.rotationDays": { resources: ["rotation*"] },
  protectStateful: { options: ["*.protect"] },
};

const lower = () => view("staging", staging, ["a", "b"]);

describe("parity: roles fold stack names and AZ letters", () => {
  const cases: [string, string, string][] = [
    ["aws:ec2/subnet:Subnet", "prod-app-c", "app-{az}"],
    ["aws:ec2/eip:Eip", "prod-nat-eip-b", "nat-eip-{az}"],
    ["aws:ec2/routeTableAssociation:RouteTableAssociation", "prod-data-a-rta", "data-{az}-rta"],
    [
      "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
      "prod-alb-sg-in-443-v4",
      "alb-sg-in-443-v4",
    ],
    ["aws:rds/instance:Instance", "prod-db", "db"],
    ["pulumi:pulumi:Stack", "infra-prod", "(stack)"],
    ["infra:index:Environment", "prod", "(environment)"],
  ];
  for (const [type, name, role] of cases) {
    test(`${name} → ${role}`, () => assert.equal(roleOf({ type, name }, "prod"), role));
  }

  test("a declared path covers the leaves under it, not its siblings", () => {
    assert.ok(covers("deployWindow", "deployWindow.days"));
    assert.ok(covers("compute.minSize", "compute.minSize"));
    assert.ok(!covers("compute.min", "compute.minSize"));
  });
});

describe("parity: a drift is detected and named", () => {
  test("the same structure over 2 and 3 AZs, differing only in declared settings: no drift", () => {
    const report = checkPair(lower(), view("prod", prodSettings(), ["a", "b", "c"]), BASICS, EFFECTS);
    assert.deepEqual(report.undeclared, []);
    assert.deepEqual(report.declared.map((d) => d.by).sort(), [
      "network.availabilityZones",
      "network.cidr",
      "stack",
      "tier",
    ]);
  });

  test("a resource only prod builds", () => {
    const upper = view("prod", prodSettings(), ["a", "b", "c"], (r) => [
      ...r,
      { type: WAF, name: "prod-web-acl" },
    ]);
    const report = checkPair(lower(), upper, BASICS, EFFECTS);
    assert.deepEqual(report.undeclared, [
      { kind: "resource", subject: "web-acl", detail: "wafv2:WebAcl only in prod" },
    ]);
    assert.match(
      describeDrift(report)[0]!,
      /^staging → prod: undeclared resource difference web-acl \(wafv2:WebAcl only in prod\); list it under the knob .* KNOB_EFFECTS/,
    );
  });

  test("the same role with another type", () => {
    const upper = view("prod", prodSettings(), ["a", "b", "c"], (r) =>
      r.map((x) => (x.name === "prod-db-secret" ? { ...x, type: "aws:ssm/parameter:Parameter" } : x)),
    );
    const [drift] = checkPair(lower(), upper, BASICS, EFFECTS).undeclared;
    assert.equal(drift?.subject, "db-secret");
    assert.equal(drift?.detail, `${SECRET} in staging, aws:ssm/parameter:Parameter in prod`);
  });

  test("a dependency only one side has", () => {
    const upper = view("prod", prodSettings(), ["a", "b", "c"], (r) =>
      r.map((x) =>
        x.name === "prod-db"
          ? { ...x, dependencies: [...(x.dependencies ?? []), urnOf("prod", SECRET, "prod-db-secret")] }
          : x,
      ),
    );
    assert.deepEqual(checkPair(lower(), upper, BASICS, EFFECTS).undeclared, [
      { kind: "edge", subject: "db -> db-secret", detail: "dependency only in prod" },
    ]);
  });

  test("an input key only one side sets", () => {
    const upper = view("prod", prodSettings(), ["a", "b", "c"], (r) =>
      r.map((x) =>
        x.name === "prod-db" ? { ...x, inputs: { ...x.inputs, iamDatabaseAuthenticationEnabled: true } } : x,
      ),
    );
    assert.deepEqual(checkPair(lower(), upper, BASICS, EFFECTS).undeclared, [
      { kind: "input", subject: "db.iamDatabaseAuthenticationEnabled", detail: "set only in prod" },
    ]);
  });

  test("a resource option, excused only while its knob is declared and differs", () => {
    const protectedDb = (r: ResourceSpec[]) =>
      r.map((x) => (x.name === "prod-db" ? { ...x, options: { protect: true } } : x));
    const same = checkPair(
      lower(),
      view("prod", prodSettings(), ["a", "b", "c"], protectedDb),
      BASICS,
      EFFECTS,
    );
    assert.deepEqual(same.undeclared, [
      { kind: "option", subject: "db.protect", detail: "false in staging, true in prod" },
    ]);

    const knob: DeclaredDifference = {
      setting: "protectStateful",
      kind: "safety",
      reason: "prod keeps its data",
    };
    const settings = prodSettings((s) => ({ ...s, protectStateful: true }));
    const declared = checkPair(
      lower(),
      view("prod", settings, ["a", "b", "c"], protectedDb),
      [...BASICS, knob],
      EFFECTS,
    );
    assert.deepEqual(declared.undeclared, []);
    assert.ok(declared.declared.some((d) => d.drift.subject === "db.protect" && d.by === "protectStateful"));

    const undeclaredKnob = checkPair(
      lower(),
      view("prod", settings, ["a", "b", "c"], protectedDb),
      BASICS,
      EFFECTS,
    );
    assert.deepEqual(
      undeclaredKnob.undeclared.map((d) => `${d.kind} ${d.subject}`),
      ["setting protectStateful", "option db.protect"],
    );
  });

  test("a setting that differs without a declaration", () => {
    const settings = prodSettings((s) => ({ ...s, compute: { ...s.compute, targetCpuPercent: 70 } }));
    const report = checkPair(lower(), view("prod", settings, ["a", "b", "c"]), BASICS, EFFECTS);
    assert.deepEqual(report.undeclared, [
      { kind: "setting", subject: "compute.targetCpuPercent", detail: "50 in staging, 70 in prod" },
    ]);
    assert.match(
      describeDrift(report)[0]!,
      /declare it with its reason in src\/reports\/parity\/declared\.ts/,
    );
  });

  test("a null against an object is one drift at the object's path", () => {
    const window = { days: ["mon" as const], start: "10:00", end: "12:00", timezone: "UTC" };
    const settings = prodSettings((s) => ({ ...s, deployWindow: window }));
    const report = checkPair(lower(), view("prod", settings, ["a", "b", "c"]), BASICS, EFFECTS);
    assert.deepEqual(
      report.undeclared.map((d) => d.subject),
      ["deployWindow"],
    );
  });

  test("resources a knob brings are excused only when that knob differs", () => {
    const rotation = (r: ResourceSpec[]) => [
      ...r,
      { type: "aws:secretsmanager/secretRotation:SecretRotation", name: "prod-rotation" },
    ];
    const knob: DeclaredDifference = {
      setting: "secrets.rotationDays",
      kind: "safety",
      reason: "rotate prod",
    };
    const equal = checkPair(
      lower(),
      view("prod", prodSettings(), ["a", "b", "c"], rotation),
      [...BASICS, knob],
      EFFECTS,
    );
    assert.deepEqual(
      equal.undeclared.map((d) => `${d.kind} ${d.subject}`),
      ["resource rotation"],
    );
    const rotating = prodSettings((s) => ({ ...s, secrets: { ...s.secrets, rotationDays: 30 } }));
    const differs = checkPair(
      lower(),
      view("prod", rotating, ["a", "b", "c"], rotation),
      [...BASICS, knob],
      EFFECTS,
    );
    assert.deepEqual(differs.undeclared, []);
  });

  test("edges touching a resource only one side has are part of that resource's drift", () => {
    const rotation = (r: ResourceSpec[]) => [
      ...r,
      {
        type: "aws:secretsmanager/secretRotation:SecretRotation",
        name: "prod-rotation",
        dependencies: [urnOf("prod", SECRET, "prod-db-secret")],
      },
    ];
    const knob: DeclaredDifference = {
      setting: "secrets.rotationDays",
      kind: "safety",
      reason: "rotate prod",
    };
    const rotating = prodSettings((s) => ({ ...s, secrets: { ...s.secrets, rotationDays: 30 } }));
    const report = checkPair(
      lower(),
      view("prod", rotating, ["a", "b", "c"], rotation),
      [...BASICS, knob],
      EFFECTS,
    );
    assert.deepEqual(report.undeclared, []);
  });
});

describe("parity: pairs and declarations", () => {
  const pairs: TierPair[] = [{ lower: "staging", upper: "prod", differences: BASICS }];

  test("every stack of the lower tier is compared with every stack of the upper one", () => {
    const euSettings = { ...prodSettings(), stack: "prod-eu" };
    const reports = checkParity(
      [lower(), view("prod", prodSettings(), ["a", "b", "c"]), view("prod-eu", euSettings, ["a", "b", "c"])],
      pairs,
      EFFECTS,
    );
    assert.deepEqual(
      reports.map((r) => `${r.lower}→${r.upper}`),
      ["staging→prod", "staging→prod-eu"],
    );
  });

  test("a declaration no pair of stacks needs is reported", () => {
    const stale: TierPair[] = [
      {
        lower: "staging",
        upper: "prod",
        differences: [...BASICS, { setting: "database.multiAz", kind: "safety", reason: "HA" }],
      },
    ];
    const reports = checkParity([lower(), view("prod", prodSettings(), ["a", "b", "c"])], stale, EFFECTS);
    const optional: TierPair[] = [
      {
        ...stale[0]!,
        differences: [
          ...BASICS,
          { setting: "database.restoreFromSnapshot", kind: "data", reason: "sanitized copy", optional: true },
        ],
      },
    ];
    assert.deepEqual(unusedDeclarations(reports, optional), [], "an optional declaration is never stale");
    assert.deepEqual(unusedDeclarations(reports, stale), [
      'staging → prod: "database.multiAz" is declared as a difference but no two stacks differ on it; remove the declaration',
    ]);
  });
});

describe("parity: the project's declarations", () => {
  const paths = new Set<string>();
  const walk = (value: unknown, path: string) => {
    if (path) paths.add(path);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(staging, "");

  test("staging and prod may differ only in identity, scale, safety and data", () => {
    const pair = PARITY_PAIRS.find((p) => p.lower === "staging" && p.upper === "prod");
    assert.ok(pair);
    for (const d of pair.differences) {
      assert.ok(
        ["identity", "scale", "safety", "data"].includes(d.kind),
        `${d.setting} is declared as ${d.kind}`,
      );
    }
  });

  test("every declaration names a real setting, a known kind and a reason, once per pair", () => {
    for (const pair of PARITY_PAIRS) {
      const seen = new Set<string>();
      for (const d of pair.differences) {
        assert.ok(paths.has(d.setting), `${pair.lower} → ${pair.upper}: no setting ${d.setting}`);
        assert.ok((DIFFERENCE_KINDS as readonly string[]).includes(d.kind));
        assert.ok(d.reason.trim().length > 10, `${d.setting}: give the reason`);
        assert.ok(!seen.has(d.setting), `${d.setting} declared twice for ${pair.lower} → ${pair.upper}`);
        seen.add(d.setting);
      }
    }
    for (const knob of Object.keys(KNOB_EFFECTS))
      assert.ok(paths.has(knob), `KNOB_EFFECTS: no setting ${knob}`);
  });
});
