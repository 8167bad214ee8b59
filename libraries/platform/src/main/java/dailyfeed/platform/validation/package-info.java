/**
 * Bean Validation constraints for user text: length in code points, and text PostgreSQL can store exactly as sent.
 */
package dailyfeed.platform.validation;
