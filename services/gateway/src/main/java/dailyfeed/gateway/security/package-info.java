/**
 * The gateway's filter chain: bearer tokens checked at the edge, so a request without a valid one never reaches a
 * service.
 */
package dailyfeed.gateway.security;
