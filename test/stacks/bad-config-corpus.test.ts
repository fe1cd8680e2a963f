/**
 * The bad-config corpus: test/fixtures/bad-config/*.yaml are copies of a shipped
 * environment with ONE thing broken, each starting with `# expect: <regex>`; the
 * multi/<case>/ folders hold environments that are valid alone but clash together, with
 * the regex in expect.txt. Every case must be refused with a ConfigError whose every line
 * is `<file>: ...` and one of whose lines matches the regex right after `<file>: `, so the
 * regex pins the field path, the message and the value (`(got ...)`).
 *
 * To add a case, drop a file in the folder; it is picked up by the folder listing. Raise
 * SINGLE_FILE_FLOOR when you do, so the corpus cannot shrink without someone saying so.
 */
import { type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, sep } from "node:path";
import { runMain } from "../support/run-main";
import { ConfigError, loadEnvironments, parseEnvironment } from "../../stacks/config";

const ROOT = join(__dirname, "..", "..");
const CORPUS = join(ROOT, "test", "fixtures", "bad-config");
const MULTI = join(CORPUS, "multi");
/** How single files are named to parseEnvironment: the repository-relative path. */
const DISPLAY_PREFIX = "test/fixtures/bad-config/";

/** The corpus size when it was written (the minimum asked for was 45). */
const SINGLE_FILE_FLOOR = 120;
const REQUIRED_MULTI_CASES = [
  "account-services-twice",
  "bucket-collision",
  "bucket-collision-state",
  "duplicate-name",
  "duplicate-name-yml",
  "overlapping-cidr",
];

const isYaml = (file: string) => [".yaml", ".yml"].includes(extname(file).toLowerCase());
const entries = readdirSync(CORPUS, { withFileTypes: true });
const singleFiles = entries.filter((e) => e.isFile() && isYaml(e.name)).map((e) => e.name).sort();
const multiCases = existsSync(MULTI)
  ? readdirSync(MULTI, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort()
  : [];

/** The regex of a fixture's first line, anchored to start right after `<file>: `. */
function expectOf(text: string, name: string): RegExp {
  const first = text.split("\n", 1)[0];
  const match = /^# expect: (.+?)\s*$/.exec(first);
  if (!match) throw new Error(`${name}: the first line must be "# expect: <regex>", found ${JSON.stringify(first.slice(0, 80))}`);
  return new RegExp(`^(?:${match[1]})`);
}

/** Run the validator and return the ConfigError it throws; anything else fails the test. */
function configErrorOf(run: () => unknown): ConfigError {
  let thrown: unknown;
  try {
    run();
  } catch (e) {
    thrown = e;
  }
  if (thrown instanceof ConfigError) return thrown;
  throw new Error(
    thrown === undefined
      ? "expected a ConfigError, but the validator ACCEPTED this input"
      : `expected a ConfigError, got ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`,
  );
}

/** Each line of a message with its `<file>: ` prefix removed; throws if a line names no file. */
function bodiesOf(message: string, files: readonly string[]): string[] {
  return message.split("\n").map((line) => {
    const file = files.find((f) => line.startsWith(`${f}: `));
    if (file === undefined) throw new Error(`a message line does not start with "<file>: " (files: ${files.join(", ")}):\n${line}`);
    return line.slice(file.length + 2);
  });
}

describe("bad-config corpus: the folder", () => {
  test("holds only cases: *.yaml / *.yml files and the multi folder", () => {
    const strays = entries.filter((e) => !(e.isFile() && isYaml(e.name)) && !(e.isDirectory() && e.name === "multi")).map((e) => e.name);
    expect(strays).toEqual([]);
  });

  test(`has at least ${SINGLE_FILE_FLOOR} single-file cases and every required multi case`, () => {
    expect(singleFiles.length).toBeGreaterThanOrEqual(SINGLE_FILE_FLOOR);
    expect(multiCases).toEqual(expect.arrayContaining(REQUIRED_MULTI_CASES));
  });
});

describe("bad-config corpus: one file, one break", () => {
  test.each(singleFiles)("%s", (name) => {
    const display = DISPLAY_PREFIX + name;
    const text = readFileSync(join(CORPUS, name), "utf8");
    const expected = expectOf(text, name);
    const error = configErrorOf(() => parseEnvironment(display, text));
    expect(error.message).toContain(display);
    const bodies = bodiesOf(error.message, [display]);
    expect(bodies).toContainEqual(expect.stringMatching(expected));
  });
});

describe("bad-config corpus: environments that clash (loadEnvironments over a folder)", () => {
  test.each(multiCases)("multi/%s", (name) => {
    const folder = join(MULTI, name);
    const files = readdirSync(folder).filter(isYaml).sort();
    expect(files.length).toBeGreaterThanOrEqual(2);
    const expected = new RegExp(readFileSync(join(folder, "expect.txt"), "utf8").trim());
    const paths = files.map((f) => join(folder, f));
    // Each file is valid on its own: the error must come from the cross-environment checks.
    for (const path of paths) expect(() => parseEnvironment(path, readFileSync(path, "utf8"))).not.toThrow();
    const error = configErrorOf(() => loadEnvironments(folder));
    for (const path of paths) expect(error.message).toContain(path);
    bodiesOf(error.message, paths);
    // The regex sees file names relative to the case folder: "b.yaml: name: ... a.yaml ...".
    const relativeLines = error.message.split("\n").map((line) => line.split(folder + sep).join(""));
    expect(relativeLines).toContainEqual(expect.stringMatching(expected));
  });
});

// ---------------------------------------------------------------------------
// End to end: main.ts refuses the folder and leaves cdktf.out alone.

const E2E_CASE = "range-max-size.yaml";

/** Every path under dir with its type, link target or content hash, and mtime. */
function snapshot(dir: string): { hash: string; mtimes: Record<string, number> } {
  const hash = createHash("sha256");
  const mtimes: Record<string, number> = {};
  const walk = (at: string, rel: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      const key = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(path);
      mtimes[key] = stat.mtimeMs;
      if (stat.isSymbolicLink()) hash.update(`link ${key} -> ${readlinkSync(path)}\n`);
      else if (stat.isDirectory()) {
        hash.update(`dir ${key}\n`);
        walk(path, key);
      } else {
        hash.update(`file ${key} ${stat.size}\n`);
        hash.update(readFileSync(path));
      }
    }
  };
  walk(dir, "");
  return { hash: hash.digest("hex"), mtimes };
}

