/**
 * Health as every service and the gateway answer it: {@code /actuator/health} a plain status, liveness and readiness
 * as groups of their own (which indicators each includes is each application's {@code application.properties}).
 * Registered by auto-configuration.
 */
package dailyfeed.platform.health;
