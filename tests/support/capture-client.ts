/**
 * The test thread's side of the capture worker (tests/support/capture-worker.ts): sends capture
 * requests, turns replies back into a Capture or a ProgramFailure. Under `npm test` the worker is
 * the bundle scripts/test.js names in INFRA_TEST_CAPTURE_WORKER; run from TypeScript (one file with
 * tsx), the worker loads tsx and the TypeScript source itself.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { ArtifactPlan } from "../../src/artifact/capture";
import type { Capture } from "../../src/plan/capture";
import { ProgramFailure } from "../../src/plan/program-failure";
import { type CaptureReply, type CaptureRequest, type TestCaptureInput, toRequest } from "./capture-protocol";

function startWorker(): Worker {
  const bundle = process.env["INFRA_TEST_CAPTURE_WORKER"];
  if (bundle) return new Worker(bundle);
  const root = join(__dirname, "..", "..");
  const code = [
    `require("tsx/cjs");`,
    `require(${JSON.stringify(join(root, "scripts", "lazy-modules.js"))}).install();`,
    `require(${JSON.stringify(join(__dirname, "capture-worker.ts"))});`,
  ].join("\n");
  return new Worker(code, { eval: true });
}

export class CaptureClient {
  private readonly thread: Worker;
  private readonly pending = new Map<number, (reply: CaptureReply) => void>();
  private next = 0;

  constructor() {
    this.thread = startWorker();
    // An idle worker must not keep the test process alive: referenced only while a request waits.
    this.thread.unref();
    this.thread.on("message", (reply: CaptureReply) => {
      this.pending.get(reply.id)?.(reply);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.thread.unref();
    });
    this.thread.on("error", (error) => {
      for (const resolve of this.pending.values()) resolve({ id: -1, error: { message: String(error) } });
      this.pending.clear();
    });
  }

  async capture(input: TestCaptureInput): Promise<Capture> {
    return (await this.captureWithOutput(input, false)).capture;
  }

  /**
   * A capture and, when `collectOutput`, everything the program wrote to stdout, stderr or the
   * console while it ran (collected in the worker; see collectingOutput there). A failure rejects,
   * carrying the output as `output` on the error.
   */
  async captureWithOutput(
    input: TestCaptureInput,
    collectOutput = true,
  ): Promise<{ capture: Capture; output: string }> {
    const reply = await this.ask(toRequest(input), collectOutput);
    const output = reply.output ?? "";
    if ("capture" in reply) return { capture: reply.capture, output };
    throw Object.assign(this.failure(reply), { output });
  }

  /** The artifact project's plan (src/artifact/capture.ts), captured in the worker. */
  async artifactPlan(rootDir: string): Promise<ArtifactPlan> {
    const reply = await this.ask({ artifactOf: rootDir }, false);
    if ("artifact" in reply) return reply.artifact;
    throw this.failure(reply);
  }

  private ask(request: CaptureRequest, collectOutput: boolean): Promise<CaptureReply> {
    const id = this.next++;
    return new Promise<CaptureReply>((resolve) => {
      this.pending.set(id, resolve);
      this.thread.ref();
      this.thread.postMessage({ id, request, collectOutput });
    });
  }

  private failure(reply: CaptureReply): Error {
    if ("failure" in reply)
      return new ProgramFailure(new Error(reply.failure.message), reply.failure.registeredUrns);
    if (!("error" in reply)) return new Error("a capture reply of the wrong kind");
    const error = new Error(`the capture worker failed: ${reply.error.message}`);
    if (reply.error.stack) error.stack = reply.error.stack;
    return error;
  }
}
