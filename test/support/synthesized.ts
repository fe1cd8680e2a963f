import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { buildApp } from "../../stacks/app";
import { EnvironmentConfig, loadEnvironments, parseEnvironment } from "../../stacks/config";

/** Where global-setup.ts synthesizes the shipped environments once per jest run. */
export const SYNTH_DIR = join(__dirname, "..", ".synth");
export const SHIPPED_ENVIRONMENTS = join(__dirname, "..", "..", "stacks", "environments");

/** A synthesized cdk.tf.json, loosely typed: tests assert on its shape. */
export interface StackJson {
  terraform: { backend?: { s3?: Record<string, unknown> }; required_version?: string; [key: string]: unknown };
  provider?: Record<string, Record<string, unknown>[]>;
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, unknown>;
}

export interface Resource {
  readonly stack: string;
  readonly type: string;
  readonly name: string;
  readonly body: Record<string, unknown>;
}

let cache: Map<string, StackJson> | undefined;

/** Every synthesized stack of the shipped environments, by stack name. */
export function stacks(): Map<string, StackJson> {
  if (!cache) {
    const dir = join(SYNTH_DIR, "stacks");
    cache = new Map(
      readdirSync(dir).map((stack) => [stack, JSON.parse(readFileSync(join(dir, stack, "cdk.tf.json"), "utf8")) as StackJson]),
    );
  }
  return cache;
}

/** Every resource of every stack, optionally of the given types. */
export function resources(...types: string[]): Resource[] {
  const out: Resource[] = [];
  for (const [stack, json] of stacks()) {
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      if (types.length && !types.includes(type)) continue;
      for (const [name, body] of Object.entries(byName)) out.push({ stack, type, name, body });
    }
  }
  return out;
}

/** Resources of one stack whose Terraform address is referenced in a string, e.g. bucket = "${aws_s3_bucket.x.id}". */
export function refersTo(value: unknown, resource: Resource): boolean {
  return typeof value === "string" && value.includes(`${resource.type}.${resource.name}.`);
}

let envCache: EnvironmentConfig[] | undefined;

/**
 * The environments in stacks/environments, whatever a user added there: tests derive
 * their expected counts from these, so adding an environment keeps `npm test` green.
 */
export function shippedEnvironments(): EnvironmentConfig[] {
  envCache ??= loadEnvironments(SHIPPED_ENVIRONMENTS);
  return envCache;
}

type Json = Record<string, unknown>;

/** A value as an object, or {} when it is not one (synthesized JSON is loosely typed). */
export const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});

/** A value as a list of objects: a block cdktf renders as one object counts as a list of one. */
export const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : v ? [obj(v)] : []);

/**
 * Synthesize one environment document (not the shipped folder) into a temporary folder and
 * return every resource, by `<stack>/<type>.<name>`, "//" metadata included.
 */
export function synthesizeEnvironment(file: string, doc: Record<string, unknown>): Map<string, Resource> {
  const outdir = mkdtempSync(join(tmpdir(), "env-"));
  buildApp([parseEnvironment(file, stringify(doc))], outdir).synth();
  const out = new Map<string, Resource>();
  for (const stack of readdirSync(join(outdir, "stacks"))) {
    const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as StackJson;
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, body] of Object.entries(byName)) out.set(`${stack}/${type}.${name}`, { stack, type, name, body });
    }
  }
  return out;
}
