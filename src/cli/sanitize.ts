/**
 * `infra sanitize --stack <stack> --database-url <url> [--spec <file>] [--dry-run]`: the thin
 * command over src/sanitize/run.ts. The URL may come from $SANITIZE_DATABASE_URL instead, to keep
 * a password out of shell history; it is never printed with its password.
 */
import { DEFAULT_SPEC, readSpec, renderReport, runSanitize, SanitizeRefused } from "../sanitize/run";
import { SanitizeSpecError } from "../sanitize/rules";
import { EXIT, type Io, UsageError } from "./io";

export interface SanitizeCliOptions {
  readonly stack: string;
  readonly databaseUrl?: string;
  readonly spec?: string;
  readonly dryRun?: boolean;
}

export async function runSanitizeCommand(
  options: SanitizeCliOptions,
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const databaseUrl = options.databaseUrl ?? env["SANITIZE_DATABASE_URL"];
  if (!databaseUrl) {
    throw new UsageError(
      "no database URL: pass --database-url <postgresql://…> or set SANITIZE_DATABASE_URL",
    );
  }
  try {
    const report = await runSanitize({
      projectDir: io.cwd,
      stack: options.stack,
      databaseUrl,
      spec: readSpec(io.cwd, options.spec ?? DEFAULT_SPEC),
      dryRun: options.dryRun ?? false,
    });
    io.stdout(renderReport(report));
    return EXIT.ok;
  } catch (error) {
    if (error instanceof SanitizeRefused || error instanceof SanitizeSpecError) {
      throw new UsageError(`sanitize refused, nothing written:\n${error.message}`);
    }
    // PostgreSQL errors (SQLSTATE codes) and connection errors (ECONNREFUSED, …) are the
    // database's answer, not a bug here; the transaction was rolled back. The URL is not echoed.
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string") {
      throw new UsageError(`sanitize failed, nothing written (${code}): ${(error as Error).message}`);
    }
    throw error;
  }
}
