// The stateful part of the Slack emulator: the workspace seeded by seed.mjs and the
// Web API methods over it, answered as Slack answers them (HTTP 200 with
// {"ok":false,"error":...} for errors, 429 + Retry-After when rate limited) and, for
// successes, shaped exactly as slack_web_inbox_subset.json documents them: history and
// replies carry no response_metadata (they page by latest/oldest + has_more), and a
// message in history, replies or a chat.postMessage answer carries no `edited` (the
// description's message object has no such property; chat.update's answer and the
// Socket Mode events, whose schemas allow it, do carry it).
//
// Every method runs as the owner of the token: the user token belongs to alice.
// Control calls (post-as, update-as, ...) act as any user and go through the same code.

import { randomUUID } from 'node:crypto';
import { seed, cmpTs, TEAM, APP_ID, BOT_ID, ALICE, BOT, SLACKBOT } from './seed.mjs';

const MAX_TEXT = 40000;

export class SlackError extends Error {
    constructor(code, status = 200, headers = {}) {
        super(code);
        this.code = code;
        this.status = status;
        this.headers = headers;
    }
}

const fail = (code) => {
    throw new SlackError(code);
};

function b64(s) {
    return Buffer.from(s, 'utf8').toString('base64');
}

function unb64(s) {
    return Buffer.from(String(s), 'base64').toString('utf8');
}

function intParam(v, dflt, min, max) {
    if (v === undefined || v === null || v === '') return dflt;
    const n = Number.parseInt(String(v), 10);
    if (!Number.isFinite(n)) return dflt;
    if (n <= 0) return dflt;
    return Math.max(min, Math.min(max, n));
}

function boolParam(v) {
    return v === true || v === 'true' || v === '1' || v === 1;
}

function tsParam(v, errorCode) {
    if (v === undefined || v === null || v === '') return null;
    const s = String(v);
    if (!/^\d+(\.\d{1,6})?$/.test(s)) fail(errorCode);
    const [sec, frac = ''] = s.split('.');
    return `${sec}.${frac.padEnd(6, '0')}`;
}

// Cursors look like Slack's: base64 of "<kind>:<position>".
function encodeCursor(kind, position) {
    return b64(`${kind}:${position}`);
}

function decodeCursor(cursor, kind) {
    if (!cursor) return null;
    const text = unb64(cursor);
    const prefix = `${kind}:`;
    if (!text.startsWith(prefix)) fail('invalid_cursor');
    return text.slice(prefix.length);
}

export class Workspace {
    //! options: { baseUrl, epoch, userToken, appToken, verificationToken, publish(payload) }
    constructor(options) {
        this.options = options;
        this.publish = options.publish ?? (() => {});
        this.reset();
    }

    reset() {
        const s = seed({ epoch: this.options.epoch, fileBaseUrl: this.options.baseUrl });
        this.users = s.users;
        this.conversations = s.conversations;
        this.files = s.files;
        this.lastRead = s.lastRead;
        this.revoked = new Set();
        this.bursts = new Map();
        this.failures = new Map();
        // Real Slack promises no deduplication of client_msg_id; fault tests turn ours off
        // (/_emulator/config {dedupe_client_msg_id: false}) so a double post shows as two.
        this.dedupeClientMsgId = true;
        this.lastTsMicros = 0n;
        this.eventCounter = 0;
        this.tokens = new Map([
            [this.options.userToken, { kind: 'user', user: ALICE }],
            [this.options.appToken, { kind: 'app', app: APP_ID }],
        ]);
    }

    // --- tokens and rate limits -------------------------------------------------------

    //! Resolves a token to {kind, user|app}; throws not_authed / invalid_auth / token_revoked.
    authenticate(token) {
        if (!token) fail('not_authed');
        if (this.revoked.has(token)) fail('token_revoked');
        const who = this.tokens.get(token);
        if (!who) fail('invalid_auth');
        // Rotating tokens (oauth.mjs) expire; the others live until revoked.
        if (who.expiresAt !== undefined && Date.now() >= who.expiresAt) fail('token_expired');
        return who;
    }

