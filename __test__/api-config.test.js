'use strict';
// Bucket configuration, differential: tagging, ACL, policy, CORS, website, lifecycle, versioning
// (with versioned reads and deletes), encryption, public access block, ownership controls,
// object lock, and the smaller families (accelerate, request payment, logging, notifications,
// replication, analytics/inventory/metrics/intelligent-tiering listings). Each client configures
// its own bucket and reads it back; every "not configured" 404 is compared too. Where the server
// lacks a family (s3s-fs: 501 NotImplemented), differ() asserts that both clients fail the same
// way, and the family's remaining steps are skipped.

const test = require('node:test');
const assert = require('node:assert/strict');
const h = require('./helpers');

let t;
const buckets = [];
test.before(async () => {
  t = await h.twinBuckets('cfg');
  buckets.push(t.v2, t.native);
});

test.after(async () => {
  for (const b of buckets) await h.removeBucket(b);
  h.logExtraMembers();
});

/** differ() with each client on its own bucket. */
const inTwin = (op, params = {}, opts = {}) =>
  h.differ(op, (who) => ({ Bucket: t.of(who), ...(typeof params === 'function' ? params(who) : params) }), {
    subst: t.subst,
    ...opts,
  });

/** Asserts the error code and status both clients got (differ() already compared them). */
function fails(r, code, statusCode) {
  assert.ok(r.native.err, `${code} expected`);
  assert.equal(r.native.err.code, code);
  assert.equal(r.native.err.statusCode, statusCode);
}

/**
 * A configuration family: get before anything is set, put, get, delete, get again.
 * Returns the read-back result, or null when the server lacks the family.
 */
async function family({ get, put, del, params, missingCode, check }) {
  const before = await inTwin(get);
  if (h.bothUnsupported(before)) {
    // Still drive put and delete through both: the same 501 from each.
    const p = await inTwin(put, params);
    assert.ok(h.bothUnsupported(p), `${put}: the same 501 from both clients`);
    if (del) assert.ok(h.bothUnsupported(await inTwin(del)), `${del}: the same 501 from both clients`);
    return null;
  }
  if (missingCode) fails(before, missingCode, 404);
  const putR = await inTwin(put, params);
  assert.equal(putR.native.err, null, `${put} succeeds`);
  assert.deepEqual({ ...putR.native.data }, {}, `${put} has no output: {}`);
  const after = await inTwin(get);
  assert.equal(after.native.err, null, `${get} after ${put}`);
  if (check) check(h.outputOf(after));
  if (del) {
    const d = await inTwin(del);
    assert.equal(d.native.err, null, `${del} succeeds`);
    assert.deepEqual({ ...d.native.data }, {});
    const gone = await inTwin(get);
    if (missingCode) fails(gone, missingCode, 404);
  }
  return after;
}

test('bucket tagging: NoSuchTagSet, put, get, delete', async () => {
  await family({
    get: 'getBucketTagging',
    put: 'putBucketTagging',
    del: 'deleteBucketTagging',
    params: { Tagging: { TagSet: [{ Key: 'team', Value: 'storage' }, { Key: 'a b+c', Value: 'é' }] } },
    missingCode: 'NoSuchTagSet',
    check: (d) => assert.equal(d.TagSet.length, 2),
  });
});

test('bucket ACL: getBucketAcl, putBucketAcl canned and with grants', async () => {
  const before = await inTwin('getBucketAcl');
  if (h.bothUnsupported(before)) {
    assert.ok(h.bothUnsupported(await inTwin('putBucketAcl', { ACL: 'public-read' })));
    return;
  }
  assert.ok(before.native.data.Owner && typeof before.native.data.Owner.ID === 'string');
  assert.ok(Array.isArray(before.native.data.Grants));
  const canned = await inTwin('putBucketAcl', { ACL: 'public-read' });
  assert.deepEqual({ ...canned.native.data }, {});
  const after = await inTwin('getBucketAcl');
  assert.ok(after.native.data.Grants.length >= before.native.data.Grants.length);
  const owner = before.native.data.Owner.ID;
  await inTwin('putBucketAcl', {
    AccessControlPolicy: { Owner: { ID: owner }, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: owner }, Permission: 'FULL_CONTROL' }] },
  });
  await inTwin('getBucketAcl');
});

