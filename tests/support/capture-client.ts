/**
 * The test thread's side of the capture worker (tests/support/capture-worker.ts): sends capture
 * requests, turns replies back into a Capture or a ProgramFailure. Under `npm test` the worker is
 * the bundle scripts/test.js names in INFRA_TEST_CAPTURE_WORKER; run from TypeScript (one file with
 * tsx), the worker loads tsx and the TypeScript source itself.
 */
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { type Capture, type CaptureInput, ProgramFailure } from "../../src/plan/capture";
import { type CaptureReply, toRequest } from "./capture-worker";

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

  async capture(input: CaptureInput): Promise<Capture> {
    return (await this.captureWithOutput(input, false)).capture;
  }

  /**
   * A capture and, when `collectOutput`, everything the program wrote to stdout, stderr or the
   * console while it ran (collected in the worker; see collectingOutput there). A failure rejects,
   * carrying the output as `output` on the error.
   */
  async captureWithOutput(
    input: CaptureInput,
    collectOutput = true,
  ): Promise<{ capture: Capture; output: string }> {
    const id = this.next++;
    const request = toRequest(input);
    const reply = await new Promise<CaptureReply>((resolve) => {
      this.pending.set(id, resolve);
      this.thread.ref();
      this.thread.postMessage({ id, request, collectOutput });
    });
    const output = reply.output ?? "";
    if ("capture" in reply) return { capture: reply.capture, output };
    throw Object.assign(this.failure(reply), { output });
  }

  private failure(reply: CaptureReply): Error {
    if ("failure" in reply)
      return new ProgramFailure(new Error(reply.failure.message), reply.failure.registeredUrns);
    if (!("error" in reply)) return new Error("a capture reply with no capture, failure or error");
    const error = new Error(`the capture worker failed: ${reply.error.message}`);
    if (reply.error.stack) error.stack = reply.error.stack;
    return error;
  }
}
