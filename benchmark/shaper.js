'use strict';
// The `transfer-shaped` scenario's network: a node:http forwarding proxy on 127.0.0.1 in front of
// the bench's S3 server that makes each client connection behave like a slow, distant link, so
// that a transfer is bound by the link and not by the server or the CPU, and only parts in flight
// on several connections at once make it faster.
//
//   const proxy = await startShaper(srv.endpoint, { bytesPerSec: 20 * 2 ** 20, latencyMs: 20 });
//   ... point a client at proxy.endpoint ...
//   proxy.reset(); ... one run ...; proxy.stats()  // { requests, peakInFlight, bytesUp, bytesDown }
//   await proxy.close();
//
// - Bandwidth: each client connection carries at most `bytesPerSec` in each direction (request
//   bodies up, response bodies down; headers are not counted). Bytes are paced in slices of
//   `sliceBytes` (64 KiB): a slice is passed on once the link would have finished sending it,
//   on a schedule kept per connection and direction, so timer granularity does not change the
//   average rate. The schedule may lag the clock by up to 4 slices' time, so a timer that fires
//   late (busy cores) is caught up on instead of lost; that is also the most an idle connection
//   can send at once.
// - Latency: every request waits `latencyMs` before it is forwarded (one round trip).
//
// Requests go upstream unchanged (method, target, headers including Host, so SigV4 still
// verifies on s3s-fs), minus hop-by-hop headers; `Expect: 100-continue` is answered by this proxy
// (node's default) and not forwarded.

const http = require('http');
const { Transform } = require('stream');
const { performance } = require('perf_hooks');

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer', 'expect']);
const kLinks = Symbol('shaperLinks');

function forwardHeaders(headers) {
  const out = {};
  for (const [k, v] of Object.entries(headers)) if (!HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

/** One direction of one connection: the time (performance.now() ms) its last slice is sent by. */
class Link {
  constructor(bytesPerMs, sliceBytes) {
    this.bytesPerMs = bytesPerMs;
    this.slackMs = (4 * sliceBytes) / bytesPerMs;
    this.busyUntil = 0;
  }
}

/** A Transform that passes bytes on at the link's rate. */
function paced(link, sliceBytes) {
  return new Transform({
    highWaterMark: sliceBytes,
    transform(chunk, _enc, done) {
      let off = 0;
      const step = () => {
        if (off >= chunk.length) return done();
        const piece = chunk.subarray(off, off + sliceBytes);
        off += piece.length;
        const now = performance.now();
        link.busyUntil = Math.max(now - link.slackMs, link.busyUntil) + piece.length / link.bytesPerMs;
        const wait = link.busyUntil - now;
        const send = () => {
          this.push(piece);
          step();
        };
        if (wait >= 1) setTimeout(send, wait);
        else send();
        return undefined;
      };
      step();
    },
  });
}

/**
 * Starts the proxy in front of `upstream` (an http:// endpoint). Resolves with { endpoint, port,
 * reset(), stats(), close() }. `log`: stats().log lists every request (method, target, length).
 */
function startShaper(upstream, { bytesPerSec = 20 * 2 ** 20, latencyMs = 20, sliceBytes = 64 * 1024, log = false } = {}) {
  const target = new URL(upstream);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const bytesPerMs = bytesPerSec / 1000;
  const sockets = new Set();
  let stats;
  let inFlight = 0;
  const reset = () => {
    stats = { requests: 0, peakInFlight: 0, bytesUp: 0, bytesDown: 0, log: log ? [] : undefined };
  };
  reset();

  const server = http.createServer((req, res) => {
    stats.requests++;
    if (stats.log) stats.log.push(`${req.method} ${req.url} ${req.headers['content-length'] || req.headers['transfer-encoding'] || ''}`);
    inFlight++;
    stats.peakInFlight = Math.max(stats.peakInFlight, inFlight);
    let ended = false;
    const end = () => {
      if (!ended) {
        ended = true;
        inFlight--;
      }
    };
    res.on('close', end);
    const links = (req.socket[kLinks] ??= { up: new Link(bytesPerMs, sliceBytes), down: new Link(bytesPerMs, sliceBytes) });
    setTimeout(() => {
      if (req.destroyed && !req.readableEnded && !req.complete) return end();
      const up = http.request({
        host: target.hostname,
        port: target.port || 80,
        method: req.method,
        path: req.url,
        headers: forwardHeaders(req.headers),
        agent,
      });
      up.on('response', (upRes) => {
        res.writeHead(upRes.statusCode, forwardHeaders(upRes.headers));
        const down = paced(links.down, sliceBytes);
        down.on('data', (d) => (stats.bytesDown += d.length));
        upRes.pipe(down).pipe(res);
        upRes.on('error', () => res.destroy());
      });
      up.on('error', () => {
        if (!res.headersSent) {
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end('shaper: upstream failed');
        } else res.destroy();
      });
      res.on('close', () => {
        if (!res.writableFinished) up.destroy();
      });
      const body = paced(links.up, sliceBytes);
      body.on('data', (d) => (stats.bytesUp += d.length));
      req.pipe(body).pipe(up);
    }, latencyMs);
  });
  server.keepAliveTimeout = 30000;
  server.requestTimeout = 0; // a slow link's long request body is the point
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        endpoint: `http://127.0.0.1:${port}`,
        port,
        reset,
        stats: () => ({ ...stats }),
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            for (const s of sockets) s.destroy();
            agent.destroy();
          }),
      });
    });
  });
}

module.exports = { startShaper };
