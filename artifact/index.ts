/**
 * Entry point of the artifact project (`cd artifact && pulumi up`): the shared image repository.
 * Pulumi runs programs from the project directory; the environments' project is its parent.
 */
import { dirname } from "node:path";
import { runArtifactProgram } from "../src/artifact/program";

export = () => runArtifactProgram({ rootDir: dirname(process.cwd()) });
