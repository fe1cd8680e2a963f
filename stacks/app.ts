import { App } from "cdktf";
import type { EnvironmentConfig } from "./config";
import { BootstrapStack } from "./bootstrap-stack";
import { ClusterStack } from "./cluster-stack";
import { DataStack } from "./data-stack";
import { FoundationStack } from "./foundation-stack";
import { PlatformStack } from "./platform-stack";

/** The five stacks of one environment, in deploy order. */
export function addEnvironment(app: App, env: EnvironmentConfig) {
  const bootstrap = new BootstrapStack(app, env);
  const foundation = new FoundationStack(app, env);
  const data = new DataStack(app, env, foundation);
  const cluster = new ClusterStack(app, env, foundation, data);
  const platform = new PlatformStack(app, env, { foundation, data, cluster });
  // Every stack's state lives in the bootstrap bucket; layers deploy in order.
  foundation.addDependency(bootstrap);
  data.addDependency(foundation);
  cluster.addDependency(data);
  return { bootstrap, foundation, data, cluster, platform };
}

/** Build every environment into one app; validation has already passed. */
export function buildApp(envs: readonly EnvironmentConfig[], outdir?: string): App {
  const app = new App({ outdir, skipValidation: false });
  for (const env of envs) addEnvironment(app, env);
  return app;
}
