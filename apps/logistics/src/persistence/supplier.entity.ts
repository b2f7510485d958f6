import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Who sells which SKUs, how fast and from what quantity. */
@Entity({ name: 'suppliers' })
export class SupplierEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  leadTimeDays!: number;

  @Column({ type: 'integer' })
  minOrderQuantity!: number;

  @Column({ type: 'text', array: true })
  skus!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
