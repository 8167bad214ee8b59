// Activities in plain words: "alice commented on 'Weekend hike'", each part linking where it belongs. One activity
// (activityWords), a group of them as the banner shows it (groupWords: "bob, carol and 3 others liked 'Weekend hike'"),
// and one activity addressed to the member it is about (aboutMeWords: "bob liked your post 'Weekend hike'").
import { h, excerpt } from './dom.js';
import { postForMention, state } from './state.js';

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

const FOLLOW_VERBS = {
  MEMBER_FOLLOWED: 'followed',
  MEMBER_UNFOLLOWED: 'unfollowed',
};

/** The types whose comment text a line quotes after the post's name: the others only point at the comment. */
const QUOTING_COMMENT_TYPES = new Set(['COMMENT_CREATED', 'COMMENT_UPDATED']);

/** A member as shown in a line: their handle, as people say it, linking to their page. */
function actorLink(actor) {
  return h('a', { class: 'actor', href: `#/members/${actor?.id}`, text: actor?.handle || actor?.displayName || 'someone' });
}

/** How a post is named in a line: its title, else the start of its text. */
export function postName(post) {
  return `'${excerpt(post.title || post.content, 50)}'`;
}

/**
 * True when the text of an activity (or of the newest activity of a group) was withdrawn because the post or comment
 * it quotes was deleted: the live stream said so (`withdrawn`, set by the banner), or the server sends it with an
 * empty summary, which a line quoting a post or comment never has otherwise.
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
  const withdrawn = isWithdrawn(activity);
  const summary = withdrawn ? '' : activity.summary || '';
  const type = activity.type;
  const actor = actorLink(activity.actor);
  if (type in FOLLOW_VERBS) return [actor, ` ${FOLLOW_VERBS[type]} `, memberObject(activity.targetMemberId, summary)];
  if (type in POST_VERBS) return [actor, ...postPhrase(type, activity.postId, summary, withdrawn)];
  if (type in COMMENT_VERBS) {
    const verb = COMMENT_VERBS[type][activity.parentCommentId ? 1 : 0];
    return [actor, ` ${verb} `, postOfComment(activity.postId, withdrawn), ...said(type, summary)];
  }
  return [actor, ` did something (${type})`];
}

/**
 * The words of a group of the grouped feed: who (its sample actors and how many others), what, on which post,
 * comment or member, and how often when some did it more than once:
 * "bob liked 'Hike'", "bob and carol liked 'Hike'", "bob, carol and dave liked 'Hike'",
 * "bob, carol, dave and 2 others liked 'Hike'", "bob commented 3 times on 'Hike': “See you there”".
 * The quote is the group's newest activity's; a withdrawn one is left out as in activityWords.
 */
export function groupWords(group) {
  const withdrawn = isWithdrawn(group);
  const summary = withdrawn ? '' : group.summary || '';
  const type = group.type;
  const target = group.target || {};
  const actors = actorsWords(group.sampleActors || [], group.actorCount);
  const count = Number(group.count) || 1;
  const several = (Number(group.actorCount) || 1) > 1;
  const repeated = count > (Number(group.actorCount) || 1);
  // "bob liked 'Hike' 2 times"; a repeat among several actors reads as a count after the line
  const times = !repeated ? '' : several ? ` (${count} times)` : ` ${count} times`;

  if (type in FOLLOW_VERBS) {
    return [...actors, ` ${FOLLOW_VERBS[type]} `, memberObject(target.targetMemberId, summary), times];
  }
  if (type in POST_VERBS) return [...actors, ...postPhrase(type, target.postId, summary, withdrawn), times];
  if (type === 'COMMENT_CREATED') {
    // the group's target is the post for comments on it, the answered comment for replies
    const verb = commentingVerb(target.commentId != null, count, repeated, several);
    return [...actors, ` ${verb} `, postOfComment(target.postId, withdrawn), ...said(type, summary)];
  }
  if (type in COMMENT_VERBS) {
    // a group does not say whether its comment is a reply: "a comment" is true of both
    return [...actors, ` ${COMMENT_VERBS[type][0]} `, postOfComment(target.postId, withdrawn), times, ...said(type, summary)];
  }
  return [...actors, ` did something (${type})`];
}

/**
 * "bob", "bob and carol", "bob, carol and dave", "bob, carol and 3 others": every sample actor by name, then how many
 * more members did it (actorCount less the names shown).
 */
function actorsWords(sampleActors, actorCount) {
  const parts = sampleActors.map(actorLink);
  const others = Math.max(0, (Number(actorCount) || parts.length) - parts.length);
  if (others > 0) parts.push(h('span', { class: 'others', text: others === 1 ? '1 other' : `${others} others` }));
  if (!parts.length) return ['someone'];
  return parts.flatMap((part, i) => (i === 0 ? [part] : [i === parts.length - 1 ? ' and ' : ', ', part]));
}

