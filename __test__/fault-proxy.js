'use strict';
// A fault-injecting reverse proxy for __test__/faults.test.js. It listens on 127.0.0.1 (port 0)
// and forwards each request unchanged (method, request target, raw headers including Host, body)
// to the test server, so SigV4 still verifies upstream on s3s-fs. Tests script faults per request:
//
//   const proxy = await startFaultProxy(h.endpoint);
//   proxy.rule({ method: 'GET', path: `/${Bucket}/${Key}`, cutAfter: 1 << 20, cut: 'reset' });
//   const s3 = h.client({ endpoint: proxy.endpoint });
//   ...
//   proxy.requests   // every request seen: { method, url, headers, rule, status, requestBytes, responseBytes }
//   await proxy.close();  // destroys every socket, so no test process hangs on it
//
// A rule matches on `method`, a substring `path` of the request target and, with `match(req)`, any
// predicate of the request (its headers); `skip` lets the first
// N matches through, `times` (default 1, Infinity for all) bounds how many get the fault.
// Faults (one family per rule):
//   requestCutAfter: n, requestCut: 'reset' | 'stall'   after n request-body bytes
//   requestFlipAt: n             xor request-body byte n with 0xff (corruption in transit)
//   status + code (+ message, headers)   answer an S3 XML error without forwarding (after reading
//                                the body), with extra response `headers` if given
//   hang: true                   read the request, never answer
//   cutAfter: n, cut: 'reset' | 'fin' | 'chunked' | 'stall'   after n response-body bytes;
//                                'chunked' re-frames the body as chunked, then ends without the last chunk
//   flipAt: n                    xor response-body byte n with 0xff
//   drip: { bytes, ms }          send the response body in `bytes`-sized pieces, `ms` apart
//   onCut(entry)                 hook run when a cut point is reached, before the cut (a returned
//                                Promise is awaited: a test can change the object in between)

