// A real OAuth 2.0 / OpenID Connect authorization server for Tributary's OAuth
// tests (test-only), built on the certified npm `oidc-provider`. It listens on
// 127.0.0.1 and serves:
//
//  - one public native client "tributary-test" (RFC 8252): no client secret,
//    PKCE (S256) required, redirect URI http://127.0.0.1/callback on ANY port
//    (oidc-provider ignores the port of loopback redirect URIs for clients of
//    application_type "native", RFC 8252 section 7.3);
//  - one confidential client "tributary-test-confidential" (client_secret_post,
//    secret from OIDC_CONFIDENTIAL_SECRET), for providers that insist on a
//    secret even for installed apps;
//  - a public native client "tributary-test-short" like the first, whose access
//    tokens live only OIDC_SHORT_ACCESS_TOKEN_TTL seconds (default 30), for the
//    tests that watch tokens expire and refresh many times in a few minutes;
//  - a resource server "tributary-mail-server" (client_secret_post, the same
//    secret) that may introspect every client's tokens: the local mail servers'
//    token service asks it about tokens it did not issue itself, so Dovecot
//    accepts this server's access tokens for XOAUTH2 (tools/lib/oauth-introspect.py);
//  - grants authorization_code + refresh_token, refresh tokens rotated on every
//    use (reusing a rotated one revokes the whole grant), revocation (RFC 7009)
//    and introspection (RFC 7662) endpoints;
//  - an API (resource server) with the scopes inbox.read and inbox.write, whose
//    opaque access tokens live OIDC_ACCESS_TOKEN_TTL seconds (default 300).
//
// GET /_test/token-calls?client_id=ID answers how often the token endpoint was
// called for that client: {"authorization_code": n, "refresh_token": n,
// "errors": n, "total": n} (tests count refreshes: no retry storm).
//
// No browser is needed: the interaction pages approve at once as the user named
// by login_hint (default alice@tributary.test), or DENY consent (the client gets
// error=access_denied) when login_hint starts with "deny@". A test drives the
// whole flow by following the redirects of the authorization URL with a cookie
// jar, as a browser would.
//
//   node oidc-server.mjs --port PORT [--pid-file FILE] [--modules DIR]
//
// DIR is the folder whose node_modules holds oidc-provider (tools/lib/npm.sh
// installs it outside the source tree; default: this script's folder).
// The pid file is written once the socket listens. Nothing secret is logged:
// one line per grant or error, with the error code only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath, pathToFileURL } from 'node:url';

function parseArgs(argv) {
  const args = { port: 0, pidFile: '', modules: path.dirname(fileURLToPath(import.meta.url)) };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--port') args.port = Number(argv[(i += 1)]);
    else if (argv[i] === '--pid-file') args.pidFile = argv[(i += 1)];
    else if (argv[i] === '--modules') args.modules = argv[(i += 1)];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(args.port) || args.port <= 0) throw new Error('--port PORT is required');
  return args;
}

const args = parseArgs(process.argv.slice(2));
// ESM imports resolve next to the importing file only (no NODE_PATH): load the
// package from the installed tree explicitly.
const providerEntry = createRequire(path.join(path.resolve(args.modules), 'package.json')).resolve('oidc-provider');
const { default: Provider } = await import(pathToFileURL(providerEntry).href);
const issuer = `http://127.0.0.1:${args.port}`;
const accessTokenTtl = Number(process.env.OIDC_ACCESS_TOKEN_TTL || 300);
const shortAccessTokenTtl = Number(process.env.OIDC_SHORT_ACCESS_TOKEN_TTL || 30);
const SHORT_CLIENT = 'tributary-test-short';
const MAIL_SERVER_CLIENT = 'tributary-mail-server';
const confidentialSecret = process.env.OIDC_CONFIDENTIAL_SECRET || crypto.randomBytes(24).toString('hex');
const API = 'urn:tributary:test-api';
const DEFAULT_USER = 'alice@tributary.test';

function log(...parts) {
  process.stdout.write(`${new Date().toISOString()} ${parts.join(' ')}\n`);
}

// A signing key made at each start (ID tokens only; access tokens are opaque).
const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: 'tributary-test', use: 'sig', alg: 'RS256' };

const nativeClient = {
  client_id: 'tributary-test',
  application_type: 'native',
  token_endpoint_auth_method: 'none',
  redirect_uris: ['http://127.0.0.1/callback'],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
};

