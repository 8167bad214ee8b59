/**
 * What every service's filter chain shares: stateless bearer tokens, problem+json for 401 and 403, the scopes, and the
 * member a request acts for. Each service declares its own chain with {@link dailyfeed.platform.security.ApiSecurity}.
 */
package dailyfeed.platform.security;
