/**
 * member-service: members, their login tokens and service tokens, and who follows whom. Uses no other service's code.
 */
package dailyfeed.member;
