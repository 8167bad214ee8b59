/**
 * The followings feed and one member's activities as keyset pages, the banner's unread count and seen marker. Reads
 * {@code store} and {@code follow}; nothing else in the service depends on it.
 */
package dailyfeed.activity.feed;
