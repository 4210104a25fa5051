/**
 * The stack tests' captures, run in a worker thread. Node's test runner tracks every async resource
 * its tests create (an async hook with a destroy callback per promise), and a capture creates tens
 * of thousands of promises: on the test thread a capture took about twice as long, much of it in
 * the hook and the garbage collector. In a worker the hook does not exist, and the test thread
 * checks one plan while the worker captures the next. scripts/test.js bundles this file and names it
 * in INFRA_TEST_CAPTURE_WORKER; tests/support/plans.ts sends it the requests.
 */
import { parentPort } from "node:worker_threads";
import { captureArtifactPlan } from "../../src/artifact/capture";
import { type CaptureInput, captureWithRegistrations, ProgramFailure } from "../../src/plan/capture";
import type { CaptureReply, CaptureRequest, StackRequest } from "./capture-protocol";
import { WORKER_PROGRAMS } from "./worker-programs";

/**
 * Runs `run` with this thread's stdout, stderr and console collected. Only this worker's streams
 * are touched: the test thread's stdout carries the test report, and one capture runs at a time.
 */
export async function collectingOutput<T>(
  run: () => Promise<T>,
): Promise<{ result: Promise<T>; output: string }> {
  const chunks: string[] = [];
  const write = (chunk: unknown) => (chunks.push(String(chunk)), true);
  const saved = { out: process.stdout.write, err: process.stderr.write, console: { ...console } };
  process.stdout.write = write as typeof process.stdout.write;
  process.stderr.write = write as typeof process.stderr.write;
  for (const method of ["log", "info", "debug", "warn", "error"] as const)
    console[method] = (...args: unknown[]) => void chunks.push(`${args.map(String).join(" ")}\n`);
  try {
    const value = await run();
    return { result: Promise.resolve(value), output: chunks.join("") };
  } catch (error) {
    return { result: Promise.reject(error), output: chunks.join("") };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    Object.assign(console, saved.console);
  }
}

function fromRequest({ nowMs, workerProgram, ...rest }: StackRequest): CaptureInput {
  return {
    ...rest,
    ...(nowMs === undefined ? {} : { now: () => new Date(nowMs) }),
    ...(workerProgram === undefined ? {} : { program: WORKER_PROGRAMS[workerProgram] }),
  };
}

/** What a request asks for, as the reply's payload. */
async function answer(request: CaptureRequest) {
  if ("artifactOf" in request) return { artifact: await captureArtifactPlan(request.artifactOf) };
  return { capture: await captureWithRegistrations(fromRequest(request)) };
}

/**
 * An unexpected error's stack, mapped to the TypeScript sources. Source maps are off in this thread
 * (below) and V8 formats a stack when it is first read, so they are switched on to read it.
 */
function mappedStack(error: unknown): string | undefined {
  process.setSourceMapsEnabled(true);
  try {
    return (error as Error).stack;
  } finally {
    process.setSourceMapsEnabled(false);
  }
}

if (parentPort) {
  // Pulumi records the whole call stack of every resource it registers (`new Error().stack` with no
  // depth limit, for its source positions); under --enable-source-maps every frame of every one is
  // mapped, ~18 % of a capture. This thread's own errors are mapped when they are reported.
  process.setSourceMapsEnabled(false);
  const port = parentPort;
  // One at a time: Pulumi's runtime state is a singleton.
  let tail: Promise<unknown> = Promise.resolve();
  port.on("message", (message: { id: number; request: CaptureRequest; collectOutput: boolean }) => {
    tail = tail.then(async () => {
      const { id, request, collectOutput } = message;
      const run = () => answer(request);
      const { result, output } = collectOutput
        ? await collectingOutput(run)
        : { result: run(), output: undefined };
      let reply: CaptureReply;
      try {
        reply = { id, output, ...(await result) };
      } catch (e) {
        reply =
          e instanceof ProgramFailure
            ? { id, output, failure: { message: e.message, registeredUrns: [...e.registeredUrns] } }
            : {
                id,
                output,
                error: { message: e instanceof Error ? e.message : String(e), stack: mappedStack(e) },
              };
      }
      port.postMessage(reply);
    });
  });
}
