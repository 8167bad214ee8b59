/**
 * Posts: writing, editing, deleting, reading and an author's list, with their counters. Must not depend on
 * {@code comment} or {@code like}, which build on it.
 */
package dailyfeed.content.post;
