/**
 * problem+json for requests refused before any controller runs (by Tomcat or by Spring's own error handling), so every
 * error of the gateway has the same shape and says nothing about the server.
 */
package dailyfeed.gateway.errors;
