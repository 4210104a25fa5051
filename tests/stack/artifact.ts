/**
 * The shared image repository (the artifact project) and each environment's right to pull from
 * it: one private ECR repository with immutable tags, scan on push, its own KMS key and a
 * lifecycle policy; each environment's app role may pull from it and do nothing more.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import {
  appRoleArnPattern,
  lifecyclePolicy,
  type ResourcePolicyDocument,
} from "../../src/artifact/repository-plan";
import { environmentAccounts, readArtifactProject } from "../../src/config/artifact-project";
import { PULL_ACTIONS, repositoryArn } from "../../src/model/artifact";
import { artifactPlanOf, early, input, one, ofType, planOf, PROJECT_DIR, STACKS } from "../support/plans";
import { arnOf } from "../support/arns";

const artifact = readArtifactProject(PROJECT_DIR);
const captured = early(artifactPlanOf());

describe("the shared image repository", () => {
  test("its committed plan is fresh (npm run generate)", async () => {
    const { path, text } = await captured;
    assert.ok(existsSync(path), `${path} is missing`);
    assert.equal(readFileSync(path, "utf8"), text, `${path} is stale: npm run generate`);
  });

  test("one private repository: immutable tags, scan on push, its own KMS key, protected", async () => {
    const { plan } = await captured;
    const repo = one(plan, "aws:ecr/repository:Repository");
    const key = one(plan, "aws:kms/key:Key");
    assert.equal(input(repo, "imageTagMutability"), "IMMUTABLE");
    assert.equal(input(repo, "imageScanningConfiguration.scanOnPush"), true);
    assert.deepEqual(input(repo, "encryptionConfigurations"), [
      { encryptionType: "KMS", kmsKey: arnOf(plan, key) },
    ]);
    assert.equal(input(key, "enableKeyRotation"), true);
    for (const r of [repo, key])
      assert.ok(r.options.protect && r.options.retainOnDelete, `${r.name} is protected`);
    assert.equal(ofType(plan, "aws:ecr/repository:Repository").length, 1);
  });

  test("a lifecycle policy ECR accepts: untagged by age, tagged by count", async () => {
    const { plan } = await captured;
    const doc = JSON.parse(String(input(one(plan, "aws:ecr/lifecyclePolicy:LifecyclePolicy"), "policy"))) as {
      rules: { selection: Record<string, unknown>; rulePriority: number }[];
    };
    assert.deepEqual(doc, lifecyclePolicy());
    for (const rule of doc.rules) {
      const s = rule.selection;
      // ECR: tagStatus "tagged" needs a tag pattern or prefix list; sinceImagePushed needs a unit.
      if (s["tagStatus"] === "tagged") assert.ok(s["tagPatternList"] || s["tagPrefixList"]);
      if (s["countType"] === "sinceImagePushed") assert.equal(s["countUnit"], "days");
      if (s["countType"] === "imageCountMoreThan") assert.equal(s["countUnit"], undefined);
    }
    const priorities = doc.rules.map((r) => r.rulePriority);
    assert.equal(new Set(priorities).size, priorities.length, "unique rule priorities");
  });

  test("each environment's app role may pull, no other principal, no other action", async () => {
    const { plan } = await captured;
    const doc = JSON.parse(
      String(input(one(plan, "aws:ecr/repositoryPolicy:RepositoryPolicy"), "policy")),
    ) as ResourcePolicyDocument;
    const accounts = environmentAccounts(PROJECT_DIR);
    assert.deepEqual(
      doc.Statement.map((s) => s.Principal.AWS).sort(),
      accounts.map((a) => `arn:aws:iam::${a.accountId}:root`).sort(),
    );
    for (const s of doc.Statement) {
      assert.deepEqual([...s.Action].sort(), [...PULL_ACTIONS].sort(), `${s.Sid}: pull only`);
      const env = accounts.find((a) => s.Principal.AWS.includes(a.accountId))!;
      assert.deepEqual(s.Condition, { ArnLike: { "aws:PrincipalArn": appRoleArnPattern("aws", env) } });
    }
  });
});

for (const stack of STACKS) {
  test(`${stack}: the app role pulls from the shared repository and does nothing more there`, async () => {
    const plan = await planOf(stack);
    const policy = one(plan, "aws:iam/rolePolicy:RolePolicy", `${stack}-app-image-pull`);
    const doc = JSON.parse(String(input(policy, "policy"))) as {
      Statement: { Sid: string; Action: string[]; Resource: string[] }[];
    };
    assert.deepEqual(doc.Statement, [
      { Sid: "GetRegistryToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: ["*"] },
      {
        Sid: "PullAppImage",
        Effect: "Allow",
        Action: [...PULL_ACTIONS],
        Resource: [repositoryArn(artifact.registry)],
      },
    ]);
    assert.ok(String(plan.outputs["appImageUri"]).startsWith(`${artifact.registry.accountId}.dkr.ecr.`));
  });
}
