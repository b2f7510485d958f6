import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { WarehouseKind } from '@emporium/contracts';

/** A postal address as API.md defines it; province and city are GB/T 2260 full names. */
export interface Address {
  name: string;
  phone: string;
  province: string;
  city: string;
  district?: string;
  line1: string;
  postalCode?: string;
}

/** A warehouse that ships orders, or a store that also serves pickups. */
@Entity({ name: 'warehouses' })
export class WarehouseEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  kind!: WarehouseKind;

  @Column({ type: 'jsonb' })
  address!: Address;

  @Column({ type: 'double precision' })
  lat!: number;

  @Column({ type: 'double precision' })
  lon!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
