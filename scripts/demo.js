'use strict';
// `npm run demo`: runs examples/async-await.js end to end, on a fresh clone too.
//
// Installs dependencies and builds the addon if needed. Unless the environment
// already names an S3 endpoint (AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL) or AWS
// credentials (AWS_ACCESS_KEY_ID / AWS_PROFILE), it starts a local s3s-fs server
// and points the AWS_* variables at it. Then it creates the bucket $DEMO_BUCKET
// (default "bucket") if needed and runs the example with that environment.

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const servers = require('./servers');
const { addonIsFresh } = require('./addon');

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join('examples', 'async-await.js');

let current = null; // running child, for signal forwarding

/** Runs a command with inherited stdio; resolves with its exit code. */
function run(cmd, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...options });
    current = child;
    child.once('error', (err) => {
      current = null;
      reject(err);
    });
    child.once('exit', (code, signal) => {
      current = null;
      resolve(code === null ? 128 + (os.constants.signals[signal] || 0) : code);
    });
  });
}

async function runOrThrow(cmd, args) {
  const code = await run(cmd, args);
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with code ${code}`);
}

/** Creates the bucket unless HeadBucket finds it, ignoring "already exists" answers. */
async function ensureBucket(bucket, local) {
  const { S3Client, CreateBucketCommand, HeadBucketCommand } = require('@aws-sdk/client-s3');
  const client = new S3Client(local
    ? {
      region: local.region,
      endpoint: local.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: local.accessKeyId, secretAccessKey: local.secretAccessKey },
    }
    : {});
  try {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
      return;
    } catch {
      // Not found (or not visible): try to create it below.
    }
    const region = await client.config.region();
    const input = { Bucket: bucket };
    if (region && region !== 'us-east-1') input.CreateBucketConfiguration = { LocationConstraint: region };
    await client.send(new CreateBucketCommand(input));
    console.log(`created bucket ${bucket}`);
  } catch (err) {
    if (err.name !== 'BucketAlreadyOwnedByYou' && err.name !== 'BucketAlreadyExists') throw err;
  } finally {
    client.destroy();
  }
}

async function main() {
  if (!fs.existsSync(path.join(ROOT, 'node_modules'))) {
    // `npm install` follows the lock file (`npm ci` trips over opendal's foreign platform packages).
    await runOrThrow('npm', ['install', '--no-audit', '--no-fund']);
  }
  if (!addonIsFresh()) await runOrThrow('npm', ['run', 'build']);
  if (!fs.existsSync(path.join(ROOT, EXAMPLE))) throw new Error(`${EXAMPLE} not found`);

  const env = process.env;
  // Keep the JS SDKs' deprecation notices (Node 20, aws-sdk v2) out of the demo output.
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE ??= '1';
  const configured = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE;
  let server = null;
  try {
    if (!configured) {
      await servers.ensureS3sFs();
      server = await servers.startServer('s3s');
      Object.assign(env, {
        AWS_ENDPOINT_URL_S3: server.endpoint,
        AWS_ACCESS_KEY_ID: server.accessKeyId,
        AWS_SECRET_ACCESS_KEY: server.secretAccessKey,
        AWS_REGION: server.region,
        AWS_EC2_METADATA_DISABLED: 'true',
      });
      console.log(`No AWS endpoint or credentials configured: started a local s3s-fs server at ${server.endpoint}`);
    }
    const bucket = env.DEMO_BUCKET || 'bucket';
    env.DEMO_BUCKET = bucket;
    await ensureBucket(bucket, server);
    return await run(process.execPath, [EXAMPLE], { env });
  } finally {
    if (server) await server.stop();
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current) current.kill(signal);
    else process.exit(130);
  });
}

main().then((code) => {
  process.exitCode = code;
}, (err) => {
  console.error(`demo failed: ${err.message}`);
  process.exitCode = 1;
});
