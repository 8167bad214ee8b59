/** How every service and the gateway write their logs: readable text, or JSON lines for a log shipper. */
package dailyfeed.platform.logging;
