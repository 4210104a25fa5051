/**
 * Stack tests: one process, so each stack is captured once and every suite reads the same plan.
 * (Node 20's runner would start a process per file and capture every stack again in each.)
 */
import "./stack/seed";
import "./stack/shape";
import "./stack/plan-files";
import "./stack/guards";
import "./stack/app-settings";
import "./stack/third-party-secrets";
import "./stack/runtime-flags";
import "./stack/local-dev";
import "./stack/policy";
import "./stack/data-protection";
import "./stack/observability";
import "./stack/operations-doc";
import "./stack/access";
import "./stack/cost";
import "./stack/staging-data";
import "./stack/parity";
import "./stack/edge";
import "./stack/secret-hygiene";
