/**
 * The artifact project's offline plan, captured by the same harness as the environments' plans
 * (src/plan/capture.ts) and written next to its project: artifact/stacks/<stack>.plan.json.
 */
import { captureStack } from "../plan/capture";
import { planPath, serializePlan } from "../plan/plan-file";
import type { Plan } from "../model/plan";
import { readArtifactProject } from "../config/artifact-project";
import { readStackFile } from "../config/stack-files";
import { runArtifactProgram } from "./program";

export interface ArtifactPlan {
  readonly plan: Plan;
  /** Where the committed plan lives. */
  readonly path: string;
  readonly text: string;
}

export async function captureArtifactPlan(rootDir: string): Promise<ArtifactPlan> {
  const artifact = readArtifactProject(rootDir);
  const file = readStackFile(artifact.dir, artifact.stack, artifact.project);
  const plan = await captureStack({
    project: artifact.project,
    stack: artifact.stack,
    config: file.config,
    secretKeys: file.secretKeys,
    projectDir: artifact.dir,
    program: () => runArtifactProgram({ rootDir }),
  });
  return { plan, path: planPath(artifact.dir, artifact.stack), text: serializePlan(plan) };
}
