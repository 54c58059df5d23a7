module.exports = require('../lib/v3/lib-storage');
