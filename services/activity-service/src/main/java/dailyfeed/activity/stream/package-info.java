/**
 * The live stream (server-sent events) of new followee activities and banner updates: this instance's open streams, the
 * tailer that follows the stream order of {@code store}, and the non-blocking writes. Nothing else depends on it.
 */
package dailyfeed.activity.stream;
