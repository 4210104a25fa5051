/**
 * What the stack suites' thread and the capture worker (tests/support/capture-worker.ts) send each
 * other. Types and plain data only: this module, like every module the suites' thread loads, never
 * loads the Pulumi SDK (~0.7 s of CPU per thread); the worker does.
 */
import type { ArtifactPlan } from "../../src/artifact/capture";
import type { Capture, CaptureInput } from "../../src/plan/capture";
import type { WorkerProgram } from "./worker-programs";

/**
 * A capture a suite asks for: a stack file's input, and optionally a program of its own by name
 * (tests/support/worker-programs.ts), since a function cannot cross threads.
 */
export type TestCaptureInput = CaptureInput & { readonly workerProgram?: WorkerProgram };

/** A TestCaptureInput as it crosses threads: the clock becomes a fixed instant. */
export type StackRequest = Omit<TestCaptureInput, "now" | "program"> & { readonly nowMs?: number };

/** A stack's capture, or the artifact project's plan (src/artifact/capture.ts) of a root directory. */
export type CaptureRequest = StackRequest | { readonly artifactOf: string };

export type CaptureReply = { readonly id: number; readonly output?: string } & (
  | { readonly capture: Capture }
  | { readonly artifact: ArtifactPlan }
  | { readonly failure: { readonly message: string; readonly registeredUrns: string[] } }
  | { readonly error: { readonly message: string; readonly stack?: string } }
);

export function toRequest(input: TestCaptureInput): StackRequest {
  const { now, program, ...rest } = input;
  if (program) {
    throw new Error(
      "a capture's own program cannot cross to the capture worker: add it to tests/support/worker-programs.ts and name it in `workerProgram`",
    );
  }
  return now ? { ...rest, nowMs: now().getTime() } : rest;
}
