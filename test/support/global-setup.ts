import { rmSync } from "node:fs";
import { buildApp } from "../../stacks/app";
import { loadEnvironments } from "../../stacks/config";
import { SHIPPED_ENVIRONMENTS, SYNTH_DIR } from "./synthesized";

/** Synthesize the shipped environments once; every invariant test reads this output. */
export default function globalSetup(): void {
  rmSync(SYNTH_DIR, { recursive: true, force: true });
  buildApp(loadEnvironments(SHIPPED_ENVIRONMENTS), SYNTH_DIR).synth();
}