const configuration = {
  clients: [
    nativeClient,
    {
      ...nativeClient,
      client_id: 'tributary-test-confidential',
      client_secret: confidentialSecret,
      token_endpoint_auth_method: 'client_secret_post',
    },
    { ...nativeClient, client_id: SHORT_CLIENT },
    {
      client_id: MAIL_SERVER_CLIENT,
      client_secret: confidentialSecret,
      token_endpoint_auth_method: 'client_secret_post',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  scopes: ['openid', 'offline_access', 'email'],
  claims: { openid: ['sub'], email: ['email'] },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    introspection: {
      enabled: true,
      // The mail servers' token service may ask about any token; a client about its own.
      allowedPolicy: async (ctx, client, token) => client.clientId === MAIL_SERVER_CLIENT
        || token.clientId === client.clientId,
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => API,
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (resourceIndicator !== API) throw new Error(`unknown resource ${resourceIndicator}`);
        return {
          scope: 'inbox.read inbox.write',
          audience: API,
          accessTokenTTL: accessTokenTtl, // ttl.AccessToken below decides, per client
          accessTokenFormat: 'opaque',
        };
      },
    },
  },
  pkce: { methods: ['S256'], required: () => true },
  // Every use of a refresh token returns a new one; the old one becomes consumed.
  rotateRefreshToken: true,
  // A native client that asked for the refresh_token grant always gets one
  // (oidc-provider's default also wants the offline_access scope).
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  ttl: {
    // A number here would override the resource server's accessTokenTTL.
    AccessToken: (ctx, token, client) => (client?.clientId === SHORT_CLIENT ? shortAccessTokenTtl : accessTokenTtl),
    AuthorizationCode: 60,
    Grant: 14 * 24 * 60 * 60,
    Interaction: 10 * 60,
    RefreshToken: 14 * 24 * 60 * 60,
    Session: 14 * 24 * 60 * 60,
  },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  findAccount: (ctx, id) => ({
    accountId: id,
    claims: () => ({ sub: id, email: id }),
  }),
  renderError: (ctx, out) => {
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = `${out.error}: ${out.error_description || ''}\n`;
  },
};

const provider = new Provider(issuer, configuration);
provider.proxy = false;

// Token endpoint calls per client: { authorization_code, refresh_token, errors, total }.
const tokenCalls = new Map();
function countTokenCall(ctx, failed) {
  const clientId = ctx.oidc.client?.clientId || ctx.oidc.params?.client_id || '';
  const calls = tokenCalls.get(clientId) || { authorization_code: 0, refresh_token: 0, errors: 0, total: 0 };
  const grant = ctx.oidc.params?.grant_type;
  if (grant === 'authorization_code' || grant === 'refresh_token') calls[grant] += 1;
  if (failed) calls.errors += 1;
  calls.total += 1;
  tokenCalls.set(clientId, calls);
}

provider.on('grant.success', (ctx) => {
  countTokenCall(ctx, false);
  log('grant.success', ctx.oidc.params.grant_type, ctx.oidc.client?.clientId);
});
provider.on('grant.error', (ctx, err) => {
  countTokenCall(ctx, true);
  log('grant.error', ctx.oidc.params?.grant_type, err.error, `(${err.error_detail || err.error_description})`);
});
provider.on('authorization.error', (ctx, err) => log('authorization.error', err.error, err.error_description));
provider.on('revocation.error', (ctx, err) => log('revocation.error', err.error, err.error_description));
provider.on('server_error', (ctx, err) => log('server_error', err.stack || err));

function wantsDenial(params) {
  return typeof params.login_hint === 'string' && params.login_hint.toLowerCase().startsWith('deny@');
}

// The "browser" pages: approve or deny at once, no forms.
async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  const { prompt, params, session, grantId } = details;
  if (wantsDenial(params)) {
    log('interaction', prompt.name, 'denied');
    await provider.interactionFinished(req, res, {
      error: 'access_denied',
      error_description: 'The test user declined to grant access',
    }, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === 'login') {
    const accountId = typeof params.login_hint === 'string' && params.login_hint ? params.login_hint : DEFAULT_USER;
    log('interaction login approved');
    await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
    return;
  }
  if (prompt.name === 'consent') {
    const grant = grantId
      ? await provider.Grant.find(grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    if (missing.missingResourceScopes) {
      for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes)) {
        grant.addResourceScope(indicator, scopes.join(' '));
      }
    }
    log('interaction consent approved');
    await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } },
      { mergeWithLastSubmission: true });
    return;
  }
  res.statusCode = 501;
  res.end(`unexpected prompt ${prompt.name}\n`);
}

const providerCallback = provider.callback();
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/_test/token-calls')) {
    const clientId = new URL(req.url, issuer).searchParams.get('client_id') || '';
    const calls = tokenCalls.get(clientId) || { authorization_code: 0, refresh_token: 0, errors: 0, total: 0 };
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify(calls));
    return;
  }
  if (req.method === 'GET' && req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      log('interaction failed', err.name, err.message);
      if (!res.headersSent) {
        res.statusCode = 400;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      }
      res.end(`interaction failed: ${err.message}\n`);
    });
    return;
  }
  providerCallback(req, res);
});

server.listen(args.port, '127.0.0.1', () => {
  log(`listening on ${issuer} (access tokens live ${accessTokenTtl} s, ${shortAccessTokenTtl} s for ${SHORT_CLIENT})`);
  if (args.pidFile) fs.writeFileSync(args.pidFile, `${process.pid}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    log(`stopping on ${signal}`);
    server.close();
    process.exit(0);
  });
}
