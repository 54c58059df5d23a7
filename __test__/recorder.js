'use strict';
// A recording HTTP(S) server for __test__/api-wire.test.js: it listens on 127.0.0.1 (port 0),
// keeps every request it receives (method, raw request target, headers in arrival order, body
// bytes) and answers each one with 200 and an empty body. It never
// forwards anything and checks no signature. With `tls: true` it speaks https with the fixed
// test certificate below (a leaf for IP 127.0.0.1 issued by TEST_CA; a client trusts TEST_CA).
//
//   const rec = await startRecorder({ tls: true });
//   // ... point a client at rec.endpoint, make one call ...
//   const [entry] = rec.take();   // the requests since the last take()
//   await rec.close();            // destroys every socket, so no test process hangs on it
//
// Also here: parseXml(text), a small XML reader that turns a request body into a canonical tree
// ({ ns, name, attrs, children, text }), so two serialisations of the same document compare equal
// whatever their whitespace, namespace prefixes and declarations or attribute order.

const http = require('node:http');
const https = require('node:https');

// Test-only PKI, valid 2000-2100 (generated with `openssl ca`, EC P-256): nothing else trusts it.
const TEST_CA = `-----BEGIN CERTIFICATE-----
MIIBfDCCASOgAwIBAgIBATAKBggqhkjOPQQDAjAlMSMwIQYDVQQDDBpzMy1uYXRp
dmUgYXBpLXdpcmUgdGVzdCBDQTAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAw
MDAwMFowJTEjMCEGA1UEAwwaczMtbmF0aXZlIGFwaS13aXJlIHRlc3QgQ0EwWTAT
BgcqhkjOPQIBBggqhkjOPQMBBwNCAASmBaYbz9jI4Kwy1IKjQV4r2WQFssWcVB12
PoAZWmL7YzpfHXpsWLe83OyShk4CXNwiV/jZdO+rL1jq/JR5y8kRo0IwQDAPBgNV
HRMBAf8EBTADAQH/MA4GA1UdDwEB/wQEAwIBBjAdBgNVHQ4EFgQULu+Xbl0G2vE1
0fjDSdU8rJEXk7owCgYIKoZIzj0EAwIDRwAwRAIgBNkgn1X2wdcHXFu14QxhFTrc
1vheIDNdYf/2VrzF+wsCIEZ4JbQTNjbB3VOf69XYaf+WgBioO7r9llfh8d0u5Jll
-----END CERTIFICATE-----
`;
const LEAF_CERT = `-----BEGIN CERTIFICATE-----
MIIBsTCCAVigAwIBAgIBAjAKBggqhkjOPQQDAjAlMSMwIQYDVQQDDBpzMy1uYXRp
dmUgYXBpLXdpcmUgdGVzdCBDQTAgFw0wMDAxMDEwMDAwMDBaGA8yMTAwMDEwMTAw
MDAwMFowFDESMBAGA1UEAwwJMTI3LjAuMC4xMFkwEwYHKoZIzj0CAQYIKoZIzj0D
AQcDQgAEdGOKqAOHkpvDahSHcI05PAhKMioz+qD+kWbLAp197Hh2Y302q3kBK4US
cSRHVBBjQNQdztl5XPvk9RWbJC9z4aOBhzCBhDAMBgNVHRMBAf8EAjAAMA4GA1Ud
DwEB/wQEAwIHgDATBgNVHSUEDDAKBggrBgEFBQcDATAPBgNVHREECDAGhwR/AAAB
MB8GA1UdIwQYMBaAFC7vl25dBtrxNdH4w0nVPKyRF5O6MB0GA1UdDgQWBBQu8cze
v/zRqwodE4Z4RziFpAVq1jAKBggqhkjOPQQDAgNHADBEAiA/ie+D0rvAEP4sz/X6
XZAnmIMBoBF6idP5LcxQfur9LwIgRl1SfkHdSqa7Asx1HQrej5oeDUqUpkBWziCx
tm/tsts=
-----END CERTIFICATE-----
`;
const LEAF_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgv8rHM7sF0GeEYKBb
PZCuvsHeXei95bMkr7kqGycvOy2hRANCAAR0Y4qoA4eSm8NqFIdwjTk8CEoyKjP6
oP6RZssCnX3seHZjfTareQErhRJxJEdUEGNA1B3O2Xlc++T1FZskL3Ph
-----END PRIVATE KEY-----
`;

async function startRecorder({ tls = false } = {}) {
  let requests = [];
  const sockets = new Set();
  const handler = (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const headers = new Map(); // lower-case name -> [values] (a repeated header keeps each)
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        const name = req.rawHeaders[i].toLowerCase();
        if (!headers.has(name)) headers.set(name, []);
        headers.get(name).push(req.rawHeaders[i + 1]);
      }
      const entry = { method: req.method, url: req.url, headers, body: Buffer.concat(chunks) };
      requests.push(entry);
      res.writeHead(200, { 'content-length': 0 });
      res.end();
    });
  };
  const srv = tls ? https.createServer({ key: LEAF_KEY, cert: LEAF_CERT }, handler) : http.createServer(handler);
  srv.on('connection', (sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
  });
  await new Promise((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address();
  return {
    endpoint: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    port,
    /** The requests received since the last call, oldest first. */
    take() {
      const out = requests;
      requests = [];
      return out;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => srv.close(resolve));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// XML -> canonical tree. Enough XML for what the SDKs write: a declaration, comments, elements
// with (prefixed) attributes, character data with the five named entities and numeric
// references, CDATA. Whitespace-only text between elements is dropped; the text of an element
// without child elements is kept exactly. Namespace declarations (`xmlns`, `xmlns:p`) are
// resolved and dropped: element and attribute names become { ns, name } pairs.

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeText(s, where) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    if (ENTITIES[e] === undefined) throw new Error(`XML: unknown entity ${m} ${where}`);
    return ENTITIES[e];
  });
}

/** Parses `text` into { ns, name, attrs: {'{ns}name': value}, children: [node], text }. */
function parseXml(text) {
  let i = 0;
  const fail = (msg) => {
    throw new Error(`XML: ${msg} at offset ${i}: ${JSON.stringify(text.slice(i, i + 40))}`);
  };
  const skipMisc = () => {
    for (;;) {
      while (i < text.length && /\s/.test(text[i])) i++;
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('unterminated declaration');
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else return;
    }
  };
  const resolve = (qname, scope, isAttr) => {
    const colon = qname.indexOf(':');
    if (colon < 0) return { ns: isAttr ? '' : scope[''] || '', name: qname };
    const prefix = qname.slice(0, colon);
    if (scope[prefix] === undefined) fail(`undeclared prefix ${prefix}`);
    return { ns: scope[prefix], name: qname.slice(colon + 1) };
  };
  const element = (parentScope) => {
    if (text[i] !== '<') fail('expected an element');
    i++;
    const nameMatch = /^[^\s/>]+/.exec(text.slice(i));
    if (!nameMatch) fail('expected an element name');
    const qname = nameMatch[0];
    i += qname.length;
    const rawAttrs = [];
    for (;;) {
      while (/\s/.test(text[i])) i++;
      if (text[i] === '/' || text[i] === '>') break;
      const m = /^([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/.exec(text.slice(i));
      if (!m) fail('bad attribute');
      rawAttrs.push([m[1], decodeText(m[3] !== undefined ? m[3] : m[4], `in attribute ${m[1]}`)]);
      i += m[0].length;
    }
    const scope = { ...parentScope };
    for (const [k, v] of rawAttrs) {
      if (k === 'xmlns') scope[''] = v;
      else if (k.startsWith('xmlns:')) scope[k.slice(6)] = v;
    }
    const { ns, name } = resolve(qname, scope, false);
    const attrs = {};
    for (const [k, v] of rawAttrs) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      const a = resolve(k, scope, true);
      attrs[`{${a.ns}}${a.name}`] = v;
    }
    const node = { ns, name, attrs, children: [], text: '' };
    if (text[i] === '/') {
      if (text[i + 1] !== '>') fail('bad empty element');
      i += 2;
      return node;
    }
    i++; // '>'
    let chars = '';
    for (;;) {
      if (i >= text.length) fail(`unterminated element ${qname}`);
      if (text.startsWith('</', i)) {
        const end = text.indexOf('>', i);
        const closing = text.slice(i + 2, end).trim();
        if (closing !== qname) fail(`</${closing}> closes <${qname}>`);
        i = end + 1;
        break;
      }
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        chars += text.slice(i + 9, end);
        i = end + 3;
      } else if (text[i] === '<') {
        node.children.push(element(scope));
      } else {
        const end = text.indexOf('<', i);
        if (end < 0) fail('text after the last element');
        chars += decodeText(text.slice(i, end), `in <${qname}>`);
        i = end;
      }
    }
    if (node.children.length === 0) node.text = chars;
    else if (chars.trim() !== '') fail(`mixed content in <${qname}>`);
    return node;
  };
  skipMisc();
  const root = element({});
  skipMisc();
  if (i !== text.length) fail('content after the root element');
  return root;
}

/**
 * The canonical tree as plain lines, one per element, attribute and leaf text, each with its
 * path (`/{ns}Name[n]/...`, n counting same-name siblings): easy to diff and to print. The order
 * of repeated elements counts; siblings of different names are listed by name (the SDKs write
 * members in their own model's order, which S3 does not depend on).
 */
function xmlLines(node, path = '', index = 1) {
  const here = `${path}/${node.ns ? `{${node.ns}}` : ''}${node.name}[${index}]`;
  const lines = [here];
  for (const k of Object.keys(node.attrs).sort()) lines.push(`${here}@${k}=${JSON.stringify(node.attrs[k])}`);
  if (node.children.length === 0) lines.push(`${here}=${JSON.stringify(node.text)}`);
  const key = (c) => `{${c.ns}}${c.name}`;
  const byName = node.children.map((c, i) => [key(c), i, c]).sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] - y[1]));
  const seen = new Map();
  for (const [k, , c] of byName) {
    const n = (seen.get(k) || 0) + 1;
    seen.set(k, n);
    lines.push(...xmlLines(c, here, n));
  }
  return lines;
}

module.exports = { startRecorder, parseXml, xmlLines, TEST_CA };
