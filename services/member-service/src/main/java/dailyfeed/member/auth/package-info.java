/**
 * Tokens: login with handle and password (throttled), the authorization server for service tokens, the signing keys
 * kept in the database and the filter chains. Builds on {@code account}; must not depend on {@code follow}.
 */
package dailyfeed.member.auth;
