/**
 * {@code POST /api/activities}: services holding {@code activities.write} register an activity over HTTP, stored
 * through the same idempotent path of {@code store} as the Kafka ingest.
 */
package dailyfeed.activity.registration;