test('bucket policy: NoSuchBucketPolicy, put, get (a JSON string), status, delete', async () => {
  const policy = (who) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Sid: 'read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${t.of(who)}/*` }],
    });
  const before = await inTwin('getBucketPolicy');
  if (h.bothUnsupported(before)) {
    assert.ok(h.bothUnsupported(await inTwin('putBucketPolicy', (who) => ({ Policy: policy(who) }))));
    assert.ok(h.bothUnsupported(await inTwin('deleteBucketPolicy')));
    return;
  }
  fails(before, 'NoSuchBucketPolicy', 404);
  await inTwin('putBucketPolicy', (who) => ({ Policy: policy(who) })); // moto: see V2_REJECTS
  const got = await inTwin('getBucketPolicy');
  assert.equal(typeof got.native.data.Policy, 'string');
  assert.deepEqual(JSON.parse(got.native.data.Policy), JSON.parse(policy('native')));
  await inTwin('getBucketPolicyStatus');
  await inTwin('deleteBucketPolicy');
  fails(await inTwin('getBucketPolicy'), 'NoSuchBucketPolicy', 404);
});

test('CORS: NoSuchCORSConfiguration, put, get (absent lists are []), delete', async () => {
  await family({
    get: 'getBucketCors',
    put: 'putBucketCors',
    del: 'deleteBucketCors',
    params: {
      CORSConfiguration: {
        CORSRules: [
          { ID: 'one', AllowedMethods: ['GET', 'HEAD'], AllowedOrigins: ['https://a.example', 'https://b.example'], MaxAgeSeconds: 300 },
          { AllowedMethods: ['PUT'], AllowedOrigins: ['*'], AllowedHeaders: ['x-amz-*'], ExposeHeaders: ['ETag'] },
        ],
      },
    },
    missingCode: 'NoSuchCORSConfiguration',
    check: (d) => {
      assert.equal(d.CORSRules.length, 2);
      assert.deepEqual(d.CORSRules[0].AllowedHeaders, [], 'an absent list is []');
    },
  });
});

test('website: NoSuchWebsiteConfiguration, put with routing rules, get, delete; redirect-all', async () => {
  await family({
    get: 'getBucketWebsite',
    put: 'putBucketWebsite',
    del: 'deleteBucketWebsite',
    params: {
      WebsiteConfiguration: {
        IndexDocument: { Suffix: 'index.html' },
        ErrorDocument: { Key: 'errors/404 é.html' },
        RoutingRules: [{ Condition: { KeyPrefixEquals: 'docs/' }, Redirect: { ReplaceKeyPrefixWith: 'documents/', HttpRedirectCode: '301' } }],
      },
    },
    missingCode: 'NoSuchWebsiteConfiguration',
    check: (d) => assert.equal(d.IndexDocument.Suffix, 'index.html'),
  });
  const redirect = await inTwin('putBucketWebsite', { WebsiteConfiguration: { RedirectAllRequestsTo: { HostName: 'example.com', Protocol: 'https' } } });
  if (!redirect.v2.err) {
    const got = await inTwin('getBucketWebsite');
    assert.equal(got.native.data.RedirectAllRequestsTo.HostName, 'example.com');
    await inTwin('deleteBucketWebsite');
  }
});

