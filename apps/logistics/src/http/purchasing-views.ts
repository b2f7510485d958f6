import type { PurchaseOrderView, SupplierView } from '@emporium/contracts';
import type { PurchaseOrderEntity } from '../persistence/purchase-order.entity';
import type { SupplierEntity } from '../persistence/supplier.entity';

/** API.md's supplier. */
export function toSupplierView(s: SupplierEntity): SupplierView {
  return {
    id: s.id,
    name: s.name,
    leadTimeDays: s.leadTimeDays,
    minOrderQuantity: s.minOrderQuantity,
    skus: s.skus,
  };
}

/** API.md's purchase order. */
export function toPurchaseOrderView(po: PurchaseOrderEntity): PurchaseOrderView {
  return {
    id: po.id,
    supplierId: po.supplierId,
    warehouseId: po.warehouseId,
    status: po.status,
    lines: po.lines,
    createdAt: po.createdAt.toISOString(),
    updatedAt: po.updatedAt.toISOString(),
  };
}
