/** The shape every stack must have: parenting, provider and tags, the security chain, IAM, protections. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MOCK_ACCOUNT_ID } from "../../src/plan/mock-outputs";
import type { Plan } from "../../src/model/plan";
import { idName, input, one, ofType, planOf, STACKS, namespaceOf, seedFor, tierOf } from "../support/plans";
import { userDataEnv } from "./seed";
import { arnOf, stateOf } from "../support/arns";

const STATEFUL = [
  "aws:rds/instance:Instance",
  "aws:elasticache/replicationGroup:ReplicationGroup",
  "aws:kms/key:Key",
  "aws:secretsmanager/secret:Secret",
];

/** Security-group rules as "group direction port peer" lines, e.g. "prod-db-sg in 5432 prod-app-sg". */
function chain(plan: Plan): string[] {
  const rules = [
    ...ofType(plan, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => ({
      r,
      dir: "in",
    })),
    ...ofType(plan, "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => ({
      r,
      dir: "out",
    })),
  ];
  return rules
    .map(({ r, dir }) => {
      const peer =
        input(r, "cidrIpv4") ??
        input(r, "cidrIpv6") ??
        input(r, "prefixListId") ??
        idName(plan, input(r, "referencedSecurityGroupId"));
      const ports =
        input(r, "ipProtocol") === "-1"
          ? "all"
          : `${String(input(r, "fromPort"))}-${String(input(r, "toPort"))}`;
      return `${idName(plan, input(r, "securityGroupId"))} ${dir} ${ports} ${String(peer)}`;
    })
    .sort();
}

