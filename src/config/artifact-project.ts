/**
 * Where the shared image repository lives, read from the artifact project's own stack file
 * (artifact/Pulumi.<stack>.yaml): its account and region are written there once, and every
 * environment derives the registry's URI and ARN from them. The other direction too: the
 * repository lets pull exactly the accounts the environments' stack files name.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ARTIFACT_PROJECT_DIR, type Registry } from "../model/artifact";
import { listStacks, projectName, readStackFile } from "./stack-files";

export interface ArtifactProject {
  readonly dir: string;
  readonly project: string;
  readonly stack: string;
  readonly registry: Registry;
}

function firstAccount(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const ids = JSON.parse(raw) as unknown;
    return Array.isArray(ids) && typeof ids[0] === "string" ? ids[0] : undefined;
  } catch {
    return undefined;
  }
}

/** The artifact project next to the environments' project: exactly one stack, with its account. */
export function readArtifactProject(rootDir: string): ArtifactProject {
  const dir = join(rootDir, ARTIFACT_PROJECT_DIR);
  if (!existsSync(join(dir, "Pulumi.yaml"))) {
    throw new Error(`${dir}/Pulumi.yaml not found: the shared image repository's project is missing`);
  }
  const project = projectName(dir);
  const stacks = listStacks(dir);
  if (stacks.length !== 1) {
    throw new Error(
      `${dir} must hold exactly one stack file (the one shared repository); found ${stacks.length}: ${stacks.join(", ")}`,
    );
  }
  const stack = stacks[0]!;
  const file = readStackFile(dir, stack, project);
  const region = file.config["aws:region"];
  const accountId = firstAccount(file.config["aws:allowedAccountIds"]);
  if (!region || !accountId) {
    throw new Error(
      `${file.path}: aws:region and aws:allowedAccountIds (the registry's account) must be set; every environment pulls from there`,
    );
  }
  return { dir, project, stack, registry: { accountId, region } };
}

/** Every environment stack in `rootDir` and the account its app role lives in. */
export function environmentAccounts(rootDir: string): { stack: string; accountId: string }[] {
  const project = projectName(rootDir);
  return listStacks(rootDir).map((stack) => {
    const file = readStackFile(rootDir, stack, project);
    const accountId = firstAccount(file.config["aws:allowedAccountIds"]);
    if (!accountId) {
      throw new Error(
        `${file.path}: aws:allowedAccountIds is not set; the shared repository grants pull to each environment's account, so every stack must name it`,
      );
    }
    return { stack, accountId };
  });
}
