#!/usr/bin/env node
// Tributary's stateful Slack emulator (test-only). One loopback port serves:
//   /<method> and /api/<method>   the Slack Web API subset (see README.md)
//   /files-pri/<team>-<file>/...  hosted file content (Bearer user token)
//   /link/?ticket=...             Socket Mode websocket (URL from apps.connections.open)
//   /_emulator/...                test control: reset, revoke-token, burst429, fail, post-as, ...
//
//   node main.mjs --port N --modules DIR [--host 127.0.0.1] [--pid-file F] [--epoch S]
// DIR is the npm tree holding node_modules/ws (tools/lib/slack-emulator, installed by
// tools/lib/npm.sh). Tokens come from the environment, never the command line:
// SLACK_EMULATOR_USER_TOKEN (alice's xoxp-) and SLACK_EMULATOR_APP_TOKEN (xapp-).

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { writeFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Workspace, SlackError, METHODS } from './workspace.mjs';
import { SocketMode } from './socket.mjs';
import { isOAuthPath, handleOAuth, revokeRefreshToken } from './oauth.mjs';
import { DEFAULT_EPOCH, APP_ID, TEAM } from './seed.mjs';

function parseArgs(argv) {
    const out = { host: '127.0.0.1', port: 0, modules: '', pidFile: '', epoch: DEFAULT_EPOCH };
    for (let i = 0; i < argv.length; i++) {
        const [key, value] = [argv[i], argv[i + 1]];
        if (key === '--host') out.host = value;
        else if (key === '--port') out.port = Number(value);
        else if (key === '--modules') out.modules = value;
        else if (key === '--pid-file') out.pidFile = value;
        else if (key === '--epoch') out.epoch = Number(value);
        else throw new Error(`unknown argument ${key}`);
        i += 1;
    }
    if (!out.port || !out.modules) throw new Error('usage: main.mjs --port N --modules DIR [--host H] [--pid-file F] [--epoch S]');
    return out;
}

const args = parseArgs(process.argv.slice(2));
const ws = createRequire(path.join(path.resolve(args.modules), 'package.json'))('ws');
const origin = `http://${args.host}:${args.port}`;

function log(line) {
    process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

const socketMode = new SocketMode({ ws, appId: APP_ID, log });

// Answers lost on demand (/_emulator/lose-answer): the call is carried out, then its answer
// is dropped (the connection closed) or held back, as when a network fails after Slack
// accepted a request. method -> [{mode, delayMs}], consumed one per call.
const lostAnswers = new Map();

// Answers held on demand (/_emulator/hold-answers): calls of the named methods ('*' for any)
// are carried out, then their answers wait until /_emulator/release-answers, as from a server
// that takes its time. Tests cancel a request while its answer is held.
const heldAnswers = { methods: new Set(), waiting: [] };

function holdsAnswerOf(method) {
    return heldAnswers.methods.has(method) || heldAnswers.methods.has('*');
}

function releaseHeldAnswers() {
    heldAnswers.methods.clear();
    const waiting = heldAnswers.waiting.splice(0);
    for (const release of waiting) release();
    return waiting.length;
}

function takeLostAnswer(method) {
    const queue = lostAnswers.get(method);
    if (!queue || !queue.length) return null;
    const next = queue.shift();
    if (!queue.length) lostAnswers.delete(method);
    return next;
}
const workspace = new Workspace({
    baseUrl: origin,
    epoch: args.epoch,
    userToken: process.env.SLACK_EMULATOR_USER_TOKEN || 'xoxp-1000000001-1000000002-1000000003-0123456789abcdef0123456789abcdef',
    appToken: process.env.SLACK_EMULATOR_APP_TOKEN || 'xapp-1-A0TRIBAPP1-1000000004-0123456789abcdef0123456789abcdef',
    verificationToken: randomBytes(12).toString('hex'),
    publish: (payload) => socketMode.publish(payload),
});

function send(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(text),
        ...headers,
    });
    res.end(text);
}

async function readBody(req) {
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > 2 * 1024 * 1024) throw new SlackError('request_too_large', 413);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
}

