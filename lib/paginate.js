'use strict';
// Pagination with aws-sdk v2's semantics (v2 lib/response.js, lib/request.js): the model's
// paginators (lib/generated/model.js, from v2's paginators file) say which members carry the
// next page's tokens.

const { validationError } = require('./errors');

/**
 * The JMESPath subset S3's paginators use: `A`, `A.B`, `A[-1].B`, and `X || Y` (the first
 * truthy in JMESPath's sense: not null, '', [], {} or false).
 */
function search(data, expr) {
  for (const alt of expr.split('||')) {
    const v = path(data, alt.trim());
    if (truthy(v)) return v;
  }
  return null;
}

function path(data, expr) {
  let cur = data;
  for (const seg of expr.split('.')) {
    if (cur === null || cur === undefined) return null;
    const m = /^([A-Za-z0-9_]+)(?:\[(-?\d+)\])?$/.exec(seg);
    if (!m) return null;
    cur = cur[m[1]];
    if (m[2] !== undefined) {
      if (!Array.isArray(cur)) return null;
      const i = Number(m[2]);
      cur = cur[i < 0 ? cur.length + i : i];
    }
  }
  return cur === undefined ? null : cur;
}

function truthy(v) {
  if (v === null || v === undefined || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object' && !(v instanceof Date)) return Object.keys(v).length > 0;
  return true;
}

/** The paginator of a request's operation, or null. */
function paginatorOf(request) {
  const op = request._op;
  const model = op && 'model' in op ? op.model : null;
  return (model && model.paginator) || null;
}

function noPaginator(request) {
  return validationError('PaginationError', `No pagination configuration for ${request.operation}`);
}

/**
 * v2's `cacheNextPageTokens`: undefined without a paginator, null when there is no next page,
 * else the truthy output tokens in order (so with two tokens of which the first is empty, the
 * second fills the first input slot, as in v2).
 */
function nextPageTokens(response) {
  const pg = paginatorOf(response.request);
  if (!pg) return undefined;
  if (!response.data) return null;
  if (pg.more && !truthy(search(response.data, pg.more))) return null;
  let tokens = null;
  for (const expr of pg.output) {
    const v = search(response.data, expr);
    if (truthy(v)) (tokens || (tokens = [])).push(v);
  }
  return tokens;
}

/** The params of the next page's request. */
function nextPageParams(response, tokens) {
  const pg = paginatorOf(response.request);
  const params = { ...response.request.params };
  pg.input.forEach((name, i) => {
    params[name] = tokens[i];
  });
  return params;
}

/** The items of the first result key of a page (v2's eachItem). */
function itemsOf(request, data) {
  const pg = paginatorOf(request);
  const items = search(data, pg.results[0]);
  return Array.isArray(items) ? items : [];
}

module.exports = { search, paginatorOf, noPaginator, nextPageTokens, nextPageParams, itemsOf };
