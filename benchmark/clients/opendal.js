'use strict';
const { Operator } = require('opendal');

module.exports = async function create(o) {
  const op = new Operator('s3', {
    bucket: o.bucket,
    region: o.region,
    endpoint: o.endpoint,
    access_key_id: o.accessKeyId,
    secret_access_key: o.secretAccessKey,
    disable_config_load: 'true',
    disable_ec2_metadata: 'true',
  });
  return {
    put: (Key, Body) => op.write(Key, Body),
    get: async (Key) => (await op.read(Key)).length,
    getStream: async (Key) => {
      const r = await op.reader(Key);
      const buf = Buffer.alloc(1 << 20);
      let n = 0;
      for (;;) {
        const got = await r.read(buf);
        if (!got) break;
        n += Number(got);
      }
      return n;
    },
    head: (Key) => op.stat(Key),
  };
};
