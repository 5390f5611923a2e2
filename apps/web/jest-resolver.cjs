// The libs the web app shares (libs/contracts) import their own files ESM-style ('./labels.js', as Node's nodenext
// resolution requires); their sources are .ts. For imports made from inside libs/ only, resolve './x.js' to './x.ts'
// (packages' own './x.js' imports are left alone).
const path = require('node:path');

const libs = path.resolve(__dirname, '../../libs') + path.sep;

module.exports = (request, options) => {
  if (options.basedir.startsWith(libs) && request.startsWith('.') && request.endsWith('.js')) {
    try {
      return options.defaultResolver(request.slice(0, -3) + '.ts', options);
    } catch {
      // not a .ts source beside it: resolve as written
    }
  }
  return options.defaultResolver(request, options);
};
