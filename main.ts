/**
 * App entry: load and validate every environment file first, then build and synthesize
 * the stacks. A bad file stops the run before anything is written to cdktf.out.
 *
 *   PLATFORM_CONFIG=<file or folder>   synthesize that config instead of stacks/environments
 */
import { ConfigError, loadEnvironments } from "./stacks/config";
import { buildApp } from "./stacks/app";

const source = process.env.PLATFORM_CONFIG ?? "stacks/environments";

try {
  const envs = loadEnvironments(source);
  const app = buildApp(envs);
  app.synth();
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`Invalid environment configuration (nothing was synthesized):\n${e.message}\n`);
    process.exit(1);
  }
  throw e;
}