test('lifecycle configuration: NoSuchLifecycleConfiguration, put, get, delete', async () => {
  await family({
    get: 'getBucketLifecycleConfiguration',
    put: 'putBucketLifecycleConfiguration',
    del: 'deleteBucketLifecycle',
    params: {
      LifecycleConfiguration: {
        Rules: [
          { ID: 'logs', Status: 'Enabled', Filter: { Prefix: 'logs/' }, Expiration: { Days: 30 } },
          {
            ID: 'tmp',
            Status: 'Disabled',
            Filter: { And: { Prefix: 'tmp/', Tags: [{ Key: 'kind', Value: 'scratch' }] } },
            Transitions: [{ Days: 10, StorageClass: 'GLACIER' }],
            NoncurrentVersionExpiration: { NoncurrentDays: 5 },
          },
          { ID: 'mpu', Status: 'Enabled', Filter: { Prefix: '' }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } },
        ],
      },
    },
    missingCode: 'NoSuchLifecycleConfiguration',
    check: (d) => assert.equal(d.Rules.length, 3),
  });
});

test('encryption: not found, put, get (Rules hoisted), delete', async () => {
  const r = await family({
    get: 'getBucketEncryption',
    put: 'putBucketEncryption',
    del: 'deleteBucketEncryption',
    params: { ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' }, BucketKeyEnabled: true }] } },
    missingCode: 'ServerSideEncryptionConfigurationNotFoundError',
    check: (d) => {
      assert.equal(d.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm, 'AES256');
      assert.ok(!Object.keys(d).includes('Rules') && d.Rules === d.ServerSideEncryptionConfiguration.Rules, 'Rules hoisted, non-enumerable');
    },
  });
  if (r) assert.ok(r.v2.data.Rules, 'v2 hoists Rules too');
});

test('public access block: not found, put, get (hoisted), delete', async () => {
  await family({
    get: 'getPublicAccessBlock',
    put: 'putPublicAccessBlock',
    del: 'deletePublicAccessBlock',
    params: { PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false } },
    missingCode: 'NoSuchPublicAccessBlockConfiguration',
    check: (d) => {
      assert.equal(d.PublicAccessBlockConfiguration.BlockPublicAcls, true);
      assert.equal(d.PublicAccessBlockConfiguration.IgnorePublicAcls, false);
      assert.equal(d.BlockPublicPolicy, true, 'hoisted');
    },
  });
});

test('ownership controls: not found, put, get, delete', async () => {
  await family({
    get: 'getBucketOwnershipControls',
    put: 'putBucketOwnershipControls',
    del: 'deleteBucketOwnershipControls',
    params: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } },
    missingCode: 'OwnershipControlsNotFoundError',
    check: (d) => assert.equal(d.OwnershipControls.Rules[0].ObjectOwnership, 'BucketOwnerPreferred'),
  });
});

