import type { EntityManager } from 'typeorm';

/** A SKU's shipping weight and size. */
export interface SkuSpec {
  readonly sku: string;
  readonly weightGrams: number;
  readonly dimensionsMm: {
    readonly length: number;
    readonly width: number;
    readonly height: number;
  };
}

/** Keeps a SKU's weight and size, replacing what was kept before. */
export async function upsertSkuSpec(tx: EntityManager, spec: SkuSpec): Promise<void> {
  const d = spec.dimensionsMm;
  await tx.query(
    `INSERT INTO sku_specs (sku, weight_grams, length_mm, width_mm, height_mm) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (sku) DO UPDATE SET weight_grams = $2, length_mm = $3, width_mm = $4, height_mm = $5, updated_at = now()`,
    [spec.sku, spec.weightGrams, d.length, d.width, d.height],
  );
}
