/** What stops the program before anything is registered: bad config, overlapping VPCs, the deploy window. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { listStacks, readStackFile, stackCidr } from "../../src/config/stack-files";
import { findOverlaps } from "../../src/model/cidr";
import { ProgramFailure } from "../../src/plan/program-failure";
import { guardDeployWindow } from "../../src/program-guards";
import { BAD_CONFIGS, expectedMessage, PROD_BASE } from "../support/bad-configs";
import {
  early,
  input,
  ofType,
  planOf,
  PROJECT,
  PROJECT_DIR,
  stackInput,
  capture,
  settingsOf,
  STACKS,
  captureRegistrations,
} from "../support/plans";

const ROOT_ONLY = (stack: string) => [
  `urn:pulumi:${stack}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${stack}`,
];

async function failure(run: () => Promise<unknown>): Promise<ProgramFailure> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof ProgramFailure, `expected a ProgramFailure, got ${String(error)}`);
    return error;
  }
  assert.fail("the program ran, but it should have stopped");
}

describe("invalid config stops the program before any resource is registered", () => {
  for (const bad of BAD_CONFIGS) {
    test(bad.name, async () => {
      const error = await failure(() =>
        captureRegistrations({
          project: PROJECT,
          stack: bad.stack,
          config: bad.config,
          secretKeys: bad.secretKeys ?? [],
          projectDir: PROJECT_DIR,
        }),
      );
      assert.equal(error.message, expectedMessage(bad));
      assert.deepEqual(error.registeredUrns, ROOT_ONLY(bad.stack), "only the root stack may exist");
    });
  }
});

describe("VPCs never overlap", () => {
  test("the committed stack files use disjoint CIDRs", () => {
    const cidrs = Object.fromEntries(
      listStacks(PROJECT_DIR).map((s) => [s, stackCidr(readStackFile(PROJECT_DIR, s, PROJECT)) ?? ""]),
    );
    assert.deepEqual(findOverlaps(cidrs), []);
  });

  test("a new stack that reuses prod's CIDR is refused, naming prod", async () => {
    const error = await failure(() =>
      capture({
        project: PROJECT,
        stack: "perf",
        config: { ...PROD_BASE, "infra:environment": "perf" },
        secretKeys: [],
        projectDir: PROJECT_DIR,
      }),
    );
    assert.equal(
      error.message,
      'Invalid configuration for stack "perf" (Pulumi.perf.yaml); no resources were registered:\n' +
        '  - infra:network.cidr: got "10.2.0.0/16", which overlaps stack "prod" (10.2.0.0/16); every environment needs its own address space',
    );
    assert.deepEqual(error.registeredUrns, ROOT_ONLY("perf"));
  });
});

describe("adding an AZ replaces nothing", () => {
  const base = stackInput("prod");
  const network = JSON.parse(base.config["infra:network"]!) as { availabilityZones: string[] };
  network.availabilityZones.push("us-east-1d");
  const fourAzs = early(
    capture({ ...base, config: { ...base.config, "infra:network": JSON.stringify(network) } }),
  );
  test("prod with a fourth AZ keeps every existing subnet, NAT and route table as it was", async () => {
    const before = await planOf("prod");
    const after = await fourAzs;
    const afterByUrn = new Map(after.resources.map((r) => [r.urn, r]));
    for (const r of before.resources) assert.ok(afterByUrn.has(r.urn), `${r.name} would be deleted`);
    const fixed = [
      "aws:ec2/subnet:Subnet",
      "aws:ec2/natGateway:NatGateway",
      "aws:ec2/eip:Eip",
      "aws:ec2/routeTable:RouteTable",
      "aws:ec2/vpc:Vpc",
    ];
    for (const r of before.resources.filter((r) => fixed.includes(r.type))) {
      assert.deepEqual(afterByUrn.get(r.urn)!.inputs, r.inputs, `${r.name} would change`);
    }
    assert.deepEqual(
      ofType(after, "aws:ec2/subnet:Subnet")
        .filter((s) => input(s, "availabilityZone") === "us-east-1d")
        .map((s) => [s.name, input(s, "cidrBlock")]),
      [
        ["prod-app-d", "10.2.176.0/20"],
        ["prod-data-d", "10.2.11.0/24"],
        ["prod-public-d", "10.2.3.0/24"],
      ],
    );
  });
});

describe("the prod deploy window", () => {
  // Fri 2026-11-27 16:00 in New York; Tue 2026-11-24 11:00 in New York.
  const friday = () => new Date("2026-11-27T21:00:00Z");
  const tuesday = () => new Date("2026-11-24T16:00:00Z");
  const up = (now: () => Date, env: Record<string, string> = {}) =>
    stackInput("prod", { preview: false, now, env });

  test("an up outside the window stops before any change, saying when the window opens", async () => {
    const error = await failure(() => captureRegistrations(up(friday)));
    assert.equal(
      error.message,
      [
        'Stack "prod": Deploy blocked: deploys to this stack run only Mon-Thu 10:00-14:00 America/New_York; it is now Fri 2026-11-27 16:00 America/New_York (2026-11-27T21:00:00Z).',
        "Next window opens Mon 2026-11-30 10:00 America/New_York (2026-11-30T15:00:00Z).",
        'To deploy now on the hotfix path (emergency only): run the release workflow from main with the hotfix/* branch or tag as ref, hotfix ticked and a reason; the CTO or VP Eng approves its production-hotfix environment. Without CI, set INFRA_HOTFIX_APPROVER and INFRA_HOTFIX_REASON (docs/promotion.md, "The hotfix path").',
        "No resources were changed.",
      ].join("\n"),
    );
    assert.deepEqual(error.registeredUrns, ROOT_ONLY("prod"));
  });

  // The decision itself (window, preview, hotfix) is tested on checkDeployWindow, Friday included
  // (tests/config/deploy-window.test.ts); here, that the program asks it the right question.
  test("previews are never blocked: the committed plan of prod is a preview, whenever it runs", async () => {
    assert.deepEqual((await planOf("prod")).outputs["deployApproval"], { via: "preview" });
  });

  test("inside the window the up runs", () => {
    assert.deepEqual(guardDeployWindow(settingsOf("prod"), { now: tuesday }, false), {
      allowed: true,
      via: "window",
    });
    assert.throws(() => guardDeployWindow(settingsOf("prod"), { now: friday }, false), /Deploy blocked/);
  });

  const hotfix = early(
    capture(
      up(friday, { INFRA_HOTFIX_APPROVER: "cto@example.com", INFRA_HOTFIX_REASON: "checkout outage INC-42" }),
    ),
  );
  test("a hotfix with approver and reason runs and is recorded on the stack", async () => {
    const plan = await hotfix;
    assert.deepEqual(plan.outputs["deployApproval"], {
      via: "hotfix",
      approver: "cto@example.com",
      reason: "checkout outage INC-42",
    });
  });

  test("a hotfix without a reason is refused", async () => {
    const error = await failure(() =>
      captureRegistrations(up(friday, { INFRA_HOTFIX_APPROVER: "cto@example.com" })),
    );
    assert.match(error.message, /The hotfix approval given is incomplete: reason is empty\./);
  });

  test("stacks without a window deploy any day, and record no approval", async () => {
    const open = STACKS.filter((stack) => !settingsOf(stack).deployWindow);
    assert.ok(open.includes("dev") && open.includes("staging"), "dev and staging have no window");
    for (const stack of open) {
      assert.deepEqual(guardDeployWindow(settingsOf(stack), { now: friday }, false), {
        allowed: true,
        via: "window",
      });
      assert.equal((await planOf(stack)).outputs["deployApproval"], undefined);
    }
  });
});
