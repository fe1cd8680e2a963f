import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TerraformResource } from "cdktf";
import { REQUIRED_TAG_KEYS } from "../../constructs/tagging/required-tags";
import { buildApp } from "../../stacks/app";
import { loadEnvironments } from "../../stacks/config";
import { SHIPPED_ENVIRONMENTS } from "../support/synthesized";

/**
 * Every resource whose provider schema has `tags` carries the required tags. Walking the
 * construct tree (not the JSON) knows which resources are taggable, so a new taggable
 * resource without tags fails here without a list to maintain.
 */
// One app for the file: aspects (the tagging one among them) run during synth.
const app = buildApp(loadEnvironments(SHIPPED_ENVIRONMENTS), mkdtempSync(join(tmpdir(), "tags-")));
app.synth();

test("every taggable resource of every environment carries the required tags", () => {
  const taggable = app.node
    .findAll()
    .filter((c): c is TerraformResource => c instanceof TerraformResource && "tagsInput" in c);
  expect(taggable.length).toBeGreaterThan(100);
  const missing = taggable.flatMap((r) => {
    const tags = (r as unknown as { tagsInput?: Record<string, string> }).tagsInput ?? {};
    return REQUIRED_TAG_KEYS.filter((k) => !tags[k]).map((k) => `${r.node.path}: ${k}`);
  });
  expect(missing).toEqual([]);
});

test("node instances and volumes are tagged through the launch template", () => {
  const templates = app.node.findAll().filter((c) => c.node.path.endsWith("/launch-template"));
  const envs = loadEnvironments(SHIPPED_ENVIRONMENTS);
  expect(templates.length).toBe(envs.reduce((n, e) => n + e.nodePools.length, 0));
  for (const t of templates) {
    const specs = (t as unknown as { tagSpecificationsInput: { resourceType: string; tags: Record<string, string> }[] }).tagSpecificationsInput;
    expect(specs.map((s) => s.resourceType).sort()).toEqual(["instance", "network-interface", "volume"]);
    for (const s of specs) for (const k of REQUIRED_TAG_KEYS) expect(s.tags[k]).toEqual(expect.any(String));
  }
});
