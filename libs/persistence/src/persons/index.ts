export * from './persons.js';
export * from './subject-access.js';