// Query and body parameters as one object (the body wins), as Slack reads them.
async function readParams(req, url) {
    const params = Object.fromEntries(url.searchParams);
    if (req.method !== 'POST' && req.method !== 'PUT') return params;
    const raw = await readBody(req);
    if (!raw) return params;
    const type = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') {
        let body;
        try {
            body = JSON.parse(raw);
        } catch {
            throw new SlackError('invalid_json');
        }
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SlackError('json_not_object');
        return { ...params, ...body };
    }
    if (type === 'application/x-www-form-urlencoded' || type === '') {
        return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
    }
    throw new SlackError('invalid_form_data');
}

function bearer(req) {
    const m = /^Bearer\s+(\S+)$/i.exec(String(req.headers.authorization || ''));
    return m ? m[1] : null;
}

async function webApi(req, res, url, method) {
    const params = await readParams(req, url);
    const token = bearer(req) || (params.token ? String(params.token) : null);
    delete params.token;
    const caller = workspace.authenticate(token);
    if (method === 'apps.connections.open') {
        if (caller.kind !== 'app') throw new SlackError('not_allowed_token_type');
        workspace.checkRateLimit(method);
        return { ok: true, url: socketMode.openUrl(socketOrigin(req)) };
    }
    const entry = METHODS[method];
    if (!entry) throw new SlackError('unknown_method', 404);
    if (caller.kind !== entry[1]) throw new SlackError('not_allowed_token_type');
    workspace.checkRateLimit(method);
    workspace.checkInjectedFailure(method);
    return entry[0](workspace, caller, params);
}

// The websocket URL names the host the client called, so a test that reaches the emulator
// through a loopback proxy (tests/support/TcpProxy) gets its websocket through it too.
function socketOrigin(req) {
    const host = String(req.headers.host || '');
    return /^(127\.0\.0\.1|localhost|\[::1\]):\d+$/.test(host) ? `http://${host}` : origin;
}

function asUser(body) {
    const u = workspace.user(body.user);
    if (!u) throw new SlackError('user_not_found', 400);
    return { kind: 'user', user: u.id };
}

// Test control, called directly on this port (never through Prism).
async function control(req, res, url) {
    const name = url.pathname.slice('/_emulator/'.length);
    const body = await readParams(req, url);
    switch (name) {
        case 'health':
            return { ok: true, team: TEAM.name };
        case 'reset':
            lostAnswers.clear();
            releaseHeldAnswers();
            workspace.reset();
            socketMode.reset();
            socketMode.configure(body);
            return { ok: true };
        case 'config':
            socketMode.configure(body);
            if (body.dedupe_client_msg_id !== undefined)
                workspace.dedupeClientMsgId = !['false', '0', false, 0].includes(body.dedupe_client_msg_id);
            return { ok: true, dedupe_client_msg_id: workspace.dedupeClientMsgId, ...socketMode.state() };
        case 'revoke-token':
            // A refresh token (token rotation) takes its whole grant with it.
            if (!revokeRefreshToken(workspace, body.token) && !workspace.revoke(body.token)) {
                throw new SlackError('invalid_auth', 400);
            }
            return { ok: true };
        case 'burst429':
            workspace.burst(body.method, Number(body.count ?? 1), Number(body.retry_after ?? 1));
            return { ok: true };
        case 'fail': {
            // {method, error?, count?}: the next `count` calls of `method` answer {ok: false, error}.
            const count = Number(body.count ?? 1);
            if (!body.method || !(count > 0)) throw new SlackError('invalid_arguments', 400);
            workspace.failNext(String(body.method), String(body.error || 'fatal_error'), count);
            return { ok: true };
        }
        case 'post-as':
            return workspace.postMessage(asUser(body), body);
        case 'update-as':
            return workspace.update(asUser(body), body);
        case 'delete-as':
            return workspace.delete(asUser(body), body);
        case 'mark-as':
            // The user read the conversation up to `ts` elsewhere (another device).
            return workspace.mark(asUser(body), body);
        case 'hold-answers':
            heldAnswers.methods.add(String(body.method || '*'));
            return { ok: true, held: heldAnswers.waiting.length };
        case 'release-answers':
            return { ok: true, released: releaseHeldAnswers() };
        case 'react-as':
            return workspace.react(asUser(body), { ...body, timestamp: body.timestamp ?? body.ts });
        case 'disconnect':
            return { ok: true, connections: socketMode.disconnect(body.reason || 'refresh_requested', Number(body.close_after_ms ?? 1000)) };
        case 'lose-answer': {
            // {method, count?, mode: 'drop' | 'delay', delay_ms?}
            const mode = body.mode === 'delay' ? 'delay' : 'drop';
            const count = Number(body.count ?? 1);
            const delayMs = Number(body.delay_ms ?? 0);
            if (!body.method || !(count > 0)) throw new SlackError('invalid_arguments', 400);
            const queue = lostAnswers.get(body.method) ?? [];
            for (let i = 0; i < count; i++) queue.push({ mode, delayMs });
            lostAnswers.set(body.method, queue);
            return { ok: true, armed: queue.length };
        }
        case 'state':
            return { ok: true, socket: socketMode.state(), revoked_tokens: workspace.revoked.size, held_answers: heldAnswers.waiting.length };
        default:
            throw new SlackError('unknown_control', 404);
    }
}