test('versioning: put Enabled, versioned puts, list versions, get/head/delete a version, delete markers', async () => {
  const vb = { v2: `${t.v2}-ver`, native: `${t.native}-ver` };
  const subst = [[vb.v2, '<bucket>'], [vb.native, '<bucket>']];
  const mask = ['VersionId'];
  const both = (op, params, opts = {}) =>
    h.differ(op, (who) => ({ Bucket: vb[who], ...(typeof params === 'function' ? params(who) : params) }), { subst, mask, ...opts });
  await both('createBucket');
  buckets.push(vb.v2, vb.native);
  const initial = await both('getBucketVersioning');
  if (h.bothUnsupported(initial)) {
    assert.ok(h.bothUnsupported(await both('putBucketVersioning', { VersioningConfiguration: { Status: 'Enabled' } })));
    return;
  }
  assert.deepEqual({ ...h.outputOf(initial) }, {}, 'never versioned: {}');
  await both('putBucketVersioning', { VersioningConfiguration: { Status: 'Enabled' } });
  const on = await both('getBucketVersioning');
  assert.equal(h.outputOf(on).Status, 'Enabled');
  const Key = 'ver é+ %.txt';
  const v1 = await both('putObject', { Key, Body: 'one' });
  const v2 = await both('putObject', { Key, Body: 'two' });
  const ids = { v2: [v1.v2.data.VersionId, v2.v2.data.VersionId], native: [v1.native.data.VersionId, v2.native.data.VersionId] };
  assert.ok(ids.native[0] && ids.native[1] && ids.native[0] !== ids.native[1], 'each put makes a version');
  // Reads of one version: the same ids on both sides (v2's bucket), so nothing is masked.
  const one = await h.differ('getObject', { Bucket: vb.v2, Key, VersionId: ids.v2[0] });
  assert.equal(one.native.data.Body.toString(), 'one');
  assert.equal(one.native.data.VersionId, ids.v2[0]);
  await h.differ('headObject', { Bucket: vb.v2, Key, VersionId: ids.v2[0] });
  await h.differ('listObjectVersions', { Bucket: vb.v2 });
  // Deleting without a version: a delete marker in each bucket.
  const marker = await both('deleteObject', { Key });
  assert.equal(marker.native.data.DeleteMarker, true);
  assert.equal(typeof marker.native.data.VersionId, 'string');
  const list = await h.differ('listObjectVersions', { Bucket: vb.v2, Prefix: 'ver' });
  assert.equal(list.native.data.DeleteMarkers.length, 1);
  assert.ok(list.native.data.DeleteMarkers[0].LastModified instanceof Date);
  const hidden = await both('getObject', { Key });
  fails(hidden, 'NoSuchKey', 404);
  await both('headObject', { Key });
  const noVersion = await both('getObject', { Key, VersionId: 'no-such-version-id' });
  assert.ok(noVersion.native.err);
  // Deleting a version permanently.
  const gone = await both('deleteObject', (who) => ({ Key, VersionId: ids[who][0] }));
  assert.equal(gone.native.err, null);
  await both('putBucketVersioning', { VersioningConfiguration: { Status: 'Suspended' } });
  const off = await both('getBucketVersioning');
  assert.equal(h.outputOf(off).Status, 'Suspended');
});

test('object lock: bucket with ObjectLockEnabledForBucket, configuration, retention, legal hold', async () => {
  const lb = { v2: `${t.v2}-lck`, native: `${t.native}-lck` };
  const subst = [[lb.v2, '<bucket>'], [lb.native, '<bucket>']];
  const mask = ['VersionId'];
  const both = (op, params, opts = {}) =>
    h.differ(op, (who) => ({ Bucket: lb[who], ...(typeof params === 'function' ? params(who) : params) }), { subst, mask, ...opts });
  const created = await both('createBucket', { ObjectLockEnabledForBucket: true });
  if (created.native.err) return; // compared: the server refuses it for both
  buckets.push(lb.v2, lb.native);
  const cfg = await both('getObjectLockConfiguration');
  if (h.bothUnsupported(cfg)) {
    assert.ok(h.bothUnsupported(await both('putObjectLegalHold', { Key: 'k', LegalHold: { Status: 'ON' } })));
    return;
  }
  assert.equal(cfg.native.data.ObjectLockConfiguration.ObjectLockEnabled, 'Enabled');
  assert.equal(cfg.native.data.ObjectLockEnabled, 'Enabled', 'hoisted');
  await both('putObjectLockConfiguration', {
    ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } },
  });
  const withRule = await both('getObjectLockConfiguration');
  assert.equal(withRule.native.data.ObjectLockConfiguration.Rule.DefaultRetention.Mode, 'GOVERNANCE');
  const Key = 'locked é+';
  // Object lock needs an integrity header on writes: v2 adds none over http, so both send Content-MD5.
  const put = await both('putObject', { Key, Body: 'x', ContentMD5: Buffer.from(h.md5('x'), 'hex').toString('base64') });
  const ids = { v2: put.v2.data.VersionId, native: put.native.data.VersionId };
  const head = await both('headObject', { Key });
  assert.ok(head.native.data.ObjectLockRetainUntilDate instanceof Date);
  const until = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3600e3);
  await both('putObjectRetention', (who) => ({ Key, VersionId: ids[who], Retention: { Mode: 'GOVERNANCE', RetainUntilDate: until } }));
  await both('getObjectRetention', (who) => ({ Key, VersionId: ids[who] }));
  await both('getObjectLegalHold', (who) => ({ Key, VersionId: ids[who] }));
  await both('putObjectLegalHold', (who) => ({ Key, VersionId: ids[who], LegalHold: { Status: 'ON' } }));
  const hold = await both('getObjectLegalHold', (who) => ({ Key, VersionId: ids[who] }));
  assert.equal(hold.native.data.LegalHold.Status, 'ON');
  assert.equal(hold.native.data.Status, 'ON', 'hoisted');
  const denied = await both('deleteObject', (who) => ({ Key, VersionId: ids[who] }));
  assert.ok(denied.native.err, 'a held version cannot be deleted');
  await both('putObjectLegalHold', (who) => ({ Key, VersionId: ids[who], LegalHold: { Status: 'OFF' } }));
  const bypass = await both('deleteObject', (who) => ({ Key, VersionId: ids[who], BypassGovernanceRetention: true }));
  assert.equal(bypass.native.err, null);
  // A bucket without object lock.
  await inTwin('getObjectLockConfiguration');
});

