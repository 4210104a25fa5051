/**
 * The fixed values command-line options accept. A module of their own, with no imports, so
 * parsing a command line loads none of the commands: each command's module (and the packages it
 * needs — the Pulumi SDK, prettier, pg) is loaded only when that command runs.
 */

/** `infra diff --format`. */
export const FORMATS = ["text", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** The groups `generate`/`check --only` accept, in the order they are generated. */
export const GROUPS = ["plans", "reports", "docs", "local", "workflows"] as const;
export type Group = (typeof GROUPS)[number];
