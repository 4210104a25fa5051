/**
 * The app servers of every stack would run the image and pass the load balancer's health check:
 * the launch template's user data is a cloud-init document valid for the real cloud-init, every
 * script in it passes the real shellcheck, the service unit runs the stack's pinned image with
 * restart and ships its logs to the stack's app log group, secrets are read at boot and never
 * written into user data, and the image is a literal AMI an instance refresh can roll back.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { MOCK_GENERATED_SECRET } from "../../src/plan/mock-outputs";
import { SECRET_PLACEHOLDER } from "../../src/model/plan";
import { HOST_PATHS, HOST_SCRIPTS, parseEnvFile, userDataFiles } from "../../src/environment/app/user-data";
import { imageRollbackProblem } from "../../src/environment/app/rollout";
import { TIER_DEFAULTS } from "../../src/config/tiers";
import { early, input, one, ofType, planOf, STACKS } from "../support/plans";
import { cloudInitSchema, shellcheck, skipWithout } from "../support/host-tools";
import type { Plan } from "../../src/model/plan";
import type { Tier } from "../../src/model/settings";

const LT = "aws:ec2/launchTemplate:LaunchTemplate";

function userDataOf(plan: Plan): string {
  return Buffer.from(String(input(one(plan, LT, `${plan.stack}-app-lt`), "userData")), "base64").toString(
    "utf8",
  );
}

interface CloudConfig {
  packages?: string[];
  write_files?: { path: string; content: string; permissions: string }[];
  runcmd?: string[][];
}

/** A document cloud-init must refuse (runcmd is a list): proves the validator below can say no. */
const REFUSED = "#cloud-config\nruncmd: 5\n";

/**
 * Every stack's user data, then REFUSED, through cloud-init's validator in one run (see
 * cloudInitSchema): the last result is REFUSED's.
 */
const verdicts = early(
  Promise.all(STACKS.map(async (s) => userDataOf(await planOf(s)))).then((documents) =>
    cloudInitSchema([...documents, REFUSED]),
  ),
);

test("cloud-init's validator refuses an invalid document", { skip: skipWithout("cloud-init") }, async () => {
  const { results, keys } = await verdicts;
  const refused = results[STACKS.length]!;
  assert.equal(refused.ok, false, "runcmd: 5 must not validate");
  assert.match(refused.output, /runcmd/);
  assert.ok(keys.has("write_files") && !keys.has("write_filez"), "the schema's keys are cloud-init's own");
});