const http = require('node:http');

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function errorXml(code, message) {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message>` +
    '<RequestId>FAULTPROXY</RequestId><HostId>fault-proxy</HostId></Error>';
}

/** `chunk` (which starts at body offset `offset`) with the byte at offset `at` inverted, if inside. */
function flip(chunk, at, offset, entry) {
  if (typeof at !== 'number' || at < offset || at >= offset + chunk.length) return chunk;
  const copy = Buffer.from(chunk);
  copy[at - offset] ^= 0xff;
  entry.flipped = true;
  return copy;
}

/** Resolves once `chunk` is handed to the socket, or the client is gone: true if still there. */
function write(res, chunk) {
  return new Promise((resolve) => {
    if (res.destroyed || chunk.length === 0) return resolve(!res.destroyed);
    const done = () => {
      res.off('close', done);
      resolve(!res.destroyed);
    };
    res.once('close', done);
    res.write(chunk, done);
  });
}

async function startFaultProxy(upstream) {
  const target = new URL(upstream);
  const rules = [];
  const requests = [];
  const sockets = new Set();
  const upstreams = new Set();


  // Runs a rule's onCut hook. Only a real Promise is awaited (a hook such as `() => req.abort()`
  // may return a thenable Request). A hook that throws is rethrown as an uncaught exception after
  // the cut, which node:test reports against the running test.
  async function hook(rule, entry, cut) {
    let failed = null;
    try {
      const ret = rule.onCut ? rule.onCut(entry) : undefined;
      if (ret instanceof Promise) await ret;
    } catch (err) {
      failed = err;
    }
    await cut();
    if (failed) process.nextTick(() => { throw failed; });
  }

  // Applies a response cut once `entry.responseBytes` body bytes are out.
  function cutResponse(rule, res, up, entry) {
    up.pause();
    return hook(rule, entry, () => applyCut(rule, res, up, entry));
  }

  async function applyCut(rule, res, up, entry) {
    entry.cut = rule.cut;
    const sock = res.socket;
    if (!sock || sock.destroyed) return;
    if (rule.cut === 'stall') return; // keep the socket open, send nothing more
    up.destroy();
    // Give the client a moment to read what was sent, so it has exactly n bytes when the cut lands.
    await sleep(30);
    if (rule.cut === 'reset') sock.resetAndDestroy();
    else sock.end(); // 'fin' and 'chunked': a clean FIN before the promised end of the body
  }

  async function pumpResponse(rule, req, res, up, entry) {
    const headers = [];
    for (let i = 0; i < up.rawHeaders.length; i += 2) {
      const name = up.rawHeaders[i].toLowerCase();
      if (HOP_BY_HOP.has(name)) continue;
      if (rule && rule.cut === 'chunked' && name === 'content-length') continue;
      headers.push(up.rawHeaders[i], up.rawHeaders[i + 1]);
    }
    entry.status = up.statusCode;
    entry.responseHeaders = up.headers;
    res.writeHead(up.statusCode, up.statusMessage, headers);
    const cutAfter = rule && rule.cutAfter !== undefined ? rule.cutAfter : Infinity;
    if (cutAfter === 0) {
      res.flushHeaders();
      return cutResponse(rule, res, up, entry);
    }
    for await (let chunk of up) {
      if (res.destroyed) return up.destroy();
      chunk = flip(chunk, rule && rule.flipAt, entry.responseBytes, entry);
      let cut = false;
      if (entry.responseBytes + chunk.length >= cutAfter) {
        chunk = chunk.subarray(0, cutAfter - entry.responseBytes);
        cut = true;
      }
      const step = rule && rule.drip ? rule.drip.bytes : chunk.length;
      for (let i = 0; i < chunk.length; i += step) {
        if (!(await write(res, chunk.subarray(i, i + step)))) return up.destroy();
        entry.responseBytes += Math.min(step, chunk.length - i);
        if (rule && rule.drip) await sleep(rule.drip.ms);
      }
      if (cut) return cutResponse(rule, res, up, entry);
    }
    res.end();
    return undefined;
  }

  function forward(rule, req, res, entry) {
    const up = forwardTo(target, req, res, upstreams, entry);
    up.on('response', (upRes) => {
      upRes.on('error', () => {}); // we cut it ourselves at times
      pumpResponse(rule, req, res, upRes, entry).catch((err) => {
        entry.proxyError = err.message;
        res.destroy();
      });
    });

    const cutAt = rule && rule.requestCutAfter !== undefined ? rule.requestCutAfter : Infinity;
    req.on('data', (chunk) => {
      if (entry.requestCut) return;
      chunk = flip(chunk, rule && rule.requestFlipAt, entry.requestBytes, entry);
      const room = cutAt - entry.requestBytes;
      if (chunk.length < room) {
        entry.requestBytes += chunk.length;
        if (!up.write(chunk)) req.pause();
        return;
      }
      up.write(chunk.subarray(0, room));
      entry.requestBytes += room;
      entry.requestCut = rule.requestCut;
      req.pause();
      hook(rule, entry, async () => {
        if (rule.requestCut === 'stall') return; // hold the connection; the client decides
        await sleep(30);
        up.destroy();
        if (req.socket && !req.socket.destroyed) req.socket.resetAndDestroy();
      }).catch((err) => { entry.proxyError = err.message; });
    });
    up.on('drain', () => {
      if (!entry.requestCut) req.resume();
    });
    req.on('end', () => {
      if (!entry.requestCut) up.end();
    });
  }

  const server = http.createServer((req, res) => {
    const rule = matchRule(rules, req);
    const entry = {
      method: req.method,
      url: req.url,
      headers: req.headers,
      rule,
      status: undefined,
      requestBytes: 0,
      responseBytes: 0,
    };
    requests.push(entry);
    if (rule && rule.hang) {
      req.resume(); // read and discard; never answer
      return;
    }
    if (rule && rule.status) {
      req.resume();
      req.on('end', () => {
        const body = errorXml(rule.code || 'InternalError', rule.message || 'injected by the fault proxy');
        entry.status = rule.status;
        res.writeHead(rule.status, {
          'content-type': 'application/xml',
          'content-length': Buffer.byteLength(body),
          'x-amz-request-id': 'FAULTPROXY',
          ...rule.headers,
        });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
      return;
    }
    forward(rule, req, res, entry);
  });
  const { port, close } = await listen(server, sockets, upstreams);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    /** Adds a rule (see the header comment); returns it, with `seen` and `hits` counters. */
    rule(spec) {
      const rule = { skip: 0, times: 1, ...spec, seen: 0, hits: 0 };
      if (rule.cutAfter !== undefined && !rule.cut) rule.cut = 'reset';
      if (rule.requestCutAfter !== undefined && !rule.requestCut) rule.requestCut = 'reset';
      rules.push(rule);
      return rule;
    },
    /** Requests seen so far for a method and a path substring. */
    seen(method, path) {
      return requests.filter((r) => (!method || r.method === method) && (!path || r.url.includes(path)));
    },
    close,
  };
}

/**
 * The first rule that matches the request (`method`, a substring `path` of the target, a present
 * request `header`) and still has hits left after its `skip`; counts `seen` and `hits`.
 */
function matchRule(rules, req) {
  for (const rule of rules) {
    if (rule.method && rule.method !== req.method) continue;
    if (rule.path && !req.url.includes(rule.path)) continue;
    if (rule.header && req.headers[rule.header] === undefined) continue;
    if (rule.match && !rule.match(req)) continue;
    rule.seen += 1;
    if (rule.seen <= rule.skip || rule.hits >= rule.times) continue;
    rule.hits += 1;
    return rule;
  }
  return null;
}

/**
 * The request to the real server, as the client sent it (the Host it signed, every header in
 * order). A body-less request with neither Content-Length nor Transfer-Encoding (the Rust SDK
 * sends an empty PUT such as CopyObject so) gets `Content-Length: 0`: Node's client would
 * re-frame it as chunked, which a server may refuse (411). A dropped server connection drops the
 * client's; a client that goes away mid-exchange breaks the server's request too.
 */
function forwardTo(target, req, res, upstreams, entry) {
  const framed = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  const up = http.request({
    host: target.hostname,
    port: target.port,
    method: req.method,
    path: req.url,
    headers: framed ? req.rawHeaders : [...req.rawHeaders, 'Content-Length', '0'],
    setHost: false,
    agent: false,
  });
  upstreams.add(up);
  up.on('close', () => upstreams.delete(up));
  up.on('error', (err) => {
    entry.upstreamError = err.code || err.message;
    res.destroy();
  });
  res.on('close', () => {
    // `entry.detached`: the server's request goes on though the client left (a slow server).
    if (!res.writableFinished && !entry.detached) up.destroy();
  });
  return up;
}

/**
 * Listens on 127.0.0.1 (a free port) and tracks client sockets; `close()` ends the server and
 * destroys every client and upstream socket, so no test process hangs on it.
 */
async function listen(server, sockets, upstreams) {
  server.keepAliveTimeout = 30000; // no idle close racing a test's next request
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  server.on('clientError', (err, sock) => sock.destroy());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  let closing = null;
  const close = () => {
    if (!closing) {
      closing = new Promise((resolve) => server.close(() => resolve()));
      for (const up of upstreams) up.destroy();
      for (const sock of sockets) sock.destroy();
    }
    return closing;
  };
  return { port: server.address().port, close };
}

module.exports = { startFaultProxy, forwardTo, listen, HOP_BY_HOP };

// ---------------------------------------------------------------------------------------------
// A rewriting proxy (for __test__/api-errors.test.js): forwards every request unchanged, like
// startFaultProxy, and for a request a rule matches, buffers the server's whole answer and lets the
// rule replace its status, headers or body. The server still did the work (a copy, a completed
// upload); only what the client reads changes.
//
//   const proxy = await startRewriteProxy(h.endpoint);
//   proxy.rule({ method: 'PUT', path: `/${Bucket}/${Key}`, header: 'x-amz-copy-source', times: Infinity,
//     rewrite: (res) => ({ body: '<Error>...</Error>' }) });
//   proxy.requests   // every request seen: { method, url, headers, rule, upstreamStatus, status }
//
// A rule matches on `method`, a substring `path` of the request target, and `header` (a request
// header that must be present); `skip` lets the first N matches through, `times` (default 1) bounds
// how many are rewritten. `rewrite({ status, headers, body, request })` (headers lower-cased, body a
// Buffer) returns { status?, headers?, body? }: `headers` entries replace the server's (a null
// value removes one), `body` (string or Buffer) replaces the body, and content-length follows it.

async function startRewriteProxy(upstream) {
  const target = new URL(upstream);
  const rules = [];
  const requests = [];
  const sockets = new Set();
  const upstreams = new Set();


  function answer(rule, req, res, upRes, body, entry) {
    const headers = {};
    for (const [name, value] of Object.entries(upRes.headers)) {
      if (!HOP_BY_HOP.has(name) && name !== 'content-length') headers[name] = value;
    }
    let status = upRes.statusCode;
    if (rule) {
      const request = { method: req.method, url: req.url, headers: req.headers };
      const out = rule.rewrite({ status, headers: { ...headers }, body, request }) || {};
      if (out.status !== undefined) status = out.status;
      for (const [name, value] of Object.entries(out.headers || {})) {
        if (value === null) delete headers[name.toLowerCase()];
        else headers[name.toLowerCase()] = value;
      }
      if (out.body !== undefined) body = Buffer.from(out.body);
    }
    entry.status = status;
    headers['content-length'] = String(body.length);
    res.writeHead(status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = http.createServer((req, res) => {
    const rule = matchRule(rules, req);
    const entry = { method: req.method, url: req.url, headers: req.headers, rule, upstreamStatus: undefined, status: undefined };
    requests.push(entry);
    const up = forwardTo(target, req, res, upstreams, entry);
    up.on('response', (upRes) => {
      entry.upstreamStatus = upRes.statusCode;
      const chunks = [];
      upRes.on('data', (c) => chunks.push(c));
      upRes.on('error', () => res.destroy());
      upRes.on('end', () => {
        try {
          answer(rule, req, res, upRes, Buffer.concat(chunks), entry);
        } catch (err) {
          entry.proxyError = err.message;
          res.destroy();
        }
      });
    });
    req.pipe(up);
  });
  const { port, close } = await listen(server, sockets, upstreams);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    /** Adds a rule (see above); returns it, with `seen` and `hits` counters. */
    rule(spec) {
      if (typeof spec.rewrite !== 'function') throw new TypeError('a rewrite rule needs rewrite()');
      const rule = { skip: 0, times: 1, ...spec, seen: 0, hits: 0 };
      rules.push(rule);
      return rule;
    },
    /** Requests seen so far for a method and a path substring. */
    seen(method, path) {
      return requests.filter((r) => (!method || r.method === method) && (!path || r.url.includes(path)));
    },
    close,
  };
}

module.exports.startRewriteProxy = startRewriteProxy;
