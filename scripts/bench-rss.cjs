// Loaded into every node process of a benchmarked synth (NODE_OPTIONS=--require):
// appends this process's peak resident set size in KB to $BENCH_RSS_FILE on exit.
const { appendFileSync } = require("node:fs");
const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on("exit", () => appendFileSync(file, `${process.resourceUsage().maxRSS}\n`));
}
