/**
 * The contract between producers and consumers of the activity topic: the event, its JSON wire format, the topic's
 * default name. Plain Java with Jackson only: must not depend on Spring or on any service.
 */
package dailyfeed.events;
