// Refuses, in plain words, a Node.js older than package.json's "engines" asks for: on Node 20 `npm start` ended
// in a bare "Segmentation fault" and `npm test` in "Map.groupBy is not a function". Plain JavaScript that any
// Node runs, so that it can speak before anything else is loaded; the npm scripts and the CLI run it first.
import { readFileSync } from 'node:fs';
import { URL } from 'node:url';
import { minimumNode, nodeTooOld } from './node-version.mjs';

const range = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).engines?.node;
if (nodeTooOld(process.versions.node, range)) {
  const [major, minor] = minimumNode(range);
  process.stderr.write(
    `Twoway needs Node.js ${major}.${minor} or newer (24 recommended); this is Node.js ${process.versions.node} (${process.execPath}).\n` +
      'Install Node 24 from the npm registry and put it first on PATH, then install again:\n' +
      '  npm i -g --prefix "$HOME/.node24" node@24\n' +
      '  export PATH="$HOME/.node24/bin:$PATH"\n' +
      '  npm ci\n',
  );
  process.exit(1);
}
