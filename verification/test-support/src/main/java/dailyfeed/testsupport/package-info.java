/**
 * What the services' tests share: a real PostgreSQL per test JVM, embedded and restartable Kafka brokers, test tokens
 * and the structure rules. Test scope only; must not be a dependency of production code.
 */
package dailyfeed.testsupport;
