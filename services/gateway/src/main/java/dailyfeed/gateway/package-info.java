/**
 * The gateway: the browser's one origin, routing the API to the services and serving the web UI and Swagger UI. Uses
 * no service's code, only their HTTP APIs.
 */
package dailyfeed.gateway;
