/**
 * Which path goes to which service, and how: round robin over each service's instances with failover on connect
 * failures, the event streams proxied without holding a thread, and the token keys fetched from member-service.
 */
package dailyfeed.gateway.routing;
