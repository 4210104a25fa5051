/**
 * What every part of the environment builds on: the settings, the account, the parent component,
 * and the one way children are named and given resource options (protect where the tier says).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentSettings } from "../model/settings";
import { childName } from "../model/names";

/**
 * What every part of the Environment shares: the component (parent of every child, so children
 * inherit its provider), the settings, and how children are named and protected.
 */
export class Scope {
  constructor(
    readonly parent: pulumi.ComponentResource,
    readonly settings: EnvironmentSettings,
  ) {}

  /** Logical name of a child: `<stack>-<suffix>`. */
  name(suffix: string): string {
    return childName(this.settings.stack, suffix);
  }

  /** `Name` tag; the provider's default tags add Environment, Project, Stack and ManagedBy. */
  tags(suffix: string): Record<string, string> {
    return { Name: this.name(suffix) };
  }

  opts(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
    return { ...extra, parent: this.parent };
  }

  /**
   * Options for resources that hold data or keys. Where the tier says so, `protect` makes any
   * deploy that would delete or replace them fail, and retainOnDelete keeps them in AWS even if
   * someone lifts the protection and destroys the stack.
   */
  statefulOpts(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
    const protect = this.settings.protectStateful;
    return this.opts({ ...extra, protect, retainOnDelete: protect });
  }
}
