import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Construct } from "constructs";
import { App, Testing, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { PlatformKey } from "../../constructs/security/platform-key";

export const ACCOUNT = "123456789012";

/** A stack to build constructs in, for tests that expect a constructor to throw. */
export function scope(): Construct {
  return new TerraformStack(Testing.app(), "test");
}

export function key(s: Construct, id = "key"): PlatformKey {
  return new PlatformKey(s, id, { alias: `test/${id}`, description: "test key", account: ACCOUNT });
}

/**
 * Synthesized JSON of one stack through a real App, "//" metadata included
 * (Testing.synthScope drops it), for assertions the matchers do not cover.
 */
export function synthJson(build: (s: Construct) => void): { resource: Record<string, Record<string, Record<string, unknown>>> } {
  const outdir = mkdtempSync(join(tmpdir(), "construct-"));
  const app = new App({ outdir });
  const stack = new TerraformStack(app, "test");
  new AwsProvider(stack, "aws", { region: "me-central-1" });
  build(stack);
  app.synth();
  return JSON.parse(readFileSync(join(outdir, "stacks", "test", "cdk.tf.json"), "utf8")) as {
    resource: Record<string, Record<string, Record<string, unknown>>>;
  };
}
