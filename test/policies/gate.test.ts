import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "../..");

/**
 * scripts/checkov_gate.py: a failure counts as suppressed only on the block that records a
 * suppression for that check id (resources and provider blocks); the same failure
 * elsewhere fails the gate. One checkov run over two small stacks.
 */
describe("checkov gate", () => {
  let output = "";
  let status: number | null = null;

  beforeAll(() => {
    const run = spawnSync(join(ROOT, ".venv", "bin", "python"), [join(ROOT, "scripts", "checkov_gate.py"), join(ROOT, "test", "fixtures", "gate")], {
      encoding: "utf8",
    });
    output = run.stdout + run.stderr;
    status = run.status;
  }, 60000);

  test("fails the run because of the unsuppressed failures", () => {
    expect(status).toBe(1);
    expect(output).toMatch(/^\s+FAILED CKV_UAE_1 unexcepted\/provider\.aws/m);
    expect(output).toMatch(/^\s+FAILED CKV_AWS_338 unexcepted\/.*short/m);
  });

  test("suppresses the same failures where the block records a reason, and prints the reason", () => {
    expect(output).toMatch(/SUPPRESSED CKV_UAE_1 excepted-region\/provider\.aws[^\n]*\n\s+suppressed: residency exception: legal basis recorded/);
    expect(output).toMatch(/SUPPRESSED CKV_AWS_338 excepted-region\/.*short[^\n]*\n\s+suppressed: owner-chosen 90-day retention/);
    expect(output).not.toMatch(/FAILED \S+ excepted-region\//);
  });
});
