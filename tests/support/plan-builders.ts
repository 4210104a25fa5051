/**
 * Builders for hand-made plans in the plan-diff tests: a resource needs only a type, a name and
 * the fields the test is about; URNs, parents and sorting follow the real plan layout.
 */
import {
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlanOptions,
  type PlanResource,
  type PlanValue,
} from "../../src/model/plan";
import { mockResource } from "../../src/plan/mock-outputs";

export const PROJECT = "infra";

/** Type of the component every resource hangs under, as in the real program. */
export const COMPONENT_TYPE = "infra:index:Environment";

export interface ResourceSpec {
  readonly type: string;
  readonly name: string;
  readonly inputs?: { readonly [key: string]: PlanValue };
  readonly options?: Partial<PlanOptions>;
  readonly dependencies?: readonly string[];
  readonly provider?: string | null;
  /** The resource's id; the one the mocks would give it unless set. */
  readonly id?: string | null;
  /** Under the stack's Environment component unless false. */
  readonly underComponent?: boolean;
}

export function componentUrn(stack: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${COMPONENT_TYPE}::${stack}`;
}

export function urnOf(stack: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${PROJECT}::${COMPONENT_TYPE}$${type}::${name}`;
}

/**
 * The id the mocks give a resource of this type and name (us-east-1), so a hand-made plan refers
 * to another resource the way a captured one does.
 */
export function idOf(type: string, name: string, inputs: { readonly [key: string]: PlanValue } = {}): string {
  return mockResource(type, name, inputs, "us-east-1").id ?? "";
}

export function resource(stack: string, spec: ResourceSpec): PlanResource {
  const underComponent = spec.underComponent !== false;
  return {
    urn: underComponent
      ? urnOf(stack, spec.type, spec.name)
      : `urn:pulumi:${stack}::${PROJECT}::${spec.type}::${spec.name}`,
    type: spec.type,
    name: spec.name,
    id: spec.id !== undefined ? spec.id : idOf(spec.type, spec.name, spec.inputs),
    parent: underComponent ? componentUrn(stack) : null,
    custom: true,
    provider: spec.provider ?? null,
    dependencies: [...(spec.dependencies ?? [])].sort(),
    options: {
      protect: false,
      retainOnDelete: false,
      deleteBeforeReplace: false,
      ...spec.options,
      ignoreChanges: [...(spec.options?.ignoreChanges ?? [])].sort(),
    },
    inputs: spec.inputs ?? {},
  };
}

export interface PlanSpec {
  readonly stack?: string;
  readonly tier?: string;
  readonly resources?: readonly ResourceSpec[];
  readonly outputs?: { readonly [key: string]: PlanValue };
}

export function plan(spec: PlanSpec = {}): Plan {
  const stack = spec.stack ?? "dev";
  const resources = (spec.resources ?? []).map((r) => resource(stack, r));
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    project: PROJECT,
    stack,
    tier: spec.tier ?? stack,
    resources: resources.sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0)),
    outputs: spec.outputs ?? {},
  };
}

/** The same spec with some resources changed: `edit` sees each spec and returns its replacement. */
export function editResources(
  spec: PlanSpec,
  edit: (resource: ResourceSpec) => ResourceSpec | null,
): PlanSpec {
  const resources = (spec.resources ?? []).map(edit).filter((r): r is ResourceSpec => r !== null);
  return { ...spec, resources };
}

// Type tokens used across the tests.
export const VPC = "aws:ec2/vpc:Vpc";
export const SUBNET = "aws:ec2/subnet:Subnet";
export const DB = "aws:rds/instance:Instance";
export const SECRET = "aws:secretsmanager/secret:Secret";
export const SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup";
/** A resource that holds nothing a deploy could lose: the example of an ordinary change. */
export const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
export const BUCKET = "aws:s3/bucketV2:BucketV2";
