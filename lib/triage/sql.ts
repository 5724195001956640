import { sql, type SQL } from 'drizzle-orm';

/**
 * The right-hand side of `column = <anyOf(...)>` for a list of ids. The list becomes an array once
 * (an InitPlan), so the planner can use an index on the column whatever the list's length; a
 * semi-join against the list can degrade into a nested loop over the whole table.
 */
export function anyOf(ids: string[], type: 'uuid' | 'text'): SQL {
  return sql`any(array(select value::${sql.raw(type)} from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)))`;
}
