/**
 * The Kafka listener of the activity topic: turns batches into {@code store} rows, and sends what cannot be recorded to
 * the dead-letter topic instead of retrying it. Only translates and delegates; the rules live in {@code store}.
 */
package dailyfeed.activity.ingest;
