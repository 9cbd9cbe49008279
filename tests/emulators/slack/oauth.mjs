// "Sign in with Slack" for the Slack emulator: OAuth v2 for a user token with PKCE, as a
// desktop (public) client signs in. Not in Slack's official API description, so these
// paths are called on the emulator directly, never through Prism.
//
//   GET  /oauth/v2/authorize      consent page stand-in: approves as alice at once (or
//                                 denies when told to) and redirects to redirect_uri with
//                                 code+state, or error=access_denied+state
//   POST /api/oauth.v2.access     code exchange (also /oauth.v2.access): HTTP 200 with
//                                 {"ok":true,"authed_user":{...},"team":{...}} or ok:false
//   POST /_emulator/oauth         test control {deny?, client_id?, reset?}
//
// Checks what Slack checks for a PKCE app: a client_id (the configured one, when a test
// set it), a loopback http redirect_uri (desktop redirects), user_scope without bot
// `scope`, code_challenge with method S256; at the exchange the same client_id and
// redirect_uri, a code used once within 10 minutes, and SHA-256(code_verifier) matching
// the challenge. The token handed out is the emulator's user token (alice's), so
// auth.test with it works.

import { createHash, randomBytes } from 'node:crypto';
import { ALICE, APP_ID, TEAM } from './seed.mjs';

const CODE_TTL_MS = 10 * 60 * 1000;

const state = {
    deny: false,
    clientId: '', // any non-empty client_id unless a test names one
    codes: new Map(), // code -> { clientId, redirectUri, challenge, userScope, expires }
};

//! Whether `pathname` belongs to the OAuth stand-in.
export function isOAuthPath(pathname) {
    return pathname === '/oauth/v2/authorize' || pathname === '/api/oauth.v2.access' ||
        pathname === '/oauth.v2.access' || pathname === '/_emulator/oauth';
}

function json(res, status, body) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return status;
}

function page(res, status, text) {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(`${text}\n`);
    return status;
}

function redirect(res, target) {
    res.writeHead(302, { Location: target.toString(), 'Cache-Control': 'no-store' });
    res.end();
    return 302;
}

async function formParams(req, url) {
    const params = Object.fromEntries(url.searchParams);
    if (req.method !== 'POST') return params;
    const chunks = [];
    let size = 0;
    for await (const chunk of req) {
        size += chunk.length;
        if (size > 64 * 1024) break;
        chunks.push(chunk);
    }
    const raw = Buffer.concat(chunks).toString('utf8');
    const type = String(req.headers['content-type'] || '').split(';')[0].trim().toLowerCase();
    if (type === 'application/json') {
        try {
            return { ...params, ...JSON.parse(raw) };
        } catch {
            return params;
        }
    }
    return { ...params, ...Object.fromEntries(new URLSearchParams(raw)) };
}

function isLoopbackRedirect(text) {
    let u;
    try {
        u = new URL(text);
    } catch {
        return false;
    }
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
}

function authorize(res, params) {
    const clientId = String(params.client_id || '');
    const redirectUri = String(params.redirect_uri || '');
    // Slack shows an error page (no redirect) when it cannot trust the redirect target.
    if (!clientId || (state.clientId && clientId !== state.clientId)) return page(res, 400, 'invalid_client_id');
    if (!isLoopbackRedirect(redirectUri)) return page(res, 400, 'bad_redirect_uri');
    const back = new URL(redirectUri);
    const answer = (fields) => {
        for (const [k, v] of Object.entries(fields)) back.searchParams.set(k, v);
        if (params.state !== undefined) back.searchParams.set('state', String(params.state));
        return redirect(res, back);
    };
    if (params.scope) return answer({ error: 'invalid_scope' }); // desktop redirects: no bot scopes
    if (!params.user_scope) return answer({ error: 'invalid_scope' });
    if (!params.code_challenge || params.code_challenge_method !== 'S256') return answer({ error: 'invalid_request' });
    if (state.deny) return answer({ error: 'access_denied' });
    const code = `${Date.now()}.${randomBytes(16).toString('hex')}`;
    state.codes.set(code, {
        clientId,
        redirectUri,
        challenge: String(params.code_challenge),
        userScope: String(params.user_scope),
        expires: Date.now() + CODE_TTL_MS,
    });
    return answer({ code });
}

function access(res, params, workspace) {
    const fail = (error) => json(res, 200, { ok: false, error });
    const grant = String(params.grant_type || 'authorization_code');
    if (grant !== 'authorization_code') return fail('invalid_grant_type');
    const entry = state.codes.get(String(params.code || ''));
    if (!entry) return fail('invalid_code');
    state.codes.delete(String(params.code)); // a code is good once, whatever happens next
    if (entry.expires < Date.now()) return fail('invalid_code');
    if (String(params.client_id || '') !== entry.clientId) return fail('invalid_client_id');
    if (params.redirect_uri !== undefined && String(params.redirect_uri) !== entry.redirectUri) return fail('bad_redirect_uri');
    const verifier = String(params.code_verifier || '');
    const computed = createHash('sha256').update(verifier).digest('base64url');
    if (!verifier || computed !== entry.challenge) return fail('invalid_code_verifier');
    const scope = entry.userScope.split(/[ ,]+/).filter(Boolean).join(',');
    return json(res, 200, {
        ok: true,
        app_id: APP_ID,
        authed_user: {
            id: ALICE,
            scope,
            access_token: workspace.options.userToken,
            token_type: 'user',
        },
        team: { id: TEAM.id, name: TEAM.name },
        enterprise: null,
        is_enterprise_install: false,
    });
}

function control(res, params) {
    if (params.reset) {
        state.deny = false;
        state.clientId = '';
        state.codes.clear();
    }
    if (params.deny !== undefined) state.deny = params.deny === true || params.deny === 'true' || params.deny === '1';
    if (params.client_id !== undefined) state.clientId = String(params.client_id);
    return json(res, 200, { ok: true, deny: state.deny, client_id: state.clientId, pending_codes: state.codes.size });
}

//! Serves one request on an OAuth path; returns the HTTP status for the log line.
export async function handleOAuth(req, res, url, workspace) {
    const params = await formParams(req, url);
    if (url.pathname === '/_emulator/oauth') return control(res, params);
    if (url.pathname === '/oauth/v2/authorize') return authorize(res, params);
    return access(res, params, workspace);
}
