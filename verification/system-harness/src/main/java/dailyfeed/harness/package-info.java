/**
 * The launched system for the black-box suites (reliability, security, browser tests, benchmarks): starts it through
 * the launcher's jar on free ports and a fresh data folder, finds the built jars, and reads its live streams.
 */
package dailyfeed.harness;
