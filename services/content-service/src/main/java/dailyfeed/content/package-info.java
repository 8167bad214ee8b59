/**
 * content-service: posts, comments, replies and likes; every change records its activity event through the outbox in
 * its own transaction. Uses no other service's code.
 */
package dailyfeed.content;