function fileDownload(req, res, url) {
    const m = /^\/files-pri\/[A-Z0-9]+-(F[A-Z0-9]+)\//.exec(url.pathname);
    let caller;
    try {
        caller = workspace.authenticate(bearer(req));
    } catch {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('not authorized\n');
        return 403;
    }
    const file = m && workspace.fileContent(caller, m[1]);
    if (!file) {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('file not found\n');
        return 404;
    }
    const headers = { 'Content-Type': file.mimetype, 'Content-Length': file.content.length };
    if (url.searchParams.has('download')) headers['Content-Disposition'] = `attachment; filename="${file.name}"`;
    res.writeHead(200, headers).end(file.content);
    return 200;
}

const server = createServer(async (req, res) => {
    const started = Date.now();
    const url = new URL(req.url, origin);
    let status = 200;
    let outcome = 'ok';
    try {
        if (isOAuthPath(url.pathname)) {
            status = await handleOAuth(req, res, url, workspace);
        } else if (url.pathname.startsWith('/_emulator/')) {
            send(res, 200, await control(req, res, url));
        } else if (url.pathname.startsWith('/files-pri/')) {
            status = fileDownload(req, res, url);
        } else {
            const m = /^\/(?:api\/)?([a-zA-Z]+(?:\.[a-zA-Z]+)+)$/.exec(url.pathname);
            if (!m) throw new SlackError('unknown_method', 404);
            const answer = await webApi(req, res, url, m[1]);
            if (holdsAnswerOf(m[1])) {
                outcome = 'answer_held';
                await new Promise((resolve) => heldAnswers.waiting.push(resolve));
            }
            const lost = takeLostAnswer(m[1]);
            if (lost && lost.mode === 'drop') {
                // Done, but the caller never hears of it.
                outcome = 'answer_dropped';
                req.socket.destroy();
            } else {
                if (lost) {
                    outcome = `answer_delayed_${lost.delayMs}ms`;
                    await new Promise((resolve) => setTimeout(resolve, lost.delayMs));
                }
                if (!res.destroyed) send(res, 200, answer);
            }
        }
    } catch (e) {
        if (e instanceof SlackError) {
            status = e.status;
            outcome = e.code;
            send(res, e.status, { ok: false, error: e.code }, e.headers);
        } else {
            status = 500;
            outcome = 'fatal_error';
            log(`internal error: ${e.stack}`);
            if (!res.headersSent) send(res, 500, { ok: false, error: 'fatal_error' });
        }
    }
    // Paths only: query strings can carry tokens.
    log(`${req.method} ${url.pathname} ${status} ${outcome} ${Date.now() - started}ms`);
});

socketMode.attach(server);

server.listen(args.port, args.host, () => {
    log(`slack emulator "${TEAM.name}" on ${origin} (epoch ${args.epoch})`);
    if (args.pidFile) writeFileSync(args.pidFile, `${process.pid}\n`);
});

function shutdown() {
    socketMode.close();
    server.close();
    server.closeAllConnections?.();
    if (args.pidFile) rmSync(args.pidFile, { force: true });
    process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
