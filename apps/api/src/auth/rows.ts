// The rows of a TypeORM query result: one definition, beside the persistence layer's other SQL helpers.
export { rowsOf } from '@ehc/persistence';
