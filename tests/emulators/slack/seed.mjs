// The seed of the Slack emulator: one workspace ("Tributary Test") with its users,
// conversations, messages and files. Deterministic: every ts is a fixed offset from
// `epoch` (the newest seed message, 1700000000 = 2023-11-14T22:13:20Z unless the
// caller picks another), and the #general filler text comes from a seeded PRNG.
//
// Ids follow the patterns of Slack's description (users ^[UW][A-Z0-9]{8,}, channels
// ^[CGD][A-Z0-9]{8,}, files ^F[A-Z0-9]{8,}, team ^T[A-Z0-9]{8,}), so Prism accepts them.

export const DEFAULT_EPOCH = 1700000000;

export const TEAM = {
    id: 'T0TRIBTEST',
    name: 'Tributary Test',
    domain: 'tributary-test',
    email_domain: 'tributary.test',
};

export const APP_ID = 'A0TRIBAPP1';
export const BOT_ID = 'B0TRIBOT01';

export const ALICE = 'U0ALICE001';
export const BOB = 'U0BOB00002';
export const CAROL = 'U0CAROL003';
export const BOT = 'U0TRIBOT04';
export const DAVE = 'U0DAVE0005';
export const SLACKBOT = 'USLACKBOT';

// name, real name, time zone, offset (s), colour, title
const PEOPLE = [
    [ALICE, 'alice', 'Alice Adams', 'Europe/Berlin', 3600, '9f69e7', 'Support lead'],
    [BOB, 'bob', 'Bob Ellison', 'America/New_York', -18000, '4bbe2e', 'Infrastructure'],
    [CAROL, 'carol', 'Carol Chen', 'Asia/Tokyo', 32400, 'e7392d', 'Customer success'],
];

// Small, fast, deterministic PRNG (mulberry32).
function prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function avatar(id, size) {
    return `https://avatars.slack-edge.com/2023-11-14/${id.toLowerCase()}_${size}.png`;
}

function person([id, name, realName, tz, offset, color, title]) {
    const first = realName.split(' ')[0];
    const last = realName.split(' ')[1];
    return {
        id,
        team_id: TEAM.id,
        name,
        deleted: false,
        color,
        real_name: realName,
        tz,
        tz_label: tz,
        tz_offset: offset,
        profile: {
            title,
            phone: '',
            skype: '',
            real_name: realName,
            real_name_normalized: realName,
            display_name: name,
            display_name_normalized: name,
            fields: null,
            status_text: '',
            status_emoji: '',
            status_expiration: 0,
            avatar_hash: `g${id.slice(-6).toLowerCase()}`,
            email: `${name}@${TEAM.email_domain}`,
            first_name: first,
            last_name: last,
            image_24: avatar(id, 24),
            image_32: avatar(id, 32),
            image_48: avatar(id, 48),
            image_72: avatar(id, 72),
            image_192: avatar(id, 192),
            image_512: avatar(id, 512),
            status_text_canonical: '',
            team: TEAM.id,
        },
        is_admin: id === ALICE,
        is_owner: id === ALICE,
        is_primary_owner: id === ALICE,
        is_restricted: false,
        is_ultra_restricted: false,
        is_bot: false,
        is_app_user: false,
        updated: DEFAULT_EPOCH - 86400 * 30,
        is_email_confirmed: true,
    };
}

function users() {
    const list = PEOPLE.map(person);
    const bot = person([BOT, 'tributary-bot', 'Tributary Bot', 'America/Los_Angeles', -28800, '3c989f', '']);
    bot.is_bot = true;
    bot.is_admin = bot.is_owner = bot.is_primary_owner = false;
    delete bot.is_email_confirmed;
    bot.profile.email = null;
    bot.profile.bot_id = BOT_ID;
    bot.profile.api_app_id = APP_ID;
    bot.profile.always_active = true;
    bot.profile.first_name = 'Tributary Bot';
    bot.profile.last_name = '';
    list.push(bot);
    const dave = person([DAVE, 'dave', 'Dave Former', 'Europe/London', 0, 'aba727', 'Left in 2022']);
    dave.deleted = true;
    dave.is_admin = dave.is_owner = dave.is_primary_owner = false;
    list.push(dave);
    const slackbot = person([SLACKBOT, 'slackbot', 'Slackbot', 'America/Los_Angeles', -28800, '757575', '']);
    slackbot.is_admin = slackbot.is_owner = slackbot.is_primary_owner = false;
    slackbot.profile.email = null;
    slackbot.profile.first_name = 'slackbot';
    slackbot.profile.last_name = '';
    slackbot.profile.always_active = true;
    list.push(slackbot);
    return list;
}

