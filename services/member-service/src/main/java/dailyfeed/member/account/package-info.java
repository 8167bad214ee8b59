/**
 * Members: sign-up, profiles with follow counts, and the member store. Must not depend on {@code auth} or
 * {@code follow}, which build on it.
 */
package dailyfeed.member.account;