describe("main.ts with a corpus file", () => {
  test(
    `${E2E_CASE} next to a valid smb.yaml: exit 1, the error on stderr, no cdktf.out created, an existing one left byte-for-byte unchanged`,
    () => {
      const work = mkdtempSync(join(tmpdir(), "bad-config-e2e-"));
      try {
        const goodFolder = join(work, "envs-good");
        const badFolder = join(work, "envs-bad");
        mkdirSync(goodFolder);
        mkdirSync(badFolder);
        const smb = join(ROOT, "stacks", "environments", "smb.yaml");
        copyFileSync(smb, join(goodFolder, "smb.yaml"));
        copyFileSync(smb, join(badFolder, "smb.yaml"));
        copyFileSync(join(CORPUS, E2E_CASE), join(badFolder, E2E_CASE));
        const badPath = join(badFolder, E2E_CASE);
        const expected = expectOf(readFileSync(badPath, "utf8"), E2E_CASE);
        const outdir = join(work, "cdktf.out");

        // CDKTF_OUTDIR "" keeps an inherited value out; but cdktf then calls mkdir("") and
        // crashes, so a run that got past validation could not write ./cdktf.out at all. The
        // runs with CDKTF_OUTDIR unset are the ones where a leak would show.
        const synth = (config: string, cdktfOutdir: "" | undefined): SpawnSyncReturns<string> =>
          runMain(work, { PLATFORM_CONFIG: config, CDKTF_OUTDIR: cdktfOutdir });
        const expectRefused = (run: SpawnSyncReturns<string>) => {
          expect({ status: run.status, signal: run.signal }).toEqual({ status: 1, signal: null });
          expect(run.stderr).toMatch(/^Invalid environment configuration \(nothing was synthesized\):\n/);
          expect(run.stderr).not.toMatch(/^\s+at /m); // a clean message, not a stack trace
          const lines = run.stderr.trimEnd().split("\n").slice(1);
          expect(bodiesOf(lines.join("\n"), [badPath])).toContainEqual(expect.stringMatching(expected));
        };

        // 1. A fresh folder: refused, nothing written.
        expectRefused(synth(badFolder, ""));
        expect(existsSync(outdir)).toBe(false);
        expectRefused(synth(badFolder, undefined));
        expect(existsSync(outdir)).toBe(false);

        // 2. A good synth leaves a cdktf.out behind.
        const good = synth(goodFolder, undefined);
        if (good.status !== 0) throw new Error(`the good synth failed (status ${good.status}):\n${good.stderr}`);
        expect(existsSync(join(outdir, "stacks", "smb-platform", "cdk.tf.json"))).toBe(true);
        const before = snapshot(outdir);

        // 3. The bad folder again: refused, and the previous output is untouched.
        expectRefused(synth(badFolder, undefined));
        const after = snapshot(outdir);
        expect(after.hash).toBe(before.hash);
        expect(after.mtimes).toEqual(before.mtimes);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
    300_000,
  );
});
