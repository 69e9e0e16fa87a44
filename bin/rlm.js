#!/usr/bin/env -S node --no-node-snapshot
// The `rlm` command: starts dist/cli.js on a Node that can run it (24 or newer). On an older Node it runs the CLI on
// the Node 24 that rlm installs with itself (the "node" package), so `npm link`, a global install and npx work
// whatever `node` is on PATH. CommonJS (bin/package.json says so) and no API newer than Node 10: this file must
// load, and say what is missing, on any Node.
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const path = require('path');
const url = require('url');

const MIN_MAJOR = 24;
// isolated-vm needs V8's startup snapshot off.
const NODE_FLAGS = ['--no-node-snapshot'];
const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.js');

const majorOf = (version) => Number(String(version).replace(/^v/, '').split('.')[0]);

/** The binary of the `node` package rlm depends on, when it is installed and new enough. */
function bundledNode() {
  let manifest;
  try {
    manifest = require.resolve('node/package.json', { paths: [root] });
  } catch {
    return undefined;
  }
  if (majorOf(JSON.parse(fs.readFileSync(manifest, 'utf8')).version) < MIN_MAJOR) return undefined;
  // bin/node is a hard link to the platform's binary (on Windows a placeholder beside bin/node.exe).
  return ['node', 'node.exe']
    .map((name) => path.join(path.dirname(manifest), 'bin', name))
    .find((file) => {
      try {
        return fs.statSync(file).size > 1024 * 1024;
      } catch {
        return false;
      }
    });
}

function runHere() {
  // V8's on-disk code cache, on before the bundle is compiled: its statically imported chunks are cached too.
  const nodeModule = require('module');
  if (typeof nodeModule.enableCompileCache === 'function') nodeModule.enableCompileCache();
  import(url.pathToFileURL(cli).href).catch((error) => {
    process.stderr.write(`rlm: cannot start: ${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });
}

/** Runs the CLI as a child on `node` and ends this process the way the child ended. */
function runOn(node) {
  const child = childProcess.spawn(node, NODE_FLAGS.concat([cli], process.argv.slice(2)), { stdio: 'inherit' });
  // Ctrl-C reaches the whole foreground process group, the child included: the child decides what it means.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`rlm: cannot start ${node}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => {
    if (code !== null) process.exit(code);
    // Killed by a signal: end the same way, so a shell sees what the child got.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
}

const here = process.versions.node;
if (majorOf(here) >= MIN_MAJOR) {
  if (NODE_FLAGS.every((flag) => process.execArgv.includes(flag))) runHere();
  else runOn(process.execPath);
} else {
  const node = bundledNode();
  if (node) {
    runOn(node);
  } else {
    const missing = `the Node ${MIN_MAJOR} that rlm installs with itself (npm package "node") is missing`;
    process.stderr.write(
      `rlm: needs Node.js ${MIN_MAJOR} or newer; this is Node ${here} and ${missing}: reinstall rlm, or install Node ${MIN_MAJOR}\n`,
    );
    process.exit(1);
  }
}
