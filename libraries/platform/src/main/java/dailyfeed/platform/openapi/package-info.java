/**
 * What every service's OpenAPI description shares, so that it tells the truth about the answers: its title and version,
 * the bearer-token scheme, and the problem+json answers that every operation can give. Registered by
 * auto-configuration in the services that name their description ({@code dailyfeed.api.title}).
 */
package dailyfeed.platform.openapi;
