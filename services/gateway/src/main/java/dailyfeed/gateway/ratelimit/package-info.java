/**
 * Per-address rate limits at the edge: sign-up, login, the token endpoint and writes each have a token bucket per
 * client address, so a script that floods one of them gets 429 with {@code Retry-After} before anything is forwarded.
 */
package dailyfeed.gateway.ratelimit;
