/**
 * Comments and replies (up to three levels) of live posts, oldest first. Builds on {@code post}; must not depend on
 * {@code like}.
 */
package dailyfeed.content.comment;