test('accelerate, request payment, logging, notifications: put and get', async () => {
  const acc = await inTwin('getBucketAccelerateConfiguration');
  if (!h.bothUnsupported(acc)) {
    await inTwin('putBucketAccelerateConfiguration', { AccelerateConfiguration: { Status: 'Enabled' } });
    const on = await inTwin('getBucketAccelerateConfiguration');
    assert.equal(h.outputOf(on).Status, 'Enabled');
  }
  const pay = await inTwin('getBucketRequestPayment');
  if (!h.bothUnsupported(pay)) {
    await inTwin('putBucketRequestPayment', { RequestPaymentConfiguration: { Payer: 'Requester' } });
    await inTwin('getBucketRequestPayment');
  }
  const log = await inTwin('getBucketLogging');
  if (!h.bothUnsupported(log)) {
    await inTwin('putBucketLogging', { BucketLoggingStatus: {} });
    await inTwin('getBucketLogging');
  }
  const note = await inTwin('getBucketNotificationConfiguration');
  if (!h.bothUnsupported(note)) {
    assert.deepEqual(h.outputOf(note).TopicConfigurations, []);
    await inTwin('putBucketNotificationConfiguration', { NotificationConfiguration: {} });
    await inTwin('getBucketNotificationConfiguration');
  }
});

test('replication, analytics, inventory, metrics, intelligent tiering: lists and not-found errors', async () => {
  await inTwin('getBucketReplication');
  await inTwin('listBucketAnalyticsConfigurations');
  await inTwin('listBucketInventoryConfigurations');
  await inTwin('listBucketMetricsConfigurations');
  await inTwin('listBucketIntelligentTieringConfigurations');
  await inTwin('getBucketMetricsConfiguration', { Id: 'none' });
  await inTwin('getBucketInventoryConfiguration', { Id: 'none' });
  await inTwin('getBucketIntelligentTieringConfiguration', { Id: 'none' });
  // No put/delete here: moto answers the metrics sub-resource as the bucket itself (a DELETE
  // would delete the bucket).
});

test('configuration 404s on a missing bucket: NoSuchBucket from both', async () => {
  const Bucket = `nope-${h.rand(6)}`;
  const ops = [
    'getBucketTagging', 'getBucketAcl', 'getBucketPolicy', 'getBucketCors', 'getBucketWebsite',
    'getBucketLifecycleConfiguration', 'getBucketVersioning', 'getBucketEncryption', 'getPublicAccessBlock',
    'getObjectLockConfiguration', 'getBucketOwnershipControls',
  ];
  for (const op of ops) {
    const r = await h.differ(op, { Bucket });
    assert.ok(r.native.err, `${op} on a missing bucket fails`);
    if (h.server === 'moto') assert.equal(r.native.err.code, 'NoSuchBucket', op);
  }
});
