module.exports = require('../lib/v3/presigned-post');
