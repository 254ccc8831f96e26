#!/usr/bin/env node
// The agent's entry point: its TypeScript runs through tsx.
require('tsx/cjs');
require('../cli.ts');
