/** The minimal query interface the stores need: a TypeORM QueryRunner, EntityManager or DataSource fits it. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>;
}
