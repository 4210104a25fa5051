/**
 * The program's own enforcement of the AWS rules that read resources (names, where the edge is
 * created; src/config/aws/plan-rules.ts), so a real `pulumi preview` / `pulumi up` refuses what
 * `npm run plan` refuses, with the same lines, before anything is registered.
 *
 * How: a stack transformation, installed before the first resource, sees every resource as it is
 * constructed (type, logical name, the props and options the program passed) and holds its
 * registration back (a `dependsOn` that waits on a gate) until the program has constructed them
 * all. Then `verdict()` runs the rule code once over what was constructed: with no problem the
 * gate opens and every registration proceeds unchanged (the held `dependsOn` resolves to the
 * resource's own); with problems the program throws a RunError and the gate never opens, so no
 * resource but the root stack is registered and nothing is created.
 *
 * Why the (in-process) `registerStackTransformation` and not `registerResourceTransform`: the
 * latter runs in the Pulumi engine, over gRPC, after the SDK has serialized the resource, so it
 * cannot hold a registration back until the whole program is known, sees a provider only as a
 * URN reference, and does not run under Pulumi's mocks (which the offline plan and the tests use),
 * so the same code would not run offline and for real. The in-process transformation runs on the
 * constructor's own arguments, identically under mocks and in a real preview or up.
 *
 * A provider's Region is read off the provider's own props when the transformation sees it
 * constructed, so it is the value the program gave, offline and for real. A name passed as an
 * Output (the database's final snapshot identifier, which ends in a random id that exists only
 * once `pulumi up` has created it) cannot be known before registration; it is checked on the
 * captured plan (docs/validation.md).
 */
import * as pulumi from "@pulumi/pulumi";
import { planRuleMessage, planRuleProblems, type RuleResource } from "./config/aws/plan-rules";
import { T } from "./model/resource-types";
import { userError } from "./run-error";

interface Constructed {
  readonly resource: pulumi.Resource;
  readonly type: string;
  readonly name: string;
  readonly props: pulumi.Inputs;
  readonly opts: pulumi.ResourceOptions;
}

/** The types whose rules follow dependencies (which certificate a distribution or listener serves). */
const FOLLOWS_DEPENDENCIES: ReadonlySet<string> = new Set([
  T.distribution,
  T.listener,
  T.acmCertificateValidation,
]);

/** The Output internals that name the resources a value comes from (present on every Output). */
type WithResources = { resources?: () => Set<pulumi.Resource> };

/** The resources a value refers to: Outputs' sources and resources passed as such, at any depth. */
function referencedResources(value: unknown, into: Set<pulumi.Resource>): void {
  if (value === null || typeof value !== "object") return;
  if (pulumi.Resource.isInstance(value)) {
    into.add(value);
    return;
  }
  if (pulumi.Output.isInstance(value)) {
    const sources = (value as WithResources).resources;
    if (typeof sources !== "function") {
      throw new Error("@pulumi/pulumi Outputs no longer expose resources(); src/resource-rules.ts reads it");
    }
    for (const r of sources.call(value)) into.add(r);
    return;
  }
  for (const v of Array.isArray(value) ? value : Object.values(value)) referencedResources(v, into);
}

export class ResourceRules {
  private readonly constructed: Constructed[] = [];
  private open: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => (this.open = resolve));
  private decided = false;

  private constructor(
    private readonly stack: string,
    private readonly region: string,
  ) {}

  /** Registers the transformation; call before the program constructs its first resource. */
  static install(stack: string, region: string): ResourceRules {
    const rules = new ResourceRules(stack, region);
    pulumi.runtime.registerStackTransformation((args) => rules.see(args));
    return rules;
  }

  /** Records one resource and holds its registration until the verdict (cheap: no rule runs here). */
  private see(args: pulumi.ResourceTransformationArgs): pulumi.ResourceTransformationResult | undefined {
    if (this.decided) {
      // A resource constructed after the verdict (e.g. inside an apply) would escape the rules
      // and be registered after others were: a mistake in the program, stopped where it is made.
      throw new Error(
        `${args.name} (${args.type}) was constructed after the AWS rules ran; construct every resource before ResourceRules.verdict() (src/program.ts)`,
      );
    }
    this.constructed.push(args);
    const held = args.opts.dependsOn;
    const dependsOn = this.gate.then(() => held ?? []) as pulumi.ResourceOptions["dependsOn"];
    return { props: args.props, opts: { ...args.opts, dependsOn } };
  }

  /**
   * Runs every rule over what the program constructed. Throws a RunError with one line per
   * problem (the lines `infra plan` prints) and keeps every registration held; else releases them.
   */
  verdict(): void {
    this.decided = true;
    const keys = new Map<pulumi.Resource, string>(this.constructed.map((c, i) => [c.resource, `#${i}`]));
    const resources = this.constructed.map((c, i) => {
      // The provider the SDK registers the resource with: its own, else its parent's (a custom
      // resource only; a component has none of its own).
      const provider = pulumi.CustomResource.isInstance(c.resource)
        ? c.resource.getProvider(c.type)
        : undefined;
      let dependencies: string[] = [];
      if (FOLLOWS_DEPENDENCIES.has(c.type)) {
        const refs = new Set<pulumi.Resource>();
        referencedResources(c.props, refs);
        referencedResources(c.opts.dependsOn, refs);
        dependencies = [...refs].flatMap((r) => keys.get(r) ?? []);
      }
      const resource: RuleResource = {
        urn: `#${i}`,
        type: c.type,
        name: c.name,
        inputs: c.props,
        provider: (provider && keys.get(provider)) ?? null,
        dependencies,
      };
      return resource;
    });
    const problems = planRuleProblems({ resources }, this.region);
    if (problems.length > 0) throw userError(planRuleMessage(this.stack, problems));
    this.open();
  }
}
