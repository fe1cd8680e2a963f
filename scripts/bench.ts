/**
 * npm run bench: synth time and memory at 1, 2, 5, 10 and 20 environments, checkov scan
 * time, type-check time, and the cost of provider barrel imports.
 *
 *   BENCH_SIZES=1,2,5,10,20   environment counts (generated from the shipped files)
 *   BENCH_RUNS=5              synth runs per size (median, min, max)
 *   BENCH_CHECKOV=0           skip the checkov scans
 *
 * Writes reports/bench.json and prints a table.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { cpus, totalmem, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { parse, stringify } from "yaml";

const ROOT = join(__dirname, "..");
const RSS_REPORTER = join(__dirname, "bench-rss.cjs");
/** tsx's loader by absolute URL: each run's working folder has no node_modules. */
const TSX_LOADER = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
const sizes = (process.env.BENCH_SIZES ?? "1,2,5,10,20").split(",").map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const withCheckov = process.env.BENCH_CHECKOV !== "0";

interface Sample {
  readonly seconds: number;
  readonly peakRssMb: number;
}

/** Write `count` environment files derived from the shipped ones, with new names and CIDRs. */
function generateEnvironments(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-envs-${count}-`));
  const shipped = ["enterprise", "smb"].map(
    (name) => parse(readFileSync(join(ROOT, "stacks", "environments", `${name}.yaml`), "utf8")) as Record<string, unknown>,
  );
  for (let i = 0; i < count; i++) {
    // Each environment gets its own account: account-wide services are enabled once per account.
    const account = String(200000000000 + i);
    const doc = parse(stringify(shipped[i % 2]).replaceAll(String(shipped[i % 2].account), account)) as Record<string, unknown>;
    doc.name = `bench${String(i).padStart(2, "0")}-${i % 2 === 0 ? "ent" : "smb"}`;
    doc.network = { ...(doc.network as object), vpcCidr: `10.${100 + i}.0.0/16` };
    writeFileSync(join(dir, `${doc.name}.yaml`), stringify(doc));
  }
  return dir;
}

/** One synth in a fresh working directory; peak RSS comes from every node process involved. */
function synthOnce(appRoot: string, config: string): Sample & { outdir: string } {
  const work = mkdtempSync(join(tmpdir(), "bench-run-"));
  const rssFile = join(work, "rss.txt");
  const start = process.hrtime.bigint();
  // The same command as `npm run synth`: node with tsx's loader, no tsx CLI process.
  const run = spawnSync(process.execPath, ["--import", TSX_LOADER, join(appRoot, "main.ts")], {
    cwd: work,
    env: { ...process.env, PLATFORM_CONFIG: config, BENCH_RSS_FILE: rssFile, NODE_OPTIONS: `--require ${RSS_REPORTER}` },
    encoding: "utf8",
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (run.status !== 0) throw new Error(`synth failed:\n${run.stderr}`);
  const peakKb = Math.max(...readFileSync(rssFile, "utf8").trim().split("\n").map(Number));
  return { seconds, peakRssMb: peakKb / 1024, outdir: join(work, "cdktf.out") };
}

function stats(samples: Sample[]) {
  const secs = samples.map((s) => s.seconds).sort((a, b) => a - b);
  return {
    medianSeconds: round(secs[Math.floor(secs.length / 2)]),
    minSeconds: round(secs[0]),
    maxSeconds: round(secs[secs.length - 1]),
    peakRssMb: Math.round(Math.max(...samples.map((s) => s.peakRssMb))),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function countResources(outdir: string): number {
  const stacksDir = join(outdir, "stacks");
  return readdirSync(stacksDir).reduce((sum, stack) => {
    const json = JSON.parse(readFileSync(join(stacksDir, stack, "cdk.tf.json"), "utf8")) as { resource?: Record<string, object> };
    return sum + Object.values(json.resource ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);
  }, 0);
}

function timed(cmd: string, args: string[], cwd = ROOT): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(cmd, args, { cwd, encoding: "utf8" });
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${run.stdout}${run.stderr}`);
  return round(Number(process.hrtime.bigint() - start) / 1e9);
}

