#!/usr/bin/env node
// The bankclient CLI, run from the TypeScript sources through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/bin.ts');
