/**
 * The sleep schedule and the NAT strategy, per tier, in each stack's plan: dev sleeps and
 * egresses through a NAT instance; staging and prod stay awake on managed NAT gateways, and prod
 * can never do otherwise. Also the deploy guard on a sleeping stack and the cost it buys.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { asgRecurrence, schedulerCron, sleepEvent } from "../../src/config/sleep-schedule";
import { ProgramFailure } from "../../src/plan/program-failure";
import { guardSleep } from "../../src/program-guards";
import { buildCostReport } from "../../src/reports/cost/files";
import { limitedNames } from "../../src/model/names";
import { MOCK_ACCOUNT_ID } from "../../src/plan/mock-outputs";
import { T } from "../../src/model/resource-types";
import type { Plan } from "../../src/model/plan";
import {
  early,
  captureWith,
  idName,
  input,
  one,
  ofType,
  planOf,
  PROJECT,
  PROJECT_DIR,
  settingsOf,
  STACKS,
  stackInput,
  captureRegistrations,
} from "../support/plans";

const ASG_ACTION = "aws:autoscaling/schedule:Schedule";
const SCHEDULE = "aws:scheduler/schedule:Schedule";
const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
const ENI = "aws:ec2/networkInterface:NetworkInterface";
const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";

const policyOf = (plan: Plan, name: string) =>
  JSON.parse(String(input(one(plan, "aws:iam/rolePolicy:RolePolicy", name), "policy"))) as {
    Statement: { Action: string[]; Resource: string[]; Condition?: unknown }[];
  };

/** What each tier must do (the table), looked up by a stack's tier. */
const BY_TIER = {
  dev: { sleeps: true, nat: "instance" },
  staging: { sleeps: false, nat: "single" },
  prod: { sleeps: false, nat: "perAz" },
} as const;
const expectFor = (stack: string) => BY_TIER[settingsOf(stack).tier];

