// The .swcrc options as a module, for @swc/jest (which does not read .swcrc when given options).
const fs = require('node:fs');
const path = require('node:path');

const options = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));
delete options.$schema;
module.exports = { ...options, swcrc: false };
