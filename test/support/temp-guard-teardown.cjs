'use strict';
module.exports = () => require('./temp-guard.cjs').teardown();
