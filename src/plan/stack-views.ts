/**
 * The one "stack file → settings → capture" loop. Every command and test that needs a stack's
 * resolved settings or its offline plan goes through here, so they all read a stack the way the
 * program does.
 */
import { resolveSettings } from "../config/resolve";
import { listStacks, projectName, readStackFile } from "../config/stack-files";
import type { StackView } from "../model/plan";
import type { EnvironmentSettings } from "../model/settings";

/** A stack's settings, resolved from its stack file exactly as `pulumi up` would. */
export function loadSettings(dir: string, stack: string): EnvironmentSettings {
  const project = projectName(dir);
  const file = readStackFile(dir, stack, project);
  return resolveSettings({ project, stack, config: file.config, secretKeys: file.secretKeys }).settings;
}

/** Every stack file's settings, in file order. */
export function loadAllSettings(dir: string): EnvironmentSettings[] {
  return listStacks(dir).map((stack) => loadSettings(dir, stack));
}

/** One stack's settings and offline plan. */
export async function loadStackView(dir: string, stack: string): Promise<StackView> {
  const project = projectName(dir);
  const file = readStackFile(dir, stack, project);
  const input = { project, stack, config: file.config, secretKeys: file.secretKeys };
  const { settings } = resolveSettings(input);
  // Loaded when a plan is asked for: settings alone never load the Pulumi SDK (~0.7 s).
  const { captureStack } = await import("./capture");
  const plan = await captureStack({ ...input, projectDir: dir });
  return { stack, settings, plan };
}

/** Captures run one after another: Pulumi's runtime state is a singleton. */
export async function loadStackViews(dir: string, stacks = listStacks(dir)): Promise<StackView[]> {
  const views: StackView[] = [];
  for (const stack of stacks) views.push(await loadStackView(dir, stack));
  return views;
}
