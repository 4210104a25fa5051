/**
 * The offline plan: run the real program for one stack under Pulumi's mock monitor, recording
 * every registration with its parent, dependencies, provider and options, then turn the record
 * into a sorted, redacted, byte-stable Plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { runProgram } from "../program";
import { mocks } from "./mock-outputs";
import { normalize } from "./normalize";
import { enableMockFeatures, waitForRPCs } from "./runtime-internals";
import { type Plan, PLAN_FORMAT_VERSION, type PlanResource, type PlanValue } from "./types";

/** The parts of a RegisterResourceRequest the plan keeps (protobuf getters). */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProvider(): string;
  getDependenciesList(): string[];
  getProtect(): boolean | undefined;
  getRetainondelete(): boolean | undefined;
  getDeletebeforereplace(): boolean;
  getIgnorechangesList(): string[];
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface Registration {
  readonly urn: string;
  readonly request: RegisterRequest;
}

type Callback = (err: unknown, response: unknown) => void;

/** Pulumi's MockMonitor, also keeping every request and the root stack's outputs. */
export class CapturingMonitor extends MockMonitor {
  readonly registrations: Registration[] = [];
  stackOutputs: Record<string, unknown> = {};

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    return super.registerResource(req, (err: unknown, response: unknown) => {
      if (!err) {
        const urn = (response as { getUrn(): string }).getUrn();
        this.registrations.push({ urn, request: req });
      }
      callback(err, response);
    });
  }

  override registerResourceOutputs(
    req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
    callback: Callback,
  ): void {
    if (req.getUrn().endsWith(`::${ROOT_TYPE}::${pulumi.getProject()}-${pulumi.getStack()}`)) {
      this.stackOutputs = req.getOutputs()?.toJavaScript() ?? {};
    }
    super.registerResourceOutputs(req, callback);
  }
}

const ROOT_TYPE = "pulumi:pulumi:Stack";

export interface CaptureInput {
  readonly project: string;
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  readonly projectDir: string;
  /** Run as `pulumi preview` (the default: an offline plan is a preview) or as `pulumi up` (false). */
  readonly preview?: boolean;
}

export interface Capture {
  readonly plan: Plan;
  /** Everything registered, including when the program failed (then only what came before). */
  readonly registeredUrns: readonly string[];
}

/**
 * Runs the program for one stack under mocks. Rejects with the program's own error (e.g. a
 * configuration RunError) after recording what, if anything, was registered before it.
 */
export async function captureStack(input: CaptureInput): Promise<Plan> {
  const { plan } = await captureWithRegistrations(input);
  return plan;
}

export async function captureWithRegistrations(input: CaptureInput): Promise<Capture> {
  const monitor = await runUnderMocks(input);
  const resources = monitor.registrations.map(toPlanResource).sort((a, b) => a.urn.localeCompare(b.urn));
  const tier = String(monitor.stackOutputs["tier"] ?? "");
  return {
    plan: {
      formatVersion: PLAN_FORMAT_VERSION,
      project: input.project,
      stack: input.stack,
      tier,
      resources,
      outputs: normalize(monitor.stackOutputs) as { [key: string]: PlanValue },
    },
    registeredUrns: resources.map((r) => r.urn),
  };
}

/** Thrown when the program fails; carries what was registered before the failure. */
export class ProgramFailure extends Error {
  constructor(
    readonly cause: unknown,
    readonly registeredUrns: readonly string[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "ProgramFailure";
  }
}

/**
 * A failing program rejects twice: through runInPulumiStack (which the capture reports) and
 * through the root Stack's own registration promise, which nothing awaits. Pulumi's language
 * host swallows the second one; so does the capture. Any other unhandled rejection still
 * crashes the process, as Node would.
 */
function ignoreRepeatedRunErrors(): void {
  if (process.listeners("unhandledRejection").includes(onUnhandledRejection)) return;
  process.on("unhandledRejection", onUnhandledRejection);
}

function onUnhandledRejection(reason: unknown): void {
  if (pulumi.RunError.isInstance(reason)) return;
  throw reason;
}

async function runUnderMocks(input: CaptureInput): Promise<CapturingMonitor> {
  ignoreRepeatedRunErrors();
  const monitor = new CapturingMonitor(mocks(input.config["aws:region"] ?? "us-east-1"));
  pulumi.runtime.setMockOptions(monitor, input.project, input.stack, input.preview ?? true);
  pulumi.runtime.setAllConfig({ ...input.config }, [...input.secretKeys]);
  enableMockFeatures();
  try {
    await pulumi.runtime.runInPulumiStack(() => runProgram({ projectDir: input.projectDir }));
    await waitForRPCs();
  } catch (error) {
    await waitForRPCs().catch(() => undefined);
    throw new ProgramFailure(error, monitor.registrations.map((r) => r.urn).sort());
  }
  return monitor;
}

/** "urn::id" → "urn": provider references carry the provider's id, which the plan leaves out. */
function providerUrn(ref: string): string | null {
  if (!ref) return null;
  const at = ref.lastIndexOf("::");
  return at > 0 ? ref.slice(0, at) : ref;
}

function toPlanResource({ urn, request: req }: Registration): PlanResource {
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    parent: req.getParent() || null,
    custom: req.getCustom(),
    provider: providerUrn(req.getProvider()),
    dependencies: [...new Set(req.getDependenciesList())].sort(),
    options: {
      protect: req.getProtect() ?? false,
      retainOnDelete: req.getRetainondelete() ?? false,
      deleteBeforeReplace: req.getDeletebeforereplace(),
      ignoreChanges: [...req.getIgnorechangesList()].sort(),
    },
    inputs: normalize(req.getObject()?.toJavaScript() ?? {}) as { [key: string]: PlanValue },
  };
}
