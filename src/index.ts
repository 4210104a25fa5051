/**
 * Entry point for `pulumi up` / `pulumi preview` (package.json "main"). Pulumi calls the exported
 * function and turns what it returns into stack outputs.
 */
import { runProgram } from "./program";

export = () => runProgram({ projectDir: process.cwd() });
