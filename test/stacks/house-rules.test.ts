import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (["node_modules", "cdktf.out", ".venv", ".synth", ".scratch"].includes(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

const files = ["main.ts", ...["stacks", "constructs", "scripts", "test"].flatMap((d) => sourceFiles(join(ROOT, d)).map((f) => relative(ROOT, f)))];

test("provider packages are imported deeply, never through their barrels (6x synth time and memory)", () => {
  const barrel = /from\s+["']@cdktf\/provider-(aws|kubernetes|helm)["']|require\(["']@cdktf\/provider-(aws|kubernetes|helm)["']\)/;
  const offenders = files.filter((f) => barrel.test(readFileSync(join(ROOT, f), "utf8")));
  expect(files.length).toBeGreaterThan(20);
  expect(offenders).toEqual([]);
});

test("no `any` in product code: it throws away the provider type checks", () => {
  const anyType = /:\s*any\b|\bas any\b|<any>/;
  const offenders = files.filter((f) => !f.startsWith("test/") && anyType.test(readFileSync(join(ROOT, f), "utf8")));
  expect(offenders).toEqual([]);
});

test("constructs/index.ts exports every construct file", () => {
  const index = readFileSync(join(ROOT, "constructs", "index.ts"), "utf8");
  const modules = sourceFiles(join(ROOT, "constructs"))
    .map((f) => relative(join(ROOT, "constructs"), f).replace(/\.ts$/, ""))
    .filter((m) => m !== "index");
  expect(modules.length).toBeGreaterThan(20);
  for (const m of modules) expect([m, index.includes(`export * from "./${m}";`)]).toEqual([m, true]);
});