    revoke(token) {
        const t = token || this.options.userToken;
        if (!this.tokens.has(t)) return false;
        this.revoked.add(t);
        return true;
    }

    //! The next `count` calls of `method` ("*" for any) answer 429 with Retry-After.
    burst(method, count, retryAfter) {
        this.bursts.set(method || '*', { remaining: Math.max(0, count | 0), retryAfter: Math.max(0, retryAfter | 0) });
    }

    //! The next `count` calls of `method` answer HTTP 200 `{ok: false, error}`, as Slack reports
    //! a refusal that no retry mends (user_not_found, missing_scope, ...).
    failNext(method, error, count) {
        this.failures.set(method, { remaining: Math.max(0, count | 0), error });
    }

    checkInjectedFailure(method) {
        const f = this.failures.get(method);
        if (f && f.remaining > 0) {
            f.remaining -= 1;
            throw new SlackError(f.error);
        }
    }

    checkRateLimit(method) {
        for (const key of [method, '*']) {
            const b = this.bursts.get(key);
            if (b && b.remaining > 0) {
                b.remaining -= 1;
                throw new SlackError('ratelimited', 429, { 'Retry-After': String(b.retryAfter) });
            }
        }
    }

    // --- lookups ----------------------------------------------------------------------

    user(idOrName) {
        const key = String(idOrName ?? '').replace(/^@/, '');
        return this.users.find((u) => u.id === key || u.name === key);
    }

    visible(conv, userId) {
        if (conv.kind === 'public_channel') return true;
        return conv.members.includes(userId);
    }

