/**
 * The offline plan: run the real program for one stack under Pulumi's mock monitor, recording
 * every registration with its parent, dependencies, provider and options, then turn the record
 * into a sorted, redacted, byte-stable Plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { type ProgramOptions, runProgram } from "../program";
import { mocks } from "./mock-outputs";
import { normalize } from "./normalize";
import { ProgramFailure } from "./program-failure";
import {
  enableMockFeatures,
  flatOutputCombinators,
  lazyResourceProperties,
  skipStackCapture,
  waitForRPCs,
} from "./runtime-internals";
import { type Plan, PLAN_FORMAT_VERSION, type PlanResource, type PlanValue } from "../model/plan";
import { T } from "../model/resource-types";

// Thrown when the program fails; its own SDK-free module so the CLI can catch it unloaded.
export { ProgramFailure };

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
  /** The id the mocks gave it; "" for a component. */
  readonly id: string;
  readonly request: RegisterRequest;
}

type Callback = (err: unknown, response: unknown) => void;

/** The project and stack a monitor serves; its URNs are named after them. */
export interface MonitorIdentity {
  readonly project: string;
  readonly stack: string;
}

/**
 * Pulumi's MockMonitor, also keeping every request and the root stack's outputs. MockMonitor names
 * URNs after the runtime settings of the process it is in (its `newUrn`, private in the typings);
 * this one names them after the stack it serves, with the same rule, so a monitor that answers a
 * program in another process (`infra runtime-check`) names them as Pulumi would, whatever else
 * this process runs meanwhile.
 */
export class CapturingMonitor extends MockMonitor {
  readonly registrations: Registration[] = [];
  stackOutputs: Record<string, unknown> = {};

  constructor(
    mocks: pulumi.runtime.Mocks,
    private readonly identity: MonitorIdentity,
  ) {
    super(mocks);
    Object.defineProperty(this, "newUrn", {
      value: (parent: string, type: string, name: string) => urnOf(identity, parent, type, name),
    });
  }

  override async registerResource(req: RegisterRequest, callback: Callback): Promise<void> {
    return super.registerResource(req, (err: unknown, response: unknown) => {
      if (!err) {
        const registered = response as { getUrn(): string; getId(): string };
        this.registrations.push({ urn: registered.getUrn(), id: registered.getId(), request: req });
      }
      callback(err, response);
    });
  }

  override registerResourceOutputs(
    req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
    callback: Callback,
  ): void {
    if (req.getUrn().endsWith(`::${ROOT_TYPE}::${this.identity.project}-${this.identity.stack}`)) {
      this.stackOutputs = req.getOutputs()?.toJavaScript() ?? {};
    }
    super.registerResourceOutputs(req, callback);
  }
}

const ROOT_TYPE = T.stack;

/** A resource's URN: a child's type is qualified by its parent's (MockMonitor's and the engine's rule). */
function urnOf(identity: MonitorIdentity, parent: string, type: string, name: string): string {
  const qualified = parent ? `${(parent.split("::")[2] ?? "").split("$").pop()}$${type}` : type;
  return `urn:pulumi:${identity.stack}::${identity.project}::${qualified}::${name}`;
}

export interface CaptureInput {
  readonly project: string;
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
  readonly projectDir: string;
  /** The clock and environment the deploy-window guard reads (tests inject them). */
  readonly now?: () => Date;
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Run as `pulumi preview` (the default: an offline plan is a preview) or as `pulumi up` (false). */
  readonly preview?: boolean;
  /**
   * The program to run; the real one by default. The benchmark passes a program of bare
   * resources to measure the mocks' own cost (the floor) under the same monitor.
   */
  readonly program?: (options: ProgramOptions) => Promise<Record<string, unknown>>;
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
  const plan = planOfMonitor(await runUnderMocks(input), input.project, input.stack);
  return { plan, registeredUrns: plan.resources.map((r) => r.urn) };
}

/**
 * The plan a monitor recorded: the in-process capture's, and `infra runtime-check`'s, whose
 * monitor answers Pulumi's own runner over gRPC.
 */
export function planOfMonitor(monitor: CapturingMonitor, project: string, stack: string): Plan {
  const resources = monitor.registrations.map(toPlanResource).sort((a, b) => a.urn.localeCompare(b.urn));
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    project,
    stack,
    tier: String(monitor.stackOutputs["tier"] ?? ""),
    resources,
    outputs: normalize(monitor.stackOutputs) as { [key: string]: PlanValue },
  };
}

async function runUnderMocks(input: CaptureInput): Promise<CapturingMonitor> {
  skipStackCapture();
  lazyResourceProperties();
  flatOutputCombinators();
  const monitor = new CapturingMonitor(mocks(input.config["aws:region"] ?? "us-east-1"), input);
  pulumi.runtime.setMockOptions(monitor, input.project, input.stack, input.preview ?? true);
  pulumi.runtime.setAllConfig({ ...input.config }, [...input.secretKeys]);
  enableMockFeatures();
  // The program's own error is caught inside the root Stack rather than let through it: a Stack
  // whose init rejects leaves derived promises (its outputs' known/secret flags) rejecting with
  // nobody listening, which Pulumi's language host swallows but any other host reports as an
  // unhandled rejection. Caught here, the failure is reported once, as a ProgramFailure.
  let failure: { error: unknown } | undefined;
  await pulumi.runtime.runInPulumiStack(async () => {
    try {
      const program = input.program ?? runProgram;
      return await program({ projectDir: input.projectDir, now: input.now, env: input.env ?? {} });
    } catch (error) {
      failure = { error };
      return {};
    }
  });
  if (failure) {
    // A failed program can leave registrations that never go out: the AWS rules hold every
    // registration until they pass (src/resource-rules.ts), and whatever waits on those (a
    // component's outputs, an invoke through the provider) waits for ever. The language host
    // exits once nothing but such promises is left; the mocks do no I/O and set no timer, so
    // that is the next turn of the event loop, and the capture reports what got through by then.
    await new Promise((resolve) => setImmediate(resolve));
    throw new ProgramFailure(failure.error, monitor.registrations.map((r) => r.urn).sort());
  }
  await waitForRPCs();
  return monitor;
}

/** "urn::id" → "urn": provider references carry the provider's id, which the plan leaves out. */
function providerUrn(ref: string): string | null {
  if (!ref) return null;
  const at = ref.lastIndexOf("::");
  return at > 0 ? ref.slice(0, at) : ref;
}

function toPlanResource({ urn, id, request: req }: Registration): PlanResource {
  return {
    urn,
    type: req.getType(),
    name: req.getName(),
    id: id || null,
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
