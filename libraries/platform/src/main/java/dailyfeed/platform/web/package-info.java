/**
 * Errors as RFC 9457 problem+json in every servlet service: validation failures with their fields, 503 for a
 * dependency that is down, and a 500 that says nothing about the server. Registered by auto-configuration.
 */
package dailyfeed.platform.web;