for (const stack of STACKS) {
  describe(`${stack}: structure`, () => {
    test("one Environment component; every resource under it; names derive from the stack", async () => {
      const plan = await planOf(stack);
      const root = one(plan, "pulumi:pulumi:Stack");
      const env = one(plan, "infra:index:Environment", stack);
      const provider = one(plan, "pulumi:providers:aws", `${stack}-aws`);
      assert.equal(env.parent, root.urn);
      assert.equal(provider.parent, root.urn);
      for (const r of plan.resources.filter((r) => ![root, env, provider].includes(r))) {
        assert.equal(r.parent, env.urn, `${r.name} must be a child of the Environment`);
        assert.ok(r.name.startsWith(`${stack}-`), `${r.name} must be named <stack>-<suffix>`);
      }
    });

    test("every AWS resource uses the explicit provider, which carries the four default tags", async () => {
      const plan = await planOf(stack);
      const provider = one(plan, "pulumi:providers:aws");
      for (const r of plan.resources.filter((r) => r.type.startsWith("aws:"))) {
        assert.equal(r.provider, provider.urn, `${r.name} must use ${provider.name}`);
      }
      const tags = JSON.parse(String(input(provider, "defaultTags"))) as { tags: Record<string, string> };
      assert.deepEqual(tags.tags, {
        Environment: namespaceOf(stack).slice(1, -1),
        Project: "infra",
        Stack: stack,
        ManagedBy: "pulumi",
      });
      assert.equal(input(provider, "region"), "us-east-1");
    });

    test("instances launched by the ASG carry the environment tags too", async () => {
      const lt = one(await planOf(stack), "aws:ec2/launchTemplate:LaunchTemplate", `${stack}-app-lt`);
      const specs = input(lt, "tagSpecifications") as {
        resourceType: string;
        tags: Record<string, string>;
      }[];
      assert.deepEqual(specs.map((s) => s.resourceType).sort(), ["instance", "volume"]);
      for (const spec of specs) assert.equal(spec.tags["Stack"], stack);
    });
  });

  describe(`${stack}: network`, () => {
    test("public, app and data subnets in every AZ; NAT per tier; isolated data tier", async () => {
      const plan = await planOf(stack);
      const seed = seedFor(stack);
      const subnets = ofType(plan, "aws:ec2/subnet:Subnet");
      for (const tier of ["public", "app", "data"]) {
        assert.equal(
          subnets.filter((s) => s.name.startsWith(`${stack}-${tier}-`)).length,
          seed.azCount,
          `${tier} subnets`,
        );
      }
      // prod: a managed NAT gateway per AZ; staging: one; dev: a NAT instance instead (tests/stack/sleep.ts).
      const nats = ofType(plan, "aws:ec2/natGateway:NatGateway").length;
      const expected = { prod: seed.azCount, staging: 1, dev: 0 }[tierOf(stack)];
      assert.equal(
        nats,
        expected,
        `${stack}: infra:network.natGateways — ${tierOf(stack) === "prod" ? "one NAT per AZ" : tierOf(stack) === "staging" ? "one NAT" : "a NAT instance, no managed gateway"}`,
      );
      assert.deepEqual(
        input(one(plan, "aws:ec2/routeTable:RouteTable", `${stack}-data-rt`), "routes"),
        [],
        "the data tier has no route out",
      );
    });

    test("the default security group is stripped; flow logs are on with retention", async () => {
      const plan = await planOf(stack);
      const sg = one(plan, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup");
      assert.deepEqual([input(sg, "ingress"), input(sg, "egress")], [[], []]);
      assert.equal(input(one(plan, "aws:ec2/flowLog:FlowLog"), "trafficType"), "ALL");
      const flowLog = one(plan, "aws:ec2/flowLog:FlowLog");
      const group = one(plan, "aws:cloudwatch/logGroup:LogGroup", `${stack}-flow-logs`);
      assert.equal(
        input(flowLog, "logDestination"),
        `arn:aws:logs:us-east-1:${MOCK_ACCOUNT_ID}:log-group:/infra/${stack}/vpc-flow-logs`,
      );
      assert.ok((input(group, "retentionInDays") as number) > 0);
    });
  });

  describe(`${stack}: security groups form a least-privilege chain`, () => {
    test("exactly the chain: internet → ALB → app → PostgreSQL and Redis", async () => {
      const plan = await planOf(stack);
      const s = stack;
      const app = seedFor(stack).loadBalancer ? (tierOf(stack) === "dev" ? "3000" : "8080") : undefined;
      const expected = [
        `${s}-app-sg out 443-443 0.0.0.0/0`,
        `${s}-app-sg out 443-443 ::/0`,
        `${s}-app-sg out 5432-5432 ${s}-db-sg`,
        `${s}-app-sg out 6379-6379 ${s}-cache-sg`,
        `${s}-db-sg in 5432-5432 ${s}-app-sg`,
        `${s}-cache-sg in 6379-6379 ${s}-app-sg`,
        // Prod's ALB sits behind CloudFront: HTTPS from CloudFront's origin-facing prefix list only.
        ...(app && tierOf(stack) === "prod" ? [`${s}-alb-sg in 443-443 pl-3b927c52`] : []),
        ...(app && tierOf(stack) !== "prod"
          ? [
              `${s}-alb-sg in 443-443 0.0.0.0/0`,
              `${s}-alb-sg in 443-443 ::/0`,
              `${s}-alb-sg in 80-80 0.0.0.0/0`,
              `${s}-alb-sg in 80-80 ::/0`,
            ]
          : []),
        ...(app
          ? [`${s}-alb-sg out ${app}-${app} ${s}-app-sg`, `${s}-app-sg in ${app}-${app} ${s}-alb-sg`]
          : []),
        ...(seedFor(stack).rotation
          ? [
              `${s}-rotation-sg out 443-443 0.0.0.0/0`,
              `${s}-rotation-sg out 443-443 ::/0`,
              `${s}-rotation-sg out 5432-5432 ${s}-db-sg`,
              `${s}-db-sg in 5432-5432 ${s}-rotation-sg`,
            ]
          : []),
        // The NAT instance admits everything from the app subnets (and nothing else) and forwards it out.
        ...(tierOf(stack) === "dev"
          ? [
              ...ofType(plan, "aws:ec2/subnet:Subnet")
                .filter((sn) => sn.name.startsWith(`${s}-app-`))
                .map((sn) => `${s}-nat-sg in all ${String(input(sn, "cidrBlock"))}`),
              `${s}-nat-sg out all 0.0.0.0/0`,
            ]
          : []),
      ].sort();
      assert.deepEqual(chain(plan), expected);
    });

    test("must not open anything but the ALB's 80 and 443 to the internet, and no SSH at all", async () => {
      for (const line of chain(await planOf(stack))) {
        const [group, dir, ports, peer] = line.split(" ");
        if (dir === "in" && (peer === "0.0.0.0/0" || peer === "::/0")) {
          assert.ok(
            group === `${stack}-alb-sg` && ["80-80", "443-443"].includes(ports!),
            `${line} opens ${group} to the internet`,
          );
        }
        assert.ok(!ports!.split("-").includes("22"), `${line} allows SSH`);
      }
    });
  });

  describe(`${stack}: IAM is scoped to the environment`, () => {
    test("the app reads exactly its own secrets and decrypts only with its own key", async () => {
      const plan = await planOf(stack);
      const key = one(plan, "aws:kms/key:Key", `${stack}-kms`);
      const doc = JSON.parse(
        String(input(one(plan, "aws:iam/rolePolicy:RolePolicy", `${stack}-app-secrets`), "policy")),
      ) as {
        Statement: { Action: string[]; Resource: string[] }[];
      };
      const namespace = namespaceOf(stack);
      const appSecrets = [
        "database/master",
        "cache/auth-token",
        "third-party/stripe-api-key",
        "third-party/sendgrid-api-key",
        "third-party/sentry-dsn",
        "third-party/datadog-api-key",
      ].map((path) =>
        arnOf(
          plan,
          ofType(plan, "aws:secretsmanager/secret:Secret").find(
            (s) => input(s, "name") === `${namespace}${path}`,
          )!,
        ),
      );
      for (const statement of doc.Statement) {
        assert.ok(
          !statement.Resource.some((r) => r.includes("*")),
          `${stack}: no statement may grant a wildcard`,
        );
        if (statement.Action.some((a) => a.startsWith("secretsmanager:"))) {
          assert.deepEqual(statement.Resource, [...appSecrets].sort(), "exactly the app's secrets");
        }
        if (statement.Action.some((a) => a.startsWith("kms:"))) {
          assert.deepEqual(statement.Resource, [arnOf(plan, key)]);
        }
      }
      for (const other of STACKS.filter((s) => s !== stack)) {
        assert.ok(
          !JSON.stringify(doc).includes(`:secret:${namespaceOf(other)}`),
          `${stack} must not reach ${other}'s secrets`,
        );
      }
    });

    test("Systems Manager instead of SSH", async () => {
      const attachment = ofType(
        await planOf(stack),
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
      ).find((a) => a.name === `${stack}-app-ssm`);
      assert.ok(attachment, "the app role has no managed policy attachment");
      assert.equal(input(attachment, "policyArn"), "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
    });
  });

  describe(`${stack}: compute and load balancer`, () => {
    test("launch template: IMDSv2 only, encrypted root volume, no public IP, no secret in user data", async () => {
      const plan = await planOf(stack);
      const lt = one(plan, "aws:ec2/launchTemplate:LaunchTemplate", `${plan.stack}-app-lt`);
      assert.equal(input(lt, "metadataOptions.httpTokens"), "required");
      const ebs = (input(lt, "blockDeviceMappings") as { ebs: Record<string, unknown> }[])[0]!.ebs;
      assert.equal(ebs["encrypted"], "true");
      assert.equal(
        (input(lt, "networkInterfaces") as Record<string, unknown>[])[0]!["associatePublicIpAddress"],
        "false",
      );
      const env = userDataEnv(input(lt, "userData"));
      assert.deepEqual(Object.keys(env).sort(), [
        "APPCONFIG_APPLICATION",
        "APPCONFIG_ENVIRONMENT",
        "APPCONFIG_PROFILE",
        "APP_CONFIG_PATH",
        "AWS_REGION",
        "DATABASE_URL",
        "DATADOG_API_KEY_SECRET_ARN",
        "DB_POOL_MAX",
        "DB_POOL_MIN",
        "DB_SECRET_ARN",
        "FEATURE_DEFAULTS",
        "LOG_LEVEL",
        "NODE_ENV",
        "PORT",
        "REDIS_AUTH_SECRET_ARN",
        "REDIS_URL",
        "REQUEST_TIMEOUT_MS",
        "SECRETS_NAMESPACE",
        "SENDGRID_API_KEY_SECRET_ARN",
        "SENTRY_DSN_SECRET_ARN",
        "STRIPE_API_KEY_SECRET_ARN",
      ]);
      assert.match(env["REDIS_URL"]!, /^rediss:\/\//, "Redis over TLS");
      assert.match(env["DATABASE_URL"]!, /^postgres:\/\/app_admin@[^:/]+:5432\/app\?sslmode=require$/);
    });

    test("auto-scaling: target tracking, rolling instance refresh, behind the target group when there is an ALB", async () => {
      const plan = await planOf(stack);
      const asg = one(plan, "aws:autoscaling/group:Group", `${plan.stack}-app-asg`);
      assert.equal(input(asg, "instanceRefresh.strategy"), "Rolling");
      assert.deepEqual(asg.options.ignoreChanges, ["desiredCapacity"]);
      assert.equal(input(one(plan, "aws:autoscaling/policy:Policy"), "policyType"), "TargetTrackingScaling");
      const groups = input(asg, "targetGroupArns") as string[];
      assert.equal(groups.length, seedFor(stack).loadBalancer ? 1 : 0);
    });

    test(
      "HTTPS with a TLS 1.3 policy, HTTP only redirects, invalid headers dropped, access logs on",
      { skip: !seedFor(stack).loadBalancer },
      async () => {
        const plan = await planOf(stack);
        const alb = one(plan, "aws:lb/loadBalancer:LoadBalancer");
        assert.equal(input(alb, "dropInvalidHeaderFields"), true);
        assert.equal(
          input(alb, "enableDeletionProtection"),
          tierOf(stack) === "prod",
          `${stack}: infra:loadBalancer.deletionProtection`,
        );
        const listeners = ofType(plan, "aws:lb/listener:Listener");
        const https = listeners.find((l) => input(l, "port") === 443)!;
        assert.match(String(input(https, "sslPolicy")), /TLS13/);
        // Behind CloudFront only 443 reaches the ALB: no port-80 listener (tests/stack/edge.ts).
        const http = listeners.find((l) => input(l, "port") === 80);
        if (http)
          assert.deepEqual(input(http, "defaultActions"), [
            { redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" }, type: "redirect" },
          ]);
        else assert.equal(stack, "prod", `${stack}: an ALB that serves the internet redirects HTTP`);
        assert.ok(input(one(plan, "aws:lb/targetGroup:TargetGroup"), "healthCheck.path"));
        // Access logs in the SSE-S3 access-log bucket: ALB cannot write to a KMS-encrypted one.
        const logs = one(plan, "aws:s3/bucket:Bucket", `${stack}-access-logs`);
        assert.deepEqual(input(alb, "accessLogs"), {
          bucket: stateOf(plan, logs)["bucket"],
          enabled: true,
          prefix: "alb",
        });
        const sse = ofType(
          plan,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        ).find((r) => input(r, "bucket") === logs.id)!;
        assert.equal(input(sse, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"), "AES256");
      },
    );
  });

  describe(`${stack}: data is never lost by a deploy`, () => {
    test(
      tierOf(stack) === "prod"
        ? "stateful resources are protected and retained; deletion protection and a final snapshot"
        : "stateful resources can be torn down and rebuilt",
      async () => {
        const plan = await planOf(stack);
        const prod = tierOf(stack) === "prod";
        for (const r of plan.resources.filter((r) => STATEFUL.includes(r.type))) {
          assert.equal(r.options.protect, prod, `${r.name}: protect`);
          assert.equal(r.options.retainOnDelete, prod, `${r.name}: retainOnDelete`);
        }
        const db = one(plan, "aws:rds/instance:Instance");
        assert.equal(
          input(db, "deletionProtection"),
          tierOf(stack) !== "dev",
          `${stack}: infra:database.deletionProtection`,
        );
        assert.equal(
          input(db, "skipFinalSnapshot"),
          tierOf(stack) === "dev",
          `${stack}: infra:database.finalSnapshot`,
        );
        if (tierOf(stack) !== "dev")
          assert.match(String(input(db, "finalSnapshotIdentifier")), new RegExp(`^${stack}-db-final-`));
        assert.deepEqual(db.options.ignoreChanges, prod ? ["password"] : [], "rotation owns the password");
        for (const secret of ofType(plan, "aws:secretsmanager/secret:Secret")) {
          assert.equal(
            input(secret, "recoveryWindowInDays"),
            { dev: 0, staging: 7, prod: 30 }[tierOf(stack)],
            `${stack}: infra:secrets.recoveryWindowDays`,
          );
          assert.equal(
            secret.options.deleteBeforeReplace,
            true,
            "a fixed-name secret is replaced delete-first",
          );
        }
      },
    );

    test("the rds.force_ssl parameter forces TLS to PostgreSQL", async () => {
      const params = input(
        one(await planOf(stack), "aws:rds/parameterGroup:ParameterGroup"),
        "parameters",
      ) as { name: string; value: string }[];
      assert.ok(params.some((p) => p.name === "rds.force_ssl" && p.value === "1"));
    });
  });
}
