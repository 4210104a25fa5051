/** Local development: generated, fresh, and in version and variable parity with every stack. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parse } from "yaml";
import { COMPOSE_FILE, ENV_EXAMPLE_FILE, envFileNames, majorOf } from "../../src/reports/local-dev";
import { localFiles } from "../../src/cli/generators";
import { loadAllSettings } from "../../src/plan/stack-views";
import { input, one, planOf, PROJECT_DIR, STACKS } from "../support/plans";
import { userDataEnv } from "./seed";

interface Compose {
  services: Record<string, { image?: string; environment?: Record<string, string> }>;
}
const compose = () => parse(readFileSync(join(PROJECT_DIR, COMPOSE_FILE), "utf8")) as Compose;
const envExample = () => readFileSync(join(PROJECT_DIR, ENV_EXAMPLE_FILE), "utf8");

describe("local development", () => {
  test("docker-compose.dev.yml and .env.example are committed and fresh", () => {
    for (const { path, text } of localFiles(loadAllSettings(PROJECT_DIR))) {
      assert.equal(
        readFileSync(join(PROJECT_DIR, path), "utf8"),
        text,
        `${path} is stale: run npm run generate and commit it`,
      );
    }
  });

  for (const stack of STACKS) {
    test(`${stack}: PostgreSQL and Redis locally run the same majors as RDS and ElastiCache`, async () => {
      const plan = await planOf(stack);
      const services = compose().services;
      const rds = String(input(one(plan, "aws:rds/instance:Instance"), "engineVersion"));
      const redis = String(
        input(one(plan, "aws:elasticache/replicationGroup:ReplicationGroup"), "engineVersion"),
      );
      const [pgName, pgTag] = String(services["db"]?.image).split(":");
      const [redisName, redisTag] = String(services["redis"]?.image).split(":");
      assert.equal(pgName, "postgres");
      assert.equal(redisName, "redis");
      assert.equal(
        majorOf(pgTag!),
        majorOf(rds),
        `${COMPOSE_FILE}: postgres ${pgTag} but ${stack} runs ${rds}`,
      );
      assert.equal(
        majorOf(redisTag!.split("-")[0]!),
        majorOf(redis),
        `${COMPOSE_FILE}: redis ${redisTag} but ${stack} runs ${redis}`,
      );
    });

    test(`${stack}: every variable the cloud sets is in .env.example and in the compose app service`, async () => {
      const cloud = Object.keys(
        userDataEnv(
          input(
            one(await planOf(stack), "aws:ec2/launchTemplate:LaunchTemplate", `${stack}-app-lt`),
            "userData",
          ),
        ),
      );
      const example = new Set(envFileNames(envExample()));
      const app = new Set(Object.keys(compose().services["app"]?.environment ?? {}));
      assert.deepEqual(
        cloud.filter((v) => !example.has(v)),
        [],
        `missing from ${ENV_EXAMPLE_FILE}`,
      );
      assert.deepEqual(
        cloud.filter((v) => !app.has(v)),
        [],
        `missing from ${COMPOSE_FILE}'s app service`,
      );
    });
  }

  test(".env.example has no real value: third-party keys are placeholders, no secret ARN is set", () => {
    const lines = Object.fromEntries(
      envExample()
        .split("\n")
        .filter((l) => /^[A-Z]/.test(l))
        .map((l) => l.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    assert.match(lines["STRIPE_API_KEY"]!, /^sk_test_your/);
    for (const [name, value] of Object.entries(lines)) {
      if (name.endsWith("_SECRET_ARN")) assert.equal(value, "", `${name} must be empty locally`);
    }
  });

  test(".env and .env.local are ignored by git; .env.example is not", () => {
    const ignore = readFileSync(join(PROJECT_DIR, ".gitignore"), "utf8").split("\n");
    assert.ok(ignore.includes(".env") && ignore.includes(".env.*") && ignore.includes("!.env.example"));
  });
});
