import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { buildApp } from "../../stacks/app";
import { parseEnvironment } from "../../stacks/config";
import { SHIPPED_ENVIRONMENTS } from "../support/synthesized";

type Resources = Map<string, unknown>;

/** Every resource of every stack of one environment file's text, by stack/type.name. */
function synthesize(text: string): Resources {
  const outdir = mkdtempSync(join(tmpdir(), "az-"));
  buildApp([parseEnvironment("enterprise.yaml", text)], outdir).synth();
  const out: Resources = new Map();
  for (const stack of readdirSync(join(outdir, "stacks"))) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
      resource?: Record<string, Record<string, Record<string, unknown>>>;
    };
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) {
        const { "//": _metadata, ...rest } = body;
        out.set(`${stack}/${type}.${name}`, rest);
      }
    }
  }
  return out;
}

/**
 * Evacuating an impaired AZ is an edit of availabilityZoneIds. Placement by AZ id and
 * construct ids named after the AZ id mean only that AZ's network parts go away; the
 * resources that span AZs update their subnet lists in place; nothing else changes.
 */
test("dropping an AZ id removes only that AZ's network and updates subnet lists in place", () => {
  const text = readFileSync(join(SHIPPED_ENVIRONMENTS, "enterprise.yaml"), "utf8");
  const doc = parse(text) as { availabilityZoneIds: string[] };
  expect(doc.availabilityZoneIds).toEqual(["mec1-az1", "mec1-az2", "mec1-az3"]);
  const before = synthesize(text);
  const after = synthesize(stringify({ ...doc, availabilityZoneIds: ["mec1-az1", "mec1-az2"] }));

  const removed = [...before.keys()].filter((k) => !after.has(k));
  const added = [...after.keys()].filter((k) => !before.has(k));
  expect(added).toEqual([]);
  expect(removed.length).toBeGreaterThan(0);
  for (const address of removed) expect(address).toMatch(/^enterprise-foundation\/aws_(subnet|route_table|route_table_association|route|nat_gateway|eip)\.network_.*mec1-az3/);

  const changed = [...after.keys()].filter((k) => JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)));
  const inPlace = /\/(aws_db_subnet_group|aws_eks_cluster|aws_eks_node_group|aws_vpc_endpoint)\./;
  expect(changed.filter((k) => !inPlace.test(k))).toEqual([]);
  // The database keeps its identity: only its subnet group's list changes.
  expect(changed.some((k) => k.includes("aws_db_instance"))).toBe(false);
  expect(changed.some((k) => k.includes("aws_db_subnet_group"))).toBe(true);
});
