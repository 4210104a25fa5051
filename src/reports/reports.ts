/**
 * The generated documents and where they live: stacks/PARITY.md, docs/diagrams/<stack>.md and
 * docs/disaster-recovery.md, made from every stack's settings and plan. Pure; `npm run reports` writes them and
 * `reports:check` (and a stack test) compares them with what is committed.
 */
import { join } from "node:path";
import { renderDiagramPage } from "./diagram";
import { DISASTER_RECOVERY_DOC, renderDisasterRecoveryDoc } from "./disaster-recovery";
import { checkParity, type StackView } from "./parity/parity";
import { KNOB_EFFECTS, PARITY_PAIRS } from "./parity/declared";
import { byTier, renderParity } from "./parity/report";
import { SAFETY_RULES } from "./parity/safety";

export interface GeneratedFile {
  /** Relative to the project directory. */
  readonly path: string;
  readonly text: string;
}

export const PARITY_PATH = join("stacks", "PARITY.md");
export const diagramPath = (stack: string): string => join("docs", "diagrams", `${stack}.md`);
/** The page's picture, rendered from its Mermaid source by `npm run diagrams`. */
export const diagramSvgPath = (stack: string): string => join("docs", "diagrams", `${stack}.svg`);

/** Every generated document, from the stacks' views. */
export function generateReports(views: readonly StackView[]): GeneratedFile[] {
  const reports = checkParity(views, PARITY_PAIRS, KNOB_EFFECTS);
  return [
    {
      path: PARITY_PATH,
      text: renderParity({ views, pairs: PARITY_PAIRS, effects: KNOB_EFFECTS, reports, rules: SAFETY_RULES }),
    },
    ...byTier(views).map((v) => ({ path: diagramPath(v.stack), text: renderDiagramPage(v.plan) })),
    { path: DISASTER_RECOVERY_DOC, text: renderDisasterRecoveryDoc(views) },
  ];
}
