import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { buildApp } from "../../stacks/app";
import { parseEnvironment } from "../../stacks/config";
import { SHIPPED_ENVIRONMENTS } from "../support/synthesized";

/**
 * An environment outside the UAE (allowed with a legal basis) puts its provider in that
 * region and records the legal basis as the CKV_UAE_1 suppression on every provider
 * block, so the policy gate shows the exception with its reason instead of hiding it.
 */
test("a residency exception is recorded on the AWS provider of every stack", () => {
  const doc = parse(readFileSync(join(SHIPPED_ENVIRONMENTS, "smb.yaml"), "utf8")) as Record<string, unknown>;
  doc.region = "eu-central-1";
  doc.availabilityZoneIds = ["euc1-az1", "euc1-az2"];
  doc.residency = { allowedRegions: ["eu-central-1"], legalBasis: "Adequacy decision under PDPL Art. 22 for the destination" };
  const env = parseEnvironment("envs/eu.yaml", stringify(doc));
  const outdir = mkdtempSync(join(tmpdir(), "residency-"));
  buildApp([env], outdir).synth();
  const stacksDir = join(outdir, "stacks");
  const names = readdirSync(stacksDir);
  expect(names).toHaveLength(5);
  for (const stack of names) {
    const json = JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8")) as {
      provider: { aws: { region: string; "//"?: { checkov_suppressions?: { id: string; reason: string }[] } }[] };
    };
    const aws = json.provider.aws[0];
    expect(aws.region).toBe("eu-central-1");
    expect(aws["//"]?.checkov_suppressions).toEqual([
      { id: "CKV_UAE_1", reason: expect.stringContaining("Adequacy decision under PDPL Art. 22") },
    ]);
  }
});
