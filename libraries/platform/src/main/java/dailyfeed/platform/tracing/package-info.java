/**
 * Tracing as every dailyfeed process runs it: Micrometer Tracing on OpenTelemetry, W3C trace context on HTTP and on
 * Kafka records, sampling and export set by the {@code DAILYFEED_TRACING_*} variables ({@link
 * dailyfeed.platform.tracing.TracingEnvironment}).
 */
package dailyfeed.platform.tracing;
