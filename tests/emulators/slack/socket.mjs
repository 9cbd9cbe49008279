// Socket Mode for the Slack emulator: apps.connections.open hands out single-use
// ws:// URLs; each connection gets {"type":"hello"}; every event is wrapped in an
// events_api envelope that the client must ack with {"envelope_id": ...}. Unacked
// envelopes are delivered again after ackTimeoutMs with retry_attempt + 1
// (retry_reason "timeout"), at most maxRetries times. Envelopes published while no
// connection is open wait for the next one, for up to QUEUE_TTL_MS (a sandbox that runs
// for hours without a client must not flood the first one with stale events).

import { randomUUID } from 'node:crypto';

const QUEUE_TTL_MS = 60000;

export class SocketMode {
    //! ws: the `ws` module; appId: for hello's connection_info; log(line).
    constructor({ ws, appId, log }) {
        this.appId = appId;
        this.log = log;
        this.wss = new ws.WebSocketServer({ noServer: true });
        this.OPEN = ws.WebSocket.OPEN;
        this.connections = [];
        this.closedConnections = 0; // lets a test wait for a close instead of for a while
        this.tickets = new Map();
        this.ackTimeoutMs = 3000;
        this.maxRetries = 3;
        this.reset();
    }

    reset() {
        for (const e of this.pending?.values() ?? []) clearTimeout(e.timer);
        this.pending = new Map();
        this.acked = [];
        this.failed = [];
        this.delivered = 0;
    }

    configure({ ack_timeout_ms: ackTimeoutMs, max_retries: maxRetries } = {}) {
        if (Number.isFinite(Number(ackTimeoutMs)) && Number(ackTimeoutMs) > 0) this.ackTimeoutMs = Number(ackTimeoutMs);
        if (Number.isFinite(Number(maxRetries)) && Number(maxRetries) >= 0) this.maxRetries = Number(maxRetries);
    }

    //! A fresh single-use URL for apps.connections.open.
    openUrl(origin) {
        const ticket = randomUUID();
        this.tickets.set(ticket, Date.now());
        return `${origin.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${this.appId}`;
    }

    //! Hooks the upgrade of an http.Server: only /link/?ticket=<unused ticket> is accepted.
    attach(server) {
        server.on('upgrade', (req, socket, head) => {
            const url = new URL(req.url, 'http://localhost');
            const ticket = url.searchParams.get('ticket');
            if (!/^\/link\/?$/.test(url.pathname) || !ticket || !this.tickets.has(ticket)) {
                socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
                this.log(`socket refused ${url.pathname} (unknown or used ticket)`);
                return;
            }
            this.tickets.delete(ticket);
            this.wss.handleUpgrade(req, socket, head, (conn) => this.accept(conn));
        });
    }

    accept(conn) {
        this.connections.push(conn);
        this.log(`socket connected (${this.liveConnections().length} open)`);
        conn.on('message', (data) => this.onClientMessage(data));
        conn.on('close', () => {
            this.connections = this.connections.filter((c) => c !== conn);
            ++this.closedConnections;
            this.log(`socket closed (${this.liveConnections().length} open)`);
        });
        conn.on('error', (e) => this.log(`socket error: ${e.message}`));
        conn.send(
            JSON.stringify({
                type: 'hello',
                num_connections: this.liveConnections().length,
                debug_info: { host: 'applink-tributary-emulator', build_number: 1, approximate_connection_time: 18060 },
                connection_info: { app_id: this.appId },
            }),
        );
        // Envelopes that found no connection (or whose connection went away) go out now.
        for (const e of [...this.pending.values()]) {
            if (e.state !== 'queued') continue;
            if (Date.now() - e.queuedAt > QUEUE_TTL_MS) {
                this.pending.delete(e.envelope.envelope_id);
                this.failed.push(e.envelope.envelope_id);
            } else {
                this.deliver(e);
            }
        }
    }

    liveConnections() {
        return this.connections.filter((c) => c.readyState === this.OPEN);
    }

    onClientMessage(data) {
        let msg;
        try {
            msg = JSON.parse(String(data));
        } catch {
            this.log('socket: ignoring a frame that is not JSON');
            return;
        }
        const e = msg && this.pending.get(msg.envelope_id);
        if (!e) return;
        clearTimeout(e.timer);
        this.pending.delete(e.envelope.envelope_id);
        this.acked.push(e.envelope.envelope_id);
    }

    //! Wraps an Events API payload in an envelope and delivers it.
    publish(payload) {
        const envelope = {
            envelope_id: randomUUID(),
            payload,
            type: 'events_api',
            accepts_response_payload: false,
            retry_attempt: 0,
            retry_reason: '',
        };
        const e = { envelope, state: 'queued', timer: null, queuedAt: Date.now() };
        this.pending.set(envelope.envelope_id, e);
        this.deliver(e);
    }

    deliver(e) {
        const live = this.liveConnections();
        if (!live.length) {
            if (e.state !== 'queued') e.queuedAt = Date.now();
            e.state = 'queued';
            return;
        }
        // Slack spreads envelopes over the open connections; the newest one is as good.
        live[live.length - 1].send(JSON.stringify(e.envelope));
        e.state = 'sent';
        this.delivered += 1;
        clearTimeout(e.timer);
        e.timer = setTimeout(() => this.onAckTimeout(e), this.ackTimeoutMs);
    }

    onAckTimeout(e) {
        if (!this.pending.has(e.envelope.envelope_id)) return;
        if (e.envelope.retry_attempt >= this.maxRetries) {
            this.pending.delete(e.envelope.envelope_id);
            this.failed.push(e.envelope.envelope_id);
            this.log(`envelope ${e.envelope.envelope_id} dropped after ${e.envelope.retry_attempt} retries`);
            return;
        }
        e.envelope.retry_attempt += 1;
        e.envelope.retry_reason = 'timeout';
        this.deliver(e);
    }

    //! Sends {"type":"disconnect"} to every connection and closes them closeAfterMs later.
    disconnect(reason = 'refresh_requested', closeAfterMs = 1000) {
        const live = this.liveConnections();
        for (const conn of live) {
            conn.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'applink-tributary-emulator' } }));
            setTimeout(() => conn.close(1000, reason), Math.max(0, closeAfterMs));
        }
        return live.length;
    }

    state() {
        return {
            connections: this.liveConnections().length,
            closed_connections: this.closedConnections,
            ack_timeout_ms: this.ackTimeoutMs,
            max_retries: this.maxRetries,
            delivered: this.delivered,
            acked: [...this.acked],
            failed: [...this.failed],
            unacked: [...this.pending.values()].map((e) => ({
                envelope_id: e.envelope.envelope_id,
                state: e.state,
                retry_attempt: e.envelope.retry_attempt,
                event_type: e.envelope.payload.event.type,
                subtype: e.envelope.payload.event.subtype ?? null,
                channel: e.envelope.payload.event.channel ?? e.envelope.payload.event.item?.channel ?? null,
            })),
        };
    }

    close() {
        for (const e of this.pending.values()) clearTimeout(e.timer);
        for (const conn of this.connections) conn.terminate();
        this.wss.close();
    }
}