    conversation(idOrName, userId) {
        const key = String(idOrName ?? '').replace(/^#/, '');
        const conv = this.conversations.find((c) => c.id === key || (c.name && c.name === key && c.kind !== 'im'));
        if (!conv || !this.visible(conv, userId)) fail('channel_not_found');
        return conv;
    }

    message(conv, ts) {
        return conv.messages.find((m) => m.ts === ts);
    }

    repliesOf(conv, parentTs) {
        return conv.messages.filter((m) => m.thread_ts === parentTs && m.ts !== parentTs);
    }

    isReply(m) {
        return m.thread_ts && m.thread_ts !== m.ts;
    }

    // A new ts: wall clock, strictly increasing across the workspace.
    nextTs() {
        let micros = BigInt(Date.now()) * 1000n;
        if (micros <= this.lastTsMicros) micros = this.lastTsMicros + 1n;
        this.lastTsMicros = micros;
        const s = micros.toString();
        return `${s.slice(0, -6)}.${s.slice(-6)}`;
    }

    // --- rendering --------------------------------------------------------------------

    fileObject(id) {
        const meta = { ...this.files.get(id) };
        delete meta.content;
        return meta;
    }

    // `withEdited`: only where the schema has room for it (chat.update, events).
    renderMessage(conv, m, viewer, { withEdited = false } = {}) {
        const out = { type: 'message' };
        if (m.subtype) out.subtype = m.subtype;
        out.text = m.text;
        out.user = m.user;
        out.ts = m.ts;
        if (m.team) out.team = m.team;
        if (m.bot_id) {
            out.bot_id = m.bot_id;
            out.bot_profile = {
                id: BOT_ID,
                deleted: false,
                name: 'Tributary Bot',
                updated: this.options.epoch - 86400 * 30,
                app_id: APP_ID,
                icons: {
                    image_36: 'https://avatars.slack-edge.com/2023-11-14/bot_36.png',
                    image_48: 'https://avatars.slack-edge.com/2023-11-14/bot_48.png',
                    image_72: 'https://avatars.slack-edge.com/2023-11-14/bot_72.png',
                },
                team_id: TEAM.id,
            };
        }
        if (m.client_msg_id) out.client_msg_id = m.client_msg_id;
        if (withEdited && m.edited) out.edited = { ...m.edited };
        if (m.files.length) {
            out.files = m.files.map((id) => this.fileObject(id));
            out.upload = Boolean(m.upload);
            out.display_as_bot = false;
        }
        if (m.reactions.length) {
            out.reactions = m.reactions.map((r) => ({ name: r.name, users: [...r.users], count: r.users.length }));
        }
        if (this.isReply(m)) {
            out.thread_ts = m.thread_ts;
            const parent = this.message(conv, m.thread_ts);
            out.parent_user_id = parent ? parent.user : m.user;
        } else {
            const replies = this.repliesOf(conv, m.ts);
            if (replies.length) {
                const replyUsers = [...new Set(replies.map((x) => x.user))];
                out.thread_ts = m.ts;
                out.reply_count = replies.length;
                out.reply_users_count = replyUsers.length;
                out.latest_reply = replies[replies.length - 1].ts;
                out.reply_users = replyUsers.slice(0, 5);
                out.subscribed = m.user === viewer || replyUsers.includes(viewer);
            }
        }
        return out;
    }

    unreadCount(conv, userId) {
        const last = this.lastRead.get(conv.id) ?? '0.000000';
        return conv.messages.filter((m) => !this.isReply(m) && m.user !== userId && cmpTs(m.ts, last) > 0).length;
    }

    renderConversation(conv, viewer, { withReadState = false } = {}) {
        if (conv.kind === 'im') {
            const other = this.user(conv.user);
            const out = {
                id: conv.id,
                created: conv.created,
                is_archived: false,
                is_im: true,
                is_org_shared: false,
                context_team_id: TEAM.id,
                updated: conv.created * 1000,
                user: conv.user,
                is_user_deleted: Boolean(other?.deleted),
                priority: 0,
            };
            if (withReadState) {
                out.is_open = true;
                out.last_read = this.lastRead.get(conv.id) ?? '0000000000.000000';
                out.unread_count = this.unreadCount(conv, viewer);
                out.unread_count_display = out.unread_count;
            }
            return out;
        }
        const isMpim = conv.kind === 'mpim';
        const out = {
            id: conv.id,
            name: conv.name,
            // Private channels made since 2021 have C ids and is_channel true, is_group false.
            is_channel: !isMpim,
            is_group: isMpim,
            is_im: false,
            is_mpim: isMpim,
            is_private: Boolean(conv.is_private),
            created: conv.created,
            is_archived: Boolean(conv.is_archived),
            is_general: Boolean(conv.is_general),
            unlinked: 0,
            name_normalized: conv.name,
            is_shared: false,
            is_org_shared: false,
            is_pending_ext_shared: false,
            pending_shared: [],
            context_team_id: TEAM.id,
            updated: conv.created * 1000,
            parent_conversation: null,
            creator: conv.creator,
            is_ext_shared: false,
            shared_team_ids: [TEAM.id],
            pending_connected_team_ids: [],
            is_member: conv.members.includes(viewer),
            topic: { value: conv.topic ?? '', creator: conv.topic ? conv.creator : '', last_set: conv.topic ? conv.created : 0 },
            purpose: { value: conv.purpose ?? '', creator: conv.purpose ? conv.creator : '', last_set: conv.purpose ? conv.created : 0 },
            previous_names: [],
            num_members: conv.members.length,
        };
        if (withReadState && out.is_member) {
            out.last_read = this.lastRead.get(conv.id) ?? '0000000000.000000';
            out.unread_count = this.unreadCount(conv, viewer);
            out.unread_count_display = out.unread_count;
        }
        return out;
    }

    // --- events -----------------------------------------------------------------------

    channelType(conv) {
        return { public_channel: 'channel', private_channel: 'group', im: 'im', mpim: 'mpim' }[conv.kind];
    }

    // Events go to the app installed by alice: conversations she can see.
    emit(conv, event) {
        if (!this.visible(conv, ALICE)) return;
        this.eventCounter += 1;
        const now = Math.floor(Date.now() / 1000);
        this.publish({
            token: this.options.verificationToken,
            team_id: TEAM.id,
            api_app_id: APP_ID,
            event,
            type: 'event_callback',
            event_id: `Ev${String(this.eventCounter).padStart(9, '0')}`,
            event_time: now,
            authed_users: [ALICE],
            authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: ALICE, is_bot: false, is_enterprise_install: false }],
            is_ext_shared_channel: false,
            event_context: `4-${b64(`message-${conv.id}-${this.eventCounter}`)}`,
        });
    }

    emitMessage(conv, m) {
        const event = { ...this.renderMessage(conv, m, ALICE, { withEdited: true }), channel: conv.id, event_ts: m.ts, channel_type: this.channelType(conv) };
        this.emit(conv, event);
    }

    // --- Web API methods --------------------------------------------------------------

    authTest(caller) {
        const u = this.user(caller.user);
        return {
            ok: true,
            url: `https://${TEAM.domain}.slack.com/`,
            team: TEAM.name,
            user: u.name,
            team_id: TEAM.id,
            user_id: u.id,
            is_enterprise_install: false,
        };
    }

    teamInfo() {
        return {
            ok: true,
            team: {
                id: TEAM.id,
                name: TEAM.name,
                domain: TEAM.domain,
                email_domain: TEAM.email_domain,
                icon: {
                    image_34: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-34.png',
                    image_44: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-44.png',
                    image_68: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-68.png',
                    image_88: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-88.png',
                    image_102: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-102.png',
                    image_132: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-132.png',
                    image_230: 'https://a.slack-edge.com/80588/img/avatars-teams/ava_0001-230.png',
                    image_default: true,
                },
                avatar_base_url: 'https://ca.slack-edge.com/',
            },
        };
    }

    // Conversations of `types` visible to `viewer`, in a stable order, paged by id.
    listConversations(viewer, params, { memberOf = null } = {}) {
        const types = String(params.types || 'public_channel')
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
        const known = ['public_channel', 'private_channel', 'mpim', 'im'];
        if (types.some((t) => !known.includes(t))) fail('invalid_types');
        const excludeArchived = boolParam(params.exclude_archived);
        let list = this.conversations.filter(
            (c) => types.includes(c.kind) && this.visible(c, viewer) && !(excludeArchived && c.is_archived),
        );
        if (memberOf) list = list.filter((c) => c.members.includes(memberOf));
        const limit = intParam(params.limit, 100, 1, 1000);
        const after = decodeCursor(params.cursor, 'team');
        let start = 0;
        if (after !== null) {
            start = list.findIndex((c) => c.id === after);
            if (start < 0) fail('invalid_cursor');
        }
        const page = list.slice(start, start + limit);
        const next = list[start + limit];
        return {
            ok: true,
            channels: page.map((c) => this.renderConversation(c, viewer)),
            response_metadata: { next_cursor: next ? encodeCursor('team', next.id) : '' },
        };
    }

    conversationsInfo(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        return { ok: true, channel: this.renderConversation(conv, caller.user, { withReadState: true }) };
    }

    conversationsMembers(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        const limit = intParam(params.limit, 100, 1, 1000);
        const after = decodeCursor(params.cursor, 'member');
        let start = 0;
        if (after !== null) {
            start = conv.members.indexOf(after);
            if (start < 0) fail('invalid_cursor');
        }
        const next = conv.members[start + limit];
        return {
            ok: true,
            members: conv.members.slice(start, start + limit),
            response_metadata: { next_cursor: next ? encodeCursor('member', next) : '' },
        };
    }

    // Newest first within (oldest, latest), exclusive unless inclusive. No cursor: the
    // description's history schema has no response_metadata, so a client pages with
    // latest = the oldest ts it has (as Slack allows too). An empty range is messages:[]
    // as in Slack, which the description (minItems 1) cannot express: tests ask it directly.
    history(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        const latest = tsParam(params.latest, 'invalid_ts_latest');
        const oldest = tsParam(params.oldest, 'invalid_ts_oldest') ?? '0.000000';
        const inclusive = boolParam(params.inclusive);
        const limit = intParam(params.limit, 100, 1, 999);
        const inRange = (m) => {
            const lo = cmpTs(m.ts, oldest);
            if (lo < 0 || (lo === 0 && !inclusive)) return false;
            if (latest) {
                const hi = cmpTs(m.ts, latest);
                if (hi > 0 || (hi === 0 && !inclusive)) return false;
            }
            return true;
        };
        const all = conv.messages
            .filter((m) => (!this.isReply(m) || m.subtype === 'thread_broadcast') && inRange(m))
            .reverse();
        const page = all.slice(0, limit);
        const out = {
            ok: true,
            messages: page.map((m) => this.renderMessage(conv, m, caller.user)),
            has_more: all.length > limit,
            pin_count: 0,
            channel_actions_ts: null,
            channel_actions_count: 0,
        };
        return out;
    }

    // The parent first, then its replies oldest first; `ts` may name the parent or a reply.
    // Pages by oldest = the newest reply a client has (no cursor, as for history); the
    // parent comes first on every page.
    replies(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        const ts = tsParam(params.ts, 'thread_not_found');
        let root = ts && this.message(conv, ts);
        if (!root) fail('thread_not_found');
        if (this.isReply(root)) root = this.message(conv, root.thread_ts) ?? root;
        const latest = tsParam(params.latest, 'invalid_ts_latest');
        const oldest = tsParam(params.oldest, 'invalid_ts_oldest') ?? '0.000000';
        const inclusive = boolParam(params.inclusive);
        const limit = intParam(params.limit, 1000, 1, 1000);
        const inRange = (m) => {
            const lo = cmpTs(m.ts, oldest);
            if (lo < 0 || (lo === 0 && !inclusive)) return false;
            if (latest) {
                const hi = cmpTs(m.ts, latest);
                if (hi > 0 || (hi === 0 && !inclusive)) return false;
            }
            return true;
        };
        const replies = this.repliesOf(conv, root.ts).filter(inRange);
        // Slack puts the parent on every page.
        const page = [root, ...replies.slice(0, Math.max(0, limit - 1))];
        const rest = replies.slice(Math.max(0, limit - 1));
        return { ok: true, messages: page.map((m) => this.renderMessage(conv, m, caller.user)), has_more: rest.length > 0 };
    }

    mark(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        if (!conv.members.includes(caller.user)) fail('not_in_channel');
        const ts = tsParam(params.ts, 'invalid_timestamp');
        if (!ts) fail('invalid_timestamp');
        this.lastRead.set(conv.id, ts);
        return { ok: true };
    }

    open(caller, params) {
        if (params.channel) {
            const conv = this.conversation(params.channel, caller.user);
            return { ok: true, no_op: true, already_open: true, channel: boolParam(params.return_im) ? this.renderConversation(conv, caller.user, { withReadState: true }) : { id: conv.id } };
        }
        const ids = String(params.users || '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
        if (!ids.length) fail('users_list_not_supplied');
        const people = ids.map((id) => {
            const u = this.user(id);
            if (!u || u.id !== id) fail('user_not_found');
            if (u.deleted) fail('user_disabled');
            return u.id;
        });
        const others = [...new Set(people.filter((id) => id !== caller.user))];
        if (others.length > 8) fail('too_many_users');
        let conv;
        let created = false;
        if (others.length <= 1) {
            const other = others[0] ?? caller.user;
            conv = this.conversations.find((c) => c.kind === 'im' && c.members.includes(caller.user) && c.user === other);
            if (!conv) {
                conv = { id: `D0${other.slice(-8)}`, kind: 'im', user: other, members: [caller.user, other], created: Math.floor(Date.now() / 1000), messages: [] };
                this.conversations.push(conv);
                created = true;
            }
        } else {
            const members = [caller.user, ...others].sort();
            conv = this.conversations.find(
                (c) => c.kind === 'mpim' && c.members.length === members.length && [...c.members].sort().every((m, i) => m === members[i]),
            );
            if (!conv) {
                const names = members.map((id) => this.user(id).name);
                conv = {
                    id: `G0MP${String(this.conversations.length).padStart(6, '0')}`,
                    kind: 'mpim',
                    name: `mpdm-${names.join('--')}-1`,
                    is_private: true,
                    members,
                    creator: caller.user,
                    created: Math.floor(Date.now() / 1000),
                    topic: '',
                    purpose: '',
                    messages: [],
                };
                this.conversations.push(conv);
                created = true;
            }
        }
        const channel = boolParam(params.return_im) || conv.kind === 'mpim'
            ? this.renderConversation(conv, caller.user, { withReadState: true })
            : { id: conv.id };
        const out = { ok: true, channel };
        if (!created) {
            out.no_op = true;
            out.already_open = true;
        }
        return out;
    }

    // Posts as caller.user. A repeated client_msg_id (same channel and author) returns the
    // message it first created instead of posting twice (see README: Slack does not promise this).
    postMessage(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        if (conv.is_archived) fail('is_archived');
        if (!conv.members.includes(caller.user)) fail('not_in_channel');
        const text = params.text === undefined || params.text === null ? '' : String(params.text);
        if (!text.trim()) fail('no_text');
        if (text.length > MAX_TEXT) fail('msg_too_long');
        const clientMsgId = params.client_msg_id ? String(params.client_msg_id) : null;
        if (clientMsgId && this.dedupeClientMsgId) {
            const existing = conv.messages.find((m) => m.client_msg_id === clientMsgId && m.user === caller.user);
            if (existing) return { ok: true, channel: conv.id, ts: existing.ts, message: this.renderMessage(conv, existing, caller.user) };
        }
        let threadTs = null;
        if (params.thread_ts) {
            const parent = this.message(conv, tsParam(params.thread_ts, 'thread_not_found'));
            if (!parent) fail('thread_not_found');
            threadTs = this.isReply(parent) ? parent.thread_ts : parent.ts;
        }
        const m = { ts: this.nextTs(), user: caller.user, text, reactions: [], files: [] };
        if (caller.user === BOT) m.bot_id = BOT_ID;
        else m.team = TEAM.id;
        if (clientMsgId) m.client_msg_id = clientMsgId;
        if (threadTs) {
            m.thread_ts = threadTs;
            if (boolParam(params.reply_broadcast)) m.subtype = 'thread_broadcast';
        }
        conv.messages.push(m);
        if (caller.user === ALICE) this.lastRead.set(conv.id, m.ts);
        this.emitMessage(conv, m);
        return { ok: true, channel: conv.id, ts: m.ts, message: this.renderMessage(conv, m, caller.user) };
    }

    update(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        const m = this.message(conv, tsParam(params.ts, 'message_not_found'));
        if (!m || m.subtype === 'tombstone') fail('message_not_found');
        if (m.user !== caller.user) fail('cant_update_message');
        const text = params.text === undefined || params.text === null ? '' : String(params.text);
        if (!text.trim()) fail('no_text');
        if (text.length > MAX_TEXT) fail('msg_too_long');
        const previous = this.renderMessage(conv, m, ALICE, { withEdited: true });
        m.text = text;
        m.edited = { user: caller.user, ts: this.nextTs() };
        const message = this.renderMessage(conv, m, caller.user, { withEdited: true });
        this.emit(conv, {
            type: 'message',
            subtype: 'message_changed',
            hidden: true,
            channel: conv.id,
            channel_type: this.channelType(conv),
            ts: m.edited.ts,
            event_ts: m.edited.ts,
            message,
            previous_message: previous,
        });
        return { ok: true, channel: conv.id, ts: m.ts, text: m.text, message };
    }

    // Own messages only. A parent with replies becomes a tombstone, as in Slack.
    delete(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        const m = this.message(conv, tsParam(params.ts, 'message_not_found'));
        if (!m || m.subtype === 'tombstone') fail('message_not_found');
        if (m.user !== caller.user) fail('cant_delete_message');
        const previous = this.renderMessage(conv, m, ALICE, { withEdited: true });
        if (!this.isReply(m) && this.repliesOf(conv, m.ts).length) {
            Object.assign(m, { user: SLACKBOT, text: 'This message was deleted.', subtype: 'tombstone', reactions: [], files: [] });
            delete m.team;
            delete m.edited;
            delete m.client_msg_id;
            delete m.bot_id;
        } else {
            conv.messages.splice(conv.messages.indexOf(m), 1);
        }
        const eventTs = this.nextTs();
        this.emit(conv, {
            type: 'message',
            subtype: 'message_deleted',
            hidden: true,
            channel: conv.id,
            channel_type: this.channelType(conv),
            ts: eventTs,
            deleted_ts: previous.ts,
            event_ts: eventTs,
            previous_message: previous,
        });
        return { ok: true, channel: conv.id, ts: previous.ts };
    }

    react(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        const ts = tsParam(params.timestamp, 'bad_timestamp');
        if (!ts) fail('no_item_specified');
        const m = this.message(conv, ts);
        if (!m || m.subtype === 'tombstone') fail('message_not_found');
        const name = String(params.name || '').replace(/^:|:$/g, '');
        if (!/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(name)) fail('invalid_name');
        let r = m.reactions.find((x) => x.name === name);
        if (r && r.users.includes(caller.user)) fail('already_reacted');
        if (!r) {
            r = { name, users: [] };
            m.reactions.push(r);
        }
        r.users.push(caller.user);
        const eventTs = this.nextTs();
        this.emit(conv, {
            type: 'reaction_added',
            user: caller.user,
            reaction: name,
            item: { type: 'message', channel: conv.id, ts: m.ts },
            item_user: m.user,
            event_ts: eventTs,
        });
        return { ok: true };
    }

    permalink(caller, params) {
        const conv = this.conversation(params.channel, caller.user);
        const m = this.message(conv, tsParam(params.message_ts, 'message_not_found'));
        if (!m) fail('message_not_found');
        let link = `https://${TEAM.domain}.slack.com/archives/${conv.id}/p${m.ts.replace('.', '')}`;
        if (this.isReply(m)) link += `?thread_ts=${m.thread_ts}&cid=${conv.id}`;
        return { ok: true, channel: conv.id, permalink: link };
    }

    usersList(caller, params) {
        const limit = intParam(params.limit, 200, 1, 1000);
        const after = decodeCursor(params.cursor, 'users');
        let start = 0;
        if (after !== null) {
            start = this.users.findIndex((u) => u.id === after);
            if (start < 0) fail('invalid_cursor');
        }
        const next = this.users[start + limit];
        return {
            ok: true,
            members: this.users.slice(start, start + limit).map((u) => structuredClone(u)),
            cache_ts: Math.floor(Date.now() / 1000),
            response_metadata: { next_cursor: next ? encodeCursor('users', next.id) : '' },
        };
    }

    usersInfo(caller, params) {
        const u = params.user ? this.users.find((x) => x.id === params.user) : null;
        if (!u) fail('user_not_found');
        return { ok: true, user: structuredClone(u) };
    }

    usersConversations(caller, params) {
        const who = params.user ? this.users.find((x) => x.id === params.user) : this.user(caller.user);
        if (!who) fail('user_not_found');
        return this.listConversations(caller.user, params, { memberOf: who.id });
    }

    // A small subset of Slack's search syntax: words (all must occur, case-insensitive),
    // in:#channel / in:<#C..> and from:@user / from:<@U..>.
    search(caller, params) {
        const query = String(params.query || '').trim();
        if (!query) fail('no_query');
        let inConv = null;
        let fromUser = null;
        const words = [];
        for (const token of query.split(/\s+/)) {
            let mt;
            if ((mt = /^in:(?:<#([A-Z0-9]+)(?:\|[^>]*)?>|#?(.+))$/.exec(token))) inConv = mt[1] || mt[2];
            else if ((mt = /^from:(?:<@([A-Z0-9]+)>|@?(.+))$/.exec(token))) fromUser = this.user(mt[1] || mt[2])?.id ?? '-';
            else words.push(token.toLowerCase());
        }
        const matches = [];
        for (const conv of this.conversations) {
            if (!this.visible(conv, caller.user)) continue;
            if (inConv && conv.id !== inConv && conv.name !== inConv) continue;
            for (const m of conv.messages) {
                if (m.subtype === 'tombstone' || m.subtype === 'channel_join') continue;
                if (fromUser && m.user !== fromUser) continue;
                const text = m.text.toLowerCase();
                if (!words.every((w) => text.includes(w))) continue;
                matches.push({ conv, m });
            }
        }
        const asc = params.sort_dir === 'asc';
        matches.sort((a, b) => (asc ? 1 : -1) * cmpTs(a.m.ts, b.m.ts));
        const count = intParam(params.count, 20, 1, 100);
        const pages = Math.max(1, Math.ceil(matches.length / count));
        const page = Math.min(intParam(params.page, 1, 1, 100), pages);
        const slice = matches.slice((page - 1) * count, page * count);
        return {
            ok: true,
            query,
            messages: {
                total: matches.length,
                pagination: {
                    total_count: matches.length,
                    page,
                    per_page: count,
                    page_count: pages,
                    first: matches.length ? (page - 1) * count + 1 : 0,
                    last: (page - 1) * count + slice.length,
                },
                paging: { count, total: matches.length, page, pages },
                matches: slice.map(({ conv, m }) => ({
                    iid: randomUUID(),
                    team: TEAM.id,
                    type: 'message',
                    user: m.user,
                    username: this.user(m.user)?.name ?? '',
                    ts: m.ts,
                    text: m.text,
                    permalink: this.permalink(caller, { channel: conv.id, message_ts: m.ts }).permalink,
                    channel: {
                        id: conv.id,
                        name: conv.kind === 'im' ? conv.user : conv.name,
                        is_channel: conv.kind === 'public_channel',
                        is_group: conv.kind === 'mpim',
                        is_im: conv.kind === 'im',
                        is_mpim: conv.kind === 'mpim',
                        is_private: conv.kind !== 'public_channel',
                        is_shared: false,
                        is_org_shared: false,
                        is_ext_shared: false,
                        is_pending_ext_shared: false,
                        pending_shared: [],
                    },
                })),
            },
        };
    }

    //! Content of a hosted file for its url_private (the caller must see one of its conversations).
    fileContent(caller, fileId) {
        const f = this.files.get(fileId);
        if (!f) return null;
        const where = [...f.channels, ...f.groups, ...f.ims];
        const ok = where.some((id) => {
            const conv = this.conversations.find((c) => c.id === id);
            return conv && this.visible(conv, caller.user);
        });
        return ok ? { mimetype: f.mimetype, name: f.name, content: f.content } : null;
    }
}

//! Method name -> [handler, token kind]. Methods of the app-level token only take xapp-.
export const METHODS = {
    'auth.test': [(w, c) => w.authTest(c), 'user'],
    'team.info': [(w) => w.teamInfo(), 'user'],
    'conversations.list': [(w, c, p) => w.listConversations(c.user, p), 'user'],
    'conversations.info': [(w, c, p) => w.conversationsInfo(c, p), 'user'],
    'conversations.members': [(w, c, p) => w.conversationsMembers(c, p), 'user'],
    'conversations.history': [(w, c, p) => w.history(c, p), 'user'],
    'conversations.replies': [(w, c, p) => w.replies(c, p), 'user'],
    'conversations.mark': [(w, c, p) => w.mark(c, p), 'user'],
    'conversations.open': [(w, c, p) => w.open(c, p), 'user'],
    'chat.postMessage': [(w, c, p) => w.postMessage(c, p), 'user'],
    'chat.update': [(w, c, p) => w.update(c, p), 'user'],
    'chat.delete': [(w, c, p) => w.delete(c, p), 'user'],
    'chat.getPermalink': [(w, c, p) => w.permalink(c, p), 'user'],
    'reactions.add': [(w, c, p) => w.react(c, p), 'user'],
    'users.list': [(w, c, p) => w.usersList(c, p), 'user'],
    'users.info': [(w, c, p) => w.usersInfo(c, p), 'user'],
    'users.conversations': [(w, c, p) => w.usersConversations(c, p), 'user'],
    'search.messages': [(w, c, p) => w.search(c, p), 'user'],
};
