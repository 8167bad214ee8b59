/**
 * The transactional outbox: an activity event is recorded in the transaction of its change, sent right after commit,
 * and relayed later if that send did not happen; dead letters are shown and redriven at {@code /actuator/deadletters}.
 * {@link dailyfeed.outbox.EventOutbox} is its API. Must not depend on any service.
 */
package dailyfeed.outbox;
