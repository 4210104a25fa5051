/**
 * Deriving one input from another without more Outputs than the value needs. Every Output is a
 * Proxy, a dozen promises and their closures, and an evaluation makes hundreds: `pulumi.output(x)`
 * of an Output copies it (two more) before `apply` makes the third, and an input that holds no
 * Output needs none at all. The value, and the resources it depends on, are the same either way.
 */
import * as pulumi from "@pulumi/pulumi";

/** `f(value)` when the input is plain, `value.apply(f)` when it is an Output (or a promise). */
export function mapInput<T, U>(value: pulumi.Input<T>, f: (value: T) => U): pulumi.Input<U> {
  if (pulumi.Output.isInstance(value))
    return (value as pulumi.Output<T>).apply((v) => f(v as T)) as pulumi.Output<U>;
  if (value instanceof Promise) return pulumi.output(value).apply((v) => f(v as T)) as pulumi.Output<U>;
  return f(value as T);
}

/** Whether a value holds an Output or a promise anywhere inside it. */
function holdsOutput(value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  if (pulumi.Output.isInstance(value) || value instanceof Promise) return true;
  return (Array.isArray(value) ? value : Object.values(value)).some(holdsOutput);
}

/** A document as JSON text: a plain string when nothing in it is an Output, else an Output of one. */
export function jsonInput(value: unknown): pulumi.Input<string> {
  if (!holdsOutput(value)) return JSON.stringify(value);
  return (pulumi.output(value as object) as pulumi.Output<unknown>).apply((v) => JSON.stringify(v));
}
