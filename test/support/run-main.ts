import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = join(__dirname, "..", "..");
/** tsx's loader by absolute URL: the working folder of a run has no node_modules. */
const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;

/**
 * Run main.ts as `npm run synth` does (node with tsx's loader) in `cwd`, so a default
 * ./cdktf.out lands there. Variables set to undefined are removed from the environment.
 */
export function runMain(cwd: string, vars: Record<string, string | undefined>): SpawnSyncReturns<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, CHECKPOINT_DISABLE: "1" };
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return spawnSync(process.execPath, ["--import", TSX_LOADER, join(ROOT, "main.ts")], { cwd, env, encoding: "utf8", timeout: 120_000 });
}
