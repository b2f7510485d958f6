import { queryRows, type Db } from '@emporium/platform-persistence';
import { OPEN_PURCHASE_STATUSES } from '../domain/purchase-orders';

/** Units of a SKU ordered for a warehouse and not yet received (a bigint sum, as text). */
export interface OnOrderRow {
  readonly warehouse_id: string;
  readonly sku: string;
  readonly quantity: string;
}

/** What open purchase orders still bring, per warehouse and SKU. */
export function unitsOnOrder(db: Db): Promise<OnOrderRow[]> {
  return queryRows<OnOrderRow>(
    db,
    `SELECT po.warehouse_id, l->>'sku' AS sku,
            sum((l->>'quantity')::int - (l->>'receivedQuantity')::int) AS quantity
       FROM purchase_orders po CROSS JOIN jsonb_array_elements(po.lines) AS l
      WHERE po.status = ANY($1)
      GROUP BY 1, 2`,
    [OPEN_PURCHASE_STATUSES],
  );
}
