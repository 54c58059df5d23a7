'use strict';
// `require('s3-native/v3')`: the drop-in for `require('@aws-sdk/client-s3')`.
module.exports = require('../lib/v3/client');
