"""Run checkov over synthesized stacks and apply per-resource suppressions.

checkov cannot skip a check for one resource in cdk.tf.json (checkov#4634). Our
constructs record `{id, reason}` suppressions in the resource's "//" comment block
(constructs/policy/suppressions.ts); this gate runs checkov once, then counts a
failure as suppressed only when the failing resource carries a suppression for
that check id. Global skips live in policies/checkov/.checkov.yaml with reasons.

Exit status: 0 when every failure is suppressed; 1 on any unsuppressed failure,
a parsing error, or a checkov crash (a crash is never a pass).

Usage: python scripts/checkov_gate.py <dir with stacks> [--report file.json]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "policies" / "checkov" / ".checkov.yaml"
CUSTOM_CHECKS = ROOT / "policies" / "checkov" / "checks"
SUPPRESSIONS_KEY = "checkov_suppressions"
# (stack, logical name) -> resource type, to print every finding as <type>.<name>.
RESOURCE_TYPES: dict[tuple[str, str], str] = {}


def run_checkov(directory: Path) -> list[dict]:
    cmd = [
        sys.executable, "-m", "checkov.main",
        "--directory", str(directory),
        "--framework", "terraform_json",
        "--config-file", str(CONFIG),
        "--output", "json",
        "--quiet", "--compact", "--skip-download",
    ]
    if CUSTOM_CHECKS.is_dir():
        cmd += ["--external-checks-dir", str(CUSTOM_CHECKS)]
    # No platform key, no network: checkov must not try to phone home.
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false"}
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode not in (0, 1):
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"checkov crashed (exit {proc.returncode}); treating it as a failure")
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(proc.stdout[-2000:] + proc.stderr[-4000:])
        raise SystemExit("checkov printed no JSON report; treating it as a failure")
    return data if isinstance(data, list) else [data]


def suppressions_by_block(directory: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(stack, checkov resource name) -> {check id: reason} from every synthesized stack.

    Resources are keyed by their logical name; provider blocks by "provider.<type>", which
    is how checkov names them. checkov gives every block of one provider type the same
    name, so a provider suppression only counts where the stack has one block of that
    type: with aliases, the failing block cannot be told apart and the failure stands.
    """
    found: dict[tuple[str, str], dict[str, str]] = {}
    for file in directory.glob("*/cdk.tf.json"):
        stack = file.parent.name
        doc = json.loads(file.read_text())
        for rtype, resources in doc.get("resource", {}).items():
            for name, body in resources.items():
                RESOURCE_TYPES[(stack, name)] = rtype
                entries = body.get("//", {}).get(SUPPRESSIONS_KEY, [])
                if entries:
                    found[(stack, name)] = {e["id"]: e["reason"] for e in entries}
        for ptype, blocks in doc.get("provider", {}).items():
            blocks = blocks if isinstance(blocks, list) else [blocks]
            entries = blocks[0].get("//", {}).get(SUPPRESSIONS_KEY, []) if len(blocks) == 1 else []
            if entries:
                found[(stack, f"provider.{ptype}")] = {e["id"]: e["reason"] for e in entries}
    return found


def configured_skips() -> list[str]:
    """Check ids listed under skip-check in .checkov.yaml (plain YAML list, no parser needed)."""
    ids = []
    for line in CONFIG.read_text().splitlines():
        stripped = line.strip()
        if stripped.startswith("- ") and not stripped.startswith("- #"):
            ids.append(stripped[2:].split("#")[0].strip())
    return ids


def input_hash(directory: Path) -> str:
    """Hash of everything the verdict depends on: the stacks, the checks, the config, checkov's pin, this gate."""
    digest = hashlib.sha256()
    files = sorted(directory.glob("*/cdk.tf.json"))
    files += sorted(CUSTOM_CHECKS.glob("*.py")) if CUSTOM_CHECKS.is_dir() else []
    files += [CONFIG, ROOT / "policies" / "requirements.txt", Path(__file__).resolve()]
    for file in files:
        digest.update(str(file.relative_to(ROOT) if file.is_relative_to(ROOT) else file).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def cached_pass(report: Path | None, digest: str) -> dict | None:
    """The previous report when it passed on exactly these inputs; failures are never reused."""
    if report is None or not report.is_file():
        return None
    try:
        previous = json.loads(report.read_text())
    except json.JSONDecodeError:
        return None
    clean = not previous.get("failed") and not previous.get("parsing_errors")
    return previous if clean and previous.get("input_hash") == digest else None


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("directory", type=Path)
    parser.add_argument("--report", type=Path)
    parser.add_argument("--no-cache", action="store_true", help="scan even when the inputs match the last passing report")
    args = parser.parse_args()
    if not any(args.directory.glob("*/cdk.tf.json")):
        print(f"checkov gate: no */cdk.tf.json under {args.directory}; run `npm run synth` first", file=sys.stderr)
        return 1
    digest = input_hash(args.directory)
    previous = None if args.no_cache else cached_pass(args.report, digest)
    if previous:
        print(f"checkov: inputs unchanged since the last passing scan ({digest[:12]}): "
              f"{previous['passed']} passed, 0 failed, {len(previous['suppressed'])} suppressed per resource "
              f"(--no-cache to scan again)")
        return 0

    reports = run_checkov(args.directory)
    suppressions = suppressions_by_block(args.directory)
    passed = skipped = 0
    failed: list[str] = []
    suppressed: list[str] = []
    parsing_errors: list[str] = []
    for report in reports:
        results = report.get("results", {})
        # --quiet leaves passed and skipped checks out of the lists; the summary counts them.
        passed += report.get("summary", {}).get("passed", 0)
        skipped += report.get("summary", {}).get("skipped", 0)
        parsing_errors += results.get("parsing_errors", []) or report.get("summary", {}).get("parsing_errors_list", [])
        if report.get("summary", {}).get("parsing_errors"):
            parsing_errors.append(f"{report['summary']['parsing_errors']} parsing error(s) in {report.get('check_type')}")
        for check in results.get("failed_checks", []):
            stack = Path(check["file_path"]).parent.name
            resource = check["resource"]
            name = resource if resource.startswith("provider.") else resource.split(".")[-1]
            shown = resource if name == resource else f"{RESOURCE_TYPES.get((stack, name), 'resource')}.{name}"
            line = f"{check['check_id']} {stack}/{shown}: {check['check_name']}"
            reason = suppressions.get((stack, name), {}).get(check["check_id"])
            if reason:
                suppressed.append(f"{line}\n    suppressed: {reason}")
            else:
                failed.append(line)

    skipped_ids = configured_skips()
    print(f"checkov: {passed} passed, {len(failed)} failed, {len(suppressed)} suppressed per resource, "
          f"not run per .checkov.yaml skip-check: {', '.join(skipped_ids) or 'none'}")
    for line in suppressed:
        print(f"  SUPPRESSED {line}")
    for line in failed:
        print(f"  FAILED {line}")
    for err in parsing_errors:
        print(f"  PARSING ERROR {err}")
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps({
            "input_hash": digest,
            "passed": passed, "failed": failed, "suppressed": suppressed,
            "skipped": skipped, "skipped_ids": skipped_ids, "parsing_errors": parsing_errors,
        }, indent=2))
    return 1 if failed or parsing_errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
