/**
 * The Kafka listener of the activity topic: turns batches into {@code store} rows, and sends what cannot be recorded to
 * the dead-letter topic instead of retrying it — unreadable records, broken rules, a known event id with another body,
 * content the database refuses — while a database that cannot work now is retried without limit. Operators list and
 * replay the dead letters at {@code /actuator/ingestdeadletters}. Only translates and delegates; the rules live in
 * {@code store}.
 */
package dailyfeed.activity.ingest;
