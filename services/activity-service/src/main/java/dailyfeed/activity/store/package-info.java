/**
 * The {@code member_activities} table and its one write path ({@link dailyfeed.activity.store.ActivityRecorder}): the
 * rules an event must meet, withdrawals of deleted text, and the {@code NOTIFY} announcements live streams listen to.
 * Depends only on {@code follow}; the features that read or write through it ({@code feed}, {@code stream},
 * {@code ingest}, {@code registration}) must not be depended on from here.
 */
package dailyfeed.activity.store;