function checkovSeconds(outdir: string): number {
  const python = join(ROOT, ".venv", "bin", "python");
  if (!existsSync(python)) spawnSync("bash", [join(ROOT, "scripts", "ensure-venv.sh")], { stdio: "inherit" });
  const start = process.hrtime.bigint();
  const run = spawnSync(python, [join(ROOT, "scripts", "checkov_gate.py"), join(outdir, "stacks")], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`checkov gate failed:\n${run.stdout}${run.stderr}`);
  return round(Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * A throw-away copy of the app whose provider imports go through the package barrels,
 * e.g. a deep import of S3Bucket from the provider's lib/s3-bucket becomes a namespace
 * import of the whole package and `const { S3Bucket } = pkg.s3Bucket;`.
 */
function barrelVariant(): string {
  const copy = mkdtempSync(join(tmpdir(), "bench-barrel-"));
  for (const part of ["main.ts", "stacks", "constructs", "charts", "package.json", "tsconfig.json"]) {
    cpSync(join(ROOT, part), join(copy, part), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"));
  const deep = /^import (type )?\{([^}]+)\} from "@cdktf\/provider-(aws|kubernetes|helm)\/lib\/([a-z0-9-]+)";$/gm;
  const camel = (s: string) => s.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  const rewrite = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) rewrite(path);
      else if (entry.name.endsWith(".ts")) {
        let n = 0;
        const text = readFileSync(path, "utf8").replace(deep, (_m, typeOnly: string | undefined, names: string, pkg: string, mod: string) => {
          if (typeOnly) return "";
          const alias = `__barrel${n++}`;
          const bindings = names.replace(/\s+as\s+/g, ": ");
          return `import * as ${alias} from "@cdktf/provider-${pkg}";\nconst {${bindings}} = ${alias}.${camel(mod)};`;
        });
        writeFileSync(path, text);
      }
    }
  };
  rewrite(join(copy, "stacks"));
  rewrite(join(copy, "constructs"));
  return copy;
}

function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? "unknown"}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function main(): void {
  const rows = [];
  for (const size of sizes) {
    const config = generateEnvironments(size);
    const samples: (Sample & { outdir: string })[] = [];
    for (let i = 0; i < runs; i++) samples.push(synthOnce(ROOT, config));
    const outdir = samples[samples.length - 1].outdir;
    rows.push({
      environments: size,
      ...stats(samples),
      resources: countResources(outdir),
      checkovSeconds: withCheckov ? checkovSeconds(outdir) : null,
    });
    for (const s of samples) rmSync(dirname(s.outdir), { recursive: true, force: true });
    rmSync(config, { recursive: true, force: true });
    process.stderr.write(`bench: ${size} environment(s) done\n`);
  }
  const typecheckSeconds = timed(join(ROOT, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "tsconfig.json"]);

  const shipped = join(ROOT, "stacks", "environments");
  const barrelRoot = barrelVariant();
  const barrelRuns = Math.min(runs, 3);
  const deepSamples = Array.from({ length: barrelRuns }, () => synthOnce(ROOT, shipped));
  const barrelSamples = Array.from({ length: barrelRuns }, () => synthOnce(barrelRoot, shipped));
  rmSync(barrelRoot, { recursive: true, force: true });
  const deep = stats(deepSamples);
  const barrel = stats(barrelSamples);

  const report = {
    machine: machine(),
    runsPerSize: runs,
    synth: rows,
    typecheckSeconds,
    barrelImports: {
      deep,
      barrel,
      timeRatio: round(barrel.medianSeconds / deep.medianSeconds),
      memoryRatio: round(barrel.peakRssMb / deep.peakRssMb),
    },
  };
  mkdirSync(join(ROOT, "reports"), { recursive: true });
  writeFileSync(join(ROOT, "reports", "bench.json"), `${JSON.stringify(report, null, 2)}\n`);

  const line = (cells: (string | number | null)[]) => `| ${cells.map((c) => (c === null ? "-" : String(c))).join(" | ")} |`;
  console.log(`Machine: ${report.machine}; ${runs} runs per size\n`);
  console.log(line(["environments", "synth median s", "min s", "max s", "peak RSS MB", "resources", "checkov s"]));
  console.log(line(["---", "---", "---", "---", "---", "---", "---"]));
  for (const r of rows) console.log(line([r.environments, r.medianSeconds, r.minSeconds, r.maxSeconds, r.peakRssMb, r.resources, r.checkovSeconds]));
  console.log(`\ntsc --noEmit: ${typecheckSeconds} s`);
  console.log(
    `barrel imports (shipped environments, median of ${barrelRuns}): ${barrel.medianSeconds} s / ${barrel.peakRssMb} MB vs deep ${deep.medianSeconds} s / ${deep.peakRssMb} MB: ` +
      `${report.barrelImports.timeRatio}x time, ${report.barrelImports.memoryRatio}x memory`,
  );
  console.log("\nwritten: reports/bench.json");
}

main();
