/**
 * activity-service: records member activity from the activity topic (and over HTTP) and serves the followings feed,
 * one member's activities and the live stream. Uses no other service's code: events arrive as {@code dailyfeed.events}.
 */
package dailyfeed.activity;
