/**
 * Follow, unfollow and the follow lists; each real change records its event through the outbox. Builds on
 * {@code account}; must not depend on {@code auth}.
 */
package dailyfeed.member.follow;
