/**
 * `infra plan --watch`: the loop re-plans the right stacks on the right saves, reloads the program
 * for a source change, prints the diff against the committed plan, and keeps going after an error.
 * The file watcher is replaced by a trigger the test pulls; the re-plans are real captures.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, test } from "node:test";
import { replan, runWatch, type Watcher } from "../../src/cli/watch";

const PROJECT_DIR = join(__dirname, "..", "..");

/** A fake watcher: `fire(dirSuffix, file)` calls the callback registered for that directory. */
function fakeWatcher() {
  const callbacks: { dir: string; recursive: boolean; onChange: (file: string) => void }[] = [];
  const watcher: Watcher = (dir, recursive, onChange) => {
    callbacks.push({ dir, recursive, onChange });
    return { close: () => undefined };
  };
  const fire = (recursive: boolean, file: string) => {
    for (const c of callbacks.filter((c) => c.recursive === recursive)) c.onChange(file);
  };
  return { watcher, fire, callbacks };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(check(), `timed out waiting for ${what}`);
}

describe("plan --watch", () => {
  test("replan: one stack planned by the loaded code, and its diff against the committed plan", async () => {
    const { text, ms } = await replan(PROJECT_DIR, "dev");
    assert.ok(ms > 0);
    assert.match(text, /No changes in any stack\./, "the committed plan is fresh, so no diff");
  });

  // The loop itself re-plans through stand-ins that say which code ran: the real re-plan is above.
  const stub =
    (label: string, calls: string[]): typeof replan =>
    async (_dir, stack) => {
      calls.push(`${label} ${stack}`);
      return { text: `${label} plan of ${stack}`, ms: 1 };
    };

  test("plans once, then re-plans a stack on its stack file's save and every stack on a source save", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { cwd: PROJECT_DIR, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    const { watcher, fire, callbacks } = fakeWatcher();
    const calls: string[] = [];
    let reloads = 0;
    const controller = new AbortController();
    const done = runWatch({ stacks: ["dev"] }, io, {
      signal: controller.signal,
      watcher,
      current: stub("loaded", calls),
      fresh: () => {
        reloads++;
        return stub("reloaded", calls);
      },
    });
    await until(() => out.length === 1, "the first plan");
    assert.equal(out[0], "── dev planned in 1 ms\nloaded plan of dev\n");
    assert.deepEqual(
      callbacks.map((c) => [c.dir, c.recursive]),
      [
        [PROJECT_DIR, false],
        [join(PROJECT_DIR, "src"), true],
      ],
    );

    fire(false, "Pulumi.staging.yaml"); // not a watched stack
    fire(false, "README.md");
    fire(true, "environment/notes.md"); // not a source file
    fire(false, "Pulumi.dev.yaml");
    await until(() => out.length === 2, "the re-plan after the stack file's save");
    assert.equal(out[1], "── dev re-planned in 1 ms\nloaded plan of dev\n");
    assert.equal(reloads, 0, "a stack file's save needs no new code");

    fire(true, "environment/tags.ts");
    await until(() => out.length === 3, "the re-plan after a source save");
    assert.equal(out[2], "── dev re-planned in 1 ms (source changed)\nreloaded plan of dev\n");
    assert.equal(reloads, 1);
    assert.deepEqual(calls, ["loaded dev", "loaded dev", "reloaded dev"]);

    controller.abort();
    assert.equal(await done, 0);
    assert.equal(out.length, 3, "nothing re-planned for files that are not watched");
    assert.match(err.join(""), /^watching Pulumi\.dev\.yaml and src\//);
  });

  test("an error in a re-plan is printed and the watch goes on", async () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { cwd: PROJECT_DIR, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) };
    const { watcher, fire } = fakeWatcher();
    const controller = new AbortController();
    let calls = 0;
    const failing: typeof replan = async () => {
      calls++;
      throw new Error('infra:database.instanceClass: got "r5.xlarge"');
    };
    const done = runWatch({ stacks: ["dev"] }, io, {
      signal: controller.signal,
      watcher,
      current: stub("loaded", []),
      fresh: () => failing,
    });
    await until(() => out.length === 1, "the first plan");
    fire(true, "config/schema.ts");
    await until(() => err.some((e) => e.includes("r5.xlarge")), "the error");
    fire(false, "Pulumi.dev.yaml");
    await until(() => out.length === 2, "the next re-plan");
    controller.abort();
    assert.equal(await done, 0);
    assert.equal(calls, 1);
    assert.match(err.join(""), /── dev: infra:database\.instanceClass: got "r5\.xlarge"\n/);
  });

  test("an unknown stack is a usage error before anything is watched", async () => {
    const { watcher, callbacks } = fakeWatcher();
    const io = { cwd: PROJECT_DIR, stdout: () => undefined, stderr: () => undefined };
    await assert.rejects(runWatch({ stacks: ["nope"] }, io, { watcher }), /unknown stack "nope"/);
    assert.equal(callbacks.length, 0);
  });
});