for (const stack of STACKS) {
  const want = expectFor(stack);
  describe(`${stack}: sleep schedule and NAT strategy`, () => {
    test(`${want.sleeps ? "sleeps outside the working week" : "never sleeps"}`, async () => {
      const plan = await planOf(stack);
      const settings = settingsOf(stack);
      assert.equal(settings.sleep.enabled, want.sleeps);
      const actions = ofType(plan, ASG_ACTION);
      const schedules = ofType(plan, SCHEDULE);
      if (!want.sleeps) {
        assert.deepEqual(
          [...actions, ...schedules].map((r) => r.name),
          [],
          `${stack} must never sleep`,
        );
        return;
      }
      const { sleep, compute } = settings;
      const at = (id: "sleep" | "servers-wake") => asgRecurrence(sleepEvent(sleep, id));
      // The app servers: zero every evening, their daytime size before each working day.
      const byName = Object.fromEntries(actions.map((a) => [a.name, a.inputs]));
      assert.deepEqual(byName[`${stack}-app-sleep`], {
        autoscalingGroupName: `${stack}-app-asg`,
        scheduledActionName: `${stack}-app-sleep`,
        minSize: 0,
        desiredCapacity: 0,
        maxSize: 0,
        recurrence: at("sleep"),
        timeZone: sleep.timezone,
      });
      assert.deepEqual(byName[`${stack}-app-wake`], {
        autoscalingGroupName: `${stack}-app-asg`,
        scheduledActionName: `${stack}-app-wake`,
        minSize: compute.minSize,
        desiredCapacity: compute.desiredCapacity,
        maxSize: compute.maxSize,
        recurrence: at("servers-wake"),
        timeZone: sleep.timezone,
      });
      // The sleep runs every day of the week: RDS's seven-day restart is undone the same evening.
      assert.match(at("sleep"), / \* \* 1,2,3,4,5,6,0$/);
    });

    test("the database is stopped and started by EventBridge Scheduler calling RDS, with a role for that one database", async () => {
      const plan = await planOf(stack);
      const schedules = ofType(plan, SCHEDULE).filter((s) => s.name.startsWith(`${stack}-db-`));
      if (!want.sleeps) return assert.deepEqual(schedules, []);
      const { sleep } = settingsOf(stack);
      const db = one(plan, "aws:rds/instance:Instance");
      const identifier = String(input(db, "identifier"));
      assert.equal(identifier, limitedNames(stack).database);
      const role = one(plan, "aws:iam/role:Role", `${stack}-db-sleep-role`);
      const calls = Object.fromEntries(
        schedules.map((s) => [
          s.name,
          {
            arn: input(s, "target.arn"),
            input: JSON.parse(String(input(s, "target.input"))) as unknown,
            expression: input(s, "scheduleExpression"),
            timezone: input(s, "scheduleExpressionTimezone"),
            role: input(s, "target.roleArn"),
          },
        ]),
      );
      const roleArn = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${role.name}`;
      assert.deepEqual(calls, {
        [`${stack}-db-stop`]: {
          arn: "arn:aws:scheduler:::aws-sdk:rds:stopDBInstance",
          input: { DbInstanceIdentifier: identifier },
          expression: schedulerCron(sleepEvent(sleep, "sleep")),
          timezone: sleep.timezone,
          role: roleArn,
        },
        [`${stack}-db-start`]: {
          arn: "arn:aws:scheduler:::aws-sdk:rds:startDBInstance",
          input: { DbInstanceIdentifier: identifier },
          expression: schedulerCron(sleepEvent(sleep, "database-start")),
          timezone: sleep.timezone,
          role: roleArn,
        },
      });
      assert.equal(
        JSON.parse(String(input(role, "assumeRolePolicy"))).Statement[0].Principal.Service,
        "scheduler.amazonaws.com",
      );
      // Exactly stop and start, exactly this database.
      assert.deepEqual(policyOf(plan, `${stack}-db-sleep-role-policy`).Statement, [
        {
          Sid: "StopAndStartOneDatabase",
          Effect: "Allow",
          Action: ["rds:StartDBInstance", "rds:StopDBInstance"],
          Resource: [`arn:aws:rds:us-east-1:${MOCK_ACCOUNT_ID}:db:${identifier}`],
        },
      ]);
    });

    test("no alarm pages anyone while it sleeps", async () => {
      const plan = await planOf(stack);
      const alarms = ofType(plan, ALARM)
        .map((a) => String(input(a, "name")))
        .sort();
      const calls = ofType(plan, SCHEDULE).filter((s) => s.name.startsWith(`${stack}-alarms-`));
      if (!want.sleeps) return assert.deepEqual(calls, []);
      const { sleep } = settingsOf(stack);
      const off = one(plan, SCHEDULE, `${stack}-alarms-off`);
      const on = one(plan, SCHEDULE, `${stack}-alarms-on`);
      assert.equal(input(off, "target.arn"), "arn:aws:scheduler:::aws-sdk:cloudwatch:disableAlarmActions");
      assert.equal(input(on, "target.arn"), "arn:aws:scheduler:::aws-sdk:cloudwatch:enableAlarmActions");
      assert.equal(input(off, "scheduleExpression"), schedulerCron(sleepEvent(sleep, "sleep")));
      assert.equal(input(on, "scheduleExpression"), schedulerCron(sleepEvent(sleep, "servers-wake")));
      // Every alarm of the stack, and only its alarms.
      for (const call of [off, on])
        assert.deepEqual(JSON.parse(String(input(call, "target.input"))), { AlarmNames: alarms });
      assert.deepEqual(policyOf(plan, `${stack}-alarms-sleep-role-policy`).Statement[0]!.Resource, [
        ...alarms.map((n) => `arn:aws:cloudwatch:us-east-1:${MOCK_ACCOUNT_ID}:alarm:${n}`),
      ]);
      // Through the night the alarms read normal: a stopped database's missing data is no breach.
      for (const id of ["db-cpu", "db-free-storage"]) {
        assert.equal(input(one(plan, ALARM, `${stack}-${id}`), "treatMissingData"), "notBreaching", id);
      }
    });

    test(`egress: ${want.nat === "instance" ? "a NAT instance" : "managed NAT gateways"}`, async () => {
      const plan = await planOf(stack);
      const azs = settingsOf(stack).network.availabilityZones.length;
      const gateways = ofType(plan, NAT_GATEWAY).length;
      const enis = ofType(plan, ENI);
      const appTables = ofType(plan, "aws:ec2/routeTable:RouteTable").filter((t) =>
        t.name.startsWith(`${stack}-app-rt-`),
      );
      if (want.nat !== "instance") {
        // prod: one per AZ; staging: one. Never a NAT instance.
        assert.equal(gateways, want.nat === "perAz" ? azs : 1);
        assert.deepEqual(enis, []);
        for (const t of appTables) {
          assert.match(idName(plan, input(t, "routes.0.natGatewayId")), new RegExp(`^${stack}-nat-`));
        }
        return;
      }
      assert.equal(gateways, 0);
      const eni = one(plan, ENI, `${stack}-nat-eni`);
      assert.equal(input(eni, "sourceDestCheck"), false);
      assert.equal(idName(plan, input(eni, "subnetId")), `${stack}-public-a`);
      // Every app subnet's way out is the static interface.
      assert.deepEqual(
        appTables.map((t) => input(t, "routes")),
        appTables.map(() => [{ cidrBlock: "0.0.0.0/0", networkInterfaceId: eni.id }]),
      );
      // Replaced automatically: a group of exactly one, in the interface's subnet, EC2 health checks.
      const asg = one(plan, "aws:autoscaling/group:Group", `${stack}-nat-asg`);
      assert.deepEqual(
        [
          input(asg, "minSize"),
          input(asg, "desiredCapacity"),
          input(asg, "maxSize"),
          input(asg, "healthCheckType"),
        ],
        [1, 1, 1, "EC2"],
      );
      assert.deepEqual(input(asg, "vpcZoneIdentifiers"), [one(plan, T.subnet, `${stack}-public-a`).id]);
      assert.ok(asg.options.ignoreChanges.includes("desiredCapacity"), "the sleep schedule owns its size");
      // A small ARM instance, IMDSv2, encrypted volume, a public address of its own.
      const lt = one(plan, "aws:ec2/launchTemplate:LaunchTemplate", `${stack}-nat-lt`);
      assert.match(String(input(lt, "instanceType")), /^t4g\./);
      assert.equal(input(lt, "imageId"), settingsOf(stack).network.natImageId);
      assert.equal(input(lt, "metadataOptions.httpTokens"), "required");
      assert.equal(input(lt, "blockDeviceMappings.0.ebs.encrypted"), "true");
      assert.equal(input(lt, "networkInterfaces.0.associatePublicIpAddress"), "true");
      const userData = Buffer.from(String(input(lt, "userData")), "base64").toString();
      assert.match(userData, new RegExp(`--network-interface-id "\\$ENI_ID"`));
      assert.ok(userData.includes(`ENI_ID="${String(eni.id)}"`), "the instance attaches its own interface");
      assert.match(userData, /--no-source-dest-check/);
      assert.match(userData, /MASQUERADE/);
      // Its security group admits exactly the app subnets.
      const appCidrs = ofType(plan, "aws:ec2/subnet:Subnet")
        .filter((s) => s.name.startsWith(`${stack}-app-`))
        .map((s) => input(s, "cidrBlock"))
        .sort();
      const ingress = ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").filter(
        (r) => idName(plan, input(r, "securityGroupId")) === `${stack}-nat-sg`,
      );
      assert.deepEqual(ingress.map((r) => input(r, "cidrIpv4")).sort(), appCidrs);
      assert.deepEqual(input(eni, "securityGroups"), [one(plan, T.securityGroup, `${stack}-nat-sg`).id]);
      // Its boot permissions reach only resources tagged as this stack's NAT instance.
      for (const s of policyOf(plan, `${stack}-nat-policy`).Statement)
        assert.deepEqual(s.Condition, { StringEquals: { "aws:ResourceTag/NatInstance": `${stack}-nat` } });
      assert.equal(input(eni, "tags.NatInstance"), `${stack}-nat`);
      // Its alarm watches its group and sleeps with it.
      const alarm = one(plan, ALARM, `${stack}-nat-in-service`);
      const dims = (input(alarm, "metricQueries") as { metric?: { dimensions: Record<string, string> } }[])
        .filter((q) => q.metric)
        .map((q) => q.metric!.dimensions["AutoScalingGroupName"]);
      assert.deepEqual(dims, [`${stack}-nat-asg`, `${stack}-nat-asg`]);
      if (want.sleeps) {
        const nat = Object.fromEntries(
          ofType(plan, ASG_ACTION)
            .filter((a) => input(a, "autoscalingGroupName") === `${stack}-nat-asg`)
            .map((a) => [a.name, input(a, "desiredCapacity")]),
        );
        assert.deepEqual(nat, { [`${stack}-nat-sleep`]: 0, [`${stack}-nat-wake`]: 1 });
      }
    });
  });
}

for (const stack of STACKS.filter((s) => settingsOf(s).tier === "prod")) {
  describe(`${stack} (prod tier) never sleeps and keeps a managed NAT gateway in every AZ`, () => {
    test("a gateway per AZ, no NAT instance, nothing that scales it to zero or stops its database", async () => {
      const plan = await planOf(stack);
      const azs = settingsOf(stack).network.availabilityZones.length;
      assert.equal(ofType(plan, NAT_GATEWAY).length, azs);
      assert.deepEqual(ofType(plan, ENI), []);
      assert.deepEqual(ofType(plan, ASG_ACTION), []);
      assert.deepEqual(ofType(plan, SCHEDULE), []);
    });
  });
}

describe("a deploy to a sleeping stack", () => {
  // Sat 2026-12-05 10:00 and Tue 2026-12-01 10:00 in New York.
  const saturday = () => new Date("2026-12-05T15:00:00Z");
  const tuesday = () => new Date("2026-12-01T15:00:00Z");

  test("says the stack is asleep and changes nothing", async () => {
    let failure: unknown;
    try {
      await captureRegistrations(stackInput("dev", { preview: false, now: saturday }));
    } catch (error) {
      failure = error;
    }
    assert.ok(failure instanceof ProgramFailure, "the up must stop");
    assert.match(failure.message, /^Stack "dev" is asleep: /);
    assert.match(failure.message, /No resources were changed\.$/);
    assert.deepEqual(failure.registeredUrns, [
      `urn:pulumi:dev::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-dev`,
    ]);
  });

  // The decision itself is tested on checkSleep (tests/config/sleep-schedule.test.ts); here, that
  // the program's guard asks it the right question for the stack's own schedule.
  test("runs while awake, and asleep with a reason", () => {
    const options = { projectDir: PROJECT_DIR };
    assert.deepEqual(guardSleep(settingsOf("dev"), { ...options, now: tuesday }, false), {
      allowed: true,
      via: "awake",
    });
    assert.throws(() => guardSleep(settingsOf("dev"), { ...options, now: saturday }, false), /is asleep/);
    const woken = guardSleep(
      settingsOf("dev"),
      { ...options, now: saturday, env: { INFRA_DEPLOY_WHILE_ASLEEP: "woke it by hand" } },
      false,
    );
    assert.deepEqual(woken, { allowed: true, via: "override", reason: "woke it by hand" });
  });

  const asleep = early(captureWith("staging", { "infra:sleep": { enabled: true } }));
  test("a staging stack that opts in sleeps the same way, on managed NAT", async () => {
    const plan = await asleep;
    assert.deepEqual(
      ofType(plan, ASG_ACTION)
        .map((a) => a.name)
        .sort(),
      ["staging-app-sleep", "staging-app-wake"],
    );
    assert.deepEqual(
      ofType(plan, SCHEDULE)
        .map((s) => s.name)
        .sort(),
      ["staging-alarms-off", "staging-alarms-on", "staging-db-start", "staging-db-stop"],
    );
    assert.equal(ofType(plan, NAT_GATEWAY).length, 1);
  });
});

describe("what dev costs", () => {
  test("at the spec's sizes and the default schedule, $45 a month or less; always on costs more, and says so", async () => {
    const plan = await planOf("dev");
    const report = buildCostReport(PROJECT_DIR, plan, settingsOf("dev"));
    const items = report.estimate.lines.map((l) => l.item).join("\n");
    for (const size of ["t3.small", "db.t3.micro", "cache.t3.micro"]) assert.ok(items.includes(size), size);
    assert.ok(report.estimate.totalUsd <= 45, `dev costs $${report.estimate.totalUsd}`);
    assert.ok(report.alwaysOn.totalUsd > report.estimate.totalUsd);
    assert.ok(
      report.markdown.includes(`always on it would cost $${report.alwaysOn.totalUsd.toFixed(2)} per month`),
      "the report shows the always-on total",
    );
    // The NAT instance is priced, the managed gateway gone.
    assert.ok(
      report.estimate.lines.some((l) => l.resource === "dev-nat-asg" && l.priceKey === "ec2:t4g.nano"),
    );
    assert.ok(!report.estimate.lines.some((l) => l.priceKey === "vpc:nat-hour"));
  });
});
