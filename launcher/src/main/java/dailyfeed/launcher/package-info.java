/**
 * {@code ./dailyfeed up}: runs the whole system on one machine — an embedded PostgreSQL, a KRaft broker in a child
 * JVM, the services and the gateway as supervised child processes — and owns how each component is started, watched
 * and stopped. Also the {@code --demo} data.
 */
package dailyfeed.launcher;
