import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A reply template with `{{field}}` placeholders. */
@Entity({ name: 'canned_replies' })
export class CannedReplyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'timestamptz' })
  createdAt!: Date;

  @Column({ type: 'timestamptz' })
  updatedAt!: Date;
}
