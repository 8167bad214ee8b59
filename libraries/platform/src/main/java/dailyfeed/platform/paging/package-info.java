/**
 * Keyset pagination shared by every list: the {@code cursor} + {@code size} query, the typed cursors each list issues
 * and reads back, and the {@code {items, nextCursor}} page. Knows nothing of any service's data.
 */
package dailyfeed.platform.paging;
