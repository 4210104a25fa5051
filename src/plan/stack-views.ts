/** Every stack file's resolved settings and offline plan: what the generated reports are made of. */
import { resolveSettings } from "../config/resolve";
import { listStacks, projectName, readStackFile } from "../config/stack-files";
import type { StackView } from "../reports/parity/parity";
import { captureStack } from "./capture";

/** Captures run one after another: Pulumi's runtime state is a singleton. */
export async function loadStackViews(dir: string): Promise<StackView[]> {
  const project = projectName(dir);
  const views: StackView[] = [];
  for (const stack of listStacks(dir)) {
    const file = readStackFile(dir, stack, project);
    const input = { project, stack, config: file.config, secretKeys: file.secretKeys };
    const { settings } = resolveSettings(input);
    const plan = await captureStack({ ...input, projectDir: dir });
    views.push({ stack, settings, plan });
  }
  return views;
}
