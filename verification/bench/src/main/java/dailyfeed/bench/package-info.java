/**
 * The benchmarks: each figure measured side by side with its baseline in one run, reported on the console, in
 * {@code results/latest.json}, a chart and the table of {@code docs/benchmarks.md}. Run on purpose with
 * {@code -Pbench}, never by the tests.
 */
package dailyfeed.bench;
