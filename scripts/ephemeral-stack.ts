/**
 * Writes the ephemeral sandbox run's stack file, Pulumi.<stack>.yaml, from src/config/ephemeral.ts:
 *   node --import tsx scripts/ephemeral-stack.ts <run id> <run attempt> <sandbox account id>
 * prints the stack name. Refuses to overwrite a file: a committed stack is never a sandbox.
 */
import { existsSync, writeFileSync } from "node:fs";
import { ephemeralStackName, renderEphemeralStackFile } from "../src/config/ephemeral";

const [runId = "", attempt = "", accountId = ""] = process.argv.slice(2);
const stack = ephemeralStackName(runId, attempt);
const file = `Pulumi.${stack}.yaml`;
if (existsSync(file)) throw new Error(`${file} already exists; an ephemeral run never reuses a stack file`);
writeFileSync(file, renderEphemeralStackFile({ stack, accountId }));
process.stdout.write(`${stack}\n`);