function channel(id, name, { isPrivate = false, archived = false, general = false, members, creator, topic = '', purpose = '' }) {
    return {
        id,
        kind: isPrivate ? 'private_channel' : 'public_channel',
        name,
        is_private: isPrivate,
        is_archived: archived,
        is_general: general,
        members,
        creator,
        created: DEFAULT_EPOCH - 86400 * 400,
        topic,
        purpose,
        messages: [],
    };
}

function im(id, user) {
    return { id, kind: 'im', user, members: [ALICE, user], created: DEFAULT_EPOCH - 86400 * 200, messages: [] };
}

function mpim(id, members) {
    const names = members.map((m) => PEOPLE.find((p) => p[0] === m)[1]);
    return {
        id,
        kind: 'mpim',
        name: `mpdm-${names.join('--')}-1`,
        is_private: true,
        is_archived: false,
        is_general: false,
        members,
        creator: ALICE,
        created: DEFAULT_EPOCH - 86400 * 100,
        topic: '',
        purpose: `Group messaging with: ${members.map((m) => `@${PEOPLE.find((p) => p[0] === m)[1]}`).join(' ')}`,
        messages: [],
    };
}

// A 1x1 transparent PNG: the image file's content (metadata is what matters).
const PNG_1X1 = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBgAAAABQABpfZFQAAAAABJRU5ErkJggg==',
    'base64',
);

const SERVER_LOG = [
    '2023-11-14T08:02:11Z INFO  auth: login start user=4711',
    '2023-11-14T08:02:11Z WARN  auth: redirect_uri mismatch (got http://, want https://)',
    '2023-11-14T08:02:12Z INFO  auth: login start user=4711',
    '2023-11-14T08:02:12Z WARN  auth: redirect_uri mismatch (got http://, want https://)',
    '',
].join('\n');

const GENERAL_TEMPLATES = [
    (r) => `Good morning everyone :wave: ${r.pick(['Coffee is ready', 'Standup in 10', 'Happy Friday'])}!`,
    (r) => `<@${r.pick([ALICE, BOB, CAROL])}> could you take a look at <https://git.example.com/app/pull/${r.int(100, 999)}|PR ${r.int(100, 999)}> when you have a minute?`,
    (r) => `Release ${r.int(2, 3)}.${r.int(0, 9)}.${r.int(0, 20)} is out :rocket: notes in <#C0SUPPORT1|support>`,
    (r) => `Quick one: does anyone know why this fails?\n\`\`\`\n$ make test\nerror: ${r.pick(['undefined reference to `main`', 'cannot find -lvmime', 'timeout after 30s'])}\n\`\`\``,
    (r) => `> ${r.pick(['Ship early, ship often', 'Measure twice, cut once', 'Make it work, make it right, make it fast'])}\nWords to live by :100:`,
    (r) => `Lunch order for ${r.pick(['Tuesday', 'Wednesday', 'Thursday'])}: *${r.pick(['pizza', 'ramen', 'tacos', 'salad'])}* unless someone objects _before noon_`,
    (r) => `The dashboard is ${r.pick(['green again', 'slow today', 'back up'])} :white_check_mark: see <https://status.example.com>`,
    (r) => `Reminder: \`main\` is frozen until the release branch is cut ~today~ tomorrow`,
    (r) => `Welcome to the team, <@${r.pick([BOB, CAROL])}>! :tada:`,
    (r) => `Ümlauts, emoji and CJK still render? Grüße aus München — 東京からこんにちは 🍣 ${r.int(1, 99)}`,
];

// Adds a message to a conversation (kept in ascending ts order by the caller).
function msg(conv, ts, user, text, extra = {}) {
    const m = { ts, user, text, reactions: [], files: [], ...extra };
    if (user !== SLACKBOT && !m.bot_id) m.team = TEAM.id;
    conv.messages.push(m);
    return m;
}

