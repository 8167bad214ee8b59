/**
 * Likes of posts and comments, idempotent: only a real change moves a counter and records an event. Builds on
 * {@code post} and {@code comment}; nothing depends on it.
 */
package dailyfeed.content.like;
