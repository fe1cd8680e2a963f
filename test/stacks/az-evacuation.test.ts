import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { SHIPPED_ENVIRONMENTS, synthesizeEnvironment } from "../support/synthesized";

/** Every resource of the environment by address, without the "//" metadata (it carries construct paths). */
function synthesize(doc: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [address, { body }] of synthesizeEnvironment("enterprise.yaml", doc)) {
    const { "//": _metadata, ...rest } = body;
    out.set(address, rest);
  }
  return out;
}

/**
 * Evacuating an impaired AZ is an edit of availabilityZoneIds. Each AZ id keeps a fixed
 * subnet slot and construct ids carry the AZ id, so only that AZ's network parts go away.
 * Node groups are replaced (EKS cannot change a node group's subnets in place); the
 * cluster, database subnet group and endpoints update their subnet lists in place;
 * nothing else changes. Tested for the middle AZ, the one most likely to be dropped
 * from a list.
 */
const doc = parse(readFileSync(join(SHIPPED_ENVIRONMENTS, "enterprise.yaml"), "utf8")) as { availabilityZoneIds: string[] };
const before = synthesize(doc);

test.each([["mec1-az2"], ["mec1-az3"]])("dropping %s removes only that AZ's network; node groups are replaced, nothing else changes", (dropped) => {
  expect(doc.availabilityZoneIds).toEqual(["mec1-az1", "mec1-az2", "mec1-az3"]);
  const after = synthesize({ ...doc, availabilityZoneIds: doc.availabilityZoneIds.filter((id) => id !== dropped) });

  const removed = [...before.keys()].filter((k) => !after.has(k));
  const added = [...after.keys()].filter((k) => !before.has(k));
  expect(added).toEqual([]);
  expect(removed.length).toBeGreaterThan(0);
  const droppedPart = new RegExp(`^enterprise-foundation/aws_(subnet|route_table|route_table_association|route|nat_gateway|eip)\\.network_.*${dropped}`);
  for (const address of removed) expect(address).toMatch(droppedPart);

  const changed = [...after.keys()].filter((k) => JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k)));
  const replaced = changed.filter((k) => /\/aws_eks_node_group\./.test(k));
  const inPlace = changed.filter((k) => /\/(aws_db_subnet_group|aws_eks_cluster|aws_vpc_endpoint)\./.test(k));
  expect(changed.filter((k) => !replaced.includes(k) && !inPlace.includes(k))).toEqual([]);
  expect(replaced.length).toBeGreaterThan(0);
  // The database keeps its identity: only its subnet group's list changes.
  expect(changed.some((k) => k.includes("aws_db_instance"))).toBe(false);
  expect(inPlace.some((k) => k.includes("aws_db_subnet_group"))).toBe(true);
});
