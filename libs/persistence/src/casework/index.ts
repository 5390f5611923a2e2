export * from './case-access.js';
export * from './notes.js';
export * from './letters.js';
export * from './documents.js';