function ts(epoch, secondsBefore, micro) {
    return `${epoch - secondsBefore}.${String(micro).padStart(6, '0')}`;
}

// Returns the whole mutable state of a fresh workspace.
export function seed({ epoch = DEFAULT_EPOCH, fileBaseUrl }) {
    const T = (s, micro) => ts(epoch, s, micro);
    const H = 3600;
    const D = 86400;

    const general = channel('C0GENERAL1', 'general', {
        general: true,
        members: [ALICE, BOB, CAROL, BOT],
        creator: ALICE,
        topic: 'Company-wide announcements and work-based matters',
        purpose: 'This channel is for workspace-wide communication and announcements.',
    });
    const support = channel('C0SUPPORT1', 'support', {
        members: [ALICE, BOB, CAROL, BOT],
        creator: CAROL,
        topic: 'Customer issues: one thread per ticket',
        purpose: 'Escalations from the support queue',
    });
    const random = channel('C0RANDOM01', 'random', {
        members: [BOB, CAROL],
        creator: BOB,
        purpose: 'Non-work banter and water cooler conversation',
    });
    const archived = channel('C0OLDPROJ1', 'project-2022', { archived: true, members: [ALICE, BOB], creator: BOB });
    const leadership = channel('C0LEADERS1', 'leadership', {
        isPrivate: true,
        members: [ALICE, BOB],
        creator: ALICE,
        purpose: 'Planning, hiring, budgets',
    });
    const hr = channel('C0HRPRIV01', 'hr-private', { isPrivate: true, members: [CAROL], creator: CAROL });
    const dmBob = im('D0ALIBOB01', BOB);
    const dmCarol = im('D0ALICAR01', CAROL);
    const group = mpim('G0MPIM0001', [ALICE, BOB, CAROL]);

    const files = new Map();
    const file = (f, content) => {
        const base = `${fileBaseUrl}/files-pri/${TEAM.id}-${f.id}/${encodeURIComponent(f.name)}`;
        files.set(f.id, {
            ...f,
            title: f.title ?? f.name,
            editable: false,
            mode: 'hosted',
            is_external: false,
            external_type: '',
            is_public: f.channels.length > 0,
            public_url_shared: false,
            display_as_bot: false,
            username: '',
            url_private: base,
            url_private_download: `${base}?download=1`,
            permalink: `https://${TEAM.domain}.slack.com/files/${f.user}/${f.id}/${encodeURIComponent(f.name)}`,
            comments_count: 0,
            has_rich_preview: false,
            size: content.length,
            content,
        });
        return f.id;
    };

    // #general: member joins, then 300 messages 20 minutes apart, a few of them threads.
    const r = prng(20231114);
    const rr = {
        pick: (a) => a[Math.floor(r() * a.length)],
        int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    };
    const generalStart = 300 * 1200 + 4 * H;
    [ALICE, BOB, CAROL, BOT].forEach((u, i) => {
        msg(general, T(generalStart + (4 - i) * 60, 100), u, `<@${u}> has joined the channel`, { subtype: 'channel_join' });
    });
    const authors = [ALICE, BOB, CAROL, BOB, CAROL, BOT];
    for (let i = 0; i < 300; i++) {
        const before = (300 - i) * 1200;
        const author = authors[Math.floor(r() * authors.length)];
        const text =
            author === BOT
                ? `Nightly build #${1000 + i} ${rr.pick(['_passed_ :white_check_mark:', '*failed* :x:'])} <https://ci.example.com/builds/${1000 + i}|details>`
                : rr.pick(GENERAL_TEMPLATES)(rr);
        const m = msg(general, T(before, 100), author, text, author === BOT ? { bot_id: BOT_ID } : {});
        if (i % 7 === 3) m.reactions.push({ name: rr.pick(['thumbsup', 'eyes', 'tada', 'heart']), users: [BOB] });
        if (i % 40 === 10) {
            msg(general, T(before - 300, 200), CAROL, 'Same here, following :eyes:', { thread_ts: m.ts });
            msg(general, T(before - 600, 300), author === ALICE ? BOB : ALICE, 'Sorted, thanks!', { thread_ts: m.ts });
        }
    }

    // #support: curated threads, an edit, a tombstone, a file, quotes and code.
    msg(support, T(3 * D, 100), BOT, `<@${BOT}> has joined the channel`, { subtype: 'channel_join' });
    const login = msg(
        support,
        T(2 * D, 100),
        CAROL,
        'Customer reports a login loop on 2.3 after the SSO change :thinking_face: Ticket: <https://tickets.example.com/4711|#4711>',
    );
    login.reactions.push({ name: 'eyes', users: [BOB, ALICE] });
    msg(support, T(2 * D - 600, 100), BOB, 'Can reproduce. Logs say:\n```\nauth: redirect_uri mismatch (got http://, want https://)\n```', {
        thread_ts: login.ts,
    });
    msg(support, T(2 * D - 1200, 100), ALICE, `Looks like the proxy strips \`X-Forwarded-Proto\`. <@${BOB}> can you check the ingress config?`, {
        thread_ts: login.ts,
    });
    const fixed = msg(support, T(2 * D - 3000, 100), BOB, 'Fixed in <https://git.example.com/infra/pull/88|infra#88> :white_check_mark:', {
        thread_ts: login.ts,
    });
    fixed.reactions.push({ name: 'tada', users: [CAROL] });
    msg(support, T(D + 8 * H, 100), ALICE, 'Reminder: the on-call rota for December is in <#C0GENERAL1|general>, please add yourselves', {
        edited: { user: ALICE, ts: T(D + 7 * H, 100) },
    });
    msg(support, T(D + 6 * H, 100), BOB, 'Here is the server log from this morning', {
        files: [
            file(
                {
                    id: 'F0LOGS0001',
                    name: 'server.log',
                    mimetype: 'text/plain',
                    filetype: 'text',
                    pretty_type: 'Plain Text',
                    user: BOB,
                    created: epoch - D - 6 * H,
                    timestamp: epoch - D - 6 * H,
                    channels: [support.id],
                    groups: [],
                    ims: [],
                    preview: SERVER_LOG.split('\n').slice(0, 2).join('\n'),
                },
                Buffer.from(SERVER_LOG, 'utf8'),
            ),
        ],
        upload: true,
    });
    // A thread whose parent was deleted: Slack keeps a tombstone while replies exist.
    const gone = msg(support, T(D + 4 * H, 100), SLACKBOT, 'This message was deleted.', { subtype: 'tombstone' });
    msg(support, T(D + 4 * H - 300, 100), ALICE, 'Which customer was that?', { thread_ts: gone.ts });
    msg(support, T(D + 4 * H - 600, 100), BOB, 'Nevermind, sorted in DM.', { thread_ts: gone.ts });
    msg(
        support,
        T(D + 2 * H, 100),
        CAROL,
        '> Can we get the 2.4 release notes before Friday?\nYes: the draft is here <https://docs.example.com/rn-2.4|release notes 2.4> :memo:',
    );
    msg(support, T(D, 100), BOB, 'Deploy window moved to *Thursday 14:00 UTC* (not ~Wednesday~)', {
        edited: { user: BOB, ts: T(D - 120, 100) },
    });
    msg(support, T(5 * H, 100), BOT, 'Build #1234 _passed_ :white_check_mark: <https://ci.example.com/builds/1234|details>', {
        bot_id: BOT_ID,
    });
    msg(support, T(H, 100), CAROL, `<@${ALICE}> the customer from #4711 confirms it works now :raised_hands:`);

    // #random (alice is not a member), the archived channel, the private ones.
    msg(random, T(3 * D, 200), BOB, 'Anyone up for table tennis at 5?');
    msg(random, T(3 * D - 600, 200), CAROL, 'Always :table_tennis_paddle_and_ball:');
    msg(archived, T(380 * D, 100), BOB, 'Kick-off notes: <https://docs.example.com/p2022|project 2022>');
    msg(archived, T(300 * D, 100), ALICE, 'Project closed, archiving this channel. Thanks all!');
    msg(leadership, T(6 * D, 300), ALICE, 'Q1 hiring plan: two support engineers, one SRE');
    msg(leadership, T(6 * D - 900, 300), BOB, 'Agreed on SRE. Budget sheet: <https://docs.example.com/budget-q1|budget Q1>');
    msg(leadership, T(2 * D, 300), ALICE, '*Decision:* we open both support roles on Monday');
    msg(hr, T(4 * D, 100), CAROL, 'Only carol can read this.');

    // Direct messages and the group DM.
    msg(dmBob, T(2 * D + 3 * H, 400), BOB, 'Hey, got a minute for the ingress issue?');
    msg(dmBob, T(2 * D + 3 * H - 120, 400), ALICE, 'Sure, call in 5?');
    const dmThread = msg(dmBob, T(2 * D + 2 * H, 400), BOB, 'Config diff for tomorrow:\n```\n- proxy_set_header X-Forwarded-Proto $scheme;\n+ proxy_set_header X-Forwarded-Proto https;\n```');
    msg(dmBob, T(2 * D + 2 * H - 60, 400), ALICE, 'LGTM :+1:', { thread_ts: dmThread.ts });
    msg(dmBob, T(D + 3 * H, 400), ALICE, 'Architecture sketch for the new proxy', {
        files: [
            file(
                {
                    id: 'F0DIAGRAM1',
                    name: 'architecture.png',
                    title: 'Proxy architecture',
                    mimetype: 'image/png',
                    filetype: 'png',
                    pretty_type: 'PNG',
                    user: ALICE,
                    created: epoch - D - 3 * H,
                    timestamp: epoch - D - 3 * H,
                    channels: [],
                    groups: [],
                    ims: [dmBob.id],
                    original_w: 1,
                    original_h: 1,
                },
                PNG_1X1,
            ),
        ],
        upload: true,
    });
    msg(dmBob, T(30 * 60, 400), BOB, 'Thanks! Merged :shipit:');
    msg(dmCarol, T(3 * D, 500), CAROL, 'Can you cover my on-call shift on the 12th?');
    msg(dmCarol, T(3 * D - 3600, 500), ALICE, 'Yes, swap for the 19th?');
    msg(dmCarol, T(3 * D - 3700, 500), CAROL, 'Deal :handshake:');
    msg(dmCarol, T(20 * 60, 500), CAROL, 'Also: customer call moved to 15:00 tomorrow');
    msg(group, T(4 * D, 600), ALICE, 'Offsite planning: Lisbon or Porto?');
    msg(group, T(4 * D - 300, 600), BOB, 'Porto :wine_glass:');
    msg(group, T(4 * D - 600, 600), CAROL, 'Lisbon, better flights from Tokyo');
    const vote = msg(group, T(4 * D - 900, 600), ALICE, 'Vote with reactions: :one: Lisbon :two: Porto');
    vote.reactions.push({ name: 'one', users: [CAROL, ALICE] }, { name: 'two', users: [BOB] });
    msg(group, T(2 * H, 600), BOB, 'Fine, Lisbon it is :sweat_smile:');

    const conversations = [general, support, random, archived, leadership, hr, dmBob, dmCarol, group];
    for (const c of conversations) c.messages.sort((a, b) => cmpTs(a.ts, b.ts));

    // What alice has read: some of each conversation stays unread (in #general exactly ten
    // top-level messages from others).
    const readUpTo = (conv, unread) => {
        let count = 0;
        for (let i = conv.messages.length - 1; i > 0; i--) {
            const m = conv.messages[i];
            if ((!m.thread_ts || m.thread_ts === m.ts) && m.user !== ALICE) count += 1;
            if (count === unread) return conv.messages[i - 1].ts;
        }
        return '0000000000.000000';
    };
    const lastRead = new Map([
        [general.id, readUpTo(general, 10)],
        [support.id, login.ts],
        [archived.id, archived.messages[archived.messages.length - 1].ts],
        [leadership.id, leadership.messages[leadership.messages.length - 1].ts],
        [dmBob.id, dmBob.messages[dmBob.messages.length - 2].ts],
        [dmCarol.id, dmCarol.messages[dmCarol.messages.length - 2].ts],
        [group.id, group.messages[group.messages.length - 2].ts],
    ]);

    return { users: users(), conversations, files, lastRead };
}

// Compares two Slack timestamps ("1700000000.000100") numerically.
export function cmpTs(a, b) {
    const [as, au] = a.split('.');
    const [bs, bu] = b.split('.');
    return Number(as) - Number(bs) || Number(au) - Number(bu);
}