function commentingVerb(reply, count, repeated, several) {
  if (!repeated) return reply ? 'replied to a comment on' : 'commented on';
  if (several) return reply ? `left ${count} replies to a comment on` : `left ${count} comments on`;
  return reply ? `replied ${count} times to a comment on` : `commented ${count} times on`;
}

/**
 * The words of an activity about the reader, addressed to them: "bob liked your post 'Hike'", "carol commented on
 * your post 'Hike': “Count me in”", "dave replied to your comment on 'Hike': “…”", "erin liked your comment “…”",
 * "frank followed you". About-me holds new comments and replies, likes of posts and comments, and follows; anything
 * else reads as in the banner.
 */
export function aboutMeWords(activity) {
  const withdrawn = isWithdrawn(activity);
  const summary = withdrawn ? '' : activity.summary || '';
  const actor = actorLink(activity.actor);
  const postHref = activity.postId ? `#/posts/${activity.postId}` : null;
  switch (activity.type) {
    case 'MEMBER_FOLLOWED':
      return [actor, ' followed ', h('a', { class: 'object', href: `#/members/${state.me?.id}`, text: 'you' })];
    case 'POST_LIKED': {
      if (withdrawn) return [actor, ' liked ', h('span', { class: 'object', text: 'your deleted post' })];
      const named = h('a', { class: 'object', href: postHref, text: quote(summary) });
      nameByTitle(named, activity.postId, false, false);
      return [actor, ' liked your post ', named];
    }
    case 'COMMENT_LIKED':
      return [actor, ' liked ', h('a', { class: 'object', href: postHref, text: 'your comment' }),
        summary ? ' ' : '', summary ? h('span', { class: 'said', text: `“${summary}”` }) : null];
    case 'COMMENT_CREATED': {
      if (!activity.parentCommentId) {
        return [actor, ' commented on your post ', postOfComment(activity.postId, false), ...said(activity.type, summary)];
      }
      // a reply reaches the author of the comment it answers and the author of the post: which one the reader is
      // shows once the post is known
      const verb = h('span', { class: 'verb', text: ' replied on ' });
      const named = postOfComment(activity.postId, false, (post) => {
        if (!post) verb.textContent = ' replied to you on ';
        else if (String(post.authorId) === String(state.me?.id)) verb.textContent = ' replied on your post ';
        else verb.textContent = ' replied to your comment on ';
      });
      return [actor, verb, named, ...said(activity.type, summary)];
    }
    default:
      return activityWords(activity);
  }
}

/** " posted 'Hike'", " deleted a post", " liked a deleted post": the verb and object of a post's activity. */
function postPhrase(type, postId, summary, withdrawn) {
  // what was deleted is not quoted: its text is withdrawn everywhere else too
  if (type === 'POST_DELETED') return [` ${POST_VERBS[type]}`];
  if (withdrawn) return [` ${WITHDRAWN_POST_VERBS[type]} `, h('span', { class: 'object', text: 'a deleted post' })];
  const named = h('a', { class: 'object', href: postId ? `#/posts/${postId}` : null, text: summary ? quote(summary) : 'a post' });
  // the summary may be the post's text; its title reads better when it has one
  nameByTitle(named, postId, false, false);
  return [` ${POST_VERBS[type]} `, named];
}

/** The post a comment is on, named by its title or text once fetched; `known(post)` hears the post (null: gone). */
function postOfComment(postId, withdrawn, known) {
  const named = h('a', { class: 'object', href: postId ? `#/posts/${postId}` : null, text: 'a post' });
  nameByTitle(named, postId, true, withdrawn, known);
  return named;
}

/** ": “the comment's text”" for the types that quote it. */
function said(type, summary) {
  return summary && QUOTING_COMMENT_TYPES.has(type) ? [': ', h('span', { class: 'said', text: `“${summary}”` })] : [];
}

function memberObject(memberId, summary) {
  return h('a', { class: 'object', href: `#/members/${memberId}`, text: summary || `member ${memberId}` });
}

function quote(text) {
  return `'${excerpt(text, 50)}'`;
}

function nameByTitle(link, postId, fallbackToText, withdrawn, known = () => {}) {
  if (!postId) return;
  postForMention(postId).then((post) => {
    if (post && (post.title || fallbackToText)) link.textContent = postName(post);
    else if (!post && withdrawn) {
      link.textContent = 'a deleted post';
      link.removeAttribute('href');
    }
    known(post);
  });
}
