/**
 * App entry: load and validate every environment file first, then build and synthesize
 * the stacks. A bad file stops the run before anything is written to cdktf.out.
 *
 *   PLATFORM_CONFIG=<file or folder>   synthesize that config instead of stacks/environments
 */
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TerraformStack } from "cdktf";
import { buildApp } from "./stacks/app";
import { ConfigError, loadEnvironments } from "./stacks/config";

// cdktf records a full stack trace for every token it creates; mapping each one through
// source maps cost about a quarter of synth time (measured with --cpu-prof). Stack
// positions then point at the transpiled code; PLATFORM_SOURCE_MAPS=1 turns them back on.
process.setSourceMapsEnabled(process.env.PLATFORM_SOURCE_MAPS === "1");

const source = process.env.PLATFORM_CONFIG ?? "stacks/environments";

try {
  const envs = loadEnvironments(source);
  const app = buildApp(envs);
  app.synth();
  removeStaleStacks(app.outdir, app.node.children.filter((c) => c instanceof TerraformStack).map((s) => s.node.id));
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`Invalid environment configuration (nothing was synthesized):\n${e.message}\n`);
    process.exit(1);
  }
  throw e;
}

/**
 * Stacks of environments no longer configured would otherwise linger in cdktf.out and
 * be scanned (and deployable) as if current. Current stacks keep their folders, so
 * their .terraform working state survives.
 */
function removeStaleStacks(outdir: string, current: string[]): void {
  const stacksDir = join(outdir, "stacks");
  if (!existsSync(stacksDir)) return;
  for (const name of readdirSync(stacksDir)) {
    if (!current.includes(name)) rmSync(join(stacksDir, name), { recursive: true, force: true });
  }
}
