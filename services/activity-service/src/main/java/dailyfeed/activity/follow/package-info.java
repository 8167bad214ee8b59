/**
 * Who follows whom, as this service learns it from follow events, so that no read has to ask member-service. Depends
 * on nothing else in the service.
 */
package dailyfeed.activity.follow;
