/**
 * The two refusals a run meets before anything is registered: the deploy window (the seed's
 * promotion rule) and a sleeping stack. Free of the Pulumi SDK, so the decisions are tested and
 * explained without loading it; src/program.ts turns a refusal into the SDK's RunError (one
 * message, no stack trace).
 */
import { checkDeployWindow, type DeployDecision, hotfixFromEnv } from "./config/deploy-window";
import { checkSleep, type SleepDecision, SLEEP_OVERRIDE_ENV } from "./config/sleep-schedule";
import type { EnvironmentSettings } from "./model/settings";

/** What the guards read from the run besides the settings: the clock and the environment. */
export interface GuardOptions {
  /** The clock the deploy window is read on; injected by tests. */
  readonly now?: () => Date;
  /**
   * Where a hotfix approval comes from (INFRA_HOTFIX_APPROVER / INFRA_HOTFIX_REASON), and a deploy
   * to a sleeping stack's reason (INFRA_DEPLOY_WHILE_ASLEEP).
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A run the guards stop; its message is the whole explanation, for the user. */
export class RunRefused extends Error {
  override readonly name = "RunRefused";
}

/**
 * The seed's promotion rule, enforced where no pipeline can skip it: a non-preview run of a stack
 * with a deploy window stops outside it unless a hotfix names its approver and reason.
 */
export function guardDeployWindow(
  settings: EnvironmentSettings,
  options: GuardOptions,
  preview: boolean,
): DeployDecision {
  if (!settings.deployWindow) return { allowed: true, via: "window" };
  const decision = checkDeployWindow({
    now: (options.now ?? (() => new Date()))(),
    window: settings.deployWindow,
    preview,
    hotfix: hotfixFromEnv(options.env ?? process.env),
  });
  if (!decision.allowed) {
    throw new RunRefused(`Stack "${settings.stack}": ${decision.message}\nNo resources were changed.`);
  }
  return decision;
}

/**
 * A deploy to a sleeping stack says so and stops, like the deploy window, instead of hanging on
 * servers scaled to zero and a stopped database; INFRA_DEPLOY_WHILE_ASLEEP="<why>" lets it run.
 */
export function guardSleep(
  settings: EnvironmentSettings,
  options: GuardOptions,
  preview: boolean,
): SleepDecision {
  const decision = checkSleep({
    now: (options.now ?? (() => new Date()))(),
    stack: settings.stack,
    sleep: settings.sleep,
    preview,
    override: (options.env ?? process.env)[SLEEP_OVERRIDE_ENV],
  });
  if (!decision.allowed) throw new RunRefused(`${decision.message}\nNo resources were changed.`);
  return decision;
}
