import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '@emporium/contracts';
import { assertTemplateFields } from '../domain/templates';
import { CannedReplyEntity } from '../persistence/canned-reply.entity';

/** Canned replies with `{{field}}` placeholders, kept by staff. */
@Injectable()
export class CannedRepliesService {
  constructor(private readonly db: DataSource) {}

  async create(input: { name: string; body: string }, by: string): Promise<CannedReplyEntity> {
    assertTemplateFields(input.body);
    const now = new Date();
    return this.db
      .getRepository(CannedReplyEntity)
      .save({ ...input, createdBy: by, createdAt: now, updatedAt: now });
  }

  async update(id: string, changes: { name?: string; body?: string }): Promise<CannedReplyEntity> {
    if (changes.body !== undefined) assertTemplateFields(changes.body);
    const reply = await this.find(id);
    return this.db
      .getRepository(CannedReplyEntity)
      .save(Object.assign(reply, changes, { updatedAt: new Date() }));
  }

  async find(id: string): Promise<CannedReplyEntity> {
    const reply = await this.db.getRepository(CannedReplyEntity).findOneBy({ id });
    if (!reply) throw new NotFoundError('canned-reply-not-found', `No canned reply ${id}`);
    return reply;
  }

  async list(): Promise<CannedReplyEntity[]> {
    return this.db
      .getRepository(CannedReplyEntity)
      .find({ order: { name: 'ASC', id: 'ASC' }, take: 500 });
  }

  async remove(id: string): Promise<void> {
    const result = await this.db.getRepository(CannedReplyEntity).delete({ id });
    if (!result.affected)
      throw new NotFoundError('canned-reply-not-found', `No canned reply ${id}`);
  }
}