for (const stack of STACKS) {
  describe(`${stack}: the app servers run the image`, () => {
    test(
      "the user data is a cloud-config document cloud-init accepts",
      { skip: skipWithout("cloud-init") },
      async () => {
        const document = userDataOf(await planOf(stack));
        assert.ok(
          document.startsWith("#cloud-config\n"),
          "cloud-init reads user data as cloud-config only with this header",
        );
        const { results, keys: known } = await verdicts;
        const result = results[STACKS.indexOf(stack)]!;
        assert.ok(result.ok, `${stack}: cloud-init schema refused the user data:\n${result.output}`);
        const keys = Object.keys(parse(document) as object);
        assert.deepEqual(
          keys.filter((k) => !known.has(k)),
          [],
          `${stack}: keys cloud-init does not know (it would ignore them)`,
        );
      },
    );

    test("every script in it passes shellcheck", { skip: skipWithout("shellcheck") }, async () => {
      const files = userDataFiles(userDataOf(await planOf(stack)));
      const scripts = Object.entries(files).filter(([, content]) => content.startsWith("#!"));
      assert.deepEqual(scripts.map(([path]) => path).sort(), Object.keys(HOST_SCRIPTS).sort());
      for (const [path, content] of scripts) {
        const result = shellcheck(content);
        assert.ok(result.ok, `${stack}: shellcheck on ${path}:\n${result.output}`);
      }
    });

    test("it installs the runtime and runs the pinned image under systemd, restarting it", async () => {
      const plan = await planOf(stack);
      const doc = parse(userDataOf(plan)) as CloudConfig;
      const files = userDataFiles(userDataOf(plan));
      assert.ok(doc.packages?.includes("docker"), "the container runtime is installed");
      const unit = files["/etc/systemd/system/app.service"] ?? "";
      for (const line of [
        "Restart=always",
        "ExecStart=/usr/local/sbin/app-run",
        "ExecStartPre=/usr/local/sbin/app-layers",
      ])
        assert.ok(unit.split("\n").includes(line), `app.service lacks ${line}`);
      assert.ok(unit.includes("WantedBy=multi-user.target"), "app.service starts at every boot");
      assert.ok(
        doc.runcmd?.some((c) => c.join(" ") === "systemctl enable --now --no-block app.service"),
        "cloud-init enables and starts app.service",
      );
      const host = parseEnvFile(files[HOST_PATHS.hostEnvFile] ?? "");
      assert.equal(host["APP_IMAGE"], plan.outputs["appImageUri"], "the host runs the image the stack names");
      const digestOnly = TIER_DEFAULTS[plan.tier as Tier].imageByDigestOnly;
      if (digestOnly) assert.match(host["APP_IMAGE"]!, /@sha256:[0-9a-f]{64}$/, `${stack} runs by digest`);
      // The container's output goes to the stack's own app log group.
      assert.equal(host["APP_LOG_GROUP"], plan.outputs["appLogGroupName"]);
      const run = files["/usr/local/sbin/app-run"] ?? "";
      assert.match(run, /--log-driver awslogs/);
      assert.match(run, /awslogs-group="\$APP_LOG_GROUP"/);
      assert.match(run, /exec docker run .*"\$APP_IMAGE"/s);
    });

    test("it answers the load balancer's health check on the port and path the target group probes", async () => {
      const plan = await planOf(stack);
      const env = parseEnvFile(userDataFiles(userDataOf(plan))[HOST_PATHS.envFile] ?? "");
      const run = userDataFiles(userDataOf(plan))["/usr/local/sbin/app-run"] ?? "";
      // Host networking: the app's PORT is the instance's port.
      assert.match(run, /--network host/);
      const groups = ofType(plan, "aws:lb/targetGroup:TargetGroup");
      for (const tg of groups) {
        assert.equal(String(input(tg, "port")), env["PORT"], `${tg.name} probes the app's PORT`);
        assert.equal(input(tg, "healthCheck.port"), "traffic-port");
        assert.equal(input(tg, "healthCheck.path"), "/health", "the reference app answers GET /health");
      }
    });

    test("secrets are read at boot with the instance role, never written into user data", async () => {
      const plan = await planOf(stack);
      const document = userDataOf(plan);
      const files = userDataFiles(document);
      assert.ok(!document.includes(MOCK_GENERATED_SECRET), "a generated secret reached user data");
      assert.ok(!document.includes(SECRET_PLACEHOLDER), "a secret config value reached user data");
      const env = parseEnvFile(files[HOST_PATHS.envFile] ?? "");
      assert.doesNotMatch(
        env["DATABASE_URL"] ?? "",
        /\/\/[^@/]*:[^@/]*@/,
        "the database URL carries no password",
      );
      assert.match(env["DB_SECRET_ARN"] ?? "", /^arn:aws:secretsmanager:/, "the password is named by ARN");
      const layers = files["/usr/local/sbin/app-layers"] ?? "";
      assert.match(layers, /aws secretsmanager get-secret-value/);
      assert.match(layers, /aws ssm get-parameters-by-path .*--with-decryption/s);
      // Secrets live in /run (tmpfs): gone at shutdown, never on the root volume.
      assert.ok(HOST_PATHS.secretsDir.startsWith("/run/"));
    });

    test("the launch template's image is a literal AMI an instance refresh can roll back", async () => {
      const plan = await planOf(stack);
      for (const lt of ofType(plan, LT)) {
        assert.equal(
          imageRollbackProblem(input(lt, "imageId")),
          undefined,
          `${lt.name}: ${String(input(lt, "imageId"))}`,
        );
      }
      assert.equal(plan.outputs["amiId"], input(one(plan, LT, `${plan.stack}-app-lt`), "imageId"));
    });
  });
}
