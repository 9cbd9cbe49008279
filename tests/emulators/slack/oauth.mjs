// "Sign in with Slack" for the Slack emulator: OAuth v2 for a user token with PKCE, as a
// desktop (public) client signs in. Not in Slack's official API description, so these
// paths are called on the emulator directly, never through Prism.
//
//   GET  /oauth/v2/authorize      consent page stand-in: approves as alice at once (or
//                                 denies when told to) and redirects to redirect_uri with
//                                 code+state, or error=access_denied+state
//   POST /api/oauth.v2.access     code exchange (also /oauth.v2.access): HTTP 200 with
//                                 {"ok":true,"authed_user":{...},"team":{...}} or ok:false;
//                                 with token rotation on, also grant_type=refresh_token
//   POST /_emulator/oauth         test control {deny?, client_id?, reset?, rotate?, token_ttl_s?,
//                                 expire_tokens?}
//
// Token rotation (docs.slack.dev, "Using token rotation"): once turned on, the code exchange
// hands out an expiring access token (xoxe.xoxp-...) with expires_in and a refresh token
// (xoxe-1-...); oauth.v2.access with grant_type=refresh_token, refresh_token and client_id
// answers with a new pair at the top level ({"ok":true,"access_token","expires_in",
// "refresh_token","token_type":"user",...}) and the old refresh token is spent. An expired
// access token makes every Web API call answer `token_expired`. Reusing a spent refresh
// token revokes the whole grant (its access and refresh tokens), as a server must assume
// theft; so does revoking a refresh token through /_emulator/revoke-token.
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
    rotate: false,
    tokenTtlS: 43200, // Slack's rotating tokens live 12 hours
    nextGrant: 1,
    refreshTokens: new Map(), // refresh token -> { grant, clientId, scope, spent }
    grants: new Map(), // grant id -> { revoked, accessTokens: [], refreshTokens: [] }
    refreshCalls: 0, // oauth.v2.access with grant_type=refresh_token, answered in any way
    revokedGrants: 0,
};

function resetRotation() {
    state.rotate = false;
    state.tokenTtlS = 43200;
    state.refreshTokens.clear();
    state.grants.clear();
    state.refreshCalls = 0;
    state.revokedGrants = 0;
}

//! A fresh expiring access token and refresh token for `grant`, known to the workspace.
function issuePair(workspace, grant, clientId, scope) {
    const accessToken = `xoxe.xoxp-1-${randomBytes(20).toString('hex')}`;
    const refreshToken = `xoxe-1-${randomBytes(24).toString('hex')}`;
    const g = state.grants.get(grant);
    workspace.tokens.set(accessToken, { kind: 'user', user: ALICE, expiresAt: Date.now() + state.tokenTtlS * 1000, grant });
    g.accessTokens.push(accessToken);
    g.refreshTokens.push(refreshToken);
    state.refreshTokens.set(refreshToken, { grant, clientId, scope, spent: false });
    return { accessToken, refreshToken };
}

//! Revokes every token of the grant: its access tokens answer token_revoked, its refresh
//! tokens invalid_refresh_token.
function revokeGrant(workspace, grant) {
    const g = state.grants.get(grant);
    if (!g || g.revoked) return;
    g.revoked = true;
    state.revokedGrants += 1;
    for (const t of g.accessTokens) workspace.revoked.add(t);
}

//! /_emulator/revoke-token on a refresh token (true), or not one of ours (false).
export function revokeRefreshToken(workspace, token) {
    const entry = state.refreshTokens.get(String(token || ''));
    if (!entry) return false;
    revokeGrant(workspace, entry.grant);
    return true;
}

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

function refresh(res, params, workspace) {
    const fail = (error) => json(res, 200, { ok: false, error });
    state.refreshCalls += 1;
    if (!state.rotate) return fail('invalid_grant_type');
    const entry = state.refreshTokens.get(String(params.refresh_token || ''));
    if (!entry) return fail('invalid_refresh_token');
    if (String(params.client_id || '') !== entry.clientId) return fail('invalid_client_id');
    const g = state.grants.get(entry.grant);
    if (g.revoked) return fail('invalid_refresh_token');
    if (entry.spent) {
        // A rotated refresh token used again: someone else may hold it.
        revokeGrant(workspace, entry.grant);
        return fail('invalid_refresh_token');
    }
    entry.spent = true;
    const pair = issuePair(workspace, entry.grant, entry.clientId, entry.scope);
    return json(res, 200, {
        ok: true,
        app_id: APP_ID,
        access_token: pair.accessToken,
        expires_in: state.tokenTtlS,
        refresh_token: pair.refreshToken,
        token_type: 'user',
        scope: entry.scope,
        team: { id: TEAM.id, name: TEAM.name },
        enterprise: null,
        is_enterprise_install: false,
    });
}

function access(res, params, workspace) {
    const fail = (error) => json(res, 200, { ok: false, error });
    const grant = String(params.grant_type || 'authorization_code');
    if (grant === 'refresh_token') return refresh(res, params, workspace);
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
    const user = { id: ALICE, scope, access_token: workspace.options.userToken, token_type: 'user' };
    if (state.rotate) {
        const grantId = state.nextGrant++;
        state.grants.set(grantId, { revoked: false, accessTokens: [], refreshTokens: [] });
        const pair = issuePair(workspace, grantId, entry.clientId, scope);
        user.access_token = pair.accessToken;
        user.refresh_token = pair.refreshToken;
        user.expires_in = state.tokenTtlS;
    }
    return json(res, 200, {
        ok: true,
        app_id: APP_ID,
        authed_user: user,
        team: { id: TEAM.id, name: TEAM.name },
        enterprise: null,
        is_enterprise_install: false,
    });
}

function flag(value) {
    return value === true || value === 'true' || value === '1';
}

function control(res, params, workspace) {
    if (params.reset) {
        state.deny = false;
        state.clientId = '';
        state.codes.clear();
        resetRotation();
    }
    if (params.deny !== undefined) state.deny = flag(params.deny);
    if (params.client_id !== undefined) state.clientId = String(params.client_id);
    if (params.rotate !== undefined) state.rotate = flag(params.rotate);
    if (params.token_ttl_s !== undefined && Number(params.token_ttl_s) > 0) state.tokenTtlS = Number(params.token_ttl_s);
    // Every rotating access token handed out so far expires now (the client still thinks
    // it has hours left): the next calls answer token_expired.
    if (flag(params.expire_tokens)) {
        for (const g of state.grants.values()) {
            for (const t of g.accessTokens) {
                const who = workspace.tokens.get(t);
                if (who) who.expiresAt = Date.now();
            }
        }
    }
    return json(res, 200, {
        ok: true,
        deny: state.deny,
        client_id: state.clientId,
        pending_codes: state.codes.size,
        rotate: state.rotate,
        token_ttl_s: state.tokenTtlS,
        refresh_calls: state.refreshCalls,
        grants: state.grants.size,
        revoked_grants: state.revokedGrants,
    });
}

//! Serves one request on an OAuth path; returns the HTTP status for the log line.
export async function handleOAuth(req, res, url, workspace) {
    const params = await formParams(req, url);
    if (url.pathname === '/_emulator/oauth') return control(res, params, workspace);
    if (url.pathname === '/oauth/v2/authorize') return authorize(res, params);
    return access(res, params, workspace);
}
