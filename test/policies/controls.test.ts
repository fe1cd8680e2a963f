/**
 * policies/controls.yaml stays honest: every check id it names exists in the pinned
 * checkov or in our own checks, every id we skip, suppress or write is catalogued,
 * and every file it says implements a control exists.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const CATALOGUE = readFileSync(join(ROOT, "policies/controls.yaml"), "utf8");
const CHECKS_DIR = join(ROOT, "policies/checkov/checks");
const ID = /\bCKV2?_[A-Z0-9]+_\d+\b/g;

function walk(dir: string, exts: readonly string[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__pycache__" ? [] : walk(path, exts);
    return exts.some((ext) => entry.name.endsWith(ext)) ? [path] : [];
  });
}

const idsIn = (text: string): Set<string> => new Set(text.match(ID) ?? []);
/** The catalogue without its comments: ids and paths must be in the data, not in prose. */
const data = CATALOGUE.split("\n").filter((line) => !line.trimStart().startsWith("#")).join("\n");

/** Check ids the installed checkov defines for Terraform (Python and graph checks). */
function builtInIds(): Set<string> {
  const lib = join(ROOT, ".venv/lib");
  const python = readdirSync(lib).find((name) => name.startsWith("python"));
  if (!python) throw new Error(`no python under ${lib}; run scripts/ensure-venv.sh`);
  const checks = join(lib, python, "site-packages/checkov/terraform/checks");
  const declared = /["']?\b(?:check_)?id["']?\s*[:=]\s*["']?(CKV2?_[A-Z0-9]+_\d+)/g;
  return new Set(
    walk(checks, [".py", ".json", ".yaml"]).flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(declared)].map((m) => m[1]!),
    ),
  );
}

describe("policies/controls.yaml", () => {
  const catalogued = idsIn(data);
  const custom = new Set(walk(CHECKS_DIR, [".py"]).flatMap((file) => [...idsIn(readFileSync(file, "utf8"))]));

  it("names only checks that exist in the pinned checkov or in policies/checkov/checks", () => {
    const known = builtInIds();
    expect(known.size).toBeGreaterThan(500);
    expect([...catalogued].filter((id) => !known.has(id) && !custom.has(id))).toEqual([]);
  });

  it("catalogues every custom check, global skip and per-resource suppression", () => {
    const skips = idsIn(readFileSync(join(ROOT, "policies/checkov/.checkov.yaml"), "utf8").replace(/#.*$/gm, ""));
    const suppressions = new Set(
      walk(join(ROOT, "constructs"), [".ts"]).flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/suppressCheck\([^,]+,\s*["'`]([A-Z0-9_]+)["'`]/g)].map((m) => m[1]!),
      ),
    );
    const required = [...custom, ...skips, ...suppressions];
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((id) => !catalogued.has(id))).toEqual([]);
  });

  it("points only at files that exist", () => {
    const paths = [...new Set(data.match(/\b(?:constructs|stacks)\/[\w./-]+\.ts\b/g) ?? [])];
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});
