/**
 * Every policy id we rely on has fixtures, and checkov agrees with them. The ids are our
 * own checks (policies/checkov/checks), global skips (.checkov.yaml) and per-resource
 * suppressions (suppressCheck in constructs/).
 *
 * checkov runs once over test/fixtures/policies/<id>/{compliant,non-compliant}/main.tf.json
 * without the config file, so skipped ids run too. A fixture's top-level "//" states
 * `expected_results`: how many PASSED (compliant) or FAILED (non-compliant) results its
 * id must give. The count proves that each variant in the file was judged; an
 * unresolvable value must fail, never drop out.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");
const FIXTURES = join(ROOT, "test/fixtures/policies");
const CHECKS_DIR = join(ROOT, "policies/checkov/checks");
const CHECKOV_CONFIG = join(ROOT, "policies/checkov/.checkov.yaml");
const CONSTRUCTS = join(ROOT, "constructs");
const PYTHON = join(ROOT, ".venv/bin/python");
const KINDS = ["compliant", "non-compliant"] as const;
type Kind = (typeof KINDS)[number];
const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;

type Result = "PASSED" | "FAILED" | "SKIPPED";
interface CheckRecord {
  readonly check_id: string;
  readonly file_path: string;
  readonly resource: string;
  readonly check_result: { readonly result: Result };
  readonly details?: readonly string[];
}
interface CheckovReport {
  readonly check_type: string;
  readonly results: {
    readonly passed_checks: readonly CheckRecord[];
    readonly failed_checks: readonly CheckRecord[];
    readonly parsing_errors: readonly string[];
  };
}

function isReport(value: unknown): value is CheckovReport {
  if (typeof value !== "object" || value === null || !("results" in value)) return false;
  const results: unknown = value.results;
  return (
    typeof results === "object" &&
    results !== null &&
    "passed_checks" in results &&
    Array.isArray(results.passed_checks) &&
    "failed_checks" in results &&
    Array.isArray(results.failed_checks)
  );
}

function walk(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "__pycache__" ? [] : walk(path, ext);
    return entry.name.endsWith(ext) ? [path] : [];
  });
}

const unique = (ids: readonly string[]): string[] => [...new Set(ids)].sort();

/** Ids under skip-check in .checkov.yaml. */
function skippedIds(): string[] {
  const text = readFileSync(CHECKOV_CONFIG, "utf8");
  const block = text.split(/^skip-check:\s*$/m)[1] ?? "";
  return unique([...block.matchAll(/^\s*-\s*["']?([A-Z0-9_]+)["']?\s*(?:#.*)?$/gm)].map((m) => m[1]!));
}

/** Ids passed as a literal to suppressCheck(...) in constructs/; a non-literal id is an error. */
function suppressedIds(): { ids: string[]; nonLiteral: string[] } {
  const ids: string[] = [];
  const nonLiteral: string[] = [];
  for (const file of walk(CONSTRUCTS, ".ts")) {
    const text = readFileSync(file, "utf8");
    for (const call of text.matchAll(/(?<!function )\bsuppressCheck\(/g)) {
      const args = text.slice(call.index + call[0].length);
      const literal = /^[^,]+,\s*["'`]([A-Z0-9_]+)["'`]\s*,/.exec(args);
      if (literal) ids.push(literal[1]!);
      else nonLiteral.push(`${file.slice(ROOT.length + 1)}: suppressCheck(${args.slice(0, 60).replace(/\s+/g, " ")}...`);
    }
  }
  return { ids: unique(ids), nonLiteral };
}

/** Ids our own checks declare (id="CKV_UAE_n" in policies/checkov/checks/*.py). */
function customCheckIds(): string[] {
  return unique(
    walk(CHECKS_DIR, ".py").flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/\bid\s*=\s*["'](CKV2?_[A-Z0-9]+_\d+)["']/g)].map((m) => m[1]!),
    ),
  );
}

const fixtureIds = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

function expectedResults(id: string, kind: Kind): number {
  const doc: unknown = JSON.parse(readFileSync(join(FIXTURES, id, kind, "main.tf.json"), "utf8"));
  const comment = typeof doc === "object" && doc !== null && "//" in doc ? doc["//"] : undefined;
  const expected =
    typeof comment === "object" && comment !== null && "expected_results" in comment ? comment.expected_results : undefined;
  if (typeof expected !== "number" || !Number.isInteger(expected) || expected < 1) {
    throw new Error(`${id}/${kind}/main.tf.json: top-level "//".expected_results must be a positive integer`);
  }
  return expected;
}

describe("checkov policy fixtures", () => {
  /** "<id>/<kind>" -> results checkov gave for that id in that fixture. */
  const results = new Map<string, CheckRecord[]>();
  let parsingErrors: readonly string[] = [];

  beforeAll(() => {
    const started = Date.now();
    const proc = spawnSync(
      PYTHON,
      [
        "-m", "checkov.main",
        "--directory", FIXTURES,
        "--framework", "terraform_json",
        "--external-checks-dir", CHECKS_DIR,
        "--check", fixtureIds.join(","),
        "--output", "json",
        "--compact",
        "--skip-download",
      ],
      {
        cwd: FIXTURES,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, BC_SKIP_MAPPING: "TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: "false" },
      },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    if (proc.error) throw proc.error;
    // checkov exits 1 when any check failed, which the non-compliant fixtures guarantee.
    if (proc.status !== 0 && proc.status !== 1) {
      throw new Error(`checkov crashed (exit ${proc.status}) after ${seconds}s:\n${proc.stderr.slice(-4000)}`);
    }
    const parsed: unknown = JSON.parse(proc.stdout);
    const reports = (Array.isArray(parsed) ? parsed : [parsed]).filter(isReport);
    if (reports.length === 0) throw new Error(`checkov printed no report:\n${proc.stdout.slice(0, 2000)}`);
    for (const report of reports) {
      parsingErrors = [...parsingErrors, ...report.results.parsing_errors];
      for (const record of [...report.results.passed_checks, ...report.results.failed_checks]) {
        // file_path is relative to --directory: /<id>/<kind>/main.tf.json
        const [, dirId, kind] = record.file_path.split("/");
        if (dirId !== record.check_id) continue;
        const key = `${dirId}/${kind}`;
        results.set(key, [...(results.get(key) ?? []), record]);
      }
    }
  }, 60_000);

  it("parses every fixture", () => {
    expect(parsingErrors).toEqual([]);
  });

  const cases = fixtureIds.flatMap((id) => KINDS.map((kind) => [id, kind] as const));

  it.each(cases)("%s %s", (id, kind) => {
    const expected = expectedResults(id, kind);
    const records = results.get(`${id}/${kind}`) ?? [];
    const count = (result: Result) => records.filter((r) => r.check_result.result === result).length;
    const describeRecords = records.map((r) => `${r.check_result.result} ${r.resource} ${(r.details ?? []).join("; ")}`);
    if (kind === "compliant") {
      expect({ passed: count("PASSED"), failed: count("FAILED"), records: describeRecords }).toEqual({
        passed: expected,
        failed: 0,
        records: describeRecords,
      });
    } else {
      expect({ passed: count("PASSED"), failed: count("FAILED"), records: describeRecords }).toEqual({
        passed: 0,
        failed: expected,
        records: describeRecords,
      });
    }
  });
});

describe("fixture coverage", () => {
  const hasFixtures = (id: string) =>
    KINDS.every((kind) => existsSync(join(FIXTURES, id, kind, "main.tf.json")));

  it("every fixture directory is a check id with both kinds", () => {
    const bad = fixtureIds.filter((id) => !CHECK_ID.test(id) || !hasFixtures(id));
    expect(bad).toEqual([]);
  });

  it("every global skip in .checkov.yaml has fixtures", () => {
    const ids = skippedIds();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !hasFixtures(id))).toEqual([]);
  });

  it("every suppressCheck id in constructs/ has fixtures", () => {
    const { ids, nonLiteral } = suppressedIds();
    expect(nonLiteral).toEqual([]);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !hasFixtures(id))).toEqual([]);
  });

  it("every custom check has fixtures", () => {
    const ids = customCheckIds();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => !hasFixtures(id))).toEqual([]);
  });
});
