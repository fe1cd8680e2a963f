// Last line of `npm test`: one plain count over jest and the checkov gate, read from the
// reports they wrote in this run, e.g. "tests: 389 passed, 0 failed".
const { readFileSync } = require("node:fs");
const jest = JSON.parse(readFileSync("reports/jest.json", "utf8"));
const checkov = JSON.parse(readFileSync("reports/checkov.json", "utf8"));
const passed = jest.numPassedTests + checkov.passed;
const failed = jest.numFailedTests + checkov.failed.length + checkov.parsing_errors.length;
console.log(`jest: ${jest.numPassedTests} passed, ${jest.numFailedTests} failed`);
console.log(`checkov: ${checkov.passed} passed, ${checkov.failed.length} failed`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
