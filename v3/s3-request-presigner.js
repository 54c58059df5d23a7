module.exports = require('../lib/v3/presigner');
