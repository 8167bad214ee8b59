// An activity in plain words: "alice commented on 'Weekend hike'", each part linking where it belongs.
import { h, excerpt } from './dom.js';
import { postForMention } from './state.js';

const POST_VERBS = {
  POST_CREATED: 'posted',
  POST_UPDATED: 'edited their post',
  POST_DELETED: 'deleted a post',
  POST_LIKED: 'liked',
  POST_UNLIKED: 'unliked',
};

/** The verbs of a withdrawn post line, whose object reads "a deleted post". */
const WITHDRAWN_POST_VERBS = {
  POST_CREATED: 'posted',
  POST_UPDATED: 'edited',
  POST_LIKED: 'liked',
  POST_UNLIKED: 'unliked',
};

const COMMENT_VERBS = {
  COMMENT_CREATED: ['commented on', 'replied to a comment on'],
  COMMENT_UPDATED: ['edited a comment on', 'edited a reply on'],
  COMMENT_DELETED: ['deleted a comment on', 'deleted a reply on'],
  COMMENT_LIKED: ['liked a comment on', 'liked a reply on'],
  COMMENT_UNLIKED: ['unliked a comment on', 'unliked a reply on'],
};

/** The actor's name as shown in a line: their handle, as people say it. */
function actorName(activity) {
  return activity.actor?.handle || activity.actor?.displayName || 'someone';
}

/** How a post is named in a line: its title, else the start of its text. */
export function postName(post) {
  return `'${excerpt(post.title || post.content, 50)}'`;
}

/**
 * True when the activity's text was withdrawn because the post or comment it quotes was deleted: the live stream said
 * so (`withdrawn`, set by the banner), or the server sends it with an empty summary, which a line quoting a post or
 * comment never has otherwise.
 */
export function isWithdrawn(activity) {
  return Boolean(activity.withdrawn) || (!activity.summary && (activity.type in POST_VERBS || activity.type in COMMENT_VERBS));
}

/**
 * The words of an activity as a list of nodes: the actor links to their page, the object to its post or member.
 * Posts are named by their title (fetched once, cached); until then, or if the post is gone, by the summary.
 * A withdrawn activity keeps its line without the text: "bob posted a deleted post", "bob commented on 'Hike'".
 */
export function activityWords(activity) {
  const actor = h('a', { class: 'actor', href: `#/members/${activity.actor?.id}`, text: actorName(activity) });
  const type = activity.type;
  const withdrawn = isWithdrawn(activity);
  const summary = withdrawn ? '' : activity.summary || '';

  if (type === 'MEMBER_FOLLOWED' || type === 'MEMBER_UNFOLLOWED') {
    const verb = type === 'MEMBER_FOLLOWED' ? 'followed' : 'unfollowed';
    const target = h('a', { class: 'object', href: `#/members/${activity.targetMemberId}`,
      text: summary || `member ${activity.targetMemberId}` });
    return [actor, ` ${verb} `, target];
  }

  const postHref = activity.postId ? `#/posts/${activity.postId}` : null;
  if (type in POST_VERBS) {
    // what was deleted is not quoted: its text is withdrawn everywhere else too
    if (type === 'POST_DELETED') return [actor, ` ${POST_VERBS[type]}`];
    if (withdrawn) return [actor, ` ${WITHDRAWN_POST_VERBS[type]} `, h('span', { class: 'object', text: 'a deleted post' })];
    const named = h('a', { class: 'object', href: postHref, text: summary ? quote(summary) : 'a post' });
    // the summary may be the post's text; its title reads better when it has one
    nameByTitle(named, activity.postId, false, false);
    return [actor, ` ${POST_VERBS[type]} `, named];
  }

  if (type in COMMENT_VERBS) {
    const verb = COMMENT_VERBS[type][activity.parentCommentId ? 1 : 0];
    const named = h('a', { class: 'object', href: postHref, text: 'a post' });
    nameByTitle(named, activity.postId, true, withdrawn);
    const said = summary && type !== 'COMMENT_LIKED' && type !== 'COMMENT_UNLIKED' && type !== 'COMMENT_DELETED'
      ? h('span', { class: 'said', text: `“${summary}”` }) : null;
    return [actor, ` ${verb} `, named, said ? ': ' : '', said];
  }

  return [actor, ` did something (${type})`];
}

function quote(text) {
  return `'${excerpt(text, 50)}'`;
}

function nameByTitle(link, postId, fallbackToText, withdrawn) {
  if (!postId) return;
  postForMention(postId).then((post) => {
    if (post && (post.title || fallbackToText)) link.textContent = postName(post);
    else if (!post && withdrawn) {
      link.textContent = 'a deleted post';
      link.removeAttribute('href');
    }
  });
}
